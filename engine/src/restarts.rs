//! Many training runs of one network on one dataset from different random
//! initialisations ("restarts"): where SGD's minima land, measured by test accuracy,
//! parameter norm, sharpness, and the function each run computes.

use crate::activation::Activation;
use crate::adversarial::{self, adversarial_init};
use crate::data::{Dataset, DatasetKind};
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
        }
    }
}

/// How a run gets to its minimum (the discriminants index `Pipeline::ALL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pipeline {
    /// Random initialisation, then the experiment's optimiser on the true labels.
    Sgd,
    /// Adversarial initialisation (`adversarial`), then the same optimiser.
    Adversarial,
    /// Adversarial initialisation, then the same optimiser with extra weight decay.
    AdversarialWd,
}

impl Pipeline {
    /// Every pipeline, in display order.
    pub const ALL: [Pipeline; 3] = [Pipeline::Sgd, Pipeline::Adversarial, Pipeline::AdversarialWd];

    /// The name used in URLs, CSV files and the testing hook.
    pub fn key(self) -> &'static str {
        match self {
            Pipeline::Sgd => "sgd",
            Pipeline::Adversarial => "adversarial",
            Pipeline::AdversarialWd => "adversarial+wd",
        }
    }

    /// The pipeline called `key`.
    pub fn from_key(key: &str) -> Option<Pipeline> {
        Pipeline::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Whether it starts from the adversarial initialisation.
    pub fn adversarial(self) -> bool {
        self != Pipeline::Sgd
    }
}

/// Half-width of the square [−e, e]² on which each run's function is recorded: it holds
/// every dataset's points.
pub const PROBE_EXTENT: f32 = 1.8;
/// Side of the probe grid over that square.
pub const PROBE_SIDE: usize = 24;
/// Radius ρ of the sharpness measure.
pub const SHARPNESS_RHO: f32 = 0.05;

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
    /// Sharpness L(w + ρ·g/‖g‖) − L(w) on the training set (g = ∇L(w)): the first-order
    /// worst-case loss increase within radius ρ that SAM uses (Foret et al. 2021).
    pub sharpness: f32,
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
    let init = mlp.init(&mut seeded(seed, Stream::Init, 0));
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

/// Trains from `start` on the true labels and measures the result.
fn finish_run(
    spec: &RestartSpec,
    mlp: &Mlp,
    start: Result<Vec<f32>, EngineError>,
    pipeline: Pipeline,
    train: &Dataset,
    test: &Dataset,
    seed: u64,
) -> RunResult {
    let extra_decay = if pipeline == Pipeline::AdversarialWd {
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
    let pre_diverged = start.is_err();
    let params = start.unwrap_or_else(|_| vec![f32::NAN; mlp.param_count()]);
    let mut trainer = Trainer::new(mlp.clone(), params, config, seeded(seed, Stream::Sgd, 0));
    let diverged = pre_diverged || trainer.run(train, spec.steps).is_err();
    let (tr, te) = (trainer.evaluate(train), trainer.evaluate(test));
    RunResult {
        seed,
        pipeline,
        train_acc: tr.accuracy,
        test_acc: te.accuracy,
        train_loss: tr.loss,
        test_loss: te.loss,
        norm: param_norm(&trainer.params),
        sharpness: sharpness(mlp, &trainer.params, train),
        probe: probe(mlp, &trainer.params),
        diverged: diverged || !tr.loss.is_finite(),
    }
}

/// L(w + ρ·g/‖g‖) − L(w) on `data` with the logistic loss, g the full-batch gradient.
fn sharpness(mlp: &Mlp, w: &[f32], data: &Dataset) -> f32 {
    let mut ws = mlp.workspace(data.len());
    let mut grad = vec![0.0; w.len()];
    let base = mlp.loss_and_grad(w, &data.x, &data.y, Loss::Logistic, &mut ws, &mut grad);
    let norm = param_norm(&grad).max(f32::MIN_POSITIVE);
    let moved: Vec<f32> = w
        .iter()
        .zip(&grad)
        .map(|(wi, gi)| wi + SHARPNESS_RHO * gi / norm)
        .collect();
    evaluate(mlp, &moved, data, Loss::Logistic, &mut ws).loss - base
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
