//! Workload W5 (DESIGN.md, issue #23): the real-digits lab's network trained for a fixed
//! number of minibatch steps and timed, at the lab's default size and at a large one.
//!
//! Each step is the lab's: a forward pass of B standardised images x = (v − μ)/σ, the
//! softmax cross-entropy R̂ = (1/B) Σ_b −log softmax(f(x_b))_{y_b}, backpropagation, and
//! heavy-ball momentum v ← μ·v + g, w ← w − η·v, from He-normal weights
//! W_l ~ N(0, 2/n_{l−1}) and zero biases (`Mlp::init`). scripts/w5-bench.mjs trains the
//! same network on the same data, with the same batches, in TensorFlow.js in the same page.

use crate::engine::digits::given::Inputs;
use crate::engine::digits::{Condition, Digits, NetSetup, TEST_COUNT};
use crate::engine::rng::{seeded, shuffle, Rng, Stream};
use crate::engine::{Mlp, Optimiser, OptimiserConfig};
use serde::{Deserialize, Serialize};

/// The two sizes W5 is timed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// The lab's default network (`NetSetup::default_lab`) on the 14×14 digits.
    Default,
    /// 784 inputs (the digits upsampled 2× to 28×28), width 512, batch 128.
    Large,
}

/// What is trained at one size, and for how long.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    /// Which size.
    pub size: Size,
    /// Inputs n₀: side² pixels.
    pub inputs: usize,
    /// Hidden ReLU layers.
    pub hidden: usize,
    /// Units per hidden layer.
    pub width: usize,
    /// Minibatch size B.
    pub batch: usize,
    /// Learning rate η.
    pub lr: f32,
    /// Momentum μ.
    pub momentum: f32,
    /// Steps taken before timing, so that the browser has optimised the code.
    pub warmup: usize,
    /// Timed steps.
    pub steps: usize,
}

impl Spec {
    /// The spec of `size`: the lab's depth, rate and momentum at both, and at each as many
    /// steps as take about a second in Chromium on a laptop's core.
    pub fn of(size: Size) -> Spec {
        let lab = NetSetup::default_lab();
        let (upsample, width, batch, warmup, steps) = match size {
            Size::Default => (1, lab.width, lab.batch, 100, 2000),
            Size::Large => (2, 512, 128, 10, 100),
        };
        Spec {
            size,
            inputs: (SIDE * upsample).pow(2),
            hidden: lab.hidden,
            width,
            batch,
            lr: lab.lr,
            momentum: lab.momentum,
            warmup,
            steps,
        }
    }

    /// The network: n₀ inputs, `hidden` ReLU layers of `width`, ten outputs.
    pub fn mlp(&self) -> Mlp {
        let lab = NetSetup {
            hidden: self.hidden,
            width: self.width,
            ..NetSetup::default_lab()
        };
        lab.mlp(self.inputs)
    }

    /// Floating-point operations one step executes: 2 per multiply–add in the forward
    /// pass (Σ_l n_{l−1}·n_l per example), 2 in the weight gradients a_{l−1}δ_lᵀ, and 2 in
    /// the input gradients W_l δ_l of every layer but the first (nobody needs ∂/∂x).
    /// `Mlp::flops_per_step` also counts the first layer's, which is not computed.
    pub fn flops_per_step(&self) -> f64 {
        let widths = &self.mlp().widths;
        let macs: Vec<f64> = widths.windows(2).map(|p| (p[0] * p[1]) as f64).collect();
        let total: f64 = macs.iter().sum();
        (4.0 * total + 2.0 * (total - macs[0])) * self.batch as f64
    }
}

/// The asset's images are SIDE × SIDE.
pub const SIDE: usize = 14;
/// Training images: the lab's default n, rows TEST_COUNT.. of the asset.
pub const TRAIN: usize = 1000;
/// The data's and the initialisation's seed.
pub const SEED: u64 = 1;

/// The training data as both libraries are given it: TRAIN standardised images (μ and σ
/// of the training images' grey levels v ∈ [0, 1], as the lab) and their true labels.
/// `upsample` k repeats each pixel over a k × k block, which keeps μ and σ.
pub fn training_data(digits: &Digits, upsample: usize) -> (Vec<f32>, Vec<u8>) {
    let inputs = Inputs::new(digits, TRAIN, SEED, Condition::TrueLabels);
    let (side, k) = (digits.side, upsample.max(1));
    let mut x = Vec::with_capacity(TRAIN * side * side * k * k);
    let mut image = Vec::with_capacity(side * side);
    for row in TEST_COUNT..TEST_COUNT + TRAIN {
        image.clear();
        inputs.push_input(digits, row, &mut image);
        for r in 0..side * k {
            x.extend((0..side * k).map(|c| image[(r / k) * side + c / k]));
        }
    }
    (x, digits.labels[TEST_COUNT..TEST_COUNT + TRAIN].to_vec())
}

/// One W5 run in progress: the network, its parameters and optimiser, and the batches.
pub struct W5 {
    /// What is trained.
    pub spec: Spec,
    mlp: Mlp,
    params: Vec<f32>,
    optimiser: Optimiser,
    ws: crate::engine::Workspace,
    x: Vec<f32>,
    y: Vec<u8>,
    order: Vec<usize>,
    next: usize,
    rng: Rng,
    bx: Vec<f32>,
    by: Vec<u8>,
    /// The loss of the last step's batch, before its update.
    pub loss: f32,
}

impl W5 {
    /// W5 at `size` on `digits` (the 14×14 asset), at its He-normal start.
    pub fn new(digits: &Digits, size: Size) -> W5 {
        let spec = Spec::of(size);
        let (x, y) = training_data(digits, (spec.inputs as f64).sqrt() as usize / digits.side);
        let mlp = spec.mlp();
        assert_eq!(x.len(), y.len() * mlp.widths[0], "inputs of the wrong size");
        let params = mlp.init(&mut seeded(SEED, Stream::Init, 0));
        let config = OptimiserConfig {
            momentum: spec.momentum,
            ..OptimiserConfig::sgd(spec.lr)
        };
        W5 {
            optimiser: Optimiser::new(config, params.len()),
            ws: mlp.workspace(spec.batch),
            bx: Vec::with_capacity(spec.batch * spec.inputs),
            by: Vec::with_capacity(spec.batch),
            order: (0..y.len()).collect(),
            next: usize::MAX,
            rng: seeded(SEED, Stream::Sgd, 0),
            loss: f32::NAN,
            spec,
            mlp,
            params,
            x,
            y,
        }
    }

    /// One step on the next B examples of a shuffled pass (reshuffled when fewer than B
    /// are left: every batch is full, as in TensorFlow.js's run).
    pub fn step(&mut self) {
        let (batch, dim) = (self.spec.batch, self.spec.inputs);
        if self.next.saturating_add(batch) > self.order.len() {
            shuffle(&mut self.rng, &mut self.order);
            self.next = 0;
        }
        self.bx.clear();
        self.by.clear();
        for &i in &self.order[self.next..self.next + batch] {
            self.bx.extend_from_slice(&self.x[i * dim..(i + 1) * dim]);
            self.by.push(self.y[i]);
        }
        self.next += batch;
        let (mlp, ws, bx, by) = (&self.mlp, &mut self.ws, &self.bx, &self.by);
        self.loss = self.optimiser.step(
            &mut self.params,
            |w, g| mlp.softmax_loss_and_grad(w, bx, by, ws, g).0,
            None,
        );
    }

    /// Takes `steps` steps; returns the milliseconds they took by `now` (a clock in ms).
    pub fn train(&mut self, steps: usize, now: &mut dyn FnMut() -> f64) -> f64 {
        let t0 = now();
        for _ in 0..steps {
            self.step();
        }
        now() - t0
    }
}

/// How many steps of `ms_per_step` fit in a slice of about 30 ms of the page's thread.
pub fn slice_steps(ms_per_step: f64) -> usize {
    if ms_per_step.is_finite() && ms_per_step > 0.0 {
        (30.0 / ms_per_step).clamp(1.0, 1000.0) as usize
    } else {
        1
    }
}

/// The timed part of one size, in the JSON shape scripts/w5-bench.mjs reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// What was trained.
    #[serde(flatten)]
    pub spec: Spec,
    /// Milliseconds of the timed steps.
    pub ms: f64,
    /// Timed steps per second.
    pub steps_per_s: f64,
    /// 10⁹ floating-point operations per second (`Spec::flops_per_step`).
    pub gflops: f64,
    /// The last batch's loss (ln 10 ≈ 2.30 is chance).
    pub final_loss: f32,
}

impl Timing {
    /// The timing of `spec`'s steps in `ms`, ending at `final_loss`.
    pub fn new(spec: Spec, ms: f64, final_loss: f32) -> Timing {
        let steps = spec.steps as f64;
        Timing {
            steps_per_s: steps / ms * 1e3,
            gflops: spec.flops_per_step() * steps / ms / 1e6,
            spec,
            ms,
            final_loss,
        }
    }
}

/// The W5 readout (`data-testid="bench-w5"`): both sizes and the ceiling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The default size, then the large one.
    pub sizes: Vec<Timing>,
    /// The SIMD matrix product's rate in the same page.
    pub ceiling: super::ceiling::Ceiling,
}

#[cfg(test)]
#[path = "w5_tests.rs"]
mod tests;
