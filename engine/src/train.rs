//! Training an MLP on a dataset by minibatch (stochastic) gradient descent or SAM, with
//! a divergence check, and the metrics reported about a trained network.

use crate::data::Dataset;
use crate::loss::Loss;
use crate::mlp::{Mlp, Workspace};
use crate::optim::{Optimiser, OptimiserConfig};
use crate::rng::{shuffle, Rng};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An error a user's settings can cause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EngineError {
    /// The loss or a parameter became NaN or infinite at this step (counted from 1).
    Diverged {
        /// The step at which the non-finite value appeared.
        step: usize,
    },
    /// A dataset with no examples was given.
    EmptyDataset,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Diverged { step } => {
                write!(
                    f,
                    "diverged at step {step}: the loss blew up to infinity. Try a smaller learning rate."
                )
            }
            EngineError::EmptyDataset => write!(f, "the dataset has no examples"),
        }
    }
}

impl std::error::Error for EngineError {}

/// How to train: loss, optimiser and minibatch size (≥ n means full-batch GD).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// The per-example loss ℓ.
    pub loss: Loss,
    /// Optimiser settings.
    pub optimiser: OptimiserConfig,
    /// Minibatch size B.
    pub batch_size: usize,
}

/// A network being trained: parameters, optimiser state, and the minibatch sampler.
///
/// Minibatches follow epochs: the training set is reshuffled, then cut into consecutive
/// batches of B examples (the last batch of an epoch may be smaller).
pub struct Trainer {
    /// The architecture.
    pub mlp: Mlp,
    /// Current parameters w.
    pub params: Vec<f32>,
    /// Settings.
    pub config: TrainConfig,
    /// Steps taken so far.
    pub steps: usize,
    optimiser: Optimiser,
    workspace: Workspace,
    order: Vec<usize>,
    cursor: usize,
    batch_x: Vec<f32>,
    batch_y: Vec<f32>,
    rng: Rng,
}

impl Trainer {
    /// A trainer starting from `params`; `rng` drives the minibatch order.
    pub fn new(mlp: Mlp, params: Vec<f32>, config: TrainConfig, rng: Rng) -> Self {
        let b = config.batch_size.max(1);
        Trainer {
            optimiser: Optimiser::new(config.optimiser, params.len()),
            workspace: mlp.workspace(b),
            batch_x: Vec::with_capacity(b * mlp.widths[0]),
            batch_y: Vec::with_capacity(b),
            order: Vec::new(),
            cursor: 0,
            steps: 0,
            mlp,
            params,
            config,
            rng,
        }
    }

    /// One optimiser step on the next minibatch of `data`; returns the minibatch loss
    /// before the step, or `Diverged` if it is not finite.
    ///
    /// Never inlined into its caller's loop: browsers first run WebAssembly through a
    /// baseline compiler and swap in optimised code only at the next call of a function,
    /// so a step that is its own function is optimised after a few hundred steps, while
    /// one inlined into a long loop would stay slow for the whole run.
    #[inline(never)]
    pub fn step(&mut self, data: &Dataset) -> Result<f32, EngineError> {
        if data.is_empty() {
            return Err(EngineError::EmptyDataset);
        }
        self.next_batch(data);
        let (mlp, ws, loss) = (&self.mlp, &mut self.workspace, self.config.loss);
        let (x, y) = (&self.batch_x, &self.batch_y);
        let value = self
            .optimiser
            .step(&mut self.params, |w, g| mlp.loss_and_grad(w, x, y, loss, ws, g), None);
        self.steps += 1;
        if value.is_finite() {
            Ok(value)
        } else {
            Err(EngineError::Diverged { step: self.steps })
        }
    }

    /// `steps` steps; returns the minibatch losses, stopping at the first divergence.
    pub fn run(&mut self, data: &Dataset, steps: usize) -> Result<Vec<f32>, EngineError> {
        let history = (0..steps).map(|_| self.step(data)).collect::<Result<Vec<_>, _>>()?;
        if self.params.iter().all(|w| w.is_finite()) {
            Ok(history)
        } else {
            Err(EngineError::Diverged { step: self.steps })
        }
    }

    /// Loss and accuracy of the current parameters on `data`.
    pub fn evaluate(&mut self, data: &Dataset) -> Metrics {
        evaluate(&self.mlp, &self.params, data, self.config.loss, &mut self.workspace)
    }

    fn next_batch(&mut self, data: &Dataset) {
        let n = data.len();
        if self.order.len() != n || self.cursor >= n {
            self.order = (0..n).collect();
            shuffle(&mut self.rng, &mut self.order);
            self.cursor = 0;
        }
        let end = (self.cursor + self.config.batch_size.max(1)).min(n);
        self.batch_x.clear();
        self.batch_y.clear();
        for &i in &self.order[self.cursor..end] {
            self.batch_x.extend_from_slice(data.input(i));
            self.batch_y.push(data.y[i]);
        }
        self.cursor = end;
    }
}

/// The order in which a `Trainer` with this `rng` visits `n` examples in minibatches of
/// `batch` over `steps` steps: one permutation of 0..n per epoch, as many epochs as the
/// steps reach. Each epoch is cut into consecutive minibatches of `batch` (the last one
/// shorter when `batch` does not divide n; the whole epoch when `batch` ≥ n).
pub fn epoch_orders(rng: &mut Rng, n: usize, batch: usize, steps: usize) -> Vec<Vec<usize>> {
    let per_epoch = n.div_ceil(batch.max(1)).max(1);
    (0..steps.div_ceil(per_epoch))
        .map(|_| {
            let mut order: Vec<usize> = (0..n).collect();
            shuffle(rng, &mut order);
            order
        })
        .collect()
}

/// How well a network does on a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Mean loss (1/n) Σ ℓ(f(x_i), y_i).
    pub loss: f32,
    /// Share of examples with sign f(x_i) = y_i (meaningful for classification).
    pub accuracy: f32,
}

/// Mean loss and accuracy of parameters `w` on `data`, in chunks that fit `ws`.
pub fn evaluate(mlp: &Mlp, w: &[f32], data: &Dataset, loss: Loss, ws: &mut Workspace) -> Metrics {
    let chunk = ws.capacity();
    let (mut total, mut correct) = (0.0f64, 0usize);
    for start in (0..data.len()).step_by(chunk) {
        let end = (start + chunk).min(data.len());
        let out = mlp.forward(w, &data.x[start * data.dim..end * data.dim], ws);
        for (f, &y) in out.iter().zip(&data.y[start..end]) {
            total += f64::from(loss.value(*f, y));
            correct += usize::from((*f >= 0.0) == (y > 0.0));
        }
    }
    let n = data.len().max(1) as f64;
    Metrics {
        loss: (total / n) as f32,
        accuracy: (correct as f64 / n) as f32,
    }
}

/// The Euclidean norm ‖w‖₂ of a parameter vector.
pub fn param_norm(w: &[f32]) -> f32 {
    w.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>().sqrt() as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use crate::rng::{seeded, Stream};

    #[test]
    fn epoch_orders_are_the_trainers_minibatches() {
        // Targets equal to the example's index show which examples each step used.
        for (n, batch, steps) in [(7, 3, 10), (8, 8, 3), (5, 9, 4), (40, 10, 23)] {
            let data = Dataset {
                dim: 1,
                x: (0..n).map(|i| i as f32).collect(),
                y: (0..n).map(|i| i as f32).collect(),
            };
            let config = TrainConfig {
                loss: Loss::Mse,
                optimiser: OptimiserConfig::sgd(0.01),
                batch_size: batch,
            };
            let mlp = Mlp::new(&[1, 1], Activation::Tanh);
            let mut trainer = Trainer::new(mlp, vec![0.0, 0.0], config, seeded(3, Stream::Sgd, 0));
            let orders = epoch_orders(&mut seeded(3, Stream::Sgd, 0), n, batch, steps);
            let batches: Vec<Vec<usize>> = orders
                .iter()
                .flat_map(|order| order.chunks(batch).map(<[usize]>::to_vec).collect::<Vec<_>>())
                .collect();
            assert_eq!(batches.len().div_ceil(n.div_ceil(batch)), orders.len());
            assert!(batches.len() >= steps);
            for expected in batches.iter().take(steps) {
                trainer.step(&data).unwrap();
                let used: Vec<usize> = trainer.batch_y.iter().map(|&y| y as usize).collect();
                assert_eq!(&used, expected, "n {n}, batch {batch}");
            }
        }
    }
}
