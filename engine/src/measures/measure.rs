//! The candidate measures of generalisation (Jiang et al. 2020 §5 and appendix C), each a
//! number per trained net that should be larger when the net's generalisation gap is.

use super::study::NetId;
use crate::data::Dataset;
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::rng::{normal, seeded, uniform, Stream};
use crate::train::{evaluate, param_norm};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

/// A candidate measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measure {
    /// Number of parameters.
    Params,
    /// ‖w‖₂.
    Norm,
    /// ‖w − w₀‖₂, the distance from the initialisation.
    Dist,
    /// Σ_l log ‖W_l‖₂², the log of the spectral-norm product squared.
    Spectral,
    /// The same minus 2·log γ.
    SpectralMargin,
    /// 1/γ².
    InvMargin,
    /// The path norm Σ_paths Π w².
    Path,
    /// Path norm / γ².
    PathMargin,
    /// PAC-Bayes flatness 1/σ².
    PacBayes,
    /// Magnitude-aware PAC-Bayes flatness 1/σ′².
    PacBayesMag,
    /// SAM's first-order ρ-sharpness.
    Sam,
    /// Steps taken to reach the target.
    Steps,
    /// A random number: the control.
    Random,
}

impl Measure {
    /// Every measure, in table order.
    pub const ALL: [Measure; 13] = [
        Measure::PacBayes,
        Measure::PacBayesMag,
        Measure::Sam,
        Measure::Params,
        Measure::Norm,
        Measure::Dist,
        Measure::Spectral,
        Measure::SpectralMargin,
        Measure::InvMargin,
        Measure::Path,
        Measure::PathMargin,
        Measure::Steps,
        Measure::Random,
    ];

    /// Its position in `ALL` (and in `NetResult::measures`).
    pub fn index(self) -> usize {
        Measure::ALL.iter().position(|&m| m == self).unwrap_or(0)
    }

    /// The URL, CSV and testing-hook name.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Params => "params",
            Measure::Norm => "norm",
            Measure::Dist => "dist",
            Measure::Spectral => "spectral",
            Measure::SpectralMargin => "spectral_margin",
            Measure::InvMargin => "inv_margin",
            Measure::Path => "path",
            Measure::PathMargin => "path_margin",
            Measure::PacBayes => "pacbayes",
            Measure::PacBayesMag => "pacbayes_mag",
            Measure::Sam => "sam",
            Measure::Steps => "steps",
            Measure::Random => "random",
        }
    }

    /// The measure called `key`.
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The name a student reads.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Params => "parameter count",
            Measure::Norm => "‖w‖",
            Measure::Dist => "‖w − w₀‖",
            Measure::Spectral => "Σ log ‖W‖₂²",
            Measure::SpectralMargin => "Σ log ‖W‖₂² − 2 log γ",
            Measure::InvMargin => "1/γ²",
            Measure::Path => "path norm",
            Measure::PathMargin => "path norm / γ²",
            Measure::PacBayes => "PAC-Bayes flatness 1/σ²",
            Measure::PacBayesMag => "magnitude-aware 1/σ′²",
            Measure::Sam => "SAM ρ-sharpness",
            Measure::Steps => "steps to target",
            Measure::Random => "random control",
        }
    }
}

/// γ is the 10th percentile of the training margins y·f(x) (Jiang et al. use it instead
/// of the smallest margin, which one flipped label decides); floored at this value so
/// that log γ and 1/γ² stay finite when a tenth of the points are not fitted.
pub const MARGIN_FLOOR: f32 = 1e-2;
/// The rise of the training error the PAC-Bayes noise may cause (Jiang et al.: 0.1).
pub const DEVIATION: f32 = 0.1;
/// Monte-Carlo draws of the weight noise per σ tried.
pub const DRAWS: usize = 24;
/// Bisection halvings of log σ.
pub const HALVINGS: usize = 14;
/// The σ searched lie in this range.
pub const SIGMA_RANGE: (f32, f32) = (1e-3, 10.0);
/// The floor ε² of the magnitude-aware noise variance σ′²·w² + ε².
pub const MAGNITUDE_EPS2: f32 = 1e-6;
/// SAM's radius ρ for the ρ-sharpness.
pub const RHO: f32 = 0.05;

/// Every measure of a trained net (weights `w`, start `w0`) in `Measure::ALL` order.
pub fn all_measures(mlp: &Mlp, w: &[f32], w0: &[f32], train: &Dataset, steps: usize, seed: u64, id: NetId) -> Vec<f32> {
    let gamma = margin(mlp, w, train).max(MARGIN_FLOOR);
    let spectral = spectral_log_sum(mlp, w);
    let path = path_norm(mlp, w);
    let diff: Vec<f32> = w.iter().zip(w0).map(|(a, b)| a - b).collect();
    let run = (id.rep << 8) | u32::from(id.config);
    let sigma = |magnitude, k| pacbayes_sigma(mlp, w, train, magnitude, DRAWS, seed, run * 2 + k);
    Measure::ALL
        .iter()
        .map(|m| match m {
            Measure::Params => mlp.param_count() as f32,
            Measure::Norm => param_norm(w),
            Measure::Dist => param_norm(&diff),
            Measure::Spectral => spectral,
            Measure::SpectralMargin => spectral - 2.0 * libm::logf(gamma),
            Measure::InvMargin => 1.0 / (gamma * gamma),
            Measure::Path => path,
            Measure::PathMargin => path / (gamma * gamma),
            Measure::PacBayes => sigma(false, 0).powi(-2),
            Measure::PacBayesMag => sigma(true, 1).powi(-2),
            Measure::Sam => rho_sharpness(mlp, w, train, RHO),
            Measure::Steps => steps as f32,
            Measure::Random => uniform(&mut seeded(seed, Stream::Other(42), run), 0.0, 1.0),
        })
        .collect()
}

/// (offset of W_l, n_in, n_out) of every layer of the flat parameter vector.
fn layers(mlp: &Mlp) -> Vec<(usize, usize, usize)> {
    let mut at = 0;
    mlp.widths
        .windows(2)
        .map(|p| {
            let layer = (at, p[0], p[1]);
            at += (p[0] + 1) * p[1];
            layer
        })
        .collect()
}

/// The 10th percentile of the margins y·f(x) over `data` (nearest rank).
pub fn margin(mlp: &Mlp, w: &[f32], data: &Dataset) -> f32 {
    let mut ws = mlp.workspace(data.len());
    let out = mlp.forward(w, &data.x, &mut ws);
    let mut margins: Vec<f32> = out.iter().zip(&data.y).map(|(f, y)| f * y).collect();
    margins.sort_unstable_by(f32::total_cmp);
    let k = ((0.1 * margins.len() as f32).ceil() as usize).clamp(1, margins.len().max(1)) - 1;
    margins.get(k).copied().unwrap_or(0.0)
}

/// Σ_l log ‖W_l‖₂², the largest singular value of each weight matrix squared (biases
/// left out, as in Jiang et al.'s spectral measures).
pub fn spectral_log_sum(mlp: &Mlp, w: &[f32]) -> f32 {
    layers(mlp)
        .into_iter()
        .map(|(at, n_in, n_out)| {
            let m = DMatrix::from_row_slice(n_in, n_out, &w[at..at + n_in * n_out]);
            let s = m.singular_values().max();
            libm::logf(s * s)
        })
        .sum()
}

/// The path norm Σ_paths Π_{edges e} w_e² over every path from an input to the output
/// (Neyshabur et al. 2015; biases left out). It equals the output of the network with
/// every weight squared, no bias and no nonlinearity, fed the all-ones input: each unit
/// then holds the sum over the paths reaching it.
pub fn path_norm(mlp: &Mlp, w: &[f32]) -> f32 {
    let mut a = vec![1.0f64; mlp.widths[0]];
    for (at, n_in, n_out) in layers(mlp) {
        let mut z = vec![0.0f64; n_out];
        for i in 0..n_in {
            for (o, zo) in z.iter_mut().enumerate() {
                *zo += a[i] * f64::from(w[at + i * n_out + o]).powi(2);
            }
        }
        a = z;
    }
    a.iter().sum::<f64>() as f32
}

/// Training error (0–1) of weights `w`.
fn error(mlp: &Mlp, w: &[f32], data: &Dataset, ws: &mut crate::mlp::Workspace) -> f32 {
    1.0 - evaluate(mlp, w, data, Loss::Logistic, ws).accuracy
}

/// PAC-Bayes flatness (Jiang et al. eq. 48–49): the largest σ such that Gaussian noise u
/// on the weights raises the expected training error by at most `DEVIATION`,
/// E_u[err(w + u)] − err(w) ≤ 0.1, with u ~ N(0, σ²I), or, `magnitude`-aware, uᵢ ~
/// N(0, σ²wᵢ² + ε²). Bisection on log σ; the expectation is a mean over `draws` noise
/// draws, the same draws for every σ tried (so the estimate moves smoothly with σ).
/// `run` numbers the noise stream.
pub fn pacbayes_sigma(mlp: &Mlp, w: &[f32], data: &Dataset, magnitude: bool, draws: usize, seed: u64, run: u32) -> f32 {
    let mut ws = mlp.workspace(data.len());
    let base = error(mlp, w, data, &mut ws);
    let mut rng = seeded(seed, Stream::Other(43), run);
    let noise: Vec<f32> = (0..draws * w.len()).map(|_| normal(&mut rng, 0.0, 1.0)).collect();
    let mut moved = vec![0.0f32; w.len()];
    let mut rise = |sigma: f32| {
        let mut total = 0.0;
        for z in noise.chunks_exact(w.len()) {
            for ((m, &wi), &zi) in moved.iter_mut().zip(w).zip(z) {
                let std = if magnitude {
                    (sigma * sigma * wi * wi + MAGNITUDE_EPS2).sqrt()
                } else {
                    sigma
                };
                *m = wi + std * zi;
            }
            total += error(mlp, &moved, data, &mut ws);
        }
        total / draws.max(1) as f32 - base
    };
    let (mut lo, mut hi) = (SIGMA_RANGE.0.ln(), SIGMA_RANGE.1.ln());
    if rise(hi.exp()) <= DEVIATION {
        return hi.exp();
    }
    for _ in 0..HALVINGS {
        let mid = 0.5 * (lo + hi);
        if rise(mid.exp()) <= DEVIATION {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (0.5 * (lo + hi)).exp()
}

/// SAM's first-order ρ-sharpness (Foret et al. 2021): L(w + ρ·g/‖g‖) − L(w), the rise of
/// the training cross-entropy one step of length ρ uphill. It is not Jiang's sharpness
/// (a worst case found by many ascent steps on the error): one gradient step, nothing more.
pub fn rho_sharpness(mlp: &Mlp, w: &[f32], data: &Dataset, rho: f32) -> f32 {
    let mut ws = mlp.workspace(data.len());
    let mut g = vec![0.0f32; w.len()];
    let base = mlp.loss_and_grad(w, &data.x, &data.y, Loss::Logistic, &mut ws, &mut g);
    let norm = param_norm(&g);
    if norm == 0.0 || !norm.is_finite() {
        return 0.0;
    }
    let moved: Vec<f32> = w.iter().zip(&g).map(|(a, b)| a + rho * b / norm).collect();
    evaluate(mlp, &moved, data, Loss::Logistic, &mut ws).loss - base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;

    /// f(x) = w·x + b at x = 1 with label +1: under noise N(0, s²) on both parameters
    /// f ~ N(1, 2s²) (w = 1, b = 0), so the error is Φ(−1/(s√2)) and reaches 0.1 at
    /// s = 1/(z₀.₉·√2) with z₀.₉ = 1.28155. Magnitude-aware: the bias's noise is only
    /// ε, f ~ N(1, σ′² + 2ε²), so σ′ = 1/z₀.₉.
    #[test]
    fn sigma_bisection_finds_the_closed_form_sigma() {
        let mlp = Mlp::new(&[1, 1], Activation::Linear);
        let data = Dataset {
            dim: 1,
            x: vec![1.0],
            y: vec![1.0],
        };
        let w = [1.0, 0.0];
        let z90 = 1.28155f32;
        let plain = pacbayes_sigma(&mlp, &w, &data, false, 20_000, 3, 0);
        let expected = 1.0 / (z90 * 2f32.sqrt());
        assert!((plain / expected - 1.0).abs() < 0.03, "σ {plain} vs {expected}");
        let aware = pacbayes_sigma(&mlp, &w, &data, true, 20_000, 3, 1);
        assert!((aware * z90 - 1.0).abs() < 0.03, "σ′ {aware} vs {}", 1.0 / z90);
    }

    #[test]
    fn path_norm_equals_the_sum_over_enumerated_paths() {
        let mlp = Mlp::new(&[2, 3, 2, 1], Activation::Relu);
        let w = mlp.init(&mut seeded(5, Stream::Init, 0));
        // W₁ at 0 (2×3), b₁ at 6; W₂ at 9 (3×2), b₂ at 15; W₃ at 17 (2×1).
        let mut brute = 0.0f64;
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..2 {
                    let (a, b, c) = (w[i * 3 + j], w[9 + j * 2 + k], w[17 + k]);
                    brute += f64::from(a * a) * f64::from(b * b) * f64::from(c * c);
                }
            }
        }
        let found = f64::from(path_norm(&mlp, &w));
        assert!((found - brute).abs() < 1e-5 * brute, "{found} vs {brute}");
    }

    #[test]
    fn spectral_norm_of_a_known_matrix() {
        // One layer W = [[3, 0], [0, 1]]ᵀ laid out 2×2: ‖W‖₂ = 3, log 9; second layer (1, 0)ᵀ: log 1.
        let mlp = Mlp::new(&[2, 2, 1], Activation::Relu);
        let w = [3.0, 0.0, 0.0, 1.0, 0.5, 0.5, 1.0, 0.0, 0.2];
        assert!((spectral_log_sum(&mlp, &w) - 9f32.ln()).abs() < 1e-5);
    }

    #[test]
    fn margin_is_the_tenth_percentile() {
        let mlp = Mlp::new(&[1, 1], Activation::Linear);
        // f(x) = x; twenty points x = 1..20 with label +1, so margins 1..20 and the
        // nearest-rank 10th percentile is the 2nd smallest.
        let data = Dataset {
            dim: 1,
            x: (1..=20).map(|v| v as f32).collect(),
            y: vec![1.0; 20],
        };
        assert_eq!(margin(&mlp, &[1.0, 0.0], &data), 2.0);
    }

    #[test]
    fn rho_sharpness_of_a_linear_model_is_first_order() {
        // Squared-free check: the rise is positive and about ρ‖∇L‖ for small ρ.
        let mlp = Mlp::new(&[1, 1], Activation::Linear);
        let data = Dataset {
            dim: 1,
            x: vec![1.0],
            y: vec![1.0],
        };
        let w = [0.5, 0.0];
        let mut g = vec![0.0; 2];
        let mut ws = mlp.workspace(1);
        mlp.loss_and_grad(&w, &data.x, &data.y, Loss::Logistic, &mut ws, &mut g);
        let rho = 1e-3;
        let s = rho_sharpness(&mlp, &w, &data, rho);
        assert!((s / (rho * param_norm(&g)) - 1.0).abs() < 0.01, "{s}");
    }
}
