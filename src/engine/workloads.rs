//! The standard benchmark workloads of DESIGN.md, shared by the native benchmark and
//! the in-browser benchmark page so both time exactly the same computation.

use super::activation::Activation;
use super::data::{Dataset, DatasetKind};
use super::loss::Loss;
use super::mlp::Mlp;
use super::optim::OptimiserConfig;
use super::rng::{seeded, Stream};
use super::train::{EngineError, TrainConfig, Trainer};

/// W1's steps: 500 epochs of 200 points in minibatches of 10.
pub const W1_STEPS: usize = 10_000;

/// W1, one training run: MLP 2-16-16-1 with tanh, MSE, 200 seeded circle points,
/// minibatch 10, SGD with η = 0.03, 10,000 steps.
pub struct W1 {
    /// The training set (200 circle points, noise 0.1).
    pub data: Dataset,
    /// A trainer at its seeded initialisation.
    pub trainer: Trainer,
}

impl W1 {
    /// W1 prepared from `seed` (data and initialisation), ready to run.
    pub fn new(seed: u64) -> Self {
        let data = Dataset::generate(DatasetKind::Circles, 200, 0.1, &mut seeded(seed, Stream::Data, 0));
        let mlp = Mlp::new(&[2, 16, 16, 1], Activation::Tanh);
        let params = mlp.init(&mut seeded(seed, Stream::Init, 0));
        let config = TrainConfig { loss: Loss::Mse, optimiser: OptimiserConfig::sgd(0.03), batch_size: 10 };
        W1 { trainer: Trainer::new(mlp, params, config, seeded(seed, Stream::Sgd, 0)), data }
    }

    /// Floating-point operations of the whole run (≈ 182 MFLOP).
    pub fn flops(&self) -> f64 {
        self.trainer.mlp.flops_per_step(10) * W1_STEPS as f64
    }

    /// Runs all 10,000 steps; returns the full-training-set loss at the end.
    pub fn run(mut self) -> Result<f32, EngineError> {
        self.trainer.run(&self.data, W1_STEPS)?;
        Ok(self.trainer.evaluate(&self.data).loss)
    }
}
