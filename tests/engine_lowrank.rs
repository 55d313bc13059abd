//! The claims of the deep-linear-networks lab, checked on the engine: the gradients, the
//! effect of depth and of the initial scale, the nuclear norm reference, and the
//! reparametrisation example, and the k-sweep over seeds (bimodal errors, so the share of
//! seeds recovered rather than a median).

use genlab::engine::completion::*;
use genlab::engine::deep_linear::*;
use genlab::engine::reparam::LineFit;
use genlab::panels::lowrank::config::LowrankConfig;
use genlab::panels::lowrank::sweep::{self, SweepPlan};

fn spec(k: usize, seed: u64) -> CompletionSpec {
    CompletionSpec {
        size: 10,
        rank: 2,
        observed: k,
        seed,
    }
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

/// The issue's test: the default problem, 5 seeds, init 10⁻³, 30,000 steps.
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

/// The issue's observation: at k = 80 the minimum nuclear norm's error over seeds 1–8 is
/// bimodal, exact (below 10⁻⁴) or far off (above 0.1), nothing near the recovery threshold;
/// the median falls in the gap, near no seed, while the count recovered says what happened.
#[test]
fn the_nuclear_norm_at_k_80_is_bimodal_over_seeds_so_a_median_misleads() {
    let errors: Vec<f64> = (1..=8)
        .map(|seed| {
            let p = Problem::new(&spec(80, seed));
            p.rel_test_error(&soft_impute(&p))
        })
        .collect();
    let exact = errors.iter().filter(|&&e| e < EXACT_BELOW).count();
    let far = errors.iter().filter(|&&e| e > 0.1).count();
    assert!(exact >= 2 && far >= 2 && exact + far == 8, "{errors:?}");
    let s = OverSeeds::of(&errors).unwrap();
    assert_eq!(s.recovered, exact);
    assert!(
        errors.iter().all(|&e| e < s.median / 1.5 || e > s.median * 1.5),
        "the median {} sits near no seed: {errors:?}",
        s.median
    );
}

/// The panel's k-sweep at its defaults (n = 10, r = 2, 36 degrees of freedom; seeds 1–8):
/// well above 36 entries (k = 90) the deepest model recovers the matrix in nearly every
/// seed and the nuclear norm in most; well below the sweep's top (k = 40) hardly any seed
/// recovers; depth 1 never does. Each band holds its median, and a point depends on its
/// seed alone.
#[test]
fn the_sweep_over_seeds_recovers_well_above_the_threshold_and_not_well_below() {
    let plan = SweepPlan::of(&LowrankConfig::default());
    assert_eq!(
        (plan.ks.first(), plan.ks.last(), plan.seeds.clone()),
        (Some(&40), Some(&90), (1..=8).collect())
    );
    let mut points = Vec::new();
    let start = std::time::Instant::now();
    for (k, seed) in plan.points() {
        let at = CompletionSpec {
            observed: k,
            seed,
            ..plan.spec
        };
        for (depth, rel_test_error) in sweep_point(&at, &plan.depths, plan.init, plan.steps) {
            points.push(genlab::panels::lowrank::jobs::SweepPoint {
                k,
                seed,
                depth,
                rel_test_error,
            });
        }
    }
    eprintln!(
        "k-sweep, {} points of {} models: {:.2} s on one core, {:.2} s a seed",
        plan.points().len(),
        plan.models().len(),
        start.elapsed().as_secs_f64(),
        start.elapsed().as_secs_f64() / plan.seeds.len() as f64
    );
    let at = |depth: usize, k: usize| sweep::over_seeds(&points, depth, k).unwrap();
    let (deep, nuclear) = (at(3, 90), at(0, 90));
    assert!(
        deep.recovered >= 7 && nuclear.recovered >= 5,
        "k = 90: {deep:?}, {nuclear:?}"
    );
    let (deep, nuclear) = (at(3, 40), at(0, 40));
    assert!(
        deep.recovered <= 1 && nuclear.recovered <= 1,
        "k = 40: {deep:?}, {nuclear:?}"
    );
    for &k in &plan.ks {
        assert_eq!(at(1, k).recovered, 0, "depth 1 at k = {k}");
        for depth in plan.models() {
            let s = at(depth, k);
            assert_eq!(s.seeds, 8);
            assert!(s.lo <= s.median && s.median <= s.hi, "depth {depth}, k = {k}: {s:?}");
            // The band spans every seed: from the lowest error to the highest.
            let own: Vec<f64> = points
                .iter()
                .filter(|p| p.depth == depth && p.k == k)
                .map(|p| p.rel_test_error)
                .collect();
            assert_eq!(s.lo, own.iter().copied().fold(f64::INFINITY, f64::min));
            assert_eq!(s.hi, own.iter().copied().fold(0.0, f64::max));
        }
    }
    // Deterministic per seed: a point again, and the deepest model as the panel trains it.
    let again = sweep_point(
        &CompletionSpec {
            observed: 60,
            seed: 3,
            ..plan.spec
        },
        &plan.depths,
        plan.init,
        plan.steps,
    );
    let kept: Vec<(usize, f64)> = points
        .iter()
        .filter(|p| p.k == 60 && p.seed == 3)
        .map(|p| (p.depth, p.rel_test_error))
        .collect();
    assert_eq!(again, kept);
    let p = Problem::new(&spec(60, 3));
    assert_eq!(kept[2].1, p.rel_test_error(&train(&p, 3, 1e-3, 3, 30_000).product()));
    // The sweep's own words, on these runs: what the page shows once it is done.
    let verdict = sweep::verdict(&points, &plan);
    let why = sweep::why(&points, &plan);
    let alt = genlab::panels::lowrank::describe::sweep(&points, &plan);
    let report = sweep::report(&points, &plan, true);
    eprintln!("{alt}\n{verdict}\n{why}");
    for d in [3, 0] {
        let shares: Vec<String> = sweep::curve(&points, d, &plan.ks)
            .iter()
            .map(|(k, s)| format!("k {k}: {} of 8, median {:.2e}", s.recovered, s.median))
            .collect();
        eprintln!("{}: {}", sweep::name(d), shares.join("; "));
    }
    assert!(
        verdict.starts_with("Over these seeds, depth 3 recovered the matrix in all 8 seeds from <math"),
        "{verdict}"
    );
    assert!(report.ends_with(&format!("<p data-testid=\"lowrank-sweep-verdict\">{verdict}</p>")));
    let row = |k: usize| {
        let cells: String = plan
            .models()
            .iter()
            .map(|&d| format!("<td>{} of 8</td>", at(d, k).recovered))
            .collect();
        format!(r#"<tr><th scope="row">{k}</th>{cells}</tr>"#)
    };
    assert!(plan.ks.iter().all(|&k| report.contains(&row(k))), "{report}");
    assert!(
        report.contains(r#"<tr><th scope="row">90</th><td>0 of 8</td>"#),
        "{report}"
    );
    let split = sweep::split(&points, 0);
    assert!(
        split.exact > 0 && split.missed > 0 && 10 * split.between <= 48,
        "{split:?}"
    );
    assert!(
        why.starts_with(&format!(
            "The minimum nuclear norm either recovers the matrix or misses it: of its 48 runs here, {} ended below \
             0.0001 (exact, up to the solver), {} at 0.02 or above",
            split.exact, split.missed
        )),
        "{why}"
    );
    assert!(why.contains(" Depth 3's recovered runs here ended between "), "{why}");
    assert!(
        alt.starts_with(
            "Median error on the unobserved entries over 8 seeds against the number of observed entries k. Depth 1 \
             goes from "
        ) && alt.contains("Depth 3 goes from"),
        "{alt}"
    );
}
