//! Settings of the SGD-restarts panel (`?panel=restarts`).

use crate::engine::restarts::{Pipeline, RestartSpec};
use crate::engine::{Activation, DatasetKind};
use crate::state::query::{Notices, Query, MAX_SEED};
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
pub const N_RANGE: (u32, u32) = (10, 200);
/// Accepted hidden width.
pub const WIDTH_RANGE: (u32, u32) = (2, 64);
/// Accepted number of hidden layers.
pub const DEPTH_RANGE: (u32, u32) = (1, 4);
/// Accepted learning rate.
pub const LR_RANGE: (f32, f32) = (0.001, 2.0);
/// Accepted momentum.
pub const MOMENTUM_RANGE: (f32, f32) = (0.0, 0.99);
/// Accepted minibatch size.
pub const BATCH_RANGE: (u32, u32) = (1, 200);
/// Accepted number of steps.
pub const STEPS_RANGE: (u32, u32) = (50, 5000);
/// Accepted number of restarts.
pub const RUNS_RANGE: (u32, u32) = (1, 300);
/// Accepted rescaling α.
pub const ALPHA_RANGE: (f32, f32) = (0.1, 100.0);
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
    fn from_query(q: &Query, notices: &mut Notices) -> Self {
        let d = RestartsConfig::default();
        let names = DATASETS.map(DatasetKind::key);
        let dataset_from_key = |k: &str| DATASETS.into_iter().find(|d| d.key() == k);
        RestartsConfig {
            dataset: q.choice("data", d.dataset, dataset_from_key, &names, notices),
            n_train: q.number("n", d.n_train, N_RANGE.0..=N_RANGE.1, notices),
            width: q.number("width", d.width, WIDTH_RANGE.0..=WIDTH_RANGE.1, notices),
            depth: q.number("depth", d.depth, DEPTH_RANGE.0..=DEPTH_RANGE.1, notices),
            activation: q.choice("act", d.activation, activation_from_key, &["tanh", "relu"], notices),
            lr: q.number("lr", d.lr, LR_RANGE.0..=LR_RANGE.1, notices),
            momentum: q.number("mom", d.momentum, MOMENTUM_RANGE.0..=MOMENTUM_RANGE.1, notices),
            batch: q.number("batch", d.batch, BATCH_RANGE.0..=BATCH_RANGE.1, notices),
            steps: q.number("steps", d.steps, STEPS_RANGE.0..=STEPS_RANGE.1, notices),
            runs: q.number("runs", d.runs, RUNS_RANGE.0..=RUNS_RANGE.1, notices),
            corruption: q.number("q", d.corruption, 0.0..=1.0, notices),
            compare_bad: q.flag("bad", d.compare_bad, notices),
            guess: q.flag("guess", d.guess, notices),
            alpha: q.number("alpha", d.alpha, ALPHA_RANGE.0..=ALPHA_RANGE.1, notices),
            seed: q.number("seed", d.seed, 0..=MAX_RESTART_SEED, notices),
            autorun: q.flag("autorun", d.autorun, notices),
        }
    }

    fn write_query(&self, q: &mut Query) {
        let d = RestartsConfig::default();
        q.set_unless_default("data", self.dataset.key(), d.dataset.key());
        q.set_unless_default("n", self.n_train, d.n_train);
        q.set_unless_default("width", self.width, d.width);
        q.set_unless_default("depth", self.depth, d.depth);
        q.set_unless_default("act", activation_key(self.activation), activation_key(d.activation));
        q.set_unless_default("lr", self.lr, d.lr);
        q.set_unless_default("mom", self.momentum, d.momentum);
        q.set_unless_default("batch", self.batch, d.batch);
        q.set_unless_default("steps", self.steps, d.steps);
        q.set_unless_default("runs", self.runs, d.runs);
        q.set_unless_default("q", self.corruption, d.corruption);
        q.set_unless_default("bad", u8::from(self.compare_bad), u8::from(d.compare_bad));
        q.set_unless_default("guess", u8::from(self.guess), u8::from(d.guess));
        q.set_unless_default("alpha", self.alpha, d.alpha);
        q.set_unless_default("seed", self.seed, d.seed);
        q.set_unless_default("autorun", u8::from(self.autorun), u8::from(d.autorun));
    }
}

/// The panel's sliders.
pub mod knobs {
    use super::*;
    use crate::state::knob::{percent, round_significant, significant, two, whole, Knob};

    /// A slider over a whole-number field.
    macro_rules! whole_knob {
        ($name:ident, $label:literal, $range:expr, $step:literal, $testid:literal, $field:ident) => {
            #[doc = $label]
            pub const $name: Knob<RestartsConfig> = Knob::<RestartsConfig>::new(
                $label,
                $testid,
                ($range.0 as f64, $range.1 as f64),
                $step,
                |c| f64::from(c.$field),
                |c, v| c.$field = v.round() as u32,
            )
            .shown(whole);
        };
    }
    whole_knob!(N, "Training points", N_RANGE, 1.0, "restarts-n", n_train);
    whole_knob!(WIDTH, "Hidden width", WIDTH_RANGE, 1.0, "restarts-width", width);
    whole_knob!(DEPTH, "Hidden layers", DEPTH_RANGE, 1.0, "restarts-depth", depth);
    whole_knob!(BATCH, "Minibatch size", BATCH_RANGE, 1.0, "restarts-batch", batch);
    whole_knob!(STEPS, "Training steps", STEPS_RANGE, 50.0, "restarts-steps", steps);
    whole_knob!(RUNS, "Restarts", RUNS_RANGE, 1.0, "restarts-runs", runs);

    /// Learning rate η, on a log scale.
    pub const LR: Knob<RestartsConfig> = Knob::<RestartsConfig>::new(
        crate::tex_text!(r"Learning rate $\eta$"),
        "restarts-lr",
        (LR_RANGE.0 as f64, LR_RANGE.1 as f64),
        0.01,
        |c| f64::from(c.lr),
        |c, v| c.lr = round_significant(v).clamp(LR_RANGE.0, LR_RANGE.1),
    )
    .log()
    .shown(significant);
    /// Momentum.
    pub const MOMENTUM: Knob<RestartsConfig> = Knob::<RestartsConfig>::new(
        "Momentum",
        "restarts-momentum",
        (MOMENTUM_RANGE.0 as f64, MOMENTUM_RANGE.1 as f64),
        0.01,
        |c| f64::from(c.momentum),
        |c, v| c.momentum = round_significant(v).min(MOMENTUM_RANGE.1),
    )
    .shown(two);
    /// Share of training labels drawn at random.
    pub const RANDOM_LABELS: Knob<RestartsConfig> = Knob::<RestartsConfig>::new(
        "Random training labels",
        "restarts-q",
        (0.0, 1.0),
        0.05,
        |c| f64::from(c.corruption),
        |c, v| c.corruption = ((v * 20.0).round() / 20.0) as f32,
    )
    .shown(percent);
    /// Dinh et al.'s rescaling α, on a log scale.
    pub const ALPHA: Knob<RestartsConfig> = Knob::<RestartsConfig>::new(
        crate::tex_text!(r"Rescale layers $\alpha$"),
        "restarts-alpha",
        (ALPHA_RANGE.0 as f64, ALPHA_RANGE.1 as f64),
        0.01,
        |c| f64::from(c.alpha),
        |c, v| c.alpha = round_significant(v).clamp(ALPHA_RANGE.0, ALPHA_RANGE.1),
    )
    .log()
    .shown(significant);
    /// Every slider, in the order shown.
    pub const ALL: [&Knob<RestartsConfig>; 10] = [
        &N,
        &WIDTH,
        &DEPTH,
        &LR,
        &MOMENTUM,
        &BATCH,
        &STEPS,
        &RUNS,
        &RANDOM_LABELS,
        &ALPHA,
    ];
}
