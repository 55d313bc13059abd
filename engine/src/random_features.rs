//! The classical picture made exact: a random-features model f_w(x) = Σ_j w_j·φ_j(x) with
//! fixed random ReLU features φ_j(x) = max(0, a_j·x + b_j) on 1-D regression data. Its
//! empirical risk R̂ and its risk R are quadratic in w, so the "green set" (w with
//! R̂(w) ≤ min R̂ + ε) and the "magenta set" (w with R(w) ≤ min R + δ) can be computed
//! exactly, here on a 2-D slice of parameter space through three special parameters.

use crate::data::regression_target;
use crate::rng::{normal, seeded, uniform, Stream};
use nalgebra::{DMatrix, DVector, Matrix2, Vector2, SVD};

/// Settings of a random-features experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct RfSpec {
    /// Number of features p.
    pub features: usize,
    /// Number of training points N.
    pub n_train: usize,
    /// Standard deviation of the label noise.
    pub noise: f64,
    /// Extra inputs with wrong labels that the "bad" interpolant also fits.
    pub wrong_points: usize,
    /// Seed of features, data and wrong labels.
    pub seed: u64,
}

impl Default for RfSpec {
    fn default() -> Self {
        RfSpec {
            features: 40,
            n_train: 12,
            noise: 0.1,
            wrong_points: 8,
            seed: 1,
        }
    }
}

/// Inputs live in [−X_MAX, X_MAX]; the risk is the mean over that interval.
pub const X_MAX: f64 = 1.5;
/// A mean squared residual at most this counts as an exact fit.
pub const INTERPOLATION_TOLERANCE: f64 = 1e-8;
/// Quadrature points for the risk's expectation over x.
const QUADRATURE: usize = 1500;

/// A fitted experiment: features, data, the two quadratic risks, and the three points.
#[derive(Clone, Debug)]
pub struct RfModel {
    /// Feature slopes a_j and offsets b_j.
    pub slopes: Vec<f64>,
    /// Feature offsets b_j.
    pub offsets: Vec<f64>,
    /// Training inputs.
    pub x: Vec<f64>,
    /// Training targets.
    pub y: Vec<f64>,
    /// R̂(w) = (1/N)‖Φw − y‖² = wᵀA w − 2 bᵀw + c, stored as (A, b, c).
    pub empirical: Quadratic,
    /// R(w) = E_x[(f_w(x) − f*(x))²] + σ², x uniform on [−X_MAX, X_MAX], as (A, b, c).
    pub risk: Quadratic,
    /// The minimum-norm minimiser of R̂, Φ⁺y (where gradient descent from zero goes).
    pub w_gd: DVector<f64>,
    /// A minimiser of R̂ that also fits the wrongly labelled extra points (in the least-
    /// squares sense when N plus their number exceeds the features' rank).
    pub w_bad: DVector<f64>,
    /// The extra inputs whose labels w_bad also fits (the negated target there).
    pub extra: Vec<f64>,
    /// The minimiser of R (the best parameter in the model class).
    pub w_best: DVector<f64>,
}

/// q(w) = wᵀA w − 2 bᵀw + c with A symmetric positive semi-definite.
#[derive(Clone, Debug, PartialEq)]
pub struct Quadratic {
    /// A.
    pub a: DMatrix<f64>,
    /// b.
    pub b: DVector<f64>,
    /// c.
    pub c: f64,
}

impl Quadratic {
    /// The quadratic (1/n)‖Mw − t‖².
    fn least_squares(m: &DMatrix<f64>, t: &DVector<f64>) -> Quadratic {
        let n = m.nrows().max(1) as f64;
        Quadratic {
            a: m.transpose() * m / n,
            b: m.transpose() * t / n,
            c: t.dot(t) / n,
        }
    }

    /// q(w).
    pub fn value(&self, w: &DVector<f64>) -> f64 {
        w.dot(&(&self.a * w)) - 2.0 * self.b.dot(w) + self.c
    }
}

/// `values` in ascending order, by insertion: a few hundred inputs at most, and the page
/// that builds this model would otherwise link a sort for this alone.
fn ascending(values: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<f64> = Vec::with_capacity(values.len());
    for &v in values {
        let at = sorted.partition_point(|&s| s.total_cmp(&v).is_le());
        sorted.insert(at, v);
    }
    sorted
}

/// The minimum-norm least-squares solution of M w ≈ t, through the SVD of M itself
/// (not of MᵀM, whose condition number is the square of M's). Unordered: the solve does
/// not need the singular values sorted, and the page that builds this model then links no
/// sort for them. A tall M is first reduced to its p × p triangle (`reduce_tall`).
pub(crate) fn min_norm_fit(m: &DMatrix<f64>, t: &DVector<f64>) -> DVector<f64> {
    if m.nrows() > m.ncols() {
        let (r, y) = reduce_tall(m, t);
        return min_norm_fit(&r, &y);
    }
    let svd = SVD::new_unordered(m.clone(), true, true);
    let cutoff = 1e-12 * svd.singular_values.max();
    svd.solve(t, cutoff).unwrap_or_else(|_| DVector::zeros(m.ncols()))
}

/// For M with more rows than columns, M = QR (Householder) gives
/// ‖Mw − t‖² = ‖Rw − y‖² + ‖t‖² − ‖y‖² with y the first p entries of Qᵀt: the p × p
/// problem (R, y) has the same least-squares solutions, and an SVD of R costs what one of
/// M would not (its rotations act on p rows, not on every row of M; the R-bidiagonalisation
/// of Chan 1982, as LAPACK does for tall matrices). Householder QR is backward stable, so
/// R's singular values are M's to rounding, whatever M's rank.
fn reduce_tall(m: &DMatrix<f64>, t: &DVector<f64>) -> (DMatrix<f64>, DVector<f64>) {
    let qr = m.clone().qr();
    let mut qt = t.clone();
    qr.q_tr_mul(&mut qt);
    (qr.r(), qt.rows(0, m.ncols()).into_owned())
}

impl RfModel {
    /// Draws features and data and computes the risks and the three parameters.
    pub fn new(spec: &RfSpec) -> RfModel {
        let mut rng = seeded(spec.seed, Stream::Other(10), 0);
        let p = spec.features;
        // Kinks −b/a spread over the input interval; slopes of either sign, size 0.5–1.5.
        let slopes: Vec<f64> = (0..p)
            .map(|_| {
                let size = f64::from(uniform(&mut rng, 0.5, 1.5));
                if uniform(&mut rng, 0.0, 1.0) < 0.5 {
                    -size
                } else {
                    size
                }
            })
            .collect();
        // Kinks on a jittered grid: every stretch of the input line gets some, so the
        // features can fit any labels at well-separated inputs.
        let kinks: Vec<f64> = (0..p)
            .map(|j| -1.6 + 3.2 * (j as f64 + 0.5 + f64::from(uniform(&mut rng, -0.4, 0.4))) / p as f64)
            .collect();
        let offsets: Vec<f64> = slopes.iter().zip(&kinks).map(|(a, k)| -a * k).collect();
        let (x, y) = training_data(spec);
        let mut model = RfModel {
            slopes,
            offsets,
            empirical: Quadratic {
                a: DMatrix::zeros(p, p),
                b: DVector::zeros(p),
                c: 0.0,
            },
            risk: Quadratic {
                a: DMatrix::zeros(p, p),
                b: DVector::zeros(p),
                c: 0.0,
            },
            w_gd: DVector::zeros(p),
            w_bad: DVector::zeros(p),
            w_best: DVector::zeros(p),
            extra: Vec::new(),
            x,
            y,
        };
        let phi = model.design(&model.x);
        let targets = DVector::from_column_slice(&model.y);
        model.empirical = Quadratic::least_squares(&phi, &targets);
        model.w_gd = min_norm_fit(&phi, &targets);
        let grid: Vec<f64> = (0..QUADRATURE)
            .map(|k| -X_MAX + 2.0 * X_MAX * (k as f64 + 0.5) / QUADRATURE as f64)
            .collect();
        let truth = DVector::from_iterator(QUADRATURE, grid.iter().map(|&g| target(g)));
        // R(w) − σ² = (1/Q)‖Φ_q w − f*‖² over the quadrature points, through the p × p
        // triangle of Φ_q (`reduce_tall`): A = RᵀR/Q, b = Rᵀy/Q, c = ‖f*‖²/Q.
        let (r, y) = reduce_tall(&model.design(&grid), &truth);
        let q = QUADRATURE as f64;
        model.risk = Quadratic {
            a: r.tr_mul(&r) / q,
            b: r.tr_mul(&y) / q,
            c: truth.dot(&truth) / q + spec.noise * spec.noise,
        };
        model.w_best = min_norm_fit(&r, &y);
        // The bad minimum: fit the training set and, in addition, wrong labels (the
        // negated target) at extra inputs; among such fits take the minimum norm one.
        // The extra inputs sit halfway between training inputs, spread along the line.
        let sorted = ascending(&model.x);
        let gaps = sorted.len().saturating_sub(1);
        let extra: Vec<f64> = (0..spec.wrong_points.min(gaps))
            .map(|k| {
                let i = k * gaps / spec.wrong_points.min(gaps).max(1);
                0.5 * (sorted[i] + sorted[i + 1])
            })
            .collect();
        let all_x: Vec<f64> = model.x.iter().chain(&extra).copied().collect();
        let all_y: Vec<f64> = model
            .y
            .iter()
            .copied()
            .chain(extra.iter().map(|&e| -target(e)))
            .collect();
        model.w_bad = min_norm_fit(&model.design(&all_x), &DVector::from_column_slice(&all_y));
        model.extra = extra;
        model
    }

    /// Mean squared residual of w_bad on everything it was fitted to: the N training points
    /// and the extra points with wrong labels. Zero (to rounding) when it interpolates.
    pub fn bad_residual(&self) -> f64 {
        let xs: Vec<f64> = self.x.iter().chain(&self.extra).copied().collect();
        let ys = self.y.iter().copied().chain(self.extra.iter().map(|&e| -target(e)));
        let fitted = self.design(&xs) * &self.w_bad;
        fitted.iter().zip(ys).map(|(f, y)| (f - y).powi(2)).sum::<f64>() / xs.len().max(1) as f64
    }

    /// Whether w_bad fits the training data and the wrong labels exactly (residual ≤ 10⁻⁸);
    /// when N plus the wrong points exceed the features' rank it is only a least-squares
    /// compromise between them.
    pub fn bad_is_interpolant(&self) -> bool {
        self.bad_residual() <= INTERPOLATION_TOLERANCE
    }

    /// φ_j(x) = max(0, a_j·x + b_j).
    pub fn features_at(&self, x: f64) -> impl Iterator<Item = f64> + '_ {
        self.slopes
            .iter()
            .zip(&self.offsets)
            .map(move |(a, b)| (a * x + b).max(0.0))
    }

    /// The design matrix Φ with rows φ(x_i).
    pub fn design(&self, xs: &[f64]) -> DMatrix<f64> {
        DMatrix::from_fn(xs.len(), self.slopes.len(), |i, j| {
            (self.slopes[j] * xs[i] + self.offsets[j]).max(0.0)
        })
    }

    /// f_w(x).
    pub fn predict(&self, w: &DVector<f64>, x: f64) -> f64 {
        self.features_at(x).zip(w.iter()).map(|(f, wj)| f * wj).sum()
    }

    /// Gradient descent on R̂ from w = 0 with step η for `steps` steps.
    pub fn gradient_descent(&self, lr: f64, steps: usize) -> DVector<f64> {
        self.gradient_descent_from(DVector::zeros(self.slopes.len()), lr, steps)
    }

    /// Gradient descent on R̂ from w₀ with step η for `steps` steps.
    pub fn gradient_descent_from(&self, w0: DVector<f64>, lr: f64, steps: usize) -> DVector<f64> {
        let mut w = w0;
        for _ in 0..steps {
            let grad = (&self.empirical.a * &w - &self.empirical.b) * 2.0;
            w -= grad * lr;
        }
        w
    }

    /// The plane through w_gd, w_bad and w_best, with an orthonormal basis.
    pub fn slice(&self) -> Slice {
        let e1 = (&self.w_bad - &self.w_gd).normalize();
        let to_best = &self.w_best - &self.w_gd;
        let e2 = (&to_best - &e1 * e1.dot(&to_best)).normalize();
        let restrict = |q: &Quadratic| {
            // q(o + s e1 + t e2) = [s t] M [s t]ᵀ − 2 gᵀ[s t] + q(o).
            let (ae1, ae2) = (&q.a * &e1, &q.a * &e2);
            let m = Matrix2::new(e1.dot(&ae1), e1.dot(&ae2), e2.dot(&ae1), e2.dot(&ae2));
            let grad_o = &q.b - &q.a * &self.w_gd;
            PlaneQuadratic {
                m,
                g: Vector2::new(e1.dot(&grad_o), e2.dot(&grad_o)),
                c: q.value(&self.w_gd),
            }
        };
        let coords = |w: &DVector<f64>| [(w - &self.w_gd).dot(&e1), (w - &self.w_gd).dot(&e2)];
        Slice {
            empirical: restrict(&self.empirical),
            risk: restrict(&self.risk),
            empirical_min: self.empirical.value(&self.w_gd),
            risk_min: self.risk.value(&self.w_best),
            gd: [0.0, 0.0],
            bad: coords(&self.w_bad),
            best: coords(&self.w_best),
            origin: self.w_gd.clone(),
            e1,
            e2,
        }
    }
}

/// Training inputs and noisy targets of `spec`: inputs on a jittered grid, random but never
/// two almost on top of each other (which would make R̂ nearly flat in some direction and
/// descent crawl). Depends on the seed, N and the noise only.
pub(crate) fn training_data(spec: &RfSpec) -> (Vec<f64>, Vec<f64>) {
    let mut data_rng = seeded(spec.seed, Stream::Data, 10);
    let n = spec.n_train.max(1) as f64;
    let x: Vec<f64> = (0..spec.n_train)
        .map(|i| -X_MAX + 2.0 * X_MAX * (i as f64 + 0.5 + f64::from(uniform(&mut data_rng, -0.35, 0.35))) / n)
        .collect();
    let y: Vec<f64> = x
        .iter()
        .map(|&xi| target(xi) + spec.noise * f64::from(normal(&mut data_rng, 0.0, 1.0)))
        .collect();
    (x, y)
}

/// The regression target f*(x).
pub fn target(x: f64) -> f64 {
    f64::from(regression_target(x as f32))
}

impl Slice {
    /// The plotted window [s0, s1, t0, t1]: the three marked points with half their
    /// spread (at least 1) as margin on every side.
    pub fn window(&self) -> [f64; 4] {
        let pts = [self.gd, self.bad, self.best];
        let (s0, s1) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p[0]), hi.max(p[0])));
        let (t0, t1) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p[1]), hi.max(p[1])));
        let (ps, pt) = (0.5 * (s1 - s0).max(1.0), 0.5 * (t1 - t0).max(1.0));
        [s0 - ps, s1 + ps, t0 - pt, t1 + pt]
    }

    /// The parameter vector at plane coordinates (s, t).
    pub fn lift(&self, s: f64, t: f64) -> DVector<f64> {
        &self.origin + &self.e1 * s + &self.e2 * t
    }
}

/// A quadratic restricted to a plane: q(s, t) = vᵀM v − 2 gᵀv + c with v = (s, t).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlaneQuadratic {
    /// M (2 × 2, symmetric).
    pub m: Matrix2<f64>,
    /// g.
    pub g: Vector2<f64>,
    /// c = q at the plane's origin.
    pub c: f64,
}

impl PlaneQuadratic {
    /// q(s, t).
    pub fn at(&self, s: f64, t: f64) -> f64 {
        let v = Vector2::new(s, t);
        v.dot(&(self.m * v)) - 2.0 * self.g.dot(&v) + self.c
    }
}

/// The 2-D slice of parameter space the panel draws.
#[derive(Clone, Debug)]
pub struct Slice {
    /// R̂ on the plane.
    pub empirical: PlaneQuadratic,
    /// R on the plane.
    pub risk: PlaneQuadratic,
    /// min R̂ over all of parameter space.
    pub empirical_min: f64,
    /// min R over all of parameter space.
    pub risk_min: f64,
    /// Coordinates of w_gd (the origin), w_bad and w_best on the plane.
    pub gd: [f64; 2],
    /// w_bad's coordinates.
    pub bad: [f64; 2],
    /// w_best's coordinates.
    pub best: [f64; 2],
    /// The plane's origin w_gd.
    pub origin: DVector<f64>,
    /// First basis vector (towards w_bad).
    pub e1: DVector<f64>,
    /// Second basis vector (towards w_best, orthogonalised).
    pub e2: DVector<f64>,
}

/// Membership of every cell of an n × n grid over `window` [s0, s1, t0, t1] (row 0 at the
/// top): bit 0 set when green (R̂ ≤ min R̂ + ε), bit 1 when magenta (R ≤ min R + δ).
pub fn set_grid(slice: &Slice, window: [f64; 4], n: usize, epsilon: f64, delta: f64) -> Vec<u8> {
    let [s0, s1, t0, t1] = window;
    let mut out = Vec::with_capacity(n * n);
    for row in 0..n {
        let t = t1 - (t1 - t0) * (row as f64 + 0.5) / n as f64;
        for col in 0..n {
            let s = s0 + (s1 - s0) * (col as f64 + 0.5) / n as f64;
            let green = slice.empirical.at(s, t) <= slice.empirical_min + epsilon;
            let magenta = slice.risk.at(s, t) <= slice.risk_min + delta;
            out.push(u8::from(green) | (u8::from(magenta) << 1));
        }
    }
    out
}

/// Share of the green cells that are also magenta (1 when there is no green cell).
pub fn inside_share(grid: &[u8]) -> f64 {
    let green = grid.iter().filter(|&&c| c & 1 == 1).count();
    let both = grid.iter().filter(|&&c| c == 3).count();
    if green == 0 {
        1.0
    } else {
        both as f64 / green as f64
    }
}

#[cfg(test)]
mod tests {
    use super::{ascending, min_norm_fit, reduce_tall};
    use nalgebra::{DMatrix, DVector};

    /// A tall matrix with entries from a fixed pattern, and the same with its last column a
    /// copy of its first (rank deficient).
    fn tall(rows: usize, cols: usize, deficient: bool) -> DMatrix<f64> {
        DMatrix::from_fn(rows, cols, |i, j| {
            let j = if deficient && j == cols - 1 { 0 } else { j };
            ((i * 7 + j * 13) % 17) as f64 / 17.0 - 0.4 + (i as f64 * 0.1 + j as f64).sin()
        })
    }

    #[test]
    fn tall_fits_through_the_triangle_match_the_direct_svd() {
        for deficient in [false, true] {
            let m = tall(300, 12, deficient);
            let t = DVector::from_fn(300, |i, _| (i as f64 * 0.37).cos());
            let svd = m.clone().svd(true, true);
            let direct = svd.solve(&t, 1e-12 * svd.singular_values.max()).unwrap();
            let fit = min_norm_fit(&m, &t);
            assert!(
                (&fit - &direct).norm() <= 1e-9 * direct.norm(),
                "deficient {deficient}: {fit} vs {direct}"
            );
            // The same quadratic: ‖Mw − t‖² − ‖Rw − y‖² does not depend on w.
            let (r, y) = reduce_tall(&m, &t);
            let gap = |w: &DVector<f64>| (&m * w - &t).norm_squared() - (&r * w - &y).norm_squared();
            let w = DVector::from_fn(12, |j, _| j as f64 - 5.0);
            assert!((gap(&w) - gap(&fit)).abs() <= 1e-9 * t.norm_squared());
        }
    }

    #[test]
    fn ascending_sorts_with_repeats() {
        assert_eq!(ascending(&[0.5, -2.0, 3.0, 0.5, -7.0]), vec![-7.0, -2.0, 0.5, 0.5, 3.0]);
        assert!(ascending(&[]).is_empty());
    }
}
