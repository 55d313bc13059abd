//! Infinite width: a one-hidden-layer network in the NTK parametrisation, its
//! infinite-width kernels (NNGP, Neal 1996; NTK, Jacot et al. 2018), kernel regression,
//! full-batch gradient descent and how far training moves the weights (lazy training,
//! Chizat, Oyallon and Bach 2019).
//!
//! The model, for 1-D inputs, with every parameter drawn N(0, 1):
//! f(x) = σ_w/√n · Σⱼ vⱼ φ(σ_w·uⱼ·x + σ_b·bⱼ) + σ_b·c.

pub mod data;
pub mod kernels;
pub mod net;
pub mod prior;
pub mod regression;
pub mod train;

pub use kernels::{Act, Kernels};
pub use net::WideNet;

/// σ_w, the input and output weight scale of the defaults.
pub const SIGMA_W: f64 = 1.5;
/// σ_b, the bias scale of the defaults.
pub const SIGMA_B: f64 = 0.5;

/// `n` points evenly spaced on [lo, hi] (the grid every function is drawn on).
pub fn grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|k| lo + (hi - lo) * k as f64 / (n - 1).max(1) as f64)
        .collect()
}
