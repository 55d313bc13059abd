//! Seeded toy datasets: 2-D binary classification and 1-D regression.
//!
//! Classification labels are y ∈ {−1, +1} (the sign of the network output is the
//! prediction); regression targets are real. All inputs lie roughly in [−1.5, 1.5]ᵈ so
//! that one initialisation scale suits every dataset.

use crate::rng::{normal, shuffle, uniform, Rng};
use serde::{Deserialize, Serialize};
use std::f32::consts::PI;

/// A set of examples stored row-major: example i is `x[i*dim..(i+1)*dim]` with target `y[i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Input dimension d.
    pub dim: usize,
    /// Inputs, n × d, row-major.
    pub x: Vec<f32>,
    /// Targets, n.
    pub y: Vec<f32>,
}

/// The datasets the app offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DatasetKind {
    /// Two interleaved half circles (scikit-learn's `make_moons`).
    Moons,
    /// A disc inside a ring.
    Circles,
    /// The four quadrants, labelled by the sign of x₁·x₂.
    Xor,
    /// Two Gaussian blobs.
    Blobs,
    /// Two interleaved Archimedean spirals.
    Spirals,
    /// 1-D regression: y = sin(3x) + x/2 plus Gaussian noise.
    Regression,
}

impl DatasetKind {
    /// Every kind, in menu order.
    pub const ALL: [DatasetKind; 6] = [
        DatasetKind::Moons,
        DatasetKind::Circles,
        DatasetKind::Xor,
        DatasetKind::Blobs,
        DatasetKind::Spirals,
        DatasetKind::Regression,
    ];

    /// The short name used in URLs.
    pub fn key(self) -> &'static str {
        match self {
            DatasetKind::Moons => "moons",
            DatasetKind::Circles => "circles",
            DatasetKind::Xor => "xor",
            DatasetKind::Blobs => "blobs",
            DatasetKind::Spirals => "spirals",
            DatasetKind::Regression => "regression",
        }
    }

    /// The kind with URL name `key`, if any.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Input dimension of this kind's examples.
    pub fn dim(self) -> usize {
        if self == DatasetKind::Regression {
            1
        } else {
            2
        }
    }

    /// Whether targets are class labels ±1 (otherwise real-valued).
    pub fn is_classification(self) -> bool {
        self != DatasetKind::Regression
    }
}

/// The noiseless regression target f*(x) = sin(3x) + x/2.
pub fn regression_target(x: f32) -> f32 {
    libm::sinf(3.0 * x) + 0.5 * x
}

impl Dataset {
    /// Number of examples n.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether the set has no examples.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Input of example i.
    pub fn input(&self, i: usize) -> &[f32] {
        &self.x[i * self.dim..(i + 1) * self.dim]
    }

    /// Draws n examples of `kind`; `noise` is the standard deviation of the Gaussian
    /// jitter added to each input (classification) or target (regression). Half the
    /// examples carry each label.
    pub fn generate(kind: DatasetKind, n: usize, noise: f32, rng: &mut Rng) -> Dataset {
        let mut data = Dataset {
            dim: kind.dim(),
            x: Vec::with_capacity(n * kind.dim()),
            y: Vec::with_capacity(n),
        };
        for i in 0..n {
            let label = if i % 2 == 0 { 1.0 } else { -1.0 };
            match kind {
                DatasetKind::Regression => {
                    let x = uniform(rng, -1.5, 1.5);
                    data.x.push(x);
                    data.y.push(regression_target(x) + normal(rng, 0.0, noise));
                    continue;
                }
                _ => {
                    let (a, b) = clean_point(kind, label, rng);
                    data.x.push(a + normal(rng, 0.0, noise));
                    data.x.push(b + normal(rng, 0.0, noise));
                }
            }
            data.y.push(label);
        }
        data
    }

    /// Replaces the targets of round(q·n) randomly chosen examples by random ones
    /// (Zhang et al. 2016, "partially corrupted labels"): a fresh uniform label ±1 for
    /// classification, a draw from N(0, 1) for regression. With q = 1 inputs and labels
    /// are independent, so no function can beat chance on fresh data.
    pub fn corrupt_labels(&mut self, q: f32, classification: bool, rng: &mut Rng) {
        let n = self.len();
        let k = ((q.clamp(0.0, 1.0) * n as f32).round() as usize).min(n);
        let mut order: Vec<usize> = (0..n).collect();
        shuffle(rng, &mut order);
        for &i in &order[..k] {
            self.y[i] = if classification {
                if uniform(rng, 0.0, 1.0) < 0.5 {
                    1.0
                } else {
                    -1.0
                }
            } else {
                normal(rng, 0.0, 1.0)
            };
        }
    }

    /// The examples whose indices are listed, in that order.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let mut out = Dataset {
            dim: self.dim,
            x: Vec::with_capacity(indices.len() * self.dim),
            y: Vec::with_capacity(indices.len()),
        };
        for &i in indices {
            out.x.extend_from_slice(self.input(i));
            out.y.push(self.y[i]);
        }
        out
    }

    /// A random split into (train, test) with round(fraction·n) training examples.
    pub fn split(&self, train_fraction: f32, rng: &mut Rng) -> (Dataset, Dataset) {
        let n = self.len();
        let n_train = ((train_fraction.clamp(0.0, 1.0) * n as f32).round() as usize).min(n);
        let mut order: Vec<usize> = (0..n).collect();
        shuffle(rng, &mut order);
        (self.subset(&order[..n_train]), self.subset(&order[n_train..]))
    }
}

/// One noiseless point of class `label` for a 2-D dataset.
fn clean_point(kind: DatasetKind, label: f32, rng: &mut Rng) -> (f32, f32) {
    let positive = label > 0.0;
    match kind {
        DatasetKind::Moons => {
            // Upper moon: (cos t, sin t); lower moon: (1 − cos t, 0.5 − sin t); then centred.
            let t = uniform(rng, 0.0, PI);
            let (a, b) = if positive {
                (libm::cosf(t), libm::sinf(t))
            } else {
                (1.0 - libm::cosf(t), 0.5 - libm::sinf(t))
            };
            (a - 0.5, b - 0.25)
        }
        DatasetKind::Circles => {
            let r = if positive {
                uniform(rng, 0.0, 0.5)
            } else {
                uniform(rng, 0.8, 1.2)
            };
            let t = uniform(rng, 0.0, 2.0 * PI);
            (r * libm::cosf(t), r * libm::sinf(t))
        }
        DatasetKind::Xor => {
            let pad = 0.05;
            let mut a = uniform(rng, pad, 1.2);
            let mut b = uniform(rng, pad, 1.2);
            if uniform(rng, 0.0, 1.0) < 0.5 {
                a = -a;
            }
            // Sign of x₁·x₂ equals the label.
            if (a > 0.0) != positive {
                b = -b;
            }
            (a, b)
        }
        DatasetKind::Blobs => {
            let c = if positive { 0.6 } else { -0.6 };
            (c + normal(rng, 0.0, 0.35), c + normal(rng, 0.0, 0.35))
        }
        DatasetKind::Spirals => {
            // r = t/(2π)·0.4 + 0.1, two arms half a turn apart.
            let t = uniform(rng, 0.0, 3.0 * PI);
            let r = 0.1 + 0.4 * t / PI;
            let phase = if positive { 0.0 } else { PI };
            (r * libm::cosf(t + phase) * 0.9, r * libm::sinf(t + phase) * 0.9)
        }
        DatasetKind::Regression => unreachable!("regression points are drawn in generate"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{seeded, Stream};

    #[test]
    fn every_kind_is_seeded_and_balanced() {
        for kind in DatasetKind::ALL {
            let a = Dataset::generate(kind, 101, 0.1, &mut seeded(4, Stream::Data, 0));
            let b = Dataset::generate(kind, 101, 0.1, &mut seeded(4, Stream::Data, 0));
            let c = Dataset::generate(kind, 101, 0.1, &mut seeded(5, Stream::Data, 0));
            assert_eq!(a, b, "{kind:?} not deterministic");
            assert_ne!(a, c, "{kind:?} ignores the seed");
            assert_eq!(a.len(), 101);
            assert_eq!(a.x.len(), 101 * kind.dim());
            assert!(a.x.iter().all(|v| v.abs() < 3.0), "{kind:?} inputs out of range");
            if kind.is_classification() {
                let pos = a.y.iter().filter(|&&y| y > 0.0).count();
                assert_eq!(pos, 51);
            }
        }
    }

    #[test]
    fn xor_labels_follow_the_quadrant_without_noise() {
        let d = Dataset::generate(DatasetKind::Xor, 200, 0.0, &mut seeded(1, Stream::Data, 0));
        for i in 0..d.len() {
            let p = d.input(i);
            assert_eq!((p[0] * p[1]).signum(), d.y[i]);
        }
    }

    #[test]
    fn circles_separate_by_radius_without_noise() {
        let d = Dataset::generate(DatasetKind::Circles, 200, 0.0, &mut seeded(1, Stream::Data, 0));
        for i in 0..d.len() {
            let p = d.input(i);
            let r = (p[0] * p[0] + p[1] * p[1]).sqrt();
            assert_eq!(r < 0.65, d.y[i] > 0.0);
        }
    }

    #[test]
    fn full_corruption_makes_labels_independent_of_inputs() {
        let clean = Dataset::generate(DatasetKind::Circles, 4000, 0.0, &mut seeded(1, Stream::Data, 0));
        let mut noisy = clean.clone();
        noisy.corrupt_labels(1.0, true, &mut seeded(1, Stream::Other(0), 0));
        let agree = clean.y.iter().zip(&noisy.y).filter(|(a, b)| a == b).count() as f32 / 4000.0;
        assert!((agree - 0.5).abs() < 0.03, "agreement {agree}");
        let mut untouched = clean.clone();
        untouched.corrupt_labels(0.0, true, &mut seeded(1, Stream::Other(0), 0));
        assert_eq!(untouched, clean);
    }

    #[test]
    fn split_partitions_the_examples() {
        let d = Dataset::generate(DatasetKind::Moons, 50, 0.1, &mut seeded(2, Stream::Data, 0));
        let (train, test) = d.split(0.8, &mut seeded(2, Stream::Data, 1));
        assert_eq!((train.len(), test.len()), (40, 10));
        let mut all: Vec<f32> = train.x.iter().chain(&test.x).copied().collect();
        let mut orig = d.x.clone();
        all.sort_unstable_by(f32::total_cmp);
        orig.sort_unstable_by(f32::total_cmp);
        assert_eq!(all, orig);
    }
}
