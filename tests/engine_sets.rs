//! The random-features model behind the green/magenta picture: exact solutions, exact
//! sets on the slice, and the classical vs over-parametrised behaviour.

use genlab::engine::random_features::{inside_share, set_grid, RfModel, RfSpec};
use nalgebra::DVector;

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
    let many = RfModel::new(&RfSpec {
        n_train: 200,
        ..RfSpec::default()
    });
    let few = RfModel::new(&RfSpec {
        n_train: 12,
        ..RfSpec::default()
    });
    let share = |m: &RfModel| {
        let s = m.slice();
        inside_share(&set_grid(&s, s.window(), 300, epsilon, delta))
    };
    let (share_many, share_few) = (share(&many), share(&few));
    assert!(share_many > 0.99, "N ≫ p: share {share_many}");
    assert!(share_few < 0.2, "N < p: share {share_few}");
    // Gradient descent's interpolant generalises; the bad one fits the data just as well.
    let slice = few.slice();
    assert!(few.risk.value(&few.w_gd) <= slice.risk_min + delta);
    assert!(few.risk.value(&few.w_bad) > slice.risk_min + delta);
    assert!(few.empirical.value(&few.w_bad) <= slice.empirical_min + epsilon);
}
