//! The population: six hyperparameter axes at two values each, every net trained with
//! momentum SGD on noisy two moons with flipped labels until its training cross-entropy
//! reaches a target (Jiang et al. 2020 §2: equal training loss, so that no measure can
//! rank the nets by how far training got), and what each net reports.

use super::measure::{all_measures, Measure};
use crate::activation::Activation;
use crate::data::{Dataset, DatasetKind};
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optim::OptimiserConfig;
use crate::rng::{seeded, shuffle, Stream};
use crate::train::{evaluate, TrainConfig, Trainer};
use serde::{Deserialize, Serialize};

/// A hyperparameter of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Axis {
    /// Units per hidden layer: 16 or 32.
    Width,
    /// Hidden layers: 2 or 3.
    Depth,
    /// Learning rate: 0.03 or 0.1.
    Lr,
    /// Minibatch size: 16 or the full training set.
    Batch,
    /// Training points: 24 or 48.
    N,
    /// Weight decay: 0 or 3·10⁻⁴.
    Wd,
}

impl Axis {
    /// Every axis; bit k of a configuration is the level of axis k.
    pub const ALL: [Axis; 6] = [Axis::Width, Axis::Depth, Axis::Lr, Axis::Batch, Axis::N, Axis::Wd];

    /// The URL and CSV name.
    pub fn key(self) -> &'static str {
        match self {
            Axis::Width => "width",
            Axis::Depth => "depth",
            Axis::Lr => "lr",
            Axis::Batch => "batch",
            Axis::N => "n",
            Axis::Wd => "wd",
        }
    }

    /// The name a student reads.
    pub fn label(self) -> &'static str {
        match self {
            Axis::Width => "width",
            Axis::Depth => "depth",
            Axis::Lr => "learning rate",
            Axis::Batch => "batch size",
            Axis::N => "training points",
            Axis::Wd => "weight decay",
        }
    }

    /// Its index in `ALL`.
    pub fn index(self) -> usize {
        Axis::ALL.iter().position(|&a| a == self).unwrap_or(0)
    }

    /// The axis called `key`.
    pub fn from_key(key: &str) -> Option<Axis> {
        Axis::ALL.into_iter().find(|a| a.key() == key)
    }

    /// The value at level 0 or 1 (batch 0 stands for the full training set).
    pub fn value(self, level: bool) -> f32 {
        let pick = |a: f32, b: f32| if level { b } else { a };
        match self {
            Axis::Width => pick(16.0, 32.0),
            Axis::Depth => pick(2.0, 3.0),
            Axis::Lr => pick(0.03, 0.1),
            Axis::Batch => pick(16.0, 0.0),
            Axis::N => pick(24.0, 48.0),
            Axis::Wd => pick(0.0, 3e-4),
        }
    }

    /// The value at `level` as written in tables.
    pub fn text(self, level: bool) -> String {
        match (self, level) {
            (Axis::Batch, true) => "full".into(),
            (Axis::Wd, true) => "3e-4".into(),
            _ => format!("{}", self.value(level)),
        }
    }
}

/// Input noise of the two moons (Jiang's study used CIFAR-10 and SVHN; this is a toy).
pub const NOISE: f32 = 0.1;
/// Clean test points shared by every net.
pub const N_TEST: usize = 2000;
/// Momentum of SGD.
pub const MOMENTUM: f32 = 0.9;
/// Steps at most when training to the target.
pub const CAP: usize = 3000;
/// Steps of every net in the fixed-budget mode.
pub const FIXED_STEPS: usize = 300;
/// The training loss is checked every this many steps.
pub const CHECK_EVERY: usize = 5;

/// One study's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudySpec {
    /// Which axes take both values (the others stay at their first value).
    pub varying: [bool; 6],
    /// Training cross-entropy each net is trained to.
    pub target_ce: f32,
    /// Share of training labels flipped.
    pub flip: f32,
    /// Seeds (repetitions) per configuration.
    pub seeds: u32,
    /// Base seed: data, initialisations and minibatch orders come from it.
    pub seed: u64,
    /// Train every net for `FIXED_STEPS` steps instead of to the target.
    pub fixed_steps: bool,
}

impl Default for StudySpec {
    fn default() -> Self {
        StudySpec {
            varying: [true; 6],
            target_ce: 0.1,
            flip: 0.1,
            seeds: 1,
            seed: 1,
            fixed_steps: false,
        }
    }
}

/// One net of the population: a configuration (bit k: level of axis k) and a repetition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetId {
    /// Levels of the six axes as bits.
    pub config: u8,
    /// Repetition 0..seeds: it fixes the training data, initialisation and batch order.
    pub rep: u32,
}

impl NetId {
    /// The level of `axis`.
    pub fn level(self, axis: Axis) -> bool {
        self.config >> axis.index() & 1 == 1
    }

    /// The value of `axis`.
    pub fn value(self, axis: Axis) -> f32 {
        axis.value(self.level(axis))
    }
}

/// Every net of the study, repetitions outermost, so that a cancelled study holds whole
/// grids.
pub fn population(spec: &StudySpec) -> Vec<NetId> {
    let mask: u8 = (0..6).filter(|&k| spec.varying[k]).map(|k| 1u8 << k).sum();
    (0..spec.seeds)
        .flat_map(|rep| {
            (0..64u8)
                .filter(move |c| c & !mask == 0)
                .map(move |config| NetId { config, rep })
        })
        .collect()
}

/// The study's data: the shared clean test set and, for repetition `rep`, the largest
/// training set with labels flipped. A net with n points trains on its first n, so a pair
/// that differs only in n shares its first points.
pub fn study_data(spec: &StudySpec, rep: u32) -> (Dataset, Dataset) {
    let n = Axis::N.value(true) as usize;
    let mut train = Dataset::generate(DatasetKind::Moons, n, NOISE, &mut seeded(spec.seed, Stream::Data, rep));
    // Flip round(flip·n) labels among each prefix's points in proportion: shuffle the
    // indices of the first 24 and of the rest separately.
    let mut rng = seeded(spec.seed, Stream::Other(40), rep);
    let small = Axis::N.value(false) as usize;
    for (lo, hi) in [(0, small), (small, n)] {
        let mut order: Vec<usize> = (lo..hi).collect();
        shuffle(&mut rng, &mut order);
        let k = (spec.flip.clamp(0.0, 1.0) * (hi - lo) as f32).round() as usize;
        order[..k].iter().for_each(|&i| train.y[i] = -train.y[i]);
    }
    let test = Dataset::generate(
        DatasetKind::Moons,
        N_TEST,
        NOISE,
        &mut seeded(spec.seed, Stream::Other(41), 0),
    );
    (train, test)
}

/// What one trained net reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetResult {
    /// Which net.
    pub id: NetId,
    /// Steps taken.
    pub steps: u32,
    /// Whether training stopped at the cap before reaching the target.
    pub capped: bool,
    /// Whether the loss blew up (such a net is left out of every ranking).
    pub diverged: bool,
    /// Training cross-entropy at the end.
    pub train_ce: f32,
    /// Error on the (flipped) training labels.
    pub train_err: f32,
    /// Error on the clean test set.
    pub test_err: f32,
    /// Cross-entropy on the clean test set.
    pub test_ce: f32,
    /// Every measure, in `Measure::ALL` order.
    pub measures: Vec<f32>,
}

impl NetResult {
    /// The generalisation gap: test error minus training error.
    pub fn gap(&self) -> f32 {
        self.test_err - self.train_err
    }

    /// The value of measure `m`.
    pub fn measure(&self, m: Measure) -> f32 {
        self.measures.get(m.index()).copied().unwrap_or(f32::NAN)
    }
}

/// The architecture of net `id`: two inputs, `depth` ReLU hidden layers of `width` units, one output.
pub fn architecture(id: NetId) -> Mlp {
    let hidden = id.value(Axis::Depth) as usize;
    let mut widths = vec![2];
    widths.extend(std::iter::repeat_n(id.value(Axis::Width) as usize, hidden));
    widths.push(1);
    Mlp::new(&widths, Activation::Relu)
}

/// The initial weights of net `id`: drawn from its repetition's initialisation stream, so
/// the nets of one repetition with one architecture start alike.
pub fn initial_weights(spec: &StudySpec, id: NetId) -> Vec<f32> {
    architecture(id).init(&mut seeded(spec.seed, Stream::Init, id.rep))
}

/// A net trained as `run_net` trains it, before it is measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Trained {
    /// Its architecture.
    pub mlp: Mlp,
    /// Its training set: the first n points of its repetition's.
    pub train: Dataset,
    /// Where training started (`initial_weights`).
    pub init: Vec<f32>,
    /// Where it ended.
    pub weights: Vec<f32>,
    /// Steps taken.
    pub steps: usize,
    /// Whether the training cross-entropy reached the target.
    pub reached: bool,
    /// Whether a step's minibatch loss was not finite.
    pub diverged: bool,
    /// The minibatch loss before each step.
    pub losses: Vec<f32>,
}

/// Trains net `id` on `full_train` (its first n points): momentum SGD from
/// `initial_weights` until the training cross-entropy, checked every `CHECK_EVERY` steps,
/// reaches the target (or for `FIXED_STEPS` steps).
pub fn train_net(spec: &StudySpec, id: NetId, full_train: &Dataset) -> Trained {
    let n = id.value(Axis::N) as usize;
    let train = full_train.subset(&(0..n.min(full_train.len())).collect::<Vec<_>>());
    let mlp = architecture(id);
    let init = initial_weights(spec, id);
    let batch = match id.value(Axis::Batch) as usize {
        0 => train.len(),
        b => b,
    };
    let config = TrainConfig {
        loss: Loss::Logistic,
        optimiser: OptimiserConfig {
            momentum: MOMENTUM,
            weight_decay: id.value(Axis::Wd),
            ..OptimiserConfig::sgd(id.value(Axis::Lr))
        },
        batch_size: batch,
    };
    let mut trainer = Trainer::new(
        mlp.clone(),
        init.clone(),
        config,
        seeded(spec.seed, Stream::Sgd, id.rep),
    );
    let mut ws = mlp.workspace(train.len());
    let (budget, stop_early) = if spec.fixed_steps {
        (FIXED_STEPS, false)
    } else {
        (CAP, true)
    };
    let mut diverged = false;
    let mut reached = false;
    let mut losses = Vec::new();
    while trainer.steps < budget {
        match trainer.step(&train) {
            Ok(loss) => losses.push(loss),
            Err(_) => {
                losses.push(f32::NAN);
                diverged = true;
                break;
            }
        }
        if stop_early && trainer.steps % CHECK_EVERY == 0 {
            let ce = evaluate(&mlp, &trainer.params, &train, Loss::Logistic, &mut ws).loss;
            if ce <= spec.target_ce {
                reached = true;
                break;
            }
        }
    }
    Trained {
        steps: trainer.steps,
        weights: trainer.params,
        mlp,
        train,
        init,
        reached,
        diverged,
        losses,
    }
}

/// Trains net `id` on `full_train` (its first n points) and measures it.
pub fn run_net(spec: &StudySpec, id: NetId, full_train: &Dataset, test: &Dataset) -> NetResult {
    let Trained {
        mlp,
        train,
        init,
        weights: w,
        steps,
        reached,
        diverged,
        ..
    } = train_net(spec, id, full_train);
    let stop_early = !spec.fixed_steps;
    let mut ws = mlp.workspace(test.len().max(train.len()));
    let tr = evaluate(&mlp, &w, &train, Loss::Logistic, &mut ws);
    let te = evaluate(&mlp, &w, test, Loss::Logistic, &mut ws);
    let diverged = diverged || !tr.loss.is_finite() || w.iter().any(|v| !v.is_finite());
    let measures = if diverged {
        vec![f32::NAN; Measure::ALL.len()]
    } else {
        all_measures(&mlp, &w, &init, &train, steps, spec.seed, id)
    };
    NetResult {
        id,
        steps: steps as u32,
        capped: stop_early && !reached && !diverged,
        diverged,
        train_ce: tr.loss,
        train_err: 1.0 - tr.accuracy,
        test_err: 1.0 - te.accuracy,
        test_ce: te.loss,
        measures,
    }
}
