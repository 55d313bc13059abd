//! Deep matrix factorisation (Arora, Cohen, Hu and Luo 2019): W = W_N ⋯ W_2·W_1 with every
//! factor n × n, trained by plain gradient descent on the observed entries only,
//!
//!   L(W_1, …, W_N) = ½·Σ_{(i,j) ∈ Ω} (W − M)²_ij.
//!
//! With G = P_Ω(W − M) (the gradient in W), the chain rule gives the exact gradient of
//! factor j:
//!
//!   ∂L/∂W_j = (W_N ⋯ W_{j+1})ᵀ · G · (W_{j−1} ⋯ W_1)ᵀ.
//!
//! Depth 1 is W itself: its gradient is zero on every unobserved entry, so those keep their
//! initial values. Deeper products couple the entries; from a small initialisation
//! gradient descent learns the singular values one at a time and ends near low rank
//! (Arora et al. 2019; depth 2 near the minimum nuclear norm solution, Gunasekar et al. 2017).

use crate::completion::{effective_rank, singular_values, soft_impute, CompletionSpec, Problem};
use crate::rng::{normal, seeded, Stream};
use serde::{Deserialize, Serialize};

/// Training stops when the loss falls below this share of ‖P_Ω(M)‖².
pub const TOLERANCE: f64 = 1e-7;

/// η = 0.3 / (N·σ₁(M)^{2 − 2/N}): the step Arora et al.'s analysis scales with depth
/// (the end-to-end matrix moves with a step about N·σ^{2 − 2/N}·η at singular value σ).
pub fn learning_rate(depth: usize, sigma1: f64) -> f64 {
    let n = depth as f64;
    0.3 / (n * libm::pow(sigma1, 2.0 - 2.0 / n))
}

/// One model being trained: its factors, the step and its status (serialisable, so that
/// a paused training can continue exactly where it stopped).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactorRun {
    /// Depth N.
    pub depth: usize,
    n: usize,
    /// W_1 … W_N (W_1 first), row by row.
    pub factors: Vec<Vec<f64>>,
    /// Step size η.
    pub eta: f64,
    /// Gradient steps taken.
    pub step: usize,
    /// The loss at the current factors.
    pub loss: f64,
    /// Loss below which the run has converged.
    pub target: f64,
    /// The loss became infinite or NaN.
    pub diverged: bool,
}

impl FactorRun {
    /// Factors with independent N(0, (init^{1/N}/√n)²) entries (seed `seed`, one stream
    /// per depth), so the product starts at about the scale `init`.
    pub fn new(problem: &Problem, depth: usize, init: f64, seed: u64) -> FactorRun {
        let n = problem.n;
        let std = libm::pow(init, 1.0 / depth as f64) / (n as f64).sqrt();
        let mut rng = seeded(seed, Stream::Init, depth as u32);
        let factors: Vec<Vec<f64>> = (0..depth)
            .map(|_| {
                (0..n * n)
                    .map(|_| std * f64::from(normal(&mut rng, 0.0, 1.0)))
                    .collect()
            })
            .collect();
        let sigma1 = singular_values(&problem.truth, n)[0];
        let mut run = FactorRun {
            depth,
            n,
            factors,
            eta: learning_rate(depth, sigma1),
            step: 0,
            loss: 0.0,
            target: TOLERANCE * problem.observed_norm_sq(),
            diverged: false,
        };
        run.loss = problem.loss(&run.product());
        run
    }

    /// The end-to-end matrix W = W_N ⋯ W_1.
    pub fn product(&self) -> Vec<f64> {
        product(&self.factors, self.n)
    }

    /// Whether the loss is below the target.
    pub fn converged(&self) -> bool {
        self.loss < self.target
    }

    /// Whether training has ended (converged or diverged).
    pub fn finished(&self) -> bool {
        self.converged() || self.diverged
    }

    /// One gradient-descent step on every factor at once.
    pub fn step(&mut self, problem: &Problem) {
        let (_, grads) = loss_and_gradients(&self.factors, problem);
        for (w, g) in self.factors.iter_mut().zip(&grads) {
            w.iter_mut().zip(g).for_each(|(w, g)| *w -= self.eta * g);
        }
        self.step += 1;
        self.loss = problem.loss(&self.product());
        if !self.loss.is_finite() {
            self.diverged = true;
        }
    }

    /// What the views show of the model now.
    pub fn snapshot(&self, problem: &Problem) -> Snapshot {
        let w = self.product();
        let sv = singular_values(&w, self.n);
        Snapshot {
            step: self.step,
            loss: self.loss,
            rel_test_error: problem.rel_test_error(&w),
            effective_rank: effective_rank(&sv),
            singular_values: sv.iter().map(|&s| s as f32).collect(),
            w: w.iter().map(|&x| x as f32).collect(),
        }
    }
}

/// Trains depth `depth` on `problem` from scale `init` (seed `seed`) until it converges,
/// diverges or has taken `cap` steps.
pub fn train(problem: &Problem, depth: usize, init: f64, seed: u64, cap: usize) -> FactorRun {
    let mut run = FactorRun::new(problem, depth, init, seed);
    while !run.finished() && run.step < cap {
        run.step(problem);
    }
    run
}

/// One point of the k-sweep: the relative error on the unobserved entries of every depth
/// in `depths` trained on `spec` (its k and its seed, which also seeds the factors), then
/// of the minimum nuclear norm completion, as (depth, error) with depth 0 for the latter.
/// It depends on `spec` alone, so a point is the same in whichever batch it runs.
pub fn sweep_point(spec: &CompletionSpec, depths: &[usize], init: f64, cap: usize) -> Vec<(usize, f64)> {
    let problem = Problem::new(spec);
    let mut out: Vec<(usize, f64)> = depths
        .iter()
        .map(|&d| {
            (
                d,
                problem.rel_test_error(&train(&problem, d, init, spec.seed, cap).product()),
            )
        })
        .collect();
    out.push((0, problem.rel_test_error(&soft_impute(&problem))));
    out
}

/// A model at one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Gradient steps taken.
    pub step: usize,
    /// ½·Σ over observed (W − M)².
    pub loss: f64,
    /// Relative error on the unobserved entries.
    pub rel_test_error: f64,
    /// exp(H(σ/Σσ)).
    pub effective_rank: f64,
    /// σ₁ ≥ σ₂ ≥ … of W.
    pub singular_values: Vec<f32>,
    /// W, row by row.
    pub w: Vec<f32>,
}

/// Steps at which a run is recorded: 0, 1, 2, 3, then about 4 % further each time, and
/// at least every `every` steps.
pub fn is_recorded(step: usize, every: usize) -> bool {
    if step < 4 || step % every.max(1) == 0 {
        return true;
    }
    // step is recorded if it is the first integer past a power of 1.04.
    let k = libm::ceil(libm::log(step as f64) / libm::log(1.04));
    libm::ceil(libm::pow(1.04, k)) as usize == step
}

/// W_N ⋯ W_1.
pub fn product(factors: &[Vec<f64>], n: usize) -> Vec<f64> {
    let mut w = identity(n);
    for f in factors {
        w = matmul(f, &w, n);
    }
    w
}

/// The loss and the exact gradient of every factor (see the module's formula).
pub fn loss_and_gradients(factors: &[Vec<f64>], problem: &Problem) -> (f64, Vec<Vec<f64>>) {
    let n = problem.n;
    let depth = factors.len();
    // below[j] = W_j ⋯ W_1 (below[0] = I); above[j] = W_N ⋯ W_{j+1} (above[N] = I).
    let mut below = vec![identity(n)];
    for f in factors {
        below.push(matmul(f, below.last().expect("one"), n));
    }
    let mut above = vec![identity(n); depth + 1];
    for j in (0..depth).rev() {
        above[j] = matmul(&above[j + 1], &factors[j], n);
    }
    let w = &below[depth];
    let g: Vec<f64> = (0..n * n)
        .map(|c| if problem.mask[c] { w[c] - problem.truth[c] } else { 0.0 })
        .collect();
    let loss = 0.5 * g.iter().map(|x| x * x).sum::<f64>();
    // Factor j (0-based) sits between above[j + 1] and below[j].
    let grads = (0..depth)
        .map(|j| matmul_nt(&matmul_tn(&above[j + 1], &g, n), &below[j], n))
        .collect();
    (loss, grads)
}

fn identity(n: usize) -> Vec<f64> {
    (0..n * n).map(|c| if c / n == c % n { 1.0 } else { 0.0 }).collect()
}

/// A·B.
fn matmul(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * n];
    for i in 0..n {
        for l in 0..n {
            let x = a[i * n + l];
            for j in 0..n {
                out[i * n + j] += x * b[l * n + j];
            }
        }
    }
    out
}

/// Aᵀ·B.
fn matmul_tn(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * n];
    for l in 0..n {
        for i in 0..n {
            let x = a[l * n + i];
            for j in 0..n {
                out[i * n + j] += x * b[l * n + j];
            }
        }
    }
    out
}

/// A·Bᵀ.
fn matmul_nt(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            out[i * n + j] = (0..n).map(|l| a[i * n + l] * b[j * n + l]).sum();
        }
    }
    out
}
