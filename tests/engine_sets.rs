//! The random-features model behind the green/magenta picture: exact solutions, exact
//! sets on the slice, and the classical vs over-parametrised behaviour.

use genlab::engine::random_features::{inside_share, set_grid, RfModel, RfSpec};
use genlab::engine::rf_minima::{descent_endpoints, excess_risk_curve, random_starts, STARTS, TINY_RIDGE};
use nalgebra::DVector;

const SEEDS: std::ops::RangeInclusive<u64> = 1..=5;

#[test]
fn the_minimum_norm_interpolant_is_the_pseudo_inverse_solution_and_where_descent_goes() {
    let m = RfModel::new(&RfSpec {
        n_train: 6,
        ..RfSpec::default()
    });
    let phi = m.design(&m.x);
    let y = DVector::from_column_slice(&m.y);
    let pinv = phi.clone().pseudo_inverse(1e-12).unwrap() * &y;
    assert!((&pinv - &m.w_gd).norm() < 1e-8 * pinv.norm(), "w_gd is not Φ⁺y");
    assert!((&phi * &m.w_gd - &y).norm() < 1e-8, "w_gd does not interpolate");
    let lambda_max = m.empirical.a.clone().symmetric_eigen().eigenvalues.max();
    let w = m.gradient_descent(0.5 / lambda_max, 100_000);
    assert!(
        (&w - &m.w_gd).norm() < 1e-6 * m.w_gd.norm(),
        "descent from zero ends at {w}"
    );
}

#[test]
fn the_slice_is_exact() {
    let m = RfModel::new(&RfSpec::default());
    let slice = m.slice();
    // The 2 × 2 forms on the plane equal the full risks at the lifted points.
    for (s, t) in [(0.0, 0.0), (1.3, -0.4), (-2.0, 5.0), (slice.bad[0], slice.bad[1])] {
        let w = slice.lift(s, t);
        let brute = (&m.design(&m.x) * &w - DVector::from_column_slice(&m.y)).norm_squared() / m.x.len() as f64;
        assert!((slice.empirical.at(s, t) - brute).abs() < 1e-8 * brute.max(1.0));
        assert!((slice.risk.at(s, t) - m.risk.value(&w)).abs() < 1e-8 * m.risk.value(&w).max(1.0));
    }
    // The green set drawn from the plane form is exactly the brute-force one on a grid.
    let win = slice.window();
    let n = 60;
    let grid = set_grid(&slice, win, n, 0.01, 0.1);
    for row in (0..n).step_by(7) {
        for col in (0..n).step_by(5) {
            let s = win[0] + (win[1] - win[0]) * (col as f64 + 0.5) / n as f64;
            let t = win[3] - (win[3] - win[2]) * (row as f64 + 0.5) / n as f64;
            let w = slice.lift(s, t);
            let green = m.empirical.value(&w) <= slice.empirical_min + 0.01;
            assert_eq!(grid[row * n + col] & 1 == 1, green, "cell ({row}, {col})");
        }
    }
}

#[test]
fn with_much_data_green_lies_inside_magenta_and_with_little_it_does_not() {
    let (epsilon, delta) = (0.01, 0.1);
    let share = |m: &RfModel| {
        let s = m.slice();
        inside_share(&set_grid(&s, s.window(), 300, epsilon, delta))
    };
    for seed in SEEDS {
        let at = |n_train| {
            RfModel::new(&RfSpec {
                n_train,
                seed,
                ..RfSpec::default()
            })
        };
        let (many, few) = (at(200), at(12));
        let (share_many, share_few) = (share(&many), share(&few));
        assert!(share_many > 0.99, "seed {seed}, N ≫ p: share {share_many}");
        assert!(share_few < 0.3, "seed {seed}, N < p: share {share_few}");
        // The bad interpolant fits the training data just as well, and has a high risk.
        let slice = few.slice();
        assert!(few.risk.value(&few.w_bad) > slice.risk_min + delta, "seed {seed}");
        assert!(
            few.empirical.value(&few.w_bad) <= slice.empirical_min + epsilon,
            "seed {seed}"
        );
    }
    // At the defaults gradient descent's interpolant generalises.
    let m = RfModel::new(&RfSpec::default());
    assert!(m.risk.value(&m.w_gd) <= m.slice().risk_min + delta);
}

/// Excess risk of the minimum-norm fit at every N from 2 to 200.
fn excess_curve(seed: u64, ridge: f64) -> Vec<f64> {
    let ns: Vec<usize> = (2..=200).collect();
    excess_risk_curve(
        &RfSpec {
            seed,
            ..RfSpec::default()
        },
        &ns,
        ridge,
    )
}

#[test]
fn the_excess_risk_curve_is_the_models_own_excess_risk() {
    // Spot checks against models built from scratch, including N ≈ p.
    for (seed, n) in [(1, 12), (2, 40), (1, 36), (3, 150)] {
        let curve = excess_curve(seed, 0.0);
        let m = RfModel::new(&RfSpec {
            n_train: n,
            seed,
            ..RfSpec::default()
        });
        let direct = m.risk.value(&m.w_gd) - m.slice().risk_min;
        let got = curve[n - 2];
        assert!(
            (got - direct).abs() < 1e-6 * direct.max(1.0),
            "seed {seed} N {n}: {got} vs {direct}"
        );
    }
}

#[test]
fn double_descent_peaks_near_n_equals_p_and_a_tiny_ridge_flattens_it() {
    // N ∈ [30, 60] sits at indices 28 ..= 58 of the curve over N = 2 … 200.
    let peak = |c: &[f64]| c[28..=58].iter().copied().fold(0.0, f64::max);
    for seed in SEEDS {
        let plain = excess_curve(seed, 0.0);
        let ridge = excess_curve(seed, TINY_RIDGE);
        let (at12, at200, top) = (plain[10], plain[198], peak(&plain));
        // Measured (seeds 1–5): peaks 385, 39, 0.27, 5.1, 0.083 against 0.004–0.03 at N = 12.
        assert!(
            top > 2.0 * at12 && top > 2.0 * at200,
            "seed {seed}: {at12} at 12, {top} near p, {at200} at 200"
        );
        assert!(
            peak(&ridge) < 0.5 * top,
            "seed {seed}: ridge peak {} vs {top}",
            peak(&ridge)
        );
        // The ridge barely changes either end.
        assert!((ridge[10] - at12).abs() < 0.2 * at12 && (ridge[198] - at200).abs() < 0.5 * at200);
    }
    // The cases the issue found in the app: N = 60 with seed 2 and N = 36 with seed 1 put
    // gradient descent's fit outside magenta (δ = 0.1).
    assert!(excess_curve(2, 0.0)[58] > 0.1);
    assert!(excess_curve(1, 0.0)[34] > 0.1);
}

#[test]
fn descent_from_random_starts_ends_at_w_gd_plus_the_starts_null_space_part() {
    let m = RfModel::new(&RfSpec::default());
    // s = 0: every endpoint is the minimum-norm fit.
    for w in descent_endpoints(&m, 0.0, 1) {
        assert!((&w - &m.w_gd).norm() < 1e-12);
    }
    let (scale, seed) = (2.0, 4);
    let ends = descent_endpoints(&m, scale, seed);
    let starts = random_starts(m.slopes.len(), scale, seed);
    assert_eq!(ends.len(), STARTS);
    let phi = m.design(&m.x);
    let y = DVector::from_column_slice(&m.y);
    let pinv = phi.clone().pseudo_inverse(1e-12).unwrap();
    for (w0, w) in starts.iter().zip(&ends).take(20) {
        let formula = w0 + &pinv * (&y - &phi * w0);
        assert!((&formula - w).norm() < 1e-8 * w.norm());
        assert!((&phi * w - &y).norm() < 1e-8, "an endpoint does not interpolate");
    }
    // Real gradient descent from one start gets there (on six points, where it converges
    // in 10⁵ steps).
    let small = RfModel::new(&RfSpec {
        n_train: 6,
        ..RfSpec::default()
    });
    let lambda_max = small.empirical.a.clone().symmetric_eigen().eigenvalues.max();
    let start = random_starts(small.slopes.len(), scale, seed).swap_remove(3);
    let end = descent_endpoints(&small, scale, seed).swap_remove(3);
    let descended = small.gradient_descent_from(start.clone(), 0.5 / lambda_max, 100_000);
    assert!(
        (&descended - &end).norm() < 1e-6 * end.norm(),
        "{}",
        (&descended - &end).norm()
    );
    assert!((&end - &small.w_gd).norm() > 1.0, "the start's null-space part is kept");
    // With N ≫ p the data have the features' full rank on the interval: the endpoints are
    // different parameters (the null space of Φ is that of the risk: features that are
    // linear on the interval) computing one function, so they share w_gd's risk.
    let big = RfModel::new(&RfSpec {
        n_train: 200,
        ..RfSpec::default()
    });
    let gd_risk = big.risk.value(&big.w_gd);
    for w in descent_endpoints(&big, 8.0, 1) {
        assert!((big.risk.value(&w) - gd_risk).abs() < 1e-6 * gd_risk);
    }
}

#[test]
fn larger_random_starts_leave_the_magenta_set() {
    let delta = 0.1;
    for seed in SEEDS {
        let m = RfModel::new(&RfSpec {
            seed,
            ..RfSpec::default()
        });
        let limit = m.slice().risk_min + delta;
        let shares: Vec<f64> = [0.0, 0.5, 2.0, 8.0]
            .iter()
            .map(|&s| {
                let ends = descent_endpoints(&m, s, seed);
                ends.iter().filter(|w| m.risk.value(w) <= limit).count() as f64 / ends.len() as f64
            })
            .collect();
        // Measured (seed 1): 1, 1, 0.995, 0.17.
        assert!(shares.windows(2).all(|w| w[1] <= w[0]), "seed {seed}: {shares:?}");
        assert!(shares[3] < shares[0], "seed {seed}: {shares:?}");
        assert_eq!(shares[0], 1.0, "seed {seed}: w_gd is in magenta at the defaults");
    }
}

#[test]
fn the_bad_fit_interpolates_only_while_the_features_have_rank_to_spare() {
    for seed in SEEDS {
        for (n, wrong) in [(6, 4), (12, 8), (20, 8), (36, 8), (40, 1), (60, 8), (200, 20)] {
            let m = RfModel::new(&RfSpec {
                n_train: n,
                wrong_points: wrong,
                seed,
                ..RfSpec::default()
            });
            // The residual by brute force: the fit to training and wrong labels.
            let xs: Vec<f64> = m.x.iter().chain(&m.extra).copied().collect();
            let fitted = m.design(&xs) * &m.w_bad;
            let ys: Vec<f64> =
                m.y.iter()
                    .copied()
                    .chain(m.extra.iter().map(|&e| -genlab::engine::random_features::target(e)))
                    .collect();
            let residual = fitted.iter().zip(&ys).map(|(f, y)| (f - y).powi(2)).sum::<f64>() / ys.len() as f64;
            assert!((residual - m.bad_residual()).abs() < 1e-9);
            let points = n + m.extra.len();
            if points <= 24 {
                assert!(
                    m.bad_is_interpolant(),
                    "seed {seed}, N {n} + {wrong}: residual {residual}"
                );
            }
            if points > 40 {
                // More equations than the p = 40 features can meet.
                assert!(!m.bad_is_interpolant(), "seed {seed}, N {n} + {wrong}");
            }
        }
    }
}
