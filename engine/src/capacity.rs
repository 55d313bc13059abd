//! Capacity against generalisation: one-hidden-layer networks of growing width trained on
//! one small dataset, next to a classical capacity bound that grows with the parameter
//! count. The bound soon says nothing, while the test error does not get worse.

use crate::activation::Activation;
use crate::data::{Dataset, DatasetKind};
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optim::OptimiserConfig;
use crate::rng::{seeded, Stream};
use crate::train::{TrainConfig, Trainer};

/// Hidden widths of the sweep.
pub const WIDTHS: [usize; 10] = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
/// Seeds (initialisations) per width.
pub const SEEDS: u32 = 3;
/// Full-batch training steps per run.
pub const STEPS: usize = 500;
/// Confidence parameter δ of the bound.
pub const DELTA: f64 = 0.05;

/// The sweep's data: 40 clean two-moons training points and 2,000 test points.
pub fn sweep_data(seed: u64) -> (Dataset, Dataset) {
    let train = Dataset::generate(DatasetKind::Moons, 40, 0.1, &mut seeded(seed, Stream::Data, 0));
    let test = Dataset::generate(DatasetKind::Moons, 2000, 0.1, &mut seeded(seed, Stream::Data, 1));
    (train, test)
}

/// Training-set sizes of the second sweep: the smallest network, more and more data.
pub const SAMPLE_SIZES: [usize; 9] = [40, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000];
/// Width of the network in the sample-size sweep (P = 9 parameters).
pub const SMALL_WIDTH: usize = 2;

/// The sample-size sweep's data: `n` two-moons training points, the same 2,000 test points
/// as `sweep_data`.
pub fn sized_data(seed: u64, n: usize) -> (Dataset, Dataset) {
    let train = Dataset::generate(DatasetKind::Moons, n, 0.1, &mut seeded(seed, Stream::Data, 2));
    let test = Dataset::generate(DatasetKind::Moons, 2000, 0.1, &mut seeded(seed, Stream::Data, 1));
    (train, test)
}

/// Parameters P = 4h + 1 of a 2-h-1 network.
pub fn parameter_count(width: usize) -> usize {
    Mlp::new(&[2, width, 1], Activation::Relu).param_count()
}

/// The finite-class (Occam) bound for a network whose P parameters are 32-bit floats: it
/// is one of at most 2^(32P) functions, so with probability ≥ 1 − δ over N training
/// points, test error ≤ training error + √((32·P·ln 2 + ln(1/δ)) / (2N)) (Hoeffding and a
/// union bound). This returns that gap; above 1 it guarantees nothing.
pub fn capacity_gap(parameters: usize, n: usize) -> f64 {
    ((32.0 * parameters as f64 * std::f64::consts::LN_2 + (1.0 / DELTA).ln()) / (2.0 * n as f64)).sqrt()
}

/// The bound on the test error itself: training error + gap, capped at 1 (an error rate
/// never exceeds 1, so a capped bound says nothing at all).
pub fn test_error_bound(train_error: f64, parameters: usize, n: usize) -> f64 {
    (train_error + capacity_gap(parameters, n)).min(1.0)
}

/// A 2-width-1 ReLU network, initialisation `run`, ready for full-batch gradient descent
/// (η = 0.05, momentum 0.9) on the logistic loss; advance it to STEPS with `Trainer::run`.
pub fn width_trainer(width: usize, run: u32, seed: u64, train: &Dataset) -> Trainer {
    let mlp = Mlp::new(&[2, width, 1], Activation::Relu);
    let params = mlp.init(&mut seeded(seed, Stream::Init, run));
    let optimiser = OptimiserConfig {
        momentum: 0.9,
        ..OptimiserConfig::sgd(0.05)
    };
    let config = TrainConfig {
        loss: Loss::Logistic,
        optimiser,
        batch_size: train.len(),
    };
    Trainer::new(mlp, params, config, seeded(seed, Stream::Sgd, run))
}

/// (training error, test error) of a trainer's current parameters.
pub fn errors(trainer: &mut Trainer, train: &Dataset, test: &Dataset) -> (f32, f32) {
    (
        1.0 - trainer.evaluate(train).accuracy,
        1.0 - trainer.evaluate(test).accuracy,
    )
}

/// (training error, test error) after a whole run; NaN if it diverged.
pub fn train_width(width: usize, run: u32, seed: u64, train: &Dataset, test: &Dataset) -> (f32, f32) {
    let mut trainer = width_trainer(width, run, seed, train);
    match trainer.run(train, STEPS) {
        Ok(_) => errors(&mut trainer, train, test),
        Err(_) => (f32::NAN, f32::NAN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gap_matches_its_formula_and_grows_with_width() {
        // P = 9 at width 2: √((32·9·ln 2 + ln 20) / 80).
        assert_eq!(parameter_count(2), 9);
        let expected = ((288.0 * std::f64::consts::LN_2 + 20f64.ln()) / 80.0).sqrt();
        assert!((capacity_gap(9, 40) - expected).abs() < 1e-12);
        assert!(capacity_gap(parameter_count(1024), 40) > 10.0 * capacity_gap(parameter_count(2), 40));
    }
}
