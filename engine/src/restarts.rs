//! Many training runs of one network on one dataset from different random
//! initialisations ("restarts"): where SGD's minima land, measured by test accuracy,
//! parameter norm, curvature, and the function each run computes; and, as baselines, the
//! interpolants SGD did not choose: those of an adversarial start and those found by
//! guessing.

use crate::activation::Activation;
use crate::adversarial::{self, adversarial_init};
use crate::data::{Dataset, DatasetKind};
use crate::guess::{guess_and_check, MAX_DRAWS};
use crate::hessian::{lambda_max, lambda_scaled, rescale_layers};
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optim::OptimiserConfig;
use crate::rng::{seeded, Stream};
use crate::train::{evaluate, param_norm, EngineError, TrainConfig, Trainer};
use serde::{Deserialize, Serialize};

/// One restart experiment's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RestartSpec {
    /// Dataset.
    pub dataset: DatasetKind,
    /// Training points (few, so that runs differ visibly).
    pub n_train: usize,
    /// Test points (many, so that test accuracy is precise).
    pub n_test: usize,
    /// Input noise of the dataset.
    pub noise: f32,
    /// Layer widths, input first.
    pub widths: Vec<usize>,
    /// Hidden activation.
    pub activation: Activation,
    /// Learning rate.
    pub lr: f32,
    /// Momentum.
    pub momentum: f32,
    /// Weight decay.
    pub weight_decay: f32,
    /// Minibatch size.
    pub batch_size: usize,
    /// Training steps.
    pub steps: usize,
    /// Share q of training labels replaced by random ones (Zhang et al. 2016).
    pub corruption: f32,
    /// Experiment seed: the data come from it, and restart k uses seed + k.
    pub seed: u64,
    /// Dinh et al.'s rescaling α applied to every trained network before it is measured
    /// (layer 1 times α, layer 2 divided by α; see `hessian::rescale_layers`). 1: none.
    pub rescale: f32,
}

impl Default for RestartSpec {
    fn default() -> Self {
        RestartSpec {
            dataset: DatasetKind::Moons,
            n_train: 40,
            n_test: 2000,
            noise: 0.1,
            widths: vec![2, 16, 16, 1],
            activation: Activation::Tanh,
            lr: 0.1,
            momentum: 0.0,
            weight_decay: 0.0,
            batch_size: 10,
            steps: 1500,
            corruption: 0.0,
            seed: 1,
            rescale: 1.0,
        }
    }
}

/// How a run gets to its minimum (the discriminants index `Pipeline::ALL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pipeline {
    /// Random initialisation, then the experiment's optimiser on the true labels.
    Sgd,
    /// The same with extra weight decay: the control for `AdversarialWd`.
    SgdWd,
    /// Adversarial initialisation (`adversarial`), then the same optimiser.
    Adversarial,
    /// Adversarial initialisation, then the same optimiser with extra weight decay.
    AdversarialWd,
    /// No training: guess-and-check (`guess`), random parameters until one fits.
    Guess,
}

impl Pipeline {
    /// Every pipeline, in display order.
    pub const ALL: [Pipeline; 5] = [
        Pipeline::Sgd,
        Pipeline::SgdWd,
        Pipeline::Adversarial,
        Pipeline::AdversarialWd,
        Pipeline::Guess,
    ];

    /// The name used in URLs, CSV files and the testing hook.
    pub fn key(self) -> &'static str {
        match self {
            Pipeline::Sgd => "sgd",
            Pipeline::SgdWd => "sgd+wd",
            Pipeline::Adversarial => "adversarial",
            Pipeline::AdversarialWd => "adversarial+wd",
            Pipeline::Guess => "guess",
        }
    }

    /// The pipeline called `key`.
    pub fn from_key(key: &str) -> Option<Pipeline> {
        Pipeline::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Whether it starts from the adversarial initialisation.
    pub fn adversarial(self) -> bool {
        matches!(self, Pipeline::Adversarial | Pipeline::AdversarialWd)
    }

    /// Whether its second stage adds weight decay `adversarial::WEIGHT_DECAY`.
    pub fn weight_decay(self) -> bool {
        matches!(self, Pipeline::SgdWd | Pipeline::AdversarialWd)
    }
}

/// Half-width of the square [−e, e]² on which each run's function is recorded: it holds
/// every dataset's points.
pub const PROBE_EXTENT: f32 = 1.8;
/// Side of the probe grid over that square.
pub const PROBE_SIDE: usize = 24;

/// The outcome of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// The run's seed: it fixes the initialisation, the minibatch order and the
    /// adversarial pre-training; the data come from the experiment's seed.
    pub seed: u64,
    /// How the run was trained.
    pub pipeline: Pipeline,
    /// Accuracy on the (possibly corrupted) training labels.
    pub train_acc: f32,
    /// Accuracy on clean test labels.
    pub test_acc: f32,
    /// Training loss.
    pub train_loss: f32,
    /// Test loss.
    pub test_loss: f32,
    /// ‖w‖₂ at the end.
    pub norm: f32,
    /// λ_max of the training loss's Hessian (`hessian::lambda_max`).
    pub lambda_max: f32,
    /// The scale-aware λ_max of diag(|w|)·H·diag(|w|) (`hessian::lambda_scaled`).
    pub lambda_scaled: f32,
    /// λ_max before Dinh's rescaling by `RestartSpec::rescale` (equal to `lambda_max` at α = 1).
    pub lambda_unscaled: f32,
    /// Largest change of the network's output on the probe grid that the rescaling made.
    pub rescale_shift: f32,
    /// Guess-and-check's draws (0 for the trained pipelines).
    pub draws: u64,
    /// The network's outputs on the PROBE_SIDE² probe grid, row-major from the top left.
    pub probe: Vec<f32>,
    /// Whether the run diverged (the other figures are then meaningless).
    pub diverged: bool,
}

/// The seed of restart k of an experiment.
pub fn restart_seed(spec: &RestartSpec, k: u32) -> u64 {
    spec.seed + u64::from(k)
}

/// The data of an experiment: (train, test), the training labels corrupted as asked.
pub fn experiment_data(spec: &RestartSpec) -> (Dataset, Dataset) {
    let mut train = Dataset::generate(
        spec.dataset,
        spec.n_train,
        spec.noise,
        &mut seeded(spec.seed, Stream::Data, 0),
    );
    let test = Dataset::generate(
        spec.dataset,
        spec.n_test,
        spec.noise,
        &mut seeded(spec.seed, Stream::Data, 1),
    );
    train.corrupt_labels(
        spec.corruption,
        spec.dataset.is_classification(),
        &mut seeded(spec.seed, Stream::Data, 2),
    );
    (train, test)
}

/// The random initial parameters of the restart with seed `seed`: every pipeline of the
/// restart starts from them (`run_restart`).
pub fn initial_params(spec: &RestartSpec, seed: u64) -> Vec<f32> {
    Mlp::new(&spec.widths, spec.activation).init(&mut seeded(seed, Stream::Init, 0))
}

/// The minibatch order of the restart with seed `seed` on `n` training points: one
/// permutation of 0..n per epoch, for as many epochs as `spec.steps` steps reach (see
/// `train::epoch_orders`).
pub fn minibatch_orders(spec: &RestartSpec, n: usize, seed: u64) -> Vec<Vec<usize>> {
    crate::train::epoch_orders(&mut seeded(seed, Stream::Sgd, 0), n, spec.batch_size, spec.steps)
}

/// Trains the restart with seed `seed` with each of `pipelines` (logistic loss) and
/// reports how each ended. All pipelines of a restart share its initialisation and
/// minibatch order; the adversarial ones also share the pre-training. A restart gives the
/// same numbers whether computed alone or among others.
pub fn run_restart(
    spec: &RestartSpec,
    train: &Dataset,
    test: &Dataset,
    seed: u64,
    pipelines: &[Pipeline],
) -> Vec<RunResult> {
    let mlp = Mlp::new(&spec.widths, spec.activation);
    let init = initial_params(spec, seed);
    let adversarial = pipelines
        .iter()
        .any(|p| p.adversarial())
        .then(|| adversarial_init(&mlp, init.clone(), train, seed));
    pipelines
        .iter()
        .map(|&pipeline| {
            let start = match (&adversarial, pipeline.adversarial()) {
                (Some(result), true) => result.clone(),
                _ => Ok(init.clone()),
            };
            finish_run(spec, &mlp, start, pipeline, train, test, seed)
        })
        .collect()
}

/// Trains from `start` on the true labels (or, for `Guess`, guesses) and measures the result.
fn finish_run(
    spec: &RestartSpec,
    mlp: &Mlp,
    start: Result<Vec<f32>, EngineError>,
    pipeline: Pipeline,
    train: &Dataset,
    test: &Dataset,
    seed: u64,
) -> RunResult {
    let extra_decay = if pipeline.weight_decay() {
        adversarial::WEIGHT_DECAY
    } else {
        0.0
    };
    let optimiser = OptimiserConfig {
        momentum: spec.momentum,
        weight_decay: spec.weight_decay + extra_decay,
        ..OptimiserConfig::sgd(spec.lr)
    };
    let config = TrainConfig {
        loss: Loss::Logistic,
        optimiser,
        batch_size: spec.batch_size,
    };
    let (params, draws, diverged) = if pipeline == Pipeline::Guess {
        let guess = guess_and_check(mlp, train, seed, MAX_DRAWS);
        (guess.params, guess.draws, false)
    } else {
        let pre_diverged = start.is_err();
        let params = start.unwrap_or_else(|_| vec![f32::NAN; mlp.param_count()]);
        let mut trainer = Trainer::new(mlp.clone(), params, config, seeded(seed, Stream::Sgd, 0));
        let diverged = pre_diverged || trainer.run(train, spec.steps).is_err();
        (trainer.params, 0, diverged)
    };
    let before = probe(mlp, &params);
    let lambda_unscaled = lambda_max(mlp, &params, train, Loss::Logistic);
    let (params, probe, lambda, rescale_shift) = if spec.rescale == 1.0 {
        (params, before, lambda_unscaled, 0.0)
    } else {
        let scaled = rescale_layers(mlp, &params, spec.rescale);
        let after = probe(mlp, &scaled);
        let shift = before
            .iter()
            .zip(&after)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        let lambda = lambda_max(mlp, &scaled, train, Loss::Logistic);
        (scaled, after, lambda, shift)
    };
    let mut ws = mlp.workspace(test.len().max(train.len()));
    let tr = evaluate(mlp, &params, train, Loss::Logistic, &mut ws);
    let te = evaluate(mlp, &params, test, Loss::Logistic, &mut ws);
    RunResult {
        seed,
        pipeline,
        train_acc: tr.accuracy,
        test_acc: te.accuracy,
        train_loss: tr.loss,
        test_loss: te.loss,
        norm: param_norm(&params),
        lambda_max: lambda,
        lambda_scaled: lambda_scaled(mlp, &params, train, Loss::Logistic),
        lambda_unscaled,
        rescale_shift,
        draws,
        probe,
        diverged: diverged || !tr.loss.is_finite(),
    }
}

/// The network's outputs on the probe grid.
fn probe(mlp: &Mlp, w: &[f32]) -> Vec<f32> {
    let side = PROBE_SIDE;
    let coord = |k: usize| PROBE_EXTENT * (2.0 * (k as f32 + 0.5) / side as f32 - 1.0);
    let x: Vec<f32> = (0..side * side)
        .flat_map(|i| [coord(i % side), -coord(i / side)])
        .collect();
    let mut ws = mlp.workspace(side * side);
    mlp.forward(w, &x, &mut ws).to_vec()
}
