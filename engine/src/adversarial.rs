//! Adversarial initialisation (Liu, Papailiopoulos & Achlioptas 2019, "Bad global
//! minima exist and SGD can reach them"): pre-train the network to fit random labels on
//! jittered copies of the training inputs, then hand the result to plain SGD on the
//! true labels. SGD still reaches zero training error, but in a minimum whose function
//! keeps the memorised noise between the training points, so it tests badly.

use crate::data::Dataset;
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optim::OptimiserConfig;
use crate::rng::{normal, seeded, uniform, Stream};
use crate::train::{EngineError, TrainConfig, Trainer};

/// Jittered copies of every training input, each with its own random label.
pub const COPIES: usize = 2;
/// Standard deviation of the Gaussian jitter of the copies.
pub const JITTER: f32 = 0.3;
/// Full-batch pre-training steps.
pub const STEPS: usize = 2500;
/// Pre-training learning rate (with momentum 0.9).
pub const LR: f32 = 0.2;
/// Weight decay λ that the regularised pipeline adds to the training on true labels.
pub const WEIGHT_DECAY: f32 = 3e-3;

/// The pre-training set: the training points with their labels, plus COPIES jittered
/// copies of each with a random label ±1. Keeping the true points in it means training
/// starts already fitting them, so plain SGD has little reason to undo the noise.
pub fn poisoned_data(train: &Dataset, seed: u64) -> Dataset {
    let mut rng = seeded(seed, Stream::Other(1), 0);
    let mut out = Dataset {
        dim: train.dim,
        x: Vec::with_capacity(train.x.len() * (COPIES + 1)),
        y: Vec::with_capacity(train.len() * (COPIES + 1)),
    };
    for i in 0..train.len() {
        out.x.extend_from_slice(train.input(i));
        out.y.push(train.y[i]);
        for _ in 0..COPIES {
            out.x
                .extend(train.input(i).iter().map(|&v| v + normal(&mut rng, 0.0, JITTER)));
            out.y.push(if uniform(&mut rng, 0.0, 1.0) < 0.5 { 1.0 } else { -1.0 });
        }
    }
    out
}

/// Pre-trains `params` on the poisoned data of the restart with seed `seed` (full batch, logistic loss,
/// momentum 0.9) and returns the adversarial initialisation.
pub fn adversarial_init(mlp: &Mlp, params: Vec<f32>, train: &Dataset, seed: u64) -> Result<Vec<f32>, EngineError> {
    let poisoned = poisoned_data(train, seed);
    let config = TrainConfig {
        loss: Loss::Logistic,
        optimiser: OptimiserConfig {
            momentum: 0.9,
            ..OptimiserConfig::sgd(LR)
        },
        batch_size: poisoned.len(),
    };
    let mut trainer = Trainer::new(mlp.clone(), params, config, seeded(seed, Stream::Other(2), 0));
    trainer.run(&poisoned, STEPS)?;
    Ok(trainer.params)
}
