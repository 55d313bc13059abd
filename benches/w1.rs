//! Native benchmark of workload W1 (DESIGN.md), the same code the browser's benchmark
//! page times: `cargo bench --bench w1`.

use criterion::{criterion_group, criterion_main, Criterion};
use genlab::engine::workloads::W1;

fn w1(c: &mut Criterion) {
    let mut group = c.benchmark_group("W1");
    group.sample_size(20);
    group.bench_function("mlp 2-16-16-1, 10k steps", |b| {
        b.iter_batched(
            || W1::new(1),
            |w1| w1.run().expect("W1 does not diverge"),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, w1);
criterion_main!(benches);
