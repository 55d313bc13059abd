//! Analytic loss surfaces over two parameters w = (w₁, w₂), for watching optimisers
//! where everything can be drawn.

use crate::activation::tanh;
use serde::{Deserialize, Serialize};

/// A quadratic bowl q(w) = h + (a/2)‖w − c‖²: floor height h, curvature a, centre c.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bowl {
    /// Centre c (the minimum).
    pub centre: [f32; 2],
    /// Curvature a > 0: the Hessian at the centre is a·I, so a is the sharpness.
    pub curvature: f32,
    /// Floor height h.
    pub floor: f32,
}

/// A landscape of several basins: the smooth minimum of quadratic bowls,
/// L(w) = −T·log Σ_k exp(−q_k(w)/T). Inside basin k (where q_k is smallest by more
/// than a few T) L ≈ q_k, so each basin keeps its curvature right up to the ridge
/// between basins, which T rounds off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Basins {
    /// The bowls.
    pub bowls: Vec<Bowl>,
    /// Softness T > 0 of the ridges.
    pub softness: f32,
}

impl Basins {
    /// Preset (a): a sharp basin (curvature 30) at (−0.6, 0.4) and a flat one
    /// (curvature 3) at (0.6, −0.3) whose floor is 0.05 higher, so plain descent has
    /// no reason to leave the sharp one.
    pub fn sharp_and_flat() -> Self {
        Basins {
            bowls: vec![
                Bowl {
                    centre: [-0.6, 0.4],
                    curvature: 30.0,
                    floor: 0.0,
                },
                Bowl {
                    centre: [0.6, -0.3],
                    curvature: 3.0,
                    floor: 0.05,
                },
            ],
            softness: 0.02,
        }
    }

    /// L(w) and ∇L(w) = Σ_k π_k ∇q_k(w) with π = softmax(−q/T) and ∇q_k = a_k (w − c_k).
    pub fn value_grad(&self, w: [f32; 2]) -> (f32, [f32; 2]) {
        let (least, total, grad) = self.softmin_parts(w);
        (least - self.softness * total.ln(), grad)
    }

    /// ∇L(w) alone.
    pub fn grad(&self, w: [f32; 2]) -> [f32; 2] {
        self.softmin_parts(w).2
    }

    /// (min_k q_k, Σ_k exp(−(q_k − min)/T), ∇L), in two passes without allocating: this
    /// runs millions of times for a basin map.
    fn softmin_parts(&self, w: [f32; 2]) -> (f32, f32, [f32; 2]) {
        let least = self.bowls.iter().map(|b| b.value(w)).fold(f32::INFINITY, f32::min);
        let (mut total, mut grad) = (0.0, [0.0; 2]);
        for bowl in &self.bowls {
            // Weights below e⁻³⁰ ≈ 10⁻¹³ are dropped: away from the ridges no exp is needed.
            let z = (bowl.value(w) - least) / self.softness;
            let p = if z == 0.0 {
                1.0
            } else if z > 30.0 {
                0.0
            } else {
                (-z).exp()
            };
            total += p;
            grad[0] += p * bowl.curvature * (w[0] - bowl.centre[0]);
            grad[1] += p * bowl.curvature * (w[1] - bowl.centre[1]);
        }
        (least, total, [grad[0] / total, grad[1] / total])
    }
}

/// The 2-D loss surfaces of the sharpness panel, each a real function of w = (w₁, w₂).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Surface {
    /// Smooth minimum of quadratic bowls (preset "wells": a sharp and a flat basin).
    Basins(Basins),
    /// A long narrow valley: L = ½(a_across·u² + a_along·v²) in coordinates (u, v)
    /// rotated by `angle` from (w₁, w₂).
    Valley {
        /// Curvature across the valley.
        across: f32,
        /// Curvature along the valley floor.
        along: f32,
        /// Direction of the valley floor, radians from the w₁ axis.
        angle: f32,
    },
    /// A valley of global minima whose sharpness varies along it:
    /// L(w) = ½(1 + a·w₁²)·w₂². Every w with w₂ = 0 is a global minimum (L = 0), and the
    /// curvature across the valley there is 1 + a·w₁² (the Hessian is diag(0, 1 + a·w₁²)).
    /// Gradient descent stops wherever it reaches the floor; SAM drifts along it towards
    /// w₁ = 0, the flattest minimum (Wen, Ma and Li 2022).
    MinimaValley {
        /// How fast the curvature grows along the valley.
        a: f32,
    },
    /// Empirical risk R̂(w) = (1/2n) Σ (w₂·tanh(w₁·s·x_i) − y_i)² of the two-parameter model
    /// f(x) = w₂·tanh(w₁·x) (s = 1), or of the linear model f(x) = s·w₁·x + w₂ when
    /// `linear` (s = 1 or 10: the same functions, a different parametrisation).
    Model {
        /// Which model: tanh unit or linear.
        linear: bool,
        /// The factor s in front of w₁.
        scale: f32,
        /// Inputs x_i.
        x: Vec<f32>,
        /// Targets y_i.
        y: Vec<f32>,
    },
}

impl Surface {
    /// L(w) and ∇L(w).
    pub fn value_grad(&self, w: [f32; 2]) -> (f32, [f32; 2]) {
        match self {
            Surface::Basins(b) => b.value_grad(w),
            Surface::Valley { across, along, angle } => {
                let (c, s) = (angle.cos(), angle.sin());
                let v = c * w[0] + s * w[1];
                let u = -s * w[0] + c * w[1];
                let (gu, gv) = (across * u, along * v);
                (
                    0.5 * (across * u * u + along * v * v),
                    [c * gv - s * gu, s * gv + c * gu],
                )
            }
            Surface::MinimaValley { a } => {
                let across = 1.0 + a * w[0] * w[0];
                (0.5 * across * w[1] * w[1], [a * w[0] * w[1] * w[1], across * w[1]])
            }
            Surface::Model { linear, scale, x, y } => {
                let n = x.len().max(1) as f32;
                let (mut loss, mut g0, mut g1) = (0.0, 0.0, 0.0);
                for (&xi, &yi) in x.iter().zip(y) {
                    // r = f(x) − y; ∂f/∂w₁ and ∂f/∂w₂ for each model.
                    let (f, d0, d1) = if *linear {
                        (scale * w[0] * xi + w[1], scale * xi, 1.0)
                    } else {
                        let t = tanh(w[0] * scale * xi);
                        (w[1] * t, w[1] * (1.0 - t * t) * scale * xi, t)
                    };
                    let r = f - yi;
                    loss += 0.5 * r * r;
                    g0 += r * d0;
                    g1 += r * d1;
                }
                (loss / n, [g0 / n, g1 / n])
            }
        }
    }

    /// The oracle optimisers take: writes ∇L(w) into g, returns L(w).
    pub fn oracle(&self) -> impl FnMut(&[f32], &mut [f32]) -> f32 + '_ {
        move |w, g| {
            let (value, grad) = self.value_grad([w[0], w[1]]);
            g.copy_from_slice(&grad);
            value
        }
    }

    /// The number of training points, for a surface built from data.
    pub fn data_len(&self) -> Option<usize> {
        match self {
            Surface::Model { x, .. } => Some(x.len()),
            _ => None,
        }
    }

    /// The same loss on the training points `indices` only (a minibatch); an analytic
    /// surface is returned as it is.
    pub fn subset(&self, indices: &[usize]) -> Surface {
        match self {
            Surface::Model { linear, scale, x, y } => Surface::Model {
                linear: *linear,
                scale: *scale,
                x: indices.iter().map(|&i| x[i]).collect(),
                y: indices.iter().map(|&i| y[i]).collect(),
            },
            other => other.clone(),
        }
    }

    /// L(w) alone.
    pub fn value(&self, w: [f32; 2]) -> f32 {
        self.value_grad(w).0
    }

    /// ∇L(w) alone: for the well presets this skips the logarithm that only the value
    /// needs, which matters for basin maps (millions of gradients).
    pub fn grad(&self, w: [f32; 2]) -> [f32; 2] {
        match self {
            Surface::Basins(b) => b.grad(w),
            _ => self.value_grad(w).1,
        }
    }
}

impl Bowl {
    /// q(w) = h + (a/2)‖w − c‖².
    pub fn value(&self, w: [f32; 2]) -> f32 {
        let (dx, dy) = (w[0] - self.centre[0], w[1] - self.centre[1]);
        self.floor + 0.5 * self.curvature * (dx * dx + dy * dy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_finite_differences() {
        let s = Basins::sharp_and_flat();
        for &w in &[[-0.5f32, 0.35], [0.0, 0.1], [0.9, -0.5], [-0.2, 0.1]] {
            let (_, g) = s.value_grad(w);
            for k in 0..2 {
                let h = 1e-3;
                let (mut p, mut m) = (w, w);
                p[k] += h;
                m[k] -= h;
                let numeric = (s.value_grad(p).0 - s.value_grad(m).0) / (2.0 * h);
                assert!(
                    (numeric - g[k]).abs() < 1e-2 * g[k].abs().max(1.0),
                    "{w:?}[{k}]: {numeric} vs {}",
                    g[k]
                );
            }
        }
    }

    #[test]
    fn each_basin_is_its_bowl_near_the_centre() {
        let s = Basins::sharp_and_flat();
        for bowl in &s.bowls {
            let (value, grad) = s.value_grad(bowl.centre);
            assert!((value - bowl.floor).abs() < 1e-4);
            assert!(grad[0].abs() < 1e-4 && grad[1].abs() < 1e-4);
        }
    }
}
