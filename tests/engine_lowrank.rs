//! The claims of the deep-linear-networks lab, checked on the engine: the gradients, the
//! effect of depth and of the initial scale, the nuclear norm reference, and the
//! reparametrisation example.

use genlab::engine::completion::*;
use genlab::engine::deep_linear::*;
use genlab::engine::reparam::LineFit;

fn spec(k: usize, seed: u64) -> CompletionSpec {
    CompletionSpec {
        size: 10,
        rank: 2,
        observed: k,
        seed,
    }
}

/// Trains to convergence or `cap` steps.
fn train(problem: &Problem, depth: usize, init: f64, seed: u64, cap: usize) -> FactorRun {
    let mut run = FactorRun::new(problem, depth, init, seed);
    while !run.finished() && run.step < cap {
        run.step(problem);
    }
    run
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    }
}

#[test]
fn the_ground_truth_has_the_asked_rank_norm_and_observed_entries() {
    for (size, rank, k) in [(10, 2, 60), (6, 1, 6), (16, 4, 200), (8, 3, 56)] {
        let p = Problem::new(&CompletionSpec {
            size,
            rank,
            observed: k,
            seed: 5,
        });
        assert!((frobenius(&p.truth) - TRUTH_NORM).abs() < 1e-9);
        let sv = singular_values(&p.truth, size);
        assert!(
            sv[rank - 1] > 1e-6 * sv[0] && sv[rank..].iter().all(|&s| s < 1e-9 * sv[0]),
            "{sv:?}"
        );
        assert_eq!(p.observed(), k);
        assert!(covers(size, &p.mask), "every row and column observed at k = {k}");
    }
    let a = Problem::new(&spec(60, 1));
    assert_eq!(a, Problem::new(&spec(60, 1)), "seeded");
    assert_ne!(a.mask, Problem::new(&spec(60, 2)).mask);
    assert_eq!(degrees_of_freedom(10, 2), 36);
}

#[test]
fn the_effective_rank_counts_equal_singular_values() {
    assert!((effective_rank(&[3.0, 3.0, 0.0]) - 2.0).abs() < 1e-12);
    assert!((effective_rank(&[1.0; 5]) - 5.0).abs() < 1e-12);
    let r = effective_rank(&[2.0, 1.0]);
    assert!(r > 1.0 && r < 2.0);
}

#[test]
fn gradients_match_finite_differences() {
    let p = Problem::new(&CompletionSpec {
        size: 6,
        rank: 2,
        observed: 20,
        seed: 3,
    });
    for depth in [1, 2, 3, 4] {
        let run = FactorRun::new(&p, depth, 0.5, 7);
        let (loss, grads) = loss_and_gradients(&run.factors, &p);
        assert!((loss - p.loss(&run.product())).abs() < 1e-12);
        let h = 1e-6;
        for j in 0..depth {
            for c in [0, 7, 20, 35] {
                let mut plus = run.factors.clone();
                plus[j][c] += h;
                let mut minus = run.factors.clone();
                minus[j][c] -= h;
                let numeric = (p.loss(&product(&plus, 6)) - p.loss(&product(&minus, 6))) / (2.0 * h);
                let g = grads[j][c];
                assert!(
                    (numeric - g).abs() < 1e-6 * (1.0 + g.abs()),
                    "depth {depth}, factor {j}, entry {c}: {numeric} vs {g}"
                );
            }
        }
    }
}

#[test]
fn depth_one_never_changes_an_unobserved_entry() {
    let p = Problem::new(&spec(60, 2));
    let start = FactorRun::new(&p, 1, 0.1, 2).product();
    let end = train(&p, 1, 0.1, 2, 30_000);
    assert!(end.converged());
    let w = end.product();
    for c in 0..100 {
        if !p.mask[c] {
            assert_eq!(w[c], start[c], "entry {c}");
        }
    }
    assert_eq!(p.rel_test_error(&w), p.rel_test_error(&start));
}

/// The test: the default problem, 5 seeds, init 10⁻³, 30,000 steps.
#[test]
fn deeper_factorisations_complete_the_default_problem_and_end_at_lower_rank() {
    let mut errors = vec![Vec::new(); 3];
    let mut ranks = vec![Vec::new(); 3];
    for seed in 1..=5 {
        let p = Problem::new(&spec(60, seed));
        for depth in 1..=3 {
            let run = train(&p, depth, 1e-3, seed, 30_000);
            let s = run.snapshot(&p);
            errors[depth - 1].push(s.rel_test_error);
            ranks[depth - 1].push(s.effective_rank);
        }
    }
    let e: Vec<f64> = errors.into_iter().map(median).collect();
    let r: Vec<f64> = ranks.into_iter().map(median).collect();
    assert!(e[2] < 0.05, "depth 3: {e:?}");
    assert!(e[1] > 0.15, "depth 2: {e:?}");
    assert!(e[0] > 0.9, "depth 1: {e:?}");
    assert!(r[2] < r[1] && r[1] < r[0], "effective ranks {r:?}");
}

/// Below the degrees of freedom (36 for n = 10, r = 2) no depth recovers the matrix.
#[test]
fn with_fewer_entries_than_degrees_of_freedom_every_depth_fails() {
    for seed in 1..=3 {
        let p = Problem::new(&spec(30, seed));
        for depth in 1..=4 {
            let e = p.rel_test_error(&train(&p, depth, 1e-3, seed, 30_000).product());
            assert!(e > 0.2, "seed {seed}, depth {depth}: {e}");
        }
        assert!(p.rel_test_error(&soft_impute(&p)) > 0.2);
    }
}

/// A large initialisation erases the effect of depth (k = 50, depth 3, 5 seeds).
#[test]
fn a_large_initialisation_erases_the_effect_of_depth() {
    let at = |init: f64| {
        median(
            (1..=5)
                .map(|seed| {
                    let p = Problem::new(&spec(50, seed));
                    p.rel_test_error(&train(&p, 3, init, seed, 30_000).product())
                })
                .collect(),
        )
    };
    let (small, large) = (at(1e-3), at(1.0));
    assert!(
        small < 0.2 && large > 0.6 && large > 3.0 * small,
        "init 10⁻³: {small}, init 1: {large}"
    );
}

#[test]
fn soft_impute_has_a_smaller_nuclear_norm_than_every_depth_that_fits() {
    for seed in 1..=5 {
        let p = Problem::new(&spec(60, seed));
        let z = soft_impute(&p);
        assert!(
            p.loss(&z) < 1e-6 * p.observed_norm_sq(),
            "soft-impute fits the observed entries"
        );
        let reference = nuclear_norm(&z, 10);
        for depth in 1..=3 {
            let run = train(&p, depth, 1e-3, seed, 30_000);
            if run.converged() {
                let own = nuclear_norm(&run.product(), 10);
                assert!(
                    reference <= own + 1e-6,
                    "seed {seed}, depth {depth}: {reference} vs {own}"
                );
            }
        }
        // The truth fits too, so it cannot have a smaller nuclear norm either.
        assert!(reference <= nuclear_norm(&p.truth, 10) + 1e-6);
    }
}

#[test]
fn the_learning_rate_follows_the_depth_formula() {
    assert!((learning_rate(1, 7.0) - 0.3).abs() < 1e-15);
    assert!((learning_rate(2, 7.0) - 0.3 / 14.0).abs() < 1e-15);
    assert!((learning_rate(3, 8.0) - 0.3 / (3.0 * 16.0)).abs() < 1e-12);
}

#[test]
fn reparametrisation_gradient_descent_lands_where_the_pseudo_inverse_says() {
    for s in [1.0, 3.0, 10.0, 100.0] {
        let fit = LineFit {
            scale: s,
            x: 1.0,
            y: 1.0,
        };
        let path = fit.path([0.0, 0.0], fit.step_size(), 200);
        let end = *path.last().unwrap();
        let (slope, intercept) = fit.line(end);
        assert!((slope - s * s / (1.0 + s * s)).abs() < 1e-3, "s = {s}: slope {slope}");
        assert!((intercept - 1.0 / (1.0 + s * s)).abs() < 1e-3);
        let limit = fit.limit([0.0, 0.0]);
        assert!((limit[0] - end[0]).abs() < 1e-6 && (limit[1] - end[1]).abs() < 1e-6);
        // From any start: the limit fits the point and the path is a straight line along Jᵀ.
        let start = [1.5, -0.7];
        let limit = fit.limit(start);
        let j = fit.jacobian();
        assert!((j[0] * limit[0] + j[1] * limit[1] - 1.0).abs() < 1e-12);
        let moved = [limit[0] - start[0], limit[1] - start[1]];
        assert!((moved[0] * j[1] - moved[1] * j[0]).abs() < 1e-12);
        let end = *fit.path(start, fit.step_size(), 200).last().unwrap();
        assert!((end[0] - limit[0]).abs() < 1e-6 && (end[1] - limit[1]).abs() < 1e-6);
    }
    let plain = LineFit {
        scale: 1.0,
        x: 1.0,
        y: 1.0,
    };
    assert_eq!(plain.line(plain.limit([0.0, 0.0])), (0.5, 0.5));
}

#[test]
fn recorded_steps_are_dense_early_and_regular_later() {
    let rec: Vec<usize> = (0..30_001).filter(|&s| is_recorded(s, 150)).collect();
    assert!(rec.starts_with(&[0, 1, 2, 3]));
    assert!(rec.contains(&30_000) && rec.contains(&150));
    assert!(rec.len() < 500, "{}", rec.len());
}
