//! Settings of the SGD-restarts panel (`?panel=restarts`).

use crate::engine::restarts::{Pipeline, RestartSpec};
use crate::engine::{Activation, DatasetKind};
use crate::state::param::{Given, Param, Slider, Words};
use crate::state::query::MAX_SEED;
use crate::state::PanelConfig;

/// The panel's URL settings.
#[derive(Clone, Debug, PartialEq)]
pub struct RestartsConfig {
    /// Dataset (`data`), a 2-D classification set.
    pub dataset: DatasetKind,
    /// Training points (`n`).
    pub n_train: u32,
    /// Units per hidden layer (`width`).
    pub width: u32,
    /// Hidden layers (`depth`).
    pub depth: u32,
    /// Hidden activation (`act`).
    pub activation: Activation,
    /// Learning rate (`lr`).
    pub lr: f32,
    /// Momentum (`mom`).
    pub momentum: f32,
    /// Minibatch size (`batch`).
    pub batch: u32,
    /// Training steps (`steps`).
    pub steps: u32,
    /// Number of restarts (`runs`).
    pub runs: u32,
    /// Share of random training labels (`q`).
    pub corruption: f32,
    /// `bad=1`: also train the adversarial pipelines of Liu et al. (2019), and SGD with
    /// the same weight decay from random starts as their control.
    pub compare_bad: bool,
    /// `guess=1`: also look for random interpolants by guess-and-check (Chiang et al. 2023).
    pub guess: bool,
    /// Dinh et al.'s rescaling α of every trained network (`alpha`; 1: none).
    pub alpha: f32,
    /// Experiment seed (`seed`); restart k uses seed + k.
    pub seed: u64,
    /// `autorun=1`: start the experiment when the page loads.
    pub autorun: bool,
}

/// The datasets offered (the 2-D classification ones).
pub const DATASETS: [DatasetKind; 5] = [
    DatasetKind::Moons,
    DatasetKind::Circles,
    DatasetKind::Xor,
    DatasetKind::Blobs,
    DatasetKind::Spirals,
];
/// Accepted number of training points.
pub const N_RANGE: (f64, f64) = (10.0, 200.0);
/// Accepted hidden width.
pub const WIDTH_RANGE: (f64, f64) = (2.0, 64.0);
/// Accepted number of hidden layers.
pub const DEPTH_RANGE: (f64, f64) = (1.0, 4.0);
/// Accepted learning rate.
pub const LR_RANGE: (f64, f64) = (0.001, 2.0);
/// Accepted momentum.
pub const MOMENTUM_RANGE: (f64, f64) = (0.0, 0.99);
/// Accepted minibatch size.
pub const BATCH_RANGE: (f64, f64) = (1.0, 200.0);
/// Accepted number of steps.
pub const STEPS_RANGE: (f64, f64) = (50.0, 5000.0);
/// Accepted number of restarts.
pub const RUNS_RANGE: (f64, f64) = (1.0, 300.0);
/// Accepted rescaling α.
pub const ALPHA_RANGE: (f64, f64) = (0.1, 100.0);
/// Largest experiment seed: restart seeds (seed + k) stay exact in a JavaScript number.
pub const MAX_RESTART_SEED: u64 = MAX_SEED - RUNS_RANGE.1 as u64;

impl Default for RestartsConfig {
    fn default() -> Self {
        let spec = RestartSpec::default();
        RestartsConfig {
            dataset: spec.dataset,
            n_train: spec.n_train as u32,
            width: spec.widths[1] as u32,
            depth: (spec.widths.len() - 2) as u32,
            activation: spec.activation,
            lr: spec.lr,
            momentum: spec.momentum,
            batch: spec.batch_size as u32,
            steps: spec.steps as u32,
            runs: 100,
            corruption: spec.corruption,
            compare_bad: false,
            guess: false,
            alpha: spec.rescale,
            seed: spec.seed,
            autorun: false,
        }
    }
}

impl RestartsConfig {
    /// The experiment these settings describe.
    pub fn spec(&self) -> RestartSpec {
        let mut widths = vec![2];
        widths.extend(std::iter::repeat_n(self.width as usize, self.depth as usize));
        widths.push(1);
        RestartSpec {
            dataset: self.dataset,
            n_train: self.n_train as usize,
            widths,
            activation: self.activation,
            lr: self.lr,
            momentum: self.momentum,
            batch_size: self.batch as usize,
            steps: self.steps as usize,
            corruption: self.corruption,
            seed: self.seed,
            rescale: self.alpha,
            ..RestartSpec::default()
        }
    }

    /// The pipelines each restart is trained with.
    pub fn pipelines(&self) -> Vec<Pipeline> {
        Pipeline::ALL
            .into_iter()
            .filter(|&p| match p {
                Pipeline::Sgd => true,
                Pipeline::Guess => self.guess,
                _ => self.compare_bad,
            })
            .collect()
    }

    /// Zhang et al.'s experiment in miniature: every training label random, a network wide
    /// enough to memorise them (2-64-64-1 ReLU) trained full batch, since minibatch noise
    /// keeps SGD from fitting every random label.
    pub fn random_labels(seed: u64) -> RestartsConfig {
        RestartsConfig {
            corruption: 1.0,
            width: 64,
            activation: Activation::Relu,
            momentum: 0.9,
            lr: 0.05,
            batch: 40,
            steps: 2000,
            runs: 20,
            seed,
            ..RestartsConfig::default()
        }
    }

    /// What pressing a preset will show, and why, in one line (shown when pressed). Each
    /// line's claim is asserted by tests/engine_restarts.rs on the preset's own runs.
    pub fn preset_note(&self) -> String {
        let act = if self.activation == Activation::Relu {
            "ReLU"
        } else {
            "tanh"
        };
        let net = format!("{}-wide {}-layer {act}", self.width, self.depth);
        let batches = if self.batch >= self.n_train {
            "full batch".to_owned()
        } else {
            format!("in minibatches of {}", self.batch)
        };
        if self.corruption >= 1.0 {
            format!(
                "Random labels: every one of the {} training labels is a coin flip. A {net} network trained \
                 {batches} still fits them all, and tests at chance (Zhang et al. 2017).",
                self.n_train
            )
        } else {
            format!(
                "Default: {} restarts of a {net} network on {} points. Every restart fits the training data; \
                 watch how alike their test accuracies are.",
                self.runs, self.n_train
            )
        }
    }

    /// The same experiment, ignoring `autorun` (which only says when to start).
    pub fn experiment(&self) -> RestartsConfig {
        RestartsConfig {
            autorun: false,
            ..self.clone()
        }
    }
}

fn activation_from_key(key: &str) -> Option<Activation> {
    match key {
        "tanh" => Some(Activation::Tanh),
        "relu" => Some(Activation::Relu),
        _ => None,
    }
}

/// The URL name of a hidden activation offered here.
pub fn activation_key(a: Activation) -> &'static str {
    if a == Activation::Relu {
        "relu"
    } else {
        "tanh"
    }
}

impl PanelConfig for RestartsConfig {
    const PANEL: &'static str = "restarts";

    const PARAMS: &'static [&'static Param<Self>] = &[
        &params::DATA,
        &params::N,
        &params::WIDTH,
        &params::DEPTH,
        &params::ACT,
        &params::LR,
        &params::MOM,
        &params::BATCH,
        &params::STEPS,
        &params::RUNS,
        &params::Q,
        &params::BAD,
        &params::GUESS,
        &params::ALPHA,
        &params::SEED,
        &params::AUTORUN,
    ];
}

/// The panel's URL keys.
pub mod params {
    use super::*;
    use crate::state::knob::{percent, round_significant, significant, two, whole};

    type P = Param<RestartsConfig>;

    /// The dataset.
    pub static DATA: P = P::choice(
        "data",
        "the 2-D classification dataset",
        &["moons", "circles", "xor", "blobs", "spirals"],
        |c| c.dataset.key(),
        |c, k| c.dataset = DatasetKind::from_key(k).unwrap_or(c.dataset),
    );
    /// Training points.
    pub static N: P = P::whole(
        "n",
        "training points",
        N_RANGE,
        |c| f64::from(c.n_train),
        |c, v| c.n_train = v as u32,
    )
    .slider(&Slider::new("Training points", 1.0).shown(whole));
    /// Hidden width.
    pub static WIDTH: P = P::whole(
        "width",
        "units per hidden layer",
        WIDTH_RANGE,
        |c| f64::from(c.width),
        |c, v| c.width = v as u32,
    )
    .slider(&Slider::new("Hidden width", 1.0).shown(whole));
    /// Hidden layers.
    pub static DEPTH: P = P::whole(
        "depth",
        "hidden layers",
        DEPTH_RANGE,
        |c| f64::from(c.depth),
        |c, v| c.depth = v as u32,
    )
    .slider(&Slider::new("Hidden layers", 1.0).shown(whole));
    /// Hidden activation.
    pub static ACT: P = P::choice(
        "act",
        "the hidden units' activation",
        &["tanh", "relu"],
        |c| activation_key(c.activation),
        |c, k| c.activation = activation_from_key(k).unwrap_or(c.activation),
    );
    /// Learning rate η, on a log scale.
    pub static LR: P = P::number(
        "lr",
        "learning rate eta of SGD",
        LR_RANGE,
        |c| f64::from(c.lr),
        |c, v| c.lr = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Learning rate $\eta$"), 0.01)
            .log()
            .rounded(|v| f64::from(round_significant(v)))
            .shown(significant),
    );
    /// Momentum.
    pub static MOM: P = P::number(
        "mom",
        "momentum of SGD",
        MOMENTUM_RANGE,
        |c| f64::from(c.momentum),
        |c, v| c.momentum = v as f32,
    )
    .slider(
        &Slider::new("Momentum", 0.01)
            .rounded(|v| f64::from(round_significant(v)))
            .shown(two),
    );
    /// Minibatch size.
    pub static BATCH: P = P::whole(
        "batch",
        "minibatch size",
        BATCH_RANGE,
        |c| f64::from(c.batch),
        |c, v| c.batch = v as u32,
    )
    .slider(&Slider::new("Minibatch size", 1.0).shown(whole));
    /// Training steps.
    pub static STEPS: P = P::whole(
        "steps",
        "training steps of each restart",
        STEPS_RANGE,
        |c| f64::from(c.steps),
        |c, v| c.steps = v as u32,
    )
    .slider(&Slider::new("Training steps", 50.0).shown(whole));
    /// Restarts.
    pub static RUNS: P = P::whole(
        "runs",
        "restarts: networks trained from random initialisations",
        RUNS_RANGE,
        |c| f64::from(c.runs),
        |c, v| c.runs = v as u32,
    )
    .slider(&Slider::new("Restarts", 1.0).shown(whole));
    /// Share of training labels drawn at random.
    pub static Q: P = P::number(
        "q",
        "share of training labels replaced by random ones",
        (0.0, 1.0),
        |c| f64::from(c.corruption),
        |c, v| c.corruption = v as f32,
    )
    .slider(
        &Slider::new("Random training labels", 0.05)
            .rounded(|v| (v * 20.0).round() / 20.0)
            .shown(percent),
    );
    /// Liu et al.'s adversarial pipelines.
    pub static BAD: P = P::flag(
        "bad",
        "also train from adversarial starts (Liu et al. 2019) and SGD with the same weight decay",
        |c| c.compare_bad,
        |c, v| c.compare_bad = v,
    );
    /// Guess and check.
    pub static GUESS: P = P::flag(
        "guess",
        "also look for random interpolants by guess and check (Chiang et al. 2023)",
        |c| c.guess,
        |c, v| c.guess = v,
    );
    /// Dinh et al.'s rescaling α, on a log scale.
    pub static ALPHA: P = P::number(
        "alpha",
        "rescale every trained network's layers by alpha and 1/alpha (Dinh et al. 2017; 1: none)",
        ALPHA_RANGE,
        |c| f64::from(c.alpha),
        |c, v| c.alpha = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Rescale layers $\alpha$"), 0.01)
            .log()
            .rounded(|v| f64::from(round_significant(v)))
            .shown(significant),
    );
    /// Experiment seed.
    pub static SEED: P = P::whole(
        "seed",
        "experiment seed; restart k uses seed + k",
        (0.0, MAX_RESTART_SEED as f64),
        |c| c.seed as f64,
        |c, v| c.seed = v as u64,
    )
    .range_given(&Given {
        ends: |_| (0.0, MAX_RESTART_SEED as f64),
        note: Words::new("0 to 2^53 - 301, so that every restart's seed + k is exact"),
    });
    /// Start when the page loads.
    pub static AUTORUN: P = P::flag(
        "autorun",
        "start the experiment when the page loads",
        |c| c.autorun,
        |c, v| c.autorun = v,
    );
}
