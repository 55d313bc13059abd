//! The finite network f(x) = σ_w/√n · Σⱼ vⱼ φ(σ_w·uⱼ·x + σ_b·bⱼ) + σ_b·c (NTK
//! parametrisation: every parameter N(0, 1), the scales written into the function, so
//! that a learning rate of order one suits every width; Jacot et al. 2018).
//!
//! Units come from one seeded pool: unit j of a network is the same at every width, so a
//! wider network is the narrower one plus more units.

use super::kernels::{Act, Kernels};
use crate::rng::{seeded, Stream};
use nalgebra::DMatrix;
use rand_distr::{Distribution, StandardNormal};

/// One network's parameters θ = (u, b, v, c).
#[derive(Clone, Debug, PartialEq)]
pub struct WideNet {
    /// φ.
    pub act: Act,
    /// σ_w.
    pub sigma_w: f64,
    /// σ_b.
    pub sigma_b: f64,
    /// Input weights uⱼ.
    pub u: Vec<f64>,
    /// Hidden biases bⱼ.
    pub b: Vec<f64>,
    /// Output weights vⱼ.
    pub v: Vec<f64>,
    /// Output bias c.
    pub c: f64,
}

impl WideNet {
    /// The first `width` units of pool `run` of `seed` (c first, then (uⱼ, bⱼ, vⱼ) unit by unit).
    pub fn from_pool(kernels: &Kernels, width: usize, seed: u64, run: u32) -> WideNet {
        let mut rng = seeded(seed, Stream::Init, run);
        let mut normal = || -> f64 { StandardNormal.sample(&mut rng) };
        let c = normal();
        let (mut u, mut b, mut v) = (
            Vec::with_capacity(width),
            Vec::with_capacity(width),
            Vec::with_capacity(width),
        );
        for _ in 0..width {
            u.push(normal());
            b.push(normal());
            v.push(normal());
        }
        WideNet {
            act: kernels.act,
            sigma_w: kernels.sigma_w,
            sigma_b: kernels.sigma_b,
            u,
            b,
            v,
            c,
        }
    }

    /// Hidden width n.
    pub fn width(&self) -> usize {
        self.v.len()
    }

    /// Number of parameters, 3n + 1.
    pub fn len(&self) -> usize {
        3 * self.width() + 1
    }

    /// Whether the net has no hidden unit.
    pub fn is_empty(&self) -> bool {
        self.v.is_empty()
    }

    /// σ_w/√n, the output layer's scale.
    pub fn out_scale(&self) -> f64 {
        self.sigma_w / (self.width().max(1) as f64).sqrt()
    }

    /// f(x).
    pub fn eval(&self, x: f64) -> f64 {
        let mut sum = 0.0;
        for j in 0..self.width() {
            let h = self.sigma_w * self.u[j] * x + self.sigma_b * self.b[j];
            sum += self.v[j] * self.act.value_slope(h).0;
        }
        self.out_scale() * sum + self.sigma_b * self.c
    }

    /// ∇_θ f(x) in the order (u, b, v, c):
    /// ∂f/∂uⱼ = σ_w/√n·vⱼ·φ′(hⱼ)·σ_w·x, ∂f/∂bⱼ = σ_w/√n·vⱼ·φ′(hⱼ)·σ_b, ∂f/∂vⱼ = σ_w/√n·φ(hⱼ), ∂f/∂c = σ_b.
    pub fn gradient(&self, x: f64) -> Vec<f64> {
        let n = self.width();
        let s = self.out_scale();
        let mut g = vec![0.0; self.len()];
        for j in 0..n {
            let h = self.sigma_w * self.u[j] * x + self.sigma_b * self.b[j];
            let (phi, slope) = self.act.value_slope(h);
            g[j] = s * self.v[j] * slope * self.sigma_w * x;
            g[n + j] = s * self.v[j] * slope * self.sigma_b;
            g[2 * n + j] = s * phi;
        }
        g[3 * n] = self.sigma_b;
        g
    }

    /// All parameters as one vector, in the order of `gradient`.
    pub fn params(&self) -> Vec<f64> {
        let mut p = Vec::with_capacity(self.len());
        p.extend_from_slice(&self.u);
        p.extend_from_slice(&self.b);
        p.extend_from_slice(&self.v);
        p.push(self.c);
        p
    }

    /// The empirical tangent kernel J·Jᵀ on `xs` (Jacot et al. 2018), of every parameter
    /// or, with `last_only`, of the output layer's (v, c) only.
    pub fn empirical_kernel(&self, xs: &[f64], last_only: bool) -> DMatrix<f64> {
        let n = self.width();
        let from = if last_only { 2 * n } else { 0 };
        let rows: Vec<Vec<f64>> = xs.iter().map(|&x| self.gradient(x)[from..].to_vec()).collect();
        DMatrix::from_fn(xs.len(), xs.len(), |i, k| {
            rows[i].iter().zip(&rows[k]).map(|(a, b)| a * b).sum()
        })
    }
}
