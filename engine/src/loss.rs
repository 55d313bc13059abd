//! Per-example losses ℓ(f, y) of a scalar network output f against a target y.

use serde::{Deserialize, Serialize};

/// The training loss; the empirical risk is its mean over a (mini)batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Loss {
    /// Squared error ℓ = ½(f − y)², ∂ℓ/∂f = f − y.
    Mse,
    /// Logistic loss (binary cross-entropy on the logit f) for y ∈ {−1, +1}:
    /// ℓ = log(1 + e^(−y·f)), ∂ℓ/∂f = −y·σ(−y·f).
    Logistic,
}

impl Loss {
    /// Both losses, in menu order.
    pub const ALL: [Loss; 2] = [Loss::Mse, Loss::Logistic];

    /// The short name used in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Loss::Mse => "mse",
            Loss::Logistic => "logistic",
        }
    }

    /// The loss with URL name `key`, if any.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }

    /// ℓ(f, y).
    #[inline(always)]
    pub fn value(self, f: f32, y: f32) -> f32 {
        match self {
            Loss::Mse => 0.5 * (f - y) * (f - y),
            Loss::Logistic => softplus(-y * f),
        }
    }

    /// ∂ℓ/∂f at (f, y).
    #[inline(always)]
    pub fn derivative(self, f: f32, y: f32) -> f32 {
        match self {
            Loss::Mse => f - y,
            Loss::Logistic => -y * sigmoid(-y * f),
        }
    }
}

/// log(1 + eᵗ), computed without overflow as max(t, 0) + log(1 + e^(−|t|)). Transcendental
/// functions come from `libm` so that a run gives the same bits natively and in a browser.
fn softplus(t: f32) -> f32 {
    t.max(0.0) + libm::log1pf(libm::expf(-t.abs()))
}

/// σ(t) = 1 / (1 + e^(−t)).
fn sigmoid(t: f32) -> f32 {
    1.0 / (1.0 + libm::expf(-t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_finite_differences() {
        for loss in Loss::ALL {
            for &(f, y) in &[(0.3f32, 1.0f32), (-2.0, 1.0), (1.5, -1.0), (0.0, -1.0)] {
                let h = 1e-3;
                let numeric = (loss.value(f + h, y) - loss.value(f - h, y)) / (2.0 * h);
                assert!((numeric - loss.derivative(f, y)).abs() < 1e-3, "{loss:?} at {f},{y}");
            }
        }
    }

    #[test]
    fn logistic_is_stable_for_large_margins() {
        assert!(Loss::Logistic.value(100.0, 1.0) < 1e-30);
        assert!((Loss::Logistic.value(-100.0, 1.0) - 100.0).abs() < 1e-3);
        assert!(Loss::Logistic.derivative(-100.0, 1.0).is_finite());
    }
}
