//! Gradient descent and SAM on the 2-D surfaces of `surface`: trajectories, SAM's
//! mechanism for one step, sharpness, the Hessian, and basin maps.

use crate::optim::{Optimiser, OptimiserConfig, SamProbe};
use crate::rng::{normal, seeded, Rng, Stream};
use crate::surface::Surface;
use nalgebra::Matrix2;
use serde::{Deserialize, Serialize};

/// One optimiser's path from a start point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trajectory {
    /// w₀, w₁, …: the start and the point after each step.
    pub points: Vec<[f32; 2]>,
    /// The step at which the path left the plotted window (or became non-finite), if it did.
    pub left_at: Option<usize>,
}

impl Trajectory {
    /// The last point.
    pub fn end(&self) -> [f32; 2] {
        *self.points.last().expect("a trajectory has its start")
    }
}

/// Settings of a run on a surface.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunSettings {
    /// Learning rate η.
    pub lr: f32,
    /// SAM radius ρ (ignored by plain GD).
    pub rho: f32,
    /// Number of steps.
    pub steps: usize,
    /// Standard deviation σ of Gaussian noise added to every gradient (0: exact gradients).
    pub noise: f32,
    /// Seed of that noise, and of the minibatches.
    pub noise_seed: u64,
    /// Minibatch size b on a surface built from data (0: the whole training set). Each
    /// step draws b points without replacement and uses the loss on them alone.
    pub batch: usize,
}

/// Runs GD (`sam = false`) or SAM from `start`. With noise, each step's gradient(s) get
/// the same added σ·ξ_t, ξ_t ~ N(0, I), for GD and SAM alike: isotropic noise, which is
/// not what minibatches do. With `batch` > 0 on a surface built from data, each step uses
/// the loss on a seeded minibatch instead, the same one for GD and SAM and for both of
/// SAM's gradients (true minibatch SGD; Foret et al. 2021 compute ε on the minibatch).
/// The path stops where it leaves the window `domain` (or stops being finite).
pub fn trajectory(surface: &Surface, domain: [f32; 4], start: [f32; 2], run: RunSettings, sam: bool) -> Trajectory {
    let config = if sam {
        OptimiserConfig::sam(run.lr, run.rho)
    } else {
        OptimiserConfig::sgd(run.lr)
    };
    let mut opt = Optimiser::new(config, 2);
    let mut draws = StepDraws::new(surface, run);
    let mut w = start.to_vec();
    let mut points = vec![start];
    for step in 1..=run.steps {
        let (batch, xi) = draws.next_step();
        let minibatch = batch.map(|indices| surface.subset(&indices));
        let surface = minibatch.as_ref().unwrap_or(surface);
        let mut oracle = surface.oracle();
        opt.step(
            &mut w,
            |p, g| {
                let value = oracle(p, g);
                g[0] += xi[0];
                g[1] += xi[1];
                value
            },
            None,
        );
        let p = [w[0], w[1]];
        if !inside(domain, p) {
            return Trajectory {
                points,
                left_at: Some(step),
            };
        }
        points.push(p);
    }
    Trajectory { points, left_at: None }
}

/// The random draws of a run, step by step (the same for gradient descent and SAM): each
/// step's minibatch, `batch` training points drawn without replacement where the surface
/// is built from data and `batch` is smaller than its training set, then its gradient
/// noise ξ_t (zero without noise).
pub struct StepDraws {
    rng: Rng,
    /// The training set's size, where a step draws a minibatch from it.
    points: Option<usize>,
    batch: usize,
    noise: f32,
}

impl StepDraws {
    /// The draws of `run` on `surface`.
    pub fn new(surface: &Surface, run: RunSettings) -> Self {
        StepDraws {
            rng: seeded(run.noise_seed, Stream::Sgd, 0),
            points: surface.data_len().filter(|&n| run.batch > 0 && run.batch < n),
            batch: run.batch,
            noise: run.noise,
        }
    }

    /// The next step's minibatch (indices of training points), if it draws one, and ξ_t.
    pub fn next_step(&mut self) -> (Option<Vec<usize>>, [f32; 2]) {
        let batch = self.points.map(|n| {
            let mut order: Vec<usize> = (0..n).collect();
            // A partial Fisher–Yates shuffle: the first `batch` entries are a uniform sample.
            for i in 0..self.batch {
                order.swap(i, rand::Rng::random_range(&mut self.rng, i..n));
            }
            order.truncate(self.batch);
            order
        });
        let xi = if self.noise > 0.0 {
            [
                normal(&mut self.rng, 0.0, self.noise),
                normal(&mut self.rng, 0.0, self.noise),
            ]
        } else {
            [0.0; 2]
        };
        (batch, xi)
    }
}

fn inside(domain: [f32; 4], p: [f32; 2]) -> bool {
    p[0].is_finite()
        && p[1].is_finite()
        && (domain[0]..=domain[1]).contains(&p[0])
        && (domain[2]..=domain[3]).contains(&p[1])
}

/// SAM's mechanism at w for drawing: ε = ρ·∇L(w)/‖∇L(w)‖, the gradient at w + ε, and the
/// step w − η·∇L(w + ε).
#[derive(Clone, Debug, PartialEq)]
pub struct SamStep {
    /// ∇L(w).
    pub grad: [f32; 2],
    /// w + ε.
    pub ascent_point: [f32; 2],
    /// ∇L(w + ε).
    pub ascent_grad: [f32; 2],
    /// w after the step.
    pub next: [f32; 2],
    /// w + ε*: the exact worst point of the circle ‖ε‖ = ρ (`worst_on_circle`), which
    /// SAM's ascent point stands in for.
    pub worst_point: [f32; 2],
}

impl SamStep {
    /// The angle in radians between SAM's ε and the exact worst ε* (both measured from
    /// `w`, the point the step starts at); `None` where either is zero (∇L(w) = 0, or ρ = 0).
    pub fn angle_to_worst(&self, w: [f32; 2]) -> Option<f32> {
        let e = [self.ascent_point[0] - w[0], self.ascent_point[1] - w[1]];
        let x = [self.worst_point[0] - w[0], self.worst_point[1] - w[1]];
        let (cross, dot) = (e[0] * x[1] - e[1] * x[0], e[0] * x[0] + e[1] * x[1]);
        (e != [0.0; 2] && x != [0.0; 2]).then(|| cross.abs().atan2(dot))
    }
}

/// One SAM step from `w`, with its parts.
pub fn sam_step(surface: &Surface, w: [f32; 2], lr: f32, rho: f32) -> SamStep {
    let mut opt = Optimiser::new(OptimiserConfig::sam(lr, rho), 2);
    let mut probe = SamProbe::default();
    let mut next = w.to_vec();
    opt.step(&mut next, surface.oracle(), Some(&mut probe));
    let worst = worst_on_circle(surface, w, rho);
    SamStep {
        grad: surface.value_grad(w).1,
        ascent_point: [w[0] + probe.epsilon[0], w[1] + probe.epsilon[1]],
        ascent_grad: [probe.ascent_grad[0], probe.ascent_grad[1]],
        next: [next[0], next[1]],
        worst_point: [w[0] + worst[0], w[1] + worst[1]],
    }
}

/// Angles tried around the circle before refining: 0.5° apart.
const CIRCLE_ANGLES: usize = 720;

/// The exact worst point of the circle ‖ε‖ = ρ around w: ε* = argmax over ‖ε‖ = ρ of
/// L(w + ε). SAM's ε = ρ·∇L(w)/‖∇L(w)‖ is this argmax for the loss linearised at w
/// (Foret et al. 2021, eq. 2); on the loss itself the two differ wherever the curvature
/// turns the circle's highest point away from the gradient.
///
/// Found numerically: L(w + ρ(cos θ, sin θ)) at 720 angles θ, then bisection for the
/// maximum between the best angle's two neighbours, which hold a local maximum between
/// them; the better of the two points is returned. Returns ε* (zero when ρ is zero).
pub fn worst_on_circle(surface: &Surface, w: [f32; 2], rho: f32) -> [f32; 2] {
    if rho <= 0.0 || !rho.is_finite() {
        return [0.0; 2];
    }
    // In f32, as the rest of the surface code: the page then needs no f64 trigonometry.
    let point = |t: f32| [rho * t.cos(), rho * t.sin()];
    // A non-finite loss counts as the lowest, so it is never chosen.
    let loss = |t: f32| {
        let e = point(t);
        let v = surface.value([w[0] + e[0], w[1] + e[1]]);
        if v.is_nan() {
            f32::NEG_INFINITY
        } else {
            v
        }
    };
    let spacing = std::f32::consts::TAU / CIRCLE_ANGLES as f32;
    let (best, best_loss) = (0..CIRCLE_ANGLES)
        .map(|k| (k as f32 * spacing, loss(k as f32 * spacing)))
        .fold((0.0, f32::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
    // The loss's slope along the circle, dL/dθ = ∇L(w + ε)·(−ε₂, ε₁), falls through zero at
    // the maximum between the best angle's neighbours: bisect on its sign. (The slope, not
    // the loss: near the top the loss changes only to second order, below f32's resolution.)
    let slope = |t: f32| {
        let e = point(t);
        let g = surface.grad([w[0] + e[0], w[1] + e[1]]);
        g[1] * e[0] - g[0] * e[1]
    };
    let (mut a, mut b) = (best - spacing, best + spacing);
    if !(slope(a) >= 0.0 && slope(b) <= 0.0) {
        return point(best);
    }
    // 24 halvings take the bracket below an f32 angle's resolution.
    for _ in 0..24 {
        let mid = 0.5 * (a + b);
        if slope(mid) > 0.0 {
            a = mid;
        } else {
            b = mid;
        }
    }
    let refined = 0.5 * (a + b);
    point(if loss(refined) >= best_loss { refined } else { best })
}

/// Foret et al.'s sharpness max_{‖ε‖≤ρ} L(w + ε) − L(w), taken at the exact worst point
/// of the circle ‖ε‖ = ρ (`worst_on_circle`; in 2-D the maximum of a smooth L over a
/// small disc lies on its rim unless w is near a maximum).
pub fn sharpness(surface: &Surface, w: [f32; 2], rho: f32) -> f32 {
    let e = worst_on_circle(surface, w, rho);
    (surface.value([w[0] + e[0], w[1] + e[1]]) - surface.value(w)).max(0.0)
}

/// The Hessian ∇²L(w), by central differences of the analytic gradient with step h.
pub fn hessian(surface: &Surface, w: [f32; 2], h: f32) -> Matrix2<f32> {
    let mut m = Matrix2::zeros();
    for j in 0..2 {
        let (mut plus, mut minus) = (w, w);
        plus[j] += h;
        minus[j] -= h;
        let (gp, gm) = (surface.value_grad(plus).1, surface.value_grad(minus).1);
        for i in 0..2 {
            m[(i, j)] = (gp[i] - gm[i]) / (2.0 * h);
        }
    }
    // Symmetrise away the rounding.
    (m + m.transpose()) * 0.5
}

/// The largest eigenvalue λ_max of ∇²L(w): GD with step η is stable at a minimum only
/// when η·λ_max < 2.
pub fn top_eigenvalue(surface: &Surface, w: [f32; 2]) -> f32 {
    hessian(surface, w, 1e-3).symmetric_eigenvalues().max()
}

/// What a basin map classifies: runs on `surface` from starts over `domain`, by the
/// minimum they end nearest to.
#[derive(Clone, Copy, Debug)]
pub struct BasinMap<'a> {
    /// The loss.
    pub surface: &'a Surface,
    /// The window of start points [w₁ min, w₁ max, w₂ min, w₂ max].
    pub domain: [f32; 4],
    /// The minima.
    pub minima: &'a [[f32; 2]],
}

/// Which minimum a run from each start of an n × n grid over `domain` ends nearest to
/// (255 where it left the window), for rows `rows` of the grid (row 0 at w₂ max), written
/// to `out` (n entries per row). Runs stop early once they settle (‖w_t − w_{t−2}‖ < 10⁻⁶,
/// which also catches SAM's 2-cycles).
pub fn basin_rows(map: BasinMap, n: usize, run: RunSettings, sam: bool, rows: std::ops::Range<usize>, out: &mut [u8]) {
    let BasinMap {
        surface,
        domain,
        minima,
    } = map;
    let [x0, x1, y0, y1] = domain;
    let config = if sam {
        OptimiserConfig::sam(run.lr, run.rho)
    } else {
        OptimiserConfig::sgd(run.lr)
    };
    for (row, out_row) in rows.zip(out.chunks_exact_mut(n)) {
        let w2 = y1 - (y1 - y0) * (row as f32 + 0.5) / n as f32;
        for (col, cell) in out_row.iter_mut().enumerate() {
            let w1 = x0 + (x1 - x0) * (col as f32 + 0.5) / n as f32;
            let mut opt = Optimiser::new(config, 2);
            let mut w = vec![w1, w2];
            let mut history = [[w1, w2]; 2];
            let mut left = false;
            for step in 0..run.steps {
                opt.step(
                    &mut w,
                    |p, g| {
                        g.copy_from_slice(&surface.grad([p[0], p[1]]));
                        0.0
                    },
                    None,
                );
                let p = [w[0], w[1]];
                if !inside(domain, p) {
                    left = true;
                    break;
                }
                let before = history[step % 2];
                if (p[0] - before[0]).abs() + (p[1] - before[1]).abs() < 1e-6 {
                    break;
                }
                history[step % 2] = p;
            }
            *cell = if left { 255 } else { nearest(minima, [w[0], w[1]]) as u8 };
        }
    }
}

/// Index of the minimum nearest to p.
pub fn nearest(minima: &[[f32; 2]], p: [f32; 2]) -> usize {
    let dist = |m: [f32; 2]| (p[0] - m[0]).powi(2) + (p[1] - m[1]).powi(2);
    (0..minima.len())
        .min_by(|&a, &b| dist(minima[a]).total_cmp(&dist(minima[b])))
        .unwrap_or(0)
}
