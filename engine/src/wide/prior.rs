//! The prior: functions of randomly initialised nets of one width, and how close the
//! distribution of f(x₀) is to the Gaussian N(0, K(x₀, x₀)) the infinite-width limit gives
//! (Neal 1996).
//!
//! For one hidden layer the variance is K(x₀, x₀) at every width (the units are
//! independent and Var f = σ_w²·E[vⱼ²φ²] + σ_b² = K). What changes with width is the
//! shape: f is a sum of n independent terms, so its excess kurtosis is that of one term
//! divided by n (central limit theorem).

use super::kernels::Kernels;
use super::net::WideNet;
use serde::{Deserialize, Serialize};

/// A prior experiment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PriorSpec {
    /// Kernels and activation.
    pub act: super::Act,
    /// Hidden width n.
    pub width: usize,
    /// Seed of the pools.
    pub seed: u64,
    /// Networks drawn for the histogram M.
    pub draws: usize,
    /// The input x₀.
    pub x0: f64,
}

impl PriorSpec {
    /// The kernels of this architecture.
    pub fn kernels(&self) -> Kernels {
        Kernels {
            act: self.act,
            sigma_w: super::SIGMA_W,
            sigma_b: super::SIGMA_B,
        }
    }
}

/// Summary of M draws of f(x₀).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// K(x₀, x₀), the limit's variance.
    pub variance_k: f64,
    /// The draws' variance (about 0).
    pub sample_variance: f64,
    /// Sample excess kurtosis m₄/m₂² − 3 (0 for a Gaussian).
    pub excess_kurtosis: f64,
    /// Kolmogorov–Smirnov distance sup |F_M − Φ| to N(0, K(x₀, x₀)).
    pub ks: f64,
    /// Histogram counts over [−4σ, 4σ], σ = √K(x₀, x₀) (values outside in the end bins).
    pub counts: Vec<u32>,
}

/// The standard normal distribution function Φ(z) = ½·(1 + erf(z/√2)).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * (1.0 + libm::erf(z / std::f64::consts::SQRT_2))
}

/// Summarises draws `values` against N(0, variance).
pub fn summarise(mut values: Vec<f64>, variance: f64, bins: usize) -> Distribution {
    let m = values.len() as f64;
    let mean = values.iter().sum::<f64>() / m;
    let m2 = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / m;
    let m4 = values.iter().map(|v| (v - mean).powi(4)).sum::<f64>() / m;
    let sd = variance.sqrt();
    let mut counts = vec![0u32; bins];
    for v in &values {
        let k = ((v / sd + 4.0) / 8.0 * bins as f64)
            .floor()
            .clamp(0.0, bins as f64 - 1.0);
        counts[k as usize] += 1;
    }
    values.sort_unstable_by(f64::total_cmp);
    let ks = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let cdf = normal_cdf(v / sd);
            (cdf - i as f64 / m).max((i + 1) as f64 / m - cdf)
        })
        .fold(0.0, f64::max);
    Distribution {
        variance_k: variance,
        sample_variance: values.iter().map(|v| v * v).sum::<f64>() / m,
        excess_kurtosis: m4 / (m2 * m2) - 3.0,
        ks,
        counts,
    }
}

/// f(x₀) of the first `spec.draws` networks of width `spec.width` (pools 0, 1, …).
pub fn draws_at(spec: &PriorSpec, mut progress: impl FnMut(usize)) -> Vec<f64> {
    let kernels = spec.kernels();
    (0..spec.draws)
        .map(|m| {
            if m % 100 == 0 {
                progress(m);
            }
            WideNet::from_pool(&kernels, spec.width, spec.seed, m as u32 + 1).eval(spec.x0)
        })
        .collect()
}

/// `count` sample functions of width `width` on `grid` (pools 1, 2, …).
pub fn sample_functions(spec: &PriorSpec, grid: &[f64], count: usize) -> Vec<Vec<f64>> {
    let kernels = spec.kernels();
    (0..count)
        .map(|m| {
            let net = WideNet::from_pool(&kernels, spec.width, spec.seed, m as u32 + 1);
            grid.iter().map(|&x| net.eval(x)).collect()
        })
        .collect()
}
