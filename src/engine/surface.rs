//! Analytic loss surfaces over two parameters w = (w₁, w₂), for watching optimisers
//! where everything can be drawn.

use serde::{Deserialize, Serialize};

/// A Gaussian well −d·exp(−‖w − c‖² / (2s²)): depth d, centre c, width s.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Well {
    /// Centre c.
    pub centre: [f32; 2],
    /// Depth d > 0.
    pub depth: f32,
    /// Width s > 0 (the Hessian at the centre is (d/s²)·I).
    pub width: f32,
}

/// A loss L(w) = κ/2 ‖w‖² + Σ_k well_k(w): Gaussian wells on a weak quadratic bowl.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wells {
    /// Curvature κ of the bowl that keeps every trajectory bounded.
    pub bowl: f32,
    /// The wells.
    pub wells: Vec<Well>,
}

impl Wells {
    /// Preset (a): a sharp well at (−0.7, 0.3) and a flat one at (0.6, −0.2) of almost
    /// the same depth; the sharp one is slightly deeper, so plain descent has no reason
    /// to leave it.
    pub fn sharp_and_flat() -> Self {
        Wells {
            bowl: 0.05,
            wells: vec![
                Well {
                    centre: [-0.7, 0.3],
                    depth: 1.0,
                    width: 0.12,
                },
                Well {
                    centre: [0.6, -0.2],
                    depth: 0.9,
                    width: 0.45,
                },
            ],
        }
    }

    /// L(w) and ∇L(w):
    /// ∇ well = d·(w − c)/s² · exp(−‖w − c‖²/(2s²)), ∇ bowl = κ·w.
    pub fn value_grad(&self, w: [f32; 2]) -> (f32, [f32; 2]) {
        let mut value = 0.5 * self.bowl * (w[0] * w[0] + w[1] * w[1]);
        let mut grad = [self.bowl * w[0], self.bowl * w[1]];
        for well in &self.wells {
            let (dx, dy) = (w[0] - well.centre[0], w[1] - well.centre[1]);
            let s2 = well.width * well.width;
            let e = well.depth * (-(dx * dx + dy * dy) / (2.0 * s2)).exp();
            value -= e;
            grad[0] += e * dx / s2;
            grad[1] += e * dy / s2;
        }
        (value, grad)
    }

    /// Index of the well whose centre is nearest to w.
    pub fn nearest_well(&self, w: [f32; 2]) -> usize {
        let dist = |c: [f32; 2]| (w[0] - c[0]).powi(2) + (w[1] - c[1]).powi(2);
        (0..self.wells.len())
            .min_by(|&a, &b| dist(self.wells[a].centre).total_cmp(&dist(self.wells[b].centre)))
            .unwrap_or(0)
    }

    /// The oracle optimisers take: writes ∇L(w) into g, returns L(w).
    pub fn oracle(&self) -> impl FnMut(&[f32], &mut [f32]) -> f32 + '_ {
        move |w, g| {
            let (value, grad) = self.value_grad([w[0], w[1]]);
            g.copy_from_slice(&grad);
            value
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_finite_differences() {
        let s = Wells::sharp_and_flat();
        for &w in &[[-0.6f32, 0.35], [0.2, 0.1], [0.9, -0.5]] {
            let (_, g) = s.value_grad(w);
            for k in 0..2 {
                let h = 1e-3;
                let (mut p, mut m) = (w, w);
                p[k] += h;
                m[k] -= h;
                let numeric = (s.value_grad(p).0 - s.value_grad(m).0) / (2.0 * h);
                assert!(
                    (numeric - g[k]).abs() < 2e-3 * g[k].abs().max(1.0),
                    "{w:?}[{k}]: {numeric} vs {}",
                    g[k]
                );
            }
        }
    }
}
