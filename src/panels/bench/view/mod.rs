//! The benchmark page: times workload W1 (DESIGN.md) in this browser, one warm-up run
//! and five timed runs, and reports milliseconds, steps per second and GFLOP/s; then W5
//! (`w5`), the real-digits network, and the page's SIMD ceiling.

mod w5;

use crate::engine::workloads::{BenchSummary, W1, W1_STEPS};
use crate::panels::bench::config::BenchConfig;
use crate::ui::components::seed::SeedInput;
use crate::ui::tasks::{next_frame, sleep_ms};
use crate::ui::url::use_url_config;
use leptos::prelude::*;
use leptos::task::spawn_local;

const TIMED_RUNS: usize = 5;

/// Where the benchmark is.
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Running { done: usize },
    Done(BenchSummary),
    Failed(String),
}

/// The benchmark page.
/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Bench()
}

#[component]
pub fn Bench() -> impl IntoView {
    let config = use_url_config::<BenchConfig>();
    let status = RwSignal::new(Status::Idle);
    let running = move || matches!(status.get(), Status::Running { .. });
    let w5_running = RwSignal::new(false);
    let start = move || {
        if running() || w5_running.get_untracked() {
            return;
        }
        let seed = config.get_untracked().seed;
        spawn_local(async move {
            status.set(Status::Running { done: 0 });
            status.set(match run_w1(seed, status).await {
                Ok(summary) => Status::Done(summary),
                Err(message) => Status::Failed(message),
            });
        });
    };
    if config.get_untracked().autorun {
        start();
    }
    // The shell's run (a benchmark cannot pause: it runs to its end).
    crate::ui::actions::use_actions().run_pause(running, move |on| {
        if on {
            start()
        }
    });

    view! {
        <article class="bench prose">
            <h1>"Benchmark"</h1>
            <p>
                "Workload W1: a 2-16-16-1 tanh network learns 200 points of the circles dataset with plain SGD \
                 (minibatch 10, learning rate 0.03) for 500 epochs, that is 10,000 steps and 182 million \
                 floating-point operations. One warm-up run, then five timed runs."
            </p>
            <div class="controls">
                <button type="button" class="primary" data-testid="bench-run" disabled=move || running() || w5_running.get() on:click=move |_| start()>
                    {move || if running() { "Running…" } else { "Run" }}
                </button>
                <SeedInput value=Signal::derive(move || config.with(|c| c.seed))
                    on_change=move |seed| config.update(|c| c.seed = seed) max=crate::state::query::MAX_SEED testid="bench-seed" />
                <span class="status" role="status">
                    {move || match status.get() {
                        Status::Running { done } => format!("run {} of {}", done + 1, TIMED_RUNS + 1),
                        _ => String::new(),
                    }}
                </span>
            </div>
            {move || match status.get() {
                Status::Done(summary) => result_view(&summary).into_any(),
                Status::Failed(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                _ => ().into_any(),
            }}
            <w5::W5Section busy=Signal::derive(running) running=w5_running />
        </article>
    }
}

/// The results table, the headline figure and the JSON that automated checks read.
fn result_view(summary: &BenchSummary) -> impl IntoView {
    // Every run does the same work: the median's GFLOP/s times its time.
    let flops = summary.gflops * summary.median_ms * 1e6;
    let rows = summary
        .runs_ms
        .iter()
        .enumerate()
        .map(|(k, &ms)| {
            view! {
                <tr>
                    <td>{k + 1}</td>
                    <td>{format!("{ms:.1}")}</td>
                    <td>{format!("{:.0}", W1_STEPS as f64 / ms * 1e3)}</td>
                    <td>{format!("{:.2}", flops / ms / 1e6)}</td>
                </tr>
            }
        })
        .collect_view();
    let json = serde_json::to_string(summary).unwrap_or_default();
    view! {
        <p class="headline">
            <strong>{format!("{:.1} ms", summary.median_ms)}</strong>
            {format!(
                " per 10,000-step run (median), {:.2} GFLOP/s; final training loss {:.4}.",
                summary.gflops, summary.final_loss
            )}
        </p>
        <table class="runs">
            <thead>
                <tr>
                    <th>"Run"</th>
                    <th>"ms"</th>
                    <th>"steps/s"</th>
                    <th>"GFLOP/s"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <details>
            <summary>"Result as JSON"</summary>
            <pre data-testid="bench-result">{json}</pre>
        </details>
    }
}

/// Runs W1 once untimed, then `TIMED_RUNS` times, yielding to the browser between
/// runs so the page stays responsive and shows progress.
async fn run_w1(seed: u64, status: RwSignal<Status>) -> Result<BenchSummary, String> {
    let performance = window().performance().ok_or("this browser has no performance timer")?;
    let mut runs_ms = Vec::with_capacity(TIMED_RUNS);
    let mut final_loss = f32::NAN;
    let mut flops = 0.0;
    for k in 0..=TIMED_RUNS {
        status.set(Status::Running { done: k });
        next_frame().await;
        let w1 = W1::new(seed);
        flops = w1.flops();
        let t0 = performance.now();
        final_loss = w1.run().map_err(|e| e.to_string())?;
        let ms = performance.now() - t0;
        if k == 0 {
            // The warm-up makes the browser optimise the engine's code in the background;
            // give that a moment to land so the timed runs measure the optimised engine.
            sleep_ms(300).await;
        } else {
            runs_ms.push(ms);
        }
    }
    Ok(BenchSummary::new("W1", runs_ms, flops, final_loss))
}
