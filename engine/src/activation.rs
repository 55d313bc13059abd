//! Hidden-layer nonlinearities φ and their derivatives.

use serde::{Deserialize, Serialize};

/// The nonlinearity applied after every hidden layer (the output layer is linear).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activation {
    /// φ(z) = tanh z, φ′ = 1 − φ².
    Tanh,
    /// φ(z) = max(0, z), φ′ = [z > 0].
    Relu,
    /// φ(z) = z: a deep *linear* network (Arora et al. 2019).
    Linear,
}

impl Activation {
    /// Every activation, in menu order.
    pub const ALL: [Activation; 3] = [Activation::Tanh, Activation::Relu, Activation::Linear];

    /// The short name used in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Linear => "linear",
        }
    }

    /// The activation with URL name `key`, if any.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }

    /// φ(z).
    #[inline(always)]
    pub fn apply(self, z: f32) -> f32 {
        match self {
            Activation::Tanh => tanh(z),
            Activation::Relu => z.max(0.0),
            Activation::Linear => z,
        }
    }

    /// a ← φ(a) for every entry (one loop per activation, so it vectorises).
    pub fn apply_all(self, values: &mut [f32]) {
        match self {
            Activation::Tanh => values.iter_mut().for_each(|v| *v = tanh(*v)),
            Activation::Relu => values.iter_mut().for_each(|v| *v = v.max(0.0)),
            Activation::Linear => {}
        }
    }

    /// δ ← δ ⊙ φ′(z), given the outputs a = φ(z).
    pub fn multiply_by_derivative(self, delta: &mut [f32], outputs: &[f32]) {
        match self {
            Activation::Tanh => delta.iter_mut().zip(outputs).for_each(|(d, a)| *d *= 1.0 - a * a),
            Activation::Relu => delta.iter_mut().zip(outputs).for_each(|(d, &a)| {
                if a <= 0.0 {
                    *d = 0.0
                }
            }),
            Activation::Linear => {}
        }
    }

    /// φ′(z) written in terms of the output a = φ(z), so the backward pass needs only
    /// the stored activations.
    #[inline(always)]
    pub fn derivative_from_output(self, a: f32) -> f32 {
        match self {
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Linear => 1.0,
        }
    }
}

/// tanh z as a rational function p(z)/q(z) (odd degree 13 over even degree 6, the
/// minimax fit Eigen uses for `float`), with z clamped to ±7.905 where tanh = ±1 in f32.
/// Absolute error below 2·10⁻⁷. Written out rather than calling `f32::tanh` because it
/// is several times faster in WebAssembly and gives bit-identical results on every
/// platform (the system libm does not).
#[inline(always)]
pub fn tanh(z: f32) -> f32 {
    const A: [f32; 7] = [
        4.893_524_6e-3,
        6.372_619_3e-4,
        1.485_722_4e-5,
        5.122_297e-8,
        -8.604_672e-11,
        2.000_188e-13,
        -2.760_768_5e-16,
    ];
    const B: [f32; 4] = [4.893_525e-3, 2.268_434_6e-3, 1.185_347_1e-4, 1.198_258_4e-6];
    let x = z.clamp(-7.905_311, 7.905_311);
    let x2 = x * x;
    let mut p = A[6];
    for &a in A[..6].iter().rev() {
        p = p * x2 + a;
    }
    let q = ((B[3] * x2 + B[2]) * x2 + B[1]) * x2 + B[0];
    x * p / q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rational_tanh_matches_the_real_one() {
        let mut worst = 0.0f64;
        for i in -200_000..=200_000 {
            let z = i as f32 * 1e-4;
            let err = (f64::from(tanh(z)) - f64::from(z).tanh()).abs();
            worst = worst.max(err);
        }
        assert!(worst < 1e-6, "max error {worst}");
        assert_eq!(tanh(100.0), 1.0);
        assert_eq!(tanh(-100.0), -1.0);
        assert_eq!(tanh(0.0), 0.0);
    }

    #[test]
    fn derivatives_match_finite_differences() {
        for act in Activation::ALL {
            for &z in &[-1.3f32, -0.2, 0.4, 2.0] {
                let h = 1e-3f32;
                let numeric = (act.apply(z + h) - act.apply(z - h)) / (2.0 * h);
                let analytic = act.derivative_from_output(act.apply(z));
                assert!(
                    (numeric - analytic).abs() < 1e-3,
                    "{act:?} at {z}: {numeric} vs {analytic}"
                );
            }
        }
    }

    #[test]
    fn keys_round_trip() {
        for a in Activation::ALL {
            assert_eq!(Activation::from_key(a.key()), Some(a));
        }
        assert_eq!(Activation::from_key("sigmoid"), None);
    }
}
