//! Minimum-norm least squares and row spaces through a one-sided Jacobi SVD (Hestenes
//! 1958; Demmel & Veselić 1992): the columns of M are rotated in pairs until they are
//! orthogonal, M·V = W, so that σ_j = ‖w_j‖ and u_j = w_j/σ_j. A tall M is first reduced
//! to its n×n triangle R by a Householder QR (M = Q·R has the same σ_j and V), so the
//! rotations never run over all m rows. Accurate to rounding like nalgebra's SVD, with a
//! fraction of its code, which the sets panel's page downloads.

use nalgebra::{DMatrix, DVector};

/// The pieces of M = U·Σ·Vᵀ the fits need.
pub struct Decomposition {
    /// Singular values σ_j (in no particular order; zero for the columns rotated away).
    pub sigma: Vec<f64>,
    /// Right singular vectors, as the columns of V (n×n).
    pub v: DMatrix<f64>,
    /// W = B·V with columns σ_j·u_j, where B is M (wide M) or R (tall M).
    w: DMatrix<f64>,
    /// Householder QR of a tall M (B = R), so that uᵀt = u_Bᵀ(Qᵀt).
    qr: Option<nalgebra::linalg::QR<f64, nalgebra::Dyn, nalgebra::Dyn>>,
}

impl Decomposition {
    /// Decomposes M (m×n).
    pub fn new(m: &DMatrix<f64>) -> Decomposition {
        let (b, qr) = if m.nrows() > m.ncols() {
            let qr = m.clone().qr();
            (qr.r(), Some(qr))
        } else {
            (m.clone(), None)
        };
        let (w, v) = orthogonalise(b);
        let sigma = w.column_iter().map(|c| c.norm()).collect();
        Decomposition { sigma, v, w, qr }
    }

    /// σ_j·(u_jᵀt) for each j: the coordinates of t against the left singular vectors,
    /// scaled by σ_j.
    pub fn scaled_coordinates(&self, t: &DVector<f64>) -> Vec<f64> {
        let reduced = match &self.qr {
            Some(qr) => {
                let mut t = t.clone();
                qr.q_tr_mul(&mut t);
                t.rows(0, self.w.nrows()).into_owned()
            }
            None => t.clone(),
        };
        self.w.column_iter().map(|c| c.dot(&reduced)).collect()
    }

    /// The singular values kept as nonzero: above 10⁻¹² of the largest (as nalgebra's
    /// pseudo-inverse with that cutoff).
    pub fn kept(&self) -> impl Iterator<Item = usize> + '_ {
        let cutoff = 1e-12 * self.sigma.iter().fold(0.0f64, |a, &s| a.max(s));
        (0..self.sigma.len()).filter(move |&j| self.sigma[j] > cutoff)
    }
}

/// Rotates the columns of `b` pairwise until they are orthogonal to rounding; returns the
/// rotated columns W and the accumulated rotation V (b·V = W).
fn orthogonalise(mut b: DMatrix<f64>) -> (DMatrix<f64>, DMatrix<f64>) {
    let n = b.ncols();
    let mut v = DMatrix::identity(n, n);
    for _sweep in 0..60 {
        let mut rotated = false;
        for i in 0..n {
            for j in i + 1..n {
                let alpha = b.column(i).norm_squared();
                let beta = b.column(j).norm_squared();
                let gamma = b.column(i).dot(&b.column(j));
                if gamma.abs() <= f64::EPSILON * (alpha * beta).sqrt() || gamma == 0.0 {
                    continue;
                }
                rotated = true;
                // The rotation by t = tan θ that zeroes the pair's inner product (the
                // smaller root of t² + 2ζt − 1 = 0).
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                rotate(&mut b, i, j, c, c * t);
                rotate(&mut v, i, j, c, c * t);
            }
        }
        if !rotated {
            break;
        }
    }
    (b, v)
}

/// Columns (i, j) ← (c·i − s·j, s·i + c·j).
fn rotate(m: &mut DMatrix<f64>, i: usize, j: usize, c: f64, s: f64) {
    for r in 0..m.nrows() {
        let (x, y) = (m[(r, i)], m[(r, j)]);
        m[(r, i)] = c * x - s * y;
        m[(r, j)] = s * x + c * y;
    }
}

/// The minimum-norm least-squares solution of M w ≈ t, Σ_j (u_jᵀt/σ_j)·v_j over the kept σ_j
/// (the SVD of M itself, not of MᵀM, whose condition number is the square of M's).
pub fn min_norm_fit(m: &DMatrix<f64>, t: &DVector<f64>) -> DVector<f64> {
    ridge_fit(m, t, 0.0)
}

/// Σ_j σ_j(u_jᵀt)/(σ_j² + μ)·v_j over the kept σ_j: the ridge fit argmin ‖Mw − t‖² + μ‖w‖²
/// for μ > 0, the minimum-norm fit M⁺t at μ = 0.
pub fn ridge_fit(m: &DMatrix<f64>, t: &DVector<f64>, mu: f64) -> DVector<f64> {
    let d = Decomposition::new(m);
    let coordinates = d.scaled_coordinates(t);
    let mut w = DVector::zeros(m.ncols());
    for j in d.kept() {
        w += d.v.column(j) * (coordinates[j] / (d.sigma[j] * d.sigma[j] + mu));
    }
    w
}

/// An orthonormal basis of M's row space, as the rows of an r×n matrix (r the kept σ_j).
pub fn row_space(m: &DMatrix<f64>) -> DMatrix<f64> {
    let d = Decomposition::new(m);
    let kept: Vec<usize> = d.kept().collect();
    d.v.select_columns(&kept).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{normal, seeded, Stream};

    fn random(rows: usize, cols: usize, seed: u64) -> DMatrix<f64> {
        let mut rng = seeded(seed, Stream::Other(99), 0);
        DMatrix::from_fn(rows, cols, |_, _| f64::from(normal(&mut rng, 0.0, 1.0)))
    }

    /// nalgebra's SVD pseudo-inverse, the reference.
    fn reference(m: &DMatrix<f64>, t: &DVector<f64>) -> DVector<f64> {
        let svd = m.clone().svd(true, true);
        let cutoff = 1e-12 * svd.singular_values.max();
        svd.solve(t, cutoff).unwrap()
    }

    /// Tall, square, wide, and rank-deficient (repeated and scaled columns, a zero
    /// column, rows that repeat).
    fn cases() -> Vec<DMatrix<f64>> {
        let mut out = vec![random(50, 8, 1), random(8, 8, 2), random(5, 12, 3), random(1, 6, 4)];
        let mut deficient = random(30, 10, 5);
        let c = deficient.column(2) * 3.0;
        deficient.set_column(7, &c);
        deficient.column_mut(4).fill(0.0);
        out.push(deficient.clone());
        out.push(deficient.transpose());
        let low = random(20, 3, 6) * random(3, 9, 7);
        out.push(low.clone());
        out.push(low.transpose());
        out.push(DMatrix::zeros(4, 3));
        out
    }

    #[test]
    fn min_norm_fit_agrees_with_nalgebras_pseudo_inverse() {
        for (k, m) in cases().into_iter().enumerate() {
            let t = random(m.nrows(), 1, 100 + k as u64).column(0).into_owned();
            let ours = min_norm_fit(&m, &t);
            let theirs = reference(&m, &t);
            let scale = theirs.norm().max(1.0);
            assert!((&ours - &theirs).norm() <= 1e-9 * scale, "case {k}: {ours} vs {theirs}");
        }
    }

    #[test]
    fn the_decomposition_reproduces_the_singular_values() {
        for m in cases() {
            let mut ours: Vec<f64> = Decomposition::new(&m).sigma;
            let mut theirs: Vec<f64> = m.clone().svd(false, false).singular_values.iter().copied().collect();
            ours.sort_by(|a, b| b.total_cmp(a));
            theirs.sort_by(|a, b| b.total_cmp(a));
            let top = theirs.first().copied().unwrap_or(0.0).max(1.0);
            for (a, b) in ours.iter().zip(&theirs) {
                assert!((a - b).abs() <= 1e-10 * top, "{a} vs {b}");
            }
            assert!(ours[theirs.len()..].iter().all(|&s| s <= 1e-10 * top));
        }
    }

    #[test]
    fn the_row_space_basis_is_orthonormal_and_spans_the_rows() {
        for m in cases() {
            let basis = row_space(&m);
            let gram = &basis * basis.transpose();
            assert!((&gram - DMatrix::identity(gram.nrows(), gram.ncols())).norm() < 1e-10);
            // Every row of M is its own projection on the basis.
            let projected = &m * basis.transpose() * &basis;
            assert!((&projected - &m).norm() <= 1e-9 * m.norm().max(1.0));
            assert_eq!(
                basis.nrows(),
                m.clone().svd(false, false).rank(1e-12 * m.norm().max(1e-300))
            );
        }
    }

    #[test]
    fn ridge_fit_solves_its_normal_equations() {
        for m in cases() {
            let t = random(m.nrows(), 1, 7).column(0).into_owned();
            let mu = 0.3;
            let w = ridge_fit(&m, &t, mu);
            // (MᵀM + μI) w = Mᵀt.
            let lhs = m.transpose() * &m * &w + &w * mu;
            let rhs = m.transpose() * &t;
            assert!((&lhs - &rhs).norm() <= 1e-9 * rhs.norm().max(1.0));
        }
    }
}
