//! The adversarial start on real digits (Liu, Papailiopoulos and Achlioptas 2020, "Bad
//! global minima exist and SGD can reach them"): from a random initialisation, first fit
//! the n training images with their labels together with m = n further images given
//! wrong labels; then train on the training set alone as usual. The network keeps fitting
//! the training set, but it has memorised noise around it, so it tests worse.

use super::data::{Digits, CLASSES, TEST_COUNT};
use super::given::Given;
use super::phase::{run_phase, Phase, PhaseEnd};
use super::train::{NetSetup, Recipe};
use crate::mlp::Mlp;
use crate::optim::OptimiserConfig;
use crate::rng::{seeded, Rng, Stream};
use rand::Rng as _;

/// `Stream::Other` of the extra images' wrong labels (the run is the recipe's run).
const WRONG: u32 = 43;
/// `Stream::Other` of the pre-training's minibatch order.
const ORDER: u32 = 44;

/// The number m of extra images for a training set of n: as many again.
pub fn extra_count(n: usize) -> usize {
    n
}

/// The extra images (the m rows after the training set, under the recipe's input
/// transform) and their wrong labels, each drawn uniformly from the nine classes that are
/// not its true one.
pub fn extra_set(digits: &Digits, net: &NetSetup, recipe: &Recipe, given: &Given) -> (Vec<f32>, Vec<u8>) {
    let n = given.train_y.len();
    let rows = TEST_COUNT + n..TEST_COUNT + n + extra_count(n);
    let mut rng = seeded(net.seed, Stream::Other(WRONG), recipe.run);
    let mut x = Vec::with_capacity(rows.len() * digits.dim());
    let mut y = Vec::with_capacity(rows.len());
    for row in rows {
        given.inputs.push_input(digits, row, &mut x);
        let offset = 1 + rng.random_range(0..CLASSES as u32 - 1) as u8;
        y.push((digits.labels[row] + offset) % CLASSES as u8);
    }
    (x, y)
}

/// The pre-training's step cap for a training set of n: the setup's, scaled by the size
/// of the set it fits, (n + m)/n.
pub fn pretrain_max_steps(net: &NetSetup, n: usize) -> usize {
    net.max_steps.saturating_mul(n + extra_count(n)) / n.max(1)
}

/// The generator of run `run`'s pre-training minibatch orders (`EpochOrder` over the n + m
/// images: the training set, then the extra images).
pub fn pretrain_order_rng(net: &NetSetup, run: u32) -> Rng {
    seeded(net.seed, Stream::Other(ORDER), run)
}

/// Pre-trains `params` on the training set plus the wrongly labelled extra images, with
/// the setup's learning rate, momentum and batch size but no weight decay or shifts,
/// until that whole set is fitted or the step cap, scaled by the set's size: (n + m)/n
/// times the setup's. Its epochs are not reported.
pub(super) fn pretrain(
    digits: &Digits,
    net: &NetSetup,
    recipe: &Recipe,
    given: &Given,
    mlp: &Mlp,
    params: &mut [f32],
) -> PhaseEnd {
    let (extra_x, extra_y) = extra_set(digits, net, recipe, given);
    let x = [given.train_x.as_slice(), &extra_x].concat();
    let y = [given.train_y.as_slice(), &extra_y].concat();
    let phase = Phase {
        x: &x,
        y: &y,
        side: digits.side,
        optimiser: OptimiserConfig {
            momentum: net.momentum,
            ..OptimiserConfig::sgd(net.lr)
        },
        batch: net.batch,
        max_steps: pretrain_max_steps(net, given.train_y.len()),
        order: pretrain_order_rng(net, recipe.run),
        augment: None,
    };
    run_phase(mlp, params, phase, &mut |_| {})
}
