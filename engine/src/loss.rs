//! Per-example losses: ℓ(f, y) of a scalar network output f against a target y, and the
//! multi-class softmax cross-entropy of a vector of logits against a class label.

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

/// Softmax cross-entropy of logits f ∈ ℝᴷ against class y: ℓ = −log softmax(f)_y =
/// log Σ_k e^{f_k} − f_y, written with m = max_k f_k as log Σ_k e^{f_k − m} − (f_y − m) so
/// that no exponential overflows. Writes ∂ℓ/∂f = softmax(f) − e_y into `grad` (length K)
/// and returns ℓ. `libm` gives the same bits natively and in a browser.
pub fn softmax_cross_entropy(f: &[f32], y: usize, grad: &mut [f32]) -> f32 {
    let m = f.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for (g, &v) in grad.iter_mut().zip(f) {
        *g = libm::expf(v - m);
        sum += *g;
    }
    let inv = 1.0 / sum;
    grad.iter_mut().for_each(|g| *g *= inv);
    grad[y] -= 1.0;
    libm::logf(sum) - (f[y] - m)
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
    #[test]
    fn softmax_cross_entropy_matches_finite_differences_and_is_stable() {
        let f = [0.3f32, -1.2, 2.0, 0.0];
        let mut grad = [0.0; 4];
        let value = softmax_cross_entropy(&f, 1, &mut grad);
        let exact = f.iter().map(|v| f64::from(*v).exp()).sum::<f64>().ln() - f64::from(f[1]);
        assert!((f64::from(value) - exact).abs() < 1e-6, "{value} vs {exact}");
        let mut scratch = [0.0; 4];
        for k in 0..4 {
            let h = 1e-2;
            let (mut plus, mut minus) = (f, f);
            plus[k] += h;
            minus[k] -= h;
            let numeric = (softmax_cross_entropy(&plus, 1, &mut scratch)
                - softmax_cross_entropy(&minus, 1, &mut scratch))
                / (2.0 * h);
            assert!((numeric - grad[k]).abs() < 1e-3, "∂ℓ/∂f{k}: {numeric} vs {}", grad[k]);
        }
        assert!(grad.iter().sum::<f32>().abs() < 1e-6);
        // Logits of ±1000 would overflow e^f: shifted by the maximum they do not.
        let value = softmax_cross_entropy(&[1000.0, -1000.0, 999.0], 2, &mut scratch[..3]);
        assert!((value - (1.0 + (-1.0f32).exp().ln_1p())).abs() < 1e-4, "{value}");
        assert!(scratch[..3].iter().all(|g| g.is_finite()));
    }
}
