//! The infinite-width kernels of the one-hidden-layer net, in closed form.
//!
//! With Σ¹(x, x′) = σ_w²·x·x′ + σ_b² the covariance of the pre-activations h(x), h(x′):
//! - NNGP (Neal 1996): K(x, x′) = σ_w²·E[φ(h)φ(h′)] + σ_b²;
//! - NTK (Jacot et al. 2018): Θ(x, x′) = K(x, x′) + σ_w²·Σ¹(x, x′)·E[φ′(h)φ′(h′)],
//!   the first term from the output layer (v, c), the second from the hidden one (u, b).
//!
//! The expectations over (h, h′) ~ N(0, Σ¹) in closed form:
//! - erf (Williams 1997): E[erf h · erf h′] = (2/π)·arcsin(2Σ₁₂ / √((1 + 2Σ₁₁)(1 + 2Σ₂₂)));
//!   erf′(h) = (2/√π)·e^(−h²), so E[erf′ erf′] = (4/π) / √((1 + 2Σ₁₁)(1 + 2Σ₂₂) − 4Σ₁₂²).
//! - ReLU (Cho and Saul 2009, arc-cosine kernels of degree 1 and 0), with cos ϑ = Σ₁₂/√(Σ₁₁Σ₂₂):
//!   E[relu h · relu h′] = √(Σ₁₁Σ₂₂)·(sin ϑ + (π − ϑ)·cos ϑ)/(2π); E[step h · step h′] = (π − ϑ)/(2π).

use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// The hidden units' activation φ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Act {
    /// The error function (smooth, bounded).
    Erf,
    /// max(0, h).
    Relu,
}

impl Act {
    /// φ(h) and φ′(h).
    #[inline]
    pub fn value_slope(self, h: f64) -> (f64, f64) {
        match self {
            Act::Erf => erf_and_slope(h),
            Act::Relu if h > 0.0 => (h, 1.0),
            Act::Relu => (0.0, 0.0),
        }
    }

    /// (E[φφ′], E[φ′φ′′]) for the pre-activation covariance (s11, s12, s22).
    pub fn expectations(self, s11: f64, s12: f64, s22: f64) -> (f64, f64) {
        match self {
            Act::Erf => {
                let (a, b) = (1.0 + 2.0 * s11, 1.0 + 2.0 * s22);
                let phi = 2.0 / PI * (2.0 * s12 / (a * b).sqrt()).clamp(-1.0, 1.0).asin();
                let slope = 4.0 / PI / (a * b - 4.0 * s12 * s12).max(1e-300).sqrt();
                (phi, slope)
            }
            Act::Relu => {
                let norms = (s11 * s22).sqrt();
                if norms <= 0.0 {
                    return (0.0, 0.25);
                }
                let cos = (s12 / norms).clamp(-1.0, 1.0);
                let angle = cos.acos();
                let phi = norms * ((1.0 - cos * cos).sqrt() + (PI - angle) * cos) / (2.0 * PI);
                (phi, (PI - angle) / (2.0 * PI))
            }
        }
    }
}

/// (erf h, erf′ h) with one exponential: erf to within 1.5·10⁻⁷ by Abramowitz and Stegun
/// 7.1.26, erf h ≈ 1 − (a₁τ + … + a₅τ⁵)·e^(−h²) with τ = 1/(1 + p·h) for h ≥ 0, sharing
/// e^(−h²) with erf′ h = (2/√π)·e^(−h²). Three times faster than `libm::erf` plus `exp`;
/// training a wide net is mostly this function.
#[inline]
pub fn erf_and_slope(h: f64) -> (f64, f64) {
    const P: f64 = 0.327_591_1;
    const A: [f64; 5] = [
        0.254_829_592,
        -0.284_496_736,
        1.421_413_741,
        -1.453_152_027,
        1.061_405_429,
    ];
    let z = h.abs();
    let gauss = libm::exp(-z * z);
    let t = 1.0 / (1.0 + P * z);
    let poly = t * (A[0] + t * (A[1] + t * (A[2] + t * (A[3] + t * A[4]))));
    let erf = 1.0 - poly * gauss;
    (if h < 0.0 { -erf } else { erf }, 2.0 / PI.sqrt() * gauss)
}

/// The infinite-width kernels of one architecture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kernels {
    /// φ.
    pub act: Act,
    /// σ_w.
    pub sigma_w: f64,
    /// σ_b.
    pub sigma_b: f64,
}

impl Kernels {
    /// Σ¹(x, x′) = σ_w²·x·x′ + σ_b².
    pub fn sigma1(&self, x: f64, y: f64) -> f64 {
        self.sigma_w * self.sigma_w * x * y + self.sigma_b * self.sigma_b
    }

    /// (K, Θ) at (x, x′).
    pub fn pair(&self, x: f64, y: f64) -> (f64, f64) {
        let (s11, s12, s22) = (self.sigma1(x, x), self.sigma1(x, y), self.sigma1(y, y));
        let (e_phi, e_slope) = self.act.expectations(s11, s12, s22);
        let w2 = self.sigma_w * self.sigma_w;
        let k = w2 * e_phi + self.sigma_b * self.sigma_b;
        (k, k + w2 * s12 * e_slope)
    }

    /// The NNGP kernel K(x, x′).
    pub fn nngp(&self, x: f64, y: f64) -> f64 {
        self.pair(x, y).0
    }

    /// The neural tangent kernel Θ(x, x′).
    pub fn ntk(&self, x: f64, y: f64) -> f64 {
        self.pair(x, y).1
    }

    /// The kernel that governs training: Θ, or K when only the last layer trains (its
    /// gradient features are the hidden units themselves).
    pub fn training(&self, last_only: bool) -> impl Fn(f64, f64) -> f64 + '_ {
        move |x, y| if last_only { self.nngp(x, y) } else { self.ntk(x, y) }
    }
}
