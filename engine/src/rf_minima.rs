//! Which minimum of the random-features model gradient descent finds: from random
//! starts (the lecture's distribution of minima), and, from zero, how the risk of that
//! fit depends on N (double descent near N ≈ p, and a tiny ridge that removes it).

use crate::random_features::{min_norm_fit, training_data, RfModel, RfSpec};
use crate::rng::{normal, seeded, Stream};
use nalgebra::{DMatrix, DVector, SVD};

/// Number of random starts drawn.
pub const STARTS: usize = 200;

/// Where gradient descent on R̂ ends from `STARTS` seeded starts w₀ ~ N(0, s²I).
///
/// R̂ is quadratic and its gradient (2/N)Φᵀ(Φw − y) lies in the row space of Φ, so descent
/// (with a stable step, run to convergence) never moves w₀'s component in the null space
/// of Φ and solves the least-squares problem in the row space:
/// w_∞ = w₀ + Φ⁺(y − Φw₀) = Φ⁺y + (I − Φ⁺Φ)w₀ = w_gd + P_null·w₀.
/// At s = 0 every start ends at the minimum-norm fit w_gd; with N ≥ rank Φ, P_null = 0 and
/// every start does.
pub fn descent_endpoints(model: &RfModel, scale: f64, seed: u64) -> Vec<DVector<f64>> {
    let starts = random_starts(model.slopes.len(), scale, seed);
    let phi = model.design(&model.x);
    let p = model.slopes.len();
    // Orthonormal basis of Φ's row space: right singular vectors with σ above the cutoff
    // (in any order).
    let svd = SVD::new_unordered(phi, false, true);
    let cutoff = 1e-12 * svd.singular_values.max();
    let v_t = svd.v_t.unwrap_or_else(|| DMatrix::zeros(0, p));
    let rows: Vec<usize> = (0..svd.singular_values.len())
        .filter(|&k| svd.singular_values[k] > cutoff)
        .collect();
    let row_space = v_t.select_rows(&rows);
    starts
        .iter()
        .map(|w0| &model.w_gd + w0 - row_space.transpose() * (&row_space * w0))
        .collect()
}

/// The `STARTS` seeded starts w₀ ~ N(0, s²I) in p dimensions (one draw scaled by s, so the
/// cloud grows with s and keeps its shape).
pub fn random_starts(p: usize, scale: f64, seed: u64) -> Vec<DVector<f64>> {
    let mut rng = seeded(seed, Stream::Other(11), 0);
    (0..STARTS)
        .map(|_| DVector::from_fn(p, |_, _| scale * f64::from(normal(&mut rng, 0.0, 1.0))))
        .collect()
}

/// The ridge fit argmin (1/N)‖Φw − t‖² + λ‖w‖² = (ΦᵀΦ + NλI)⁻¹Φᵀt, through Φ's SVD:
/// w = Σ_k σ_k/(σ_k² + Nλ) · (u_kᵀt) v_k. At λ = 0 the minimum-norm fit Φ⁺t.
pub fn ridge_fit(phi: &DMatrix<f64>, t: &DVector<f64>, lambda: f64) -> DVector<f64> {
    if lambda <= 0.0 {
        return min_norm_fit(phi, t);
    }
    let n = phi.nrows() as f64;
    let svd = SVD::new_unordered(phi.clone(), true, true);
    let (Some(u), Some(v_t)) = (svd.u, svd.v_t) else {
        return DVector::zeros(phi.ncols());
    };
    let mut w = DVector::zeros(phi.ncols());
    for (k, &sigma) in svd.singular_values.iter().enumerate() {
        let coefficient = sigma / (sigma * sigma + n * lambda) * u.column(k).dot(t);
        w += v_t.row(k).transpose() * coefficient;
    }
    w
}

/// The ridge of the panel's "tiny ridge" switch.
pub const TINY_RIDGE: f64 = 1e-6;

/// Excess risk R(w) − min R of the fit from zero (λ = 0: where gradient descent goes;
/// λ > 0: the ridge fit) for each N in `ns`; features, risk and noise as in `spec`, the
/// data for each N drawn as `RfModel::new` draws them. Near N ≈ p the least-squares fit is
/// ill-conditioned and soaks up the label noise: the excess risk peaks there (double
/// descent; Belkin et al. 2019, Hastie et al. 2022), and a small ridge flattens the peak.
pub fn excess_risk_curve(spec: &RfSpec, ns: &[usize], lambda: f64) -> Vec<f64> {
    let model = RfModel::new(&RfSpec {
        n_train: 1,
        ..spec.clone()
    });
    let best = model.risk.value(&model.w_best);
    ns.iter()
        .map(|&n| {
            let (x, y) = training_data(&RfSpec {
                n_train: n,
                ..spec.clone()
            });
            let w = ridge_fit(&model.design(&x), &DVector::from_column_slice(&y), lambda);
            (model.risk.value(&w) - best).max(0.0)
        })
        .collect()
}
