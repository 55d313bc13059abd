//! Training a ReLU MLP with softmax cross-entropy on the digits as a recipe gives them,
//! by minibatch SGD with heavy-ball momentum, until it classifies every training image
//! correctly (Zhang et al. 2017's "time to fit") or reaches the step cap.

use super::adversarial;
use super::condition::Condition;
use super::data::{Digits, CLASSES};
use super::given::Given;
use super::phase::{accuracy, run_phase, Phase};
use crate::activation::Activation;
use crate::mlp::Mlp;
use crate::optim::OptimiserConfig;
use crate::rng::{seeded, Rng, Stream};
use serde::{Deserialize, Serialize};

/// Fewest training images a setup may ask for.
pub const MIN_TRAIN: usize = 100;
/// Most training images: half the asset's training pool of 3,000, so that the
/// adversarial start's extra images (as many again) fit after them.
pub const MAX_TRAIN: usize = 1500;
/// Most hidden layers.
pub const MAX_HIDDEN: usize = 3;
/// Narrowest hidden layer.
pub const MIN_WIDTH: usize = 16;
/// Widest hidden layer.
pub const MAX_WIDTH: usize = 512;

/// `Stream::Other` of the augmentation's shifts (the run is the recipe's run).
pub(super) const AUGMENT: u32 = 42;

/// The network and how it is trained, shared by every recipe of a study.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetSetup {
    /// Training images n, MIN_TRAIN..=MAX_TRAIN: rows TEST_COUNT..TEST_COUNT + n of the
    /// asset (`given::train_count` clamps it to half the pool).
    pub n_train: usize,
    /// Hidden layers, 1..=MAX_HIDDEN.
    pub hidden: usize,
    /// Units per hidden layer, MIN_WIDTH..=MAX_WIDTH.
    pub width: usize,
    /// Learning rate η.
    pub lr: f32,
    /// Heavy-ball momentum μ: v ← μ·v + g, w ← w − η·v.
    pub momentum: f32,
    /// Minibatch size B.
    pub batch: usize,
    /// The step cap (the adversarial start's pre-training has its own: see `adversarial`).
    pub max_steps: usize,
    /// The data's seed (label draws, permutations, Gaussian images) and, with the
    /// recipe's run, the initialisation's and the minibatch order's.
    pub seed: u64,
}

impl NetSetup {
    /// The lab's defaults: Zhang et al.'s SGD with momentum 0.9 on one hidden layer of 256,
    /// chosen by measurement so that the five conditions of Fig. 1a each fit their 1,000
    /// training images well within the cap (true labels in about 450 steps, random labels
    /// in about 2,600) and together train in about 1.5 s natively, with an epoch short
    /// enough (32 steps) that each curve has from ten to eighty points. Twice the width
    /// saves a fifth of the epochs and doubles the time. A rate of 0.05 fits in about half
    /// the steps, but at 0.1 random labels no longer fit within the cap and random pixels
    /// and Gaussian images diverge: 0.01 keeps a margin and gives smoother curves.
    pub fn default_lab() -> NetSetup {
        NetSetup {
            n_train: 1000,
            hidden: 1,
            width: 256,
            lr: 0.01,
            momentum: 0.9,
            batch: 32,
            max_steps: 10_000,
            seed: 1,
        }
    }

    /// The network: 196 inputs, `hidden` ReLU layers of `width` units, ten outputs.
    pub fn mlp(&self, dim: usize) -> Mlp {
        let mut widths = vec![dim];
        widths.extend(std::iter::repeat_n(self.width.max(1), self.hidden.max(1)));
        widths.push(CLASSES);
        Mlp::new(&widths, Activation::Relu)
    }
}

/// Where training starts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Start {
    /// He initialisation from the run's stream.
    Random,
    /// Liu, Papailiopoulos and Achlioptas's (2020) adversarial start: see `adversarial`.
    Adversarial,
}

/// What one run is given and how it is regularised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recipe {
    /// The randomisation test.
    pub condition: Condition,
    /// Zhang et al.'s Fig. 1b/c: each training label independently, with probability p,
    /// replaced by a class drawn uniformly from all ten (it may be the true one). Applies
    /// to true labels only.
    pub corruption: f32,
    /// L2 weight decay λ (0: off): the objective gains (λ/2)‖w‖², biases included.
    pub weight_decay: f32,
    /// Each time a training image is used, shift it by a random (dx, dy) ∈ {−1, 0, 1}²
    /// pixels, filling with blank paper. The fit is still checked on the unshifted images.
    pub augment: bool,
    /// Where training starts.
    pub start: Start,
    /// Restart index: the initialisation, the minibatch order, the shifts and the
    /// adversarial start's wrong labels come from streams with this run number; the data
    /// do not depend on it.
    pub run: u32,
}

impl Recipe {
    /// Plain training under `condition`: no corruption, decay or augmentation, random start.
    pub fn plain(condition: Condition) -> Recipe {
        Recipe {
            condition,
            corruption: 0.0,
            weight_decay: 0.0,
            augment: false,
            start: Start::Random,
            run: 0,
        }
    }

    /// Whether the run starts adversarially.
    pub fn adversarial(&self) -> bool {
        self.start == Start::Adversarial
    }
}

/// The training curve, one point per epoch (and one for a last, partial epoch).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Steps taken at the end of the epoch.
    pub step: u32,
    /// Mean over the epoch's examples of the cross-entropy each had in its minibatch's
    /// forward pass, before that step's update (so it lags the network a little).
    pub train_loss: f32,
    /// The share of the epoch's examples classified correctly in that same forward pass
    /// (on the shifted images when augmenting).
    pub train_acc: f32,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Steps taken on the training set (not counting an adversarial start's pre-training).
    pub steps: u32,
    /// The step at the end of the first epoch after which every training image,
    /// unshifted and with the label the network is given, is classified correctly (a full
    /// pass checks it); training stops there. None if the cap came first or it diverged.
    pub steps_to_fit: Option<u32>,
    /// Accuracy on the training images with their given labels at the end.
    pub train_acc: f32,
    /// Accuracy on the TEST_COUNT test images with their true labels, under the same
    /// input transform, at the end.
    pub test_acc: f32,
    /// Adversarial start only: the pre-training's steps.
    pub pretrain_steps: Option<u32>,
    /// The loss became infinite or NaN (the learning rate is too large for the network):
    /// training stopped there, and the accuracies are those of the broken network.
    pub diverged: bool,
}

/// Trains the network of `net` on the data of `recipe`, calling `report` once per epoch,
/// and measures the result. The same arguments give bit-identical results everywhere.
pub fn train(digits: &Digits, net: &NetSetup, recipe: &Recipe, report: &mut dyn FnMut(Point)) -> Outcome {
    let given = Given::new(digits, net, recipe);
    let mlp = net.mlp(digits.dim());
    let mut params = initial_params(net, &mlp, recipe.run);
    let mut pretrain_steps = None;
    if recipe.adversarial() {
        let pre = adversarial::pretrain(digits, net, recipe, &given, &mlp, &mut params);
        pretrain_steps = Some(pre.steps);
        if pre.diverged {
            return finish(&mlp, &params, &given, 0, None, pretrain_steps, true);
        }
    }
    let phase = Phase {
        x: &given.train_x,
        y: &given.train_y,
        side: digits.side,
        optimiser: OptimiserConfig {
            momentum: net.momentum,
            weight_decay: recipe.weight_decay,
            ..OptimiserConfig::sgd(net.lr)
        },
        batch: net.batch,
        max_steps: net.max_steps,
        order: order_rng(net, recipe.run),
        augment: recipe.augment.then(|| (shift_rng(net, recipe.run), given.paper())),
    };
    let end = run_phase(&mlp, &mut params, phase, report);
    finish(
        &mlp,
        &params,
        &given,
        end.steps,
        end.fitted,
        pretrain_steps,
        end.diverged,
    )
}

/// Run `run`'s initial parameters: He initialisation (`Mlp::init`) from its stream.
pub fn initial_params(net: &NetSetup, mlp: &Mlp, run: u32) -> Vec<f32> {
    mlp.init(&mut seeded(net.seed, Stream::Init, run))
}

/// The generator of run `run`'s minibatch orders on the training set (`EpochOrder`).
pub fn order_rng(net: &NetSetup, run: u32) -> Rng {
    seeded(net.seed, Stream::Sgd, run)
}

/// The generator of run `run`'s shifts, one `shift_index` per image used, when augmenting.
pub fn shift_rng(net: &NetSetup, run: u32) -> Rng {
    seeded(net.seed, Stream::Other(AUGMENT), run)
}

fn finish(
    mlp: &Mlp,
    params: &[f32],
    given: &Given,
    steps: u32,
    steps_to_fit: Option<u32>,
    pretrain_steps: Option<u32>,
    diverged: bool,
) -> Outcome {
    Outcome {
        steps,
        steps_to_fit,
        train_acc: accuracy(mlp, params, &given.train_x, &given.train_y),
        test_acc: accuracy(mlp, params, &given.test_x, &given.test_y),
        pretrain_steps,
        diverged,
    }
}
