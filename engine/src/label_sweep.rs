//! Random labels (Zhang et al. 2016, "Understanding deep learning requires rethinking
//! generalization", Fig. 1 in miniature): the same network trained on the same inputs with
//! a share q of the training labels replaced by random ones. It fits every labelling, so
//! zero training error says nothing about test error.

use crate::activation::Activation;
use crate::data::{Dataset, DatasetKind};
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optim::OptimiserConfig;
use crate::rng::{seeded, Stream};
use crate::train::{TrainConfig, Trainer};

/// The corruption levels of the sweep.
pub const LEVELS: [f32; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];
/// Training steps per run (full batch).
pub const STEPS: usize = 2000;
/// Training error is recorded every this many steps.
pub const RECORD_EVERY: usize = 50;

/// One run of the sweep, advanced a slice at a time so a page can stay responsive.
pub struct LabelRun {
    /// Share of corrupted labels.
    pub q: f32,
    /// Training labels that differ from the clean ones. A replaced label is a fair coin,
    /// so it keeps its old value half the time: about q·N/2 change, not q·N.
    pub changed: usize,
    /// (step, training error) every RECORD_EVERY steps, starting at step 0.
    pub curve: Vec<(usize, f32)>,
    trainer: Trainer,
    train: Dataset,
    test: Dataset,
}

impl LabelRun {
    /// Run at corruption level q: 40 two-moons training points (the same inputs for every
    /// q), 2,000 clean test points, a 2-64-64-1 ReLU network, full-batch gradient descent
    /// with momentum 0.9, η = 0.05, logistic loss.
    pub fn new(q: f32, seed: u64) -> LabelRun {
        let mut train = Dataset::generate(DatasetKind::Moons, 40, 0.1, &mut seeded(seed, Stream::Data, 0));
        let test = Dataset::generate(DatasetKind::Moons, 2000, 0.1, &mut seeded(seed, Stream::Data, 1));
        let clean = train.y.clone();
        train.corrupt_labels(q, true, &mut seeded(seed, Stream::Data, 2));
        let changed = clean.iter().zip(&train.y).filter(|(a, b)| a != b).count();
        let mlp = Mlp::new(&[2, 64, 64, 1], Activation::Relu);
        let params = mlp.init(&mut seeded(seed, Stream::Init, 0));
        let optimiser = OptimiserConfig {
            momentum: 0.9,
            ..OptimiserConfig::sgd(0.05)
        };
        let config = TrainConfig {
            loss: Loss::Logistic,
            optimiser,
            batch_size: train.len(),
        };
        let mut run = LabelRun {
            q,
            changed,
            curve: Vec::new(),
            trainer: Trainer::new(mlp, params, config, seeded(seed, Stream::Sgd, 0)),
            train,
            test,
        };
        run.record();
        run
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.trainer.steps
    }

    /// Whether all STEPS are done.
    pub fn done(&self) -> bool {
        self.steps() >= STEPS
    }

    /// Advances by up to `chunks` × RECORD_EVERY steps. A diverged run stops where it is.
    pub fn advance(&mut self, chunks: usize) {
        for _ in 0..chunks {
            if self.done() {
                return;
            }
            if self.trainer.run(&self.train, RECORD_EVERY).is_err() {
                self.trainer.steps = STEPS;
                return;
            }
            self.record();
        }
    }

    fn record(&mut self) {
        let error = 1.0 - self.trainer.evaluate(&self.train).accuracy;
        self.curve.push((self.trainer.steps, error));
    }

    /// Current training error (on the corrupted labels).
    pub fn train_error(&self) -> f32 {
        self.curve.last().map_or(1.0, |c| c.1)
    }

    /// Test error on clean labels.
    pub fn test_error(&mut self) -> f32 {
        1.0 - self.trainer.evaluate(&self.test).accuracy
    }

    /// The first recorded step with zero training error.
    pub fn fitted_at(&self) -> Option<usize> {
        self.curve.iter().find(|c| c.1 == 0.0).map(|c| c.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_and_stopping() {
        let mut run = LabelRun::new(0.0, 1);
        assert_eq!(run.curve.len(), 1);
        run.advance(3);
        assert_eq!(run.steps(), 3 * RECORD_EVERY);
        assert_eq!(run.curve.iter().map(|c| c.0).collect::<Vec<_>>(), vec![0, 50, 100, 150]);
        run.advance(1000);
        assert!(run.done());
        assert_eq!(run.steps(), STEPS);
    }
}
