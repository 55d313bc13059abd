//! Full-batch gradient descent of the wide net, next to its kernel prediction, and the
//! laziness measures (Lee et al. 2019; Chizat, Oyallon and Bach 2019).
//!
//! The net is centred: it learns g(x) = α·(f(x; θ) − f(x; θ₀)), so g ≡ 0 at the start,
//! like the kernel prediction (subtracting a constant function leaves every gradient
//! unchanged). α is the output scale of Chizat et al.: the loss is (1/2Nα²)·Σᵢ (g(xᵢ) − yᵢ)²,
//! so g moves in function space exactly as for α = 1 while θ has to move 1/α as far;
//! a large α makes training lazy at any width, a small one forces features to move.

use super::data::{rms, Data};
use super::kernels::Kernels;
use super::net::WideNet;
use super::regression::KernelFlow;
use serde::{Deserialize, Serialize};

/// One training experiment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainSpec {
    /// Architecture and kernels.
    pub act: super::Act,
    /// Hidden width n.
    pub width: usize,
    /// Training points N.
    pub points: usize,
    /// Target amplitude A.
    pub amp: f64,
    /// Output scale α.
    pub alpha: f64,
    /// Train the output layer only (the limit is then NNGP regression).
    pub last_only: bool,
    /// Seed of data and initialisation.
    pub seed: u64,
    /// Gradient-descent steps T.
    pub steps: usize,
}

impl TrainSpec {
    /// The kernels of this architecture (σ_w, σ_b of the lab).
    pub fn kernels(&self) -> Kernels {
        Kernels {
            act: self.act,
            sigma_w: super::SIGMA_W,
            sigma_b: super::SIGMA_B,
        }
    }
}

/// The state at one step t.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Step t.
    pub t: usize,
    /// The net g_t on the grid.
    pub net: Vec<f32>,
    /// The kernel prediction at step t on the grid.
    pub kernel: Vec<f32>,
    /// rms over the grid points in [−1, 1] (where the data lie) of (net − kernel
    /// prediction), divided by the targets' rms.
    pub net_vs_kernel: f64,
    /// ‖θ_t − θ₀‖/‖θ₀‖.
    pub rel_weight_change: f64,
    /// ‖Θ̂_t − Θ̂₀‖_F/‖Θ̂₀‖_F, the empirical tangent kernel on the training points.
    pub rel_kernel_change: f64,
    /// Training loss (1/2N)·Σᵢ (g(xᵢ) − yᵢ)².
    pub loss: f64,
}

/// The steps at which a run is recorded: 0, then about 20 a decade, and T.
pub fn checkpoints(steps: usize) -> Vec<usize> {
    let mut out = vec![0];
    let mut k = 0;
    loop {
        let t = libm::round(libm::pow(10.0, k as f64 / 20.0)) as usize;
        if t >= steps {
            break;
        }
        if t > *out.last().unwrap_or(&0) {
            out.push(t);
        }
        k += 1;
    }
    if steps > 0 {
        out.push(steps);
    }
    out
}

/// A training run in progress.
pub struct Run {
    spec: TrainSpec,
    /// The training data.
    pub data: Data,
    /// The grid the functions are read on.
    pub grid: Vec<f64>,
    net: WideNet,
    theta0: Vec<f64>,
    kernel0: nalgebra::DMatrix<f64>,
    f0_train: Vec<f64>,
    f0_grid: Vec<f64>,
    /// The kernel prediction (Θ, or K with `last_only`).
    pub flow: KernelFlow,
    /// Steps taken.
    pub t: usize,
    /// Set when the loss left every bound (η too large for this finite net).
    pub diverged: bool,
    // Workspace: φ and φ′ of every (point, unit).
    phi: Vec<f64>,
    slope: Vec<f64>,
}

impl Run {
    /// Draws data and net, and sets up the kernel prediction on `grid`.
    pub fn new(spec: &TrainSpec, grid: &[f64]) -> Run {
        let kernels = spec.kernels();
        let data = Data::new(spec.points, spec.amp, spec.seed);
        let net = WideNet::from_pool(&kernels, spec.width, spec.seed, 0);
        let flow = KernelFlow::new(kernels.training(spec.last_only), &data.x, &data.y, grid);
        let size = spec.points * spec.width;
        Run {
            spec: *spec,
            theta0: net.params(),
            kernel0: net.empirical_kernel(&data.x, spec.last_only),
            f0_train: data.x.iter().map(|&x| net.eval(x)).collect(),
            f0_grid: grid.iter().map(|&x| net.eval(x)).collect(),
            grid: grid.to_vec(),
            data,
            net,
            flow,
            t: 0,
            diverged: false,
            phi: vec![0.0; size],
            slope: vec![0.0; size],
        }
    }

    /// The network now.
    pub fn net(&self) -> &WideNet {
        &self.net
    }

    /// The learning rate η = N/λ_max of the infinite-width kernel.
    pub fn eta(&self) -> f64 {
        self.spec.points as f64 * self.flow.rate()
    }

    /// g(x) = α·(f(x) − f₀(x)) on the grid.
    pub fn net_on_grid(&self) -> Vec<f64> {
        self.grid
            .iter()
            .zip(&self.f0_grid)
            .map(|(&x, f0)| self.spec.alpha * (self.net.eval(x) - f0))
            .collect()
    }

    /// One step of full-batch gradient descent; returns the loss before it.
    /// ∇_θ L = (1/(Nα))·Σᵢ rᵢ·∇f(xᵢ) with rᵢ = g(xᵢ) − yᵢ.
    pub fn step(&mut self) -> f64 {
        let (n, points) = (self.net.width(), self.spec.points);
        let (sw, sb, s, alpha) = (
            self.net.sigma_w,
            self.net.sigma_b,
            self.net.out_scale(),
            self.spec.alpha,
        );
        let mut weights = vec![0.0; points];
        let mut loss = 0.0;
        for (i, &x) in self.data.x.iter().enumerate() {
            let (phi, slope) = (&mut self.phi[i * n..(i + 1) * n], &mut self.slope[i * n..(i + 1) * n]);
            let mut sum = 0.0;
            for j in 0..n {
                let (p, d) = self.net.act.value_slope(sw * self.net.u[j] * x + sb * self.net.b[j]);
                phi[j] = p;
                slope[j] = d;
                sum += self.net.v[j] * p;
            }
            let f = s * sum + sb * self.net.c;
            let r = alpha * (f - self.f0_train[i]) - self.data.y[i];
            loss += r * r / (2.0 * points as f64);
            weights[i] = r / (points as f64 * alpha);
        }
        if !loss.is_finite() || loss > 1e12 {
            self.diverged = true;
            return loss;
        }
        let eta = self.eta();
        for j in 0..n {
            let (mut gu, mut gb, mut gv) = (0.0, 0.0, 0.0);
            for (i, &x) in self.data.x.iter().enumerate() {
                let back = weights[i] * self.slope[i * n + j];
                gu += back * x;
                gb += back;
                gv += weights[i] * self.phi[i * n + j];
            }
            if !self.spec.last_only {
                let common = s * self.net.v[j];
                self.net.u[j] -= eta * common * sw * gu;
                self.net.b[j] -= eta * common * sb * gb;
            }
            self.net.v[j] -= eta * s * gv;
        }
        self.net.c -= eta * sb * weights.iter().sum::<f64>();
        self.t += 1;
        loss
    }

    /// Training loss (1/2N)·Σᵢ (g(xᵢ) − yᵢ)² now.
    pub fn loss(&self) -> f64 {
        let n = self.spec.points as f64;
        self.data
            .x
            .iter()
            .zip(&self.data.y)
            .zip(&self.f0_train)
            .map(|((&x, y), f0)| (self.spec.alpha * (self.net.eval(x) - f0) - y).powi(2))
            .sum::<f64>()
            / (2.0 * n)
    }

    /// The figures at the current step.
    pub fn snapshot(&self) -> Snapshot {
        let net = self.net_on_grid();
        let kernel = self.flow.at(self.t);
        let gap: Vec<f64> = (net.iter().zip(&kernel).zip(&self.grid))
            .filter(|(_, x)| x.abs() <= 1.0 + 1e-9)
            .map(|((a, b), _)| a - b)
            .collect();
        let theta = self.net.params();
        let moved: f64 = theta
            .iter()
            .zip(&self.theta0)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            .sqrt();
        let kernel_now = self.net.empirical_kernel(&self.data.x, self.spec.last_only);
        Snapshot {
            t: self.t,
            net_vs_kernel: rms(&gap) / self.data.target_rms(),
            rel_weight_change: moved / self.theta0.iter().map(|a| a * a).sum::<f64>().sqrt(),
            rel_kernel_change: (&kernel_now - &self.kernel0).norm() / self.kernel0.norm(),
            loss: self.loss(),
            net: net.iter().map(|&v| v as f32).collect(),
            kernel: kernel.iter().map(|&v| v as f32).collect(),
        }
    }

    /// Trains to the end, calling `seen` with a snapshot at every checkpoint (including
    /// t = 0); stops early if the run diverges.
    pub fn run(&mut self, mut seen: impl FnMut(Snapshot)) {
        for target in checkpoints(self.spec.steps) {
            while self.t < target && !self.diverged {
                self.step();
            }
            if self.diverged {
                return;
            }
            seen(self.snapshot());
        }
    }
}

/// The final laziness figures of one run (None if it diverged).
pub fn final_figures(spec: &TrainSpec, grid: &[f64]) -> Option<Snapshot> {
    let mut run = Run::new(spec, grid);
    while run.t < spec.steps && !run.diverged {
        run.step();
    }
    (!run.diverged).then(|| run.snapshot())
}

/// Least-squares slope of log y against log x (points with y ≤ 0 are skipped).
pub fn log_log_slope(points: &[(f64, f64)]) -> Option<f64> {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.0 > 0.0 && p.1 > 0.0 && p.1.is_finite())
        .map(|&(x, y)| (x.ln(), y.ln()))
        .collect();
    let m = logs.len() as f64;
    if logs.len() < 2 {
        return None;
    }
    let (mx, my) = (
        logs.iter().map(|p| p.0).sum::<f64>() / m,
        logs.iter().map(|p| p.1).sum::<f64>() / m,
    );
    let sxy: f64 = logs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = logs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}
