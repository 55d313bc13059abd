//! Kernel regression and its gradient-flow path, in f64 through an eigendecomposition.
//!
//! Gradient descent on L = (1/2N)·Σᵢ (f(xᵢ) − yᵢ)² with step η, for a model that is linear
//! in its parameters with tangent kernel Θ, moves the training outputs by
//! f_{t+1} = f_t − (η/N)·Θ·(f_t − y). From f₀ = 0 (Lee et al. 2019, eq. 9 in discrete time):
//! f_t(x) = Θ(x, X)·Θ⁻¹·(I − (I − ηΘ/N)ᵗ)·y.
//! With Θ = Q·Λ·Qᵀ the matrix in the middle is Q·diag((1 − (1 − ηλₖ/N)ᵗ)/λₖ)·Qᵀ, which
//! stays finite for small λₖ (it tends to η·t/N). With η = N/λ_max every mode has
//! ηλₖ/N ≤ 1: stable, and the stiffest mode is fitted in one step.

use nalgebra::{DMatrix, DVector, SymmetricEigen};

/// The kernel predictor along gradient descent.
#[derive(Clone, Debug)]
pub struct KernelFlow {
    eigenvalues: DVector<f64>,
    /// Qᵀ·y.
    projected: DVector<f64>,
    eigenvectors: DMatrix<f64>,
    /// Θ(grid, X).
    cross: DMatrix<f64>,
    /// η/N.
    rate: f64,
}

impl KernelFlow {
    /// The flow of `kernel` on training inputs `xs`, targets `ys`, read off at `grid`,
    /// with η = N/λ_max.
    pub fn new(kernel: impl Fn(f64, f64) -> f64, xs: &[f64], ys: &[f64], grid: &[f64]) -> KernelFlow {
        let gram = DMatrix::from_fn(xs.len(), xs.len(), |i, k| kernel(xs[i], xs[k]));
        let eig = SymmetricEigen::new(gram);
        let lambda_max = eig.eigenvalues.max();
        let projected = eig.eigenvectors.transpose() * DVector::from_column_slice(ys);
        KernelFlow {
            cross: DMatrix::from_fn(grid.len(), xs.len(), |g, i| kernel(grid[g], xs[i])),
            rate: 1.0 / lambda_max,
            eigenvalues: eig.eigenvalues,
            projected,
            eigenvectors: eig.eigenvectors,
        }
    }

    /// η/N = 1/λ_max.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Largest and smallest eigenvalue of the training Gram matrix.
    pub fn spectrum(&self) -> (f64, f64) {
        (self.eigenvalues.max(), self.eigenvalues.min())
    }

    /// The prediction after `t` steps on the grid (t = usize::MAX: the limit, Θ(x, X)·Θ⁻¹·y).
    pub fn at(&self, t: usize) -> Vec<f64> {
        let coefficients = DVector::from_fn(self.eigenvalues.len(), |k, _| {
            let lambda = self.eigenvalues[k];
            let weight = if t == usize::MAX {
                1.0 / lambda
            } else {
                let step = self.rate * lambda;
                if step.abs() < 1e-12 {
                    self.rate * t as f64
                } else {
                    (1.0 - (1.0 - step).powi(t.min(i32::MAX as usize) as i32)) / lambda
                }
            };
            weight * self.projected[k]
        });
        (&self.cross * (&self.eigenvectors * coefficients))
            .iter()
            .copied()
            .collect()
    }
}
