//! The lab's training set: N points stratified on [−1, 1] (one per cell of width 2/N,
//! jittered inside it; plain random points can nearly coincide and make the kernel
//! matrix ill-conditioned), with targets y = A·sin(πx).

use crate::rng::{seeded, Stream};
use rand::Rng as _;

/// Training inputs and targets.
#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    /// Inputs xᵢ, increasing.
    pub x: Vec<f64>,
    /// Targets yᵢ = A·sin(πxᵢ).
    pub y: Vec<f64>,
}

impl Data {
    /// `n` stratified points with amplitude `amp`, seeded.
    pub fn new(n: usize, amp: f64, seed: u64) -> Data {
        let mut rng = seeded(seed, Stream::Data, 0);
        let width = 2.0 / n as f64;
        // Jitter within the middle 80 % of each cell, so neighbours never touch.
        let x: Vec<f64> = (0..n)
            .map(|k| -1.0 + width * (k as f64 + 0.1 + 0.8 * rng.random::<f64>()))
            .collect();
        let y = x.iter().map(|&x| amp * libm::sin(std::f64::consts::PI * x)).collect();
        Data { x, y }
    }

    /// Root mean square of the targets (the scale distances are divided by).
    pub fn target_rms(&self) -> f64 {
        rms(&self.y)
    }
}

/// √(mean of squares).
pub fn rms(v: &[f64]) -> f64 {
    (v.iter().map(|a| a * a).sum::<f64>() / v.len().max(1) as f64).sqrt()
}
