//! One phase of training: minibatch SGD with momentum on a fixed set of inputs and class
//! labels, epoch by epoch, until a full pass finds every example classified correctly,
//! the step cap, or a non-finite loss.

use super::train::Point;
use crate::mlp::{argmax, Mlp};
use crate::optim::{Optimiser, OptimiserConfig};
use crate::rng::{shuffle, Rng};
use rand::Rng as _;

/// What to train on and how.
pub(super) struct Phase<'a> {
    /// n × side² standardised inputs.
    pub x: &'a [f32],
    /// The n labels.
    pub y: &'a [u8],
    /// Images are side × side.
    pub side: usize,
    /// SGD's settings (a fresh momentum buffer).
    pub optimiser: OptimiserConfig,
    /// Minibatch size B.
    pub batch: usize,
    /// Most steps.
    pub max_steps: usize,
    /// Reshuffles the examples at the start of every epoch (see `EpochOrder`).
    pub order: Rng,
    /// Random shifts by up to a pixel: their generator and the fill (blank paper).
    pub augment: Option<(Rng, f32)>,
}

/// How a phase ended.
pub(super) struct PhaseEnd {
    /// Steps taken.
    pub steps: u32,
    /// The step after which the full check found every example right.
    pub fitted: Option<u32>,
    /// The loss or a parameter became non-finite.
    pub diverged: bool,
}

/// Trains `params` through `phase`, reporting each epoch.
///
/// Each epoch the examples are reshuffled and cut into minibatches of B (the last may be
/// smaller). The minibatches' forward passes count the examples they classify correctly;
/// after an epoch in which that count is all of them (every epoch when augmenting, where
/// the count is of shifted images) a full pass over the unshifted examples checks whether
/// all are classified correctly now, and training stops if so.
pub(super) fn run_phase(mlp: &Mlp, params: &mut [f32], mut phase: Phase, report: &mut dyn FnMut(Point)) -> PhaseEnd {
    let dim = phase.side * phase.side;
    let n = phase.y.len();
    let batch = phase.batch.clamp(1, n.max(1));
    let mut optimiser = Optimiser::new(phase.optimiser, params.len());
    let mut ws = mlp.workspace(batch);
    let mut epochs = EpochOrder::new(phase.order, n);
    let (mut bx, mut by) = (Vec::with_capacity(batch * dim), Vec::with_capacity(batch));
    let mut steps = 0usize;
    while steps < phase.max_steps && n > 0 {
        let order = epochs.next_epoch();
        let (mut loss_sum, mut correct, mut seen) = (0.0f64, 0usize, 0usize);
        for chunk in order.chunks(batch) {
            if steps == phase.max_steps {
                break;
            }
            bx.clear();
            by.clear();
            for &i in chunk {
                let image = &phase.x[i * dim..(i + 1) * dim];
                match &mut phase.augment {
                    Some((rng, fill)) => push_shifted(image, phase.side, rng, *fill, &mut bx),
                    None => bx.extend_from_slice(image),
                }
                by.push(phase.y[i]);
            }
            let mut right = 0;
            let loss = optimiser.step(
                params,
                |w, g| {
                    let (loss, c) = mlp.softmax_loss_and_grad(w, &bx, &by, &mut ws, g);
                    right = c;
                    loss
                },
                None,
            );
            steps += 1;
            if !loss.is_finite() {
                return PhaseEnd {
                    steps: steps as u32,
                    fitted: None,
                    diverged: true,
                };
            }
            loss_sum += f64::from(loss) * chunk.len() as f64;
            correct += right;
            seen += chunk.len();
        }
        report(Point {
            step: steps as u32,
            train_loss: (loss_sum / seen as f64) as f32,
            train_acc: correct as f32 / seen as f32,
        });
        if !params.iter().all(|w| w.is_finite()) {
            return PhaseEnd {
                steps: steps as u32,
                fitted: None,
                diverged: true,
            };
        }
        let check = seen == n && (phase.augment.is_some() || correct == n);
        if check && count_correct(mlp, params, phase.x, phase.y) == n {
            return PhaseEnd {
                steps: steps as u32,
                fitted: Some(steps as u32),
                diverged: false,
            };
        }
    }
    PhaseEnd {
        steps: steps as u32,
        fitted: None,
        diverged: false,
    }
}

/// The order in which a phase's epochs visit its n examples: one permutation of 0..n,
/// reshuffled (Fisher–Yates, `rng::shuffle`) at the start of every epoch from where the
/// previous epoch left it. Each epoch is cut into consecutive minibatches of B.
pub struct EpochOrder {
    rng: Rng,
    order: Vec<usize>,
}

impl EpochOrder {
    /// The orders drawn by `rng` for `n` examples.
    pub fn new(rng: Rng, n: usize) -> EpochOrder {
        EpochOrder {
            rng,
            order: (0..n).collect(),
        }
    }

    /// The next epoch's order.
    pub fn next_epoch(&mut self) -> &[usize] {
        shuffle(&mut self.rng, &mut self.order);
        &self.order
    }
}

/// The shift of the next image an augmenting phase uses, k ∈ 0..9: (dy, dx) = (k / 3 − 1,
/// k mod 3 − 1).
pub fn shift_index(rng: &mut Rng) -> u32 {
    rng.random_range(0..9u32)
}

/// Appends `image` (side × side) shifted by a random (dx, dy) ∈ {−1, 0, 1}²: pixel (r, c)
/// of the result is pixel (r − dy, c − dx) of the image, or `fill` where that is outside.
pub(super) fn push_shifted(image: &[f32], side: usize, rng: &mut Rng, fill: f32, out: &mut Vec<f32>) {
    let shift = shift_index(rng) as isize;
    let (dy, dx) = (shift / 3 - 1, shift % 3 - 1);
    let side = side as isize;
    for r in 0..side {
        for c in 0..side {
            let (sr, sc) = (r - dy, c - dx);
            let inside = (0..side).contains(&sr) && (0..side).contains(&sc);
            out.push(if inside { image[(sr * side + sc) as usize] } else { fill });
        }
    }
}

/// How many of the examples (`x`: n × n₀ inputs) the network classifies as their label.
pub(super) fn count_correct(mlp: &Mlp, w: &[f32], x: &[f32], y: &[u8]) -> usize {
    const CHUNK: usize = 100;
    let dim = mlp.widths[0];
    let classes = mlp.widths[mlp.depth()];
    let mut ws = mlp.workspace(CHUNK);
    let mut correct = 0;
    for (xs, ys) in x.chunks(CHUNK * dim).zip(y.chunks(CHUNK)) {
        let out = mlp.forward(w, xs, &mut ws);
        correct += out
            .chunks_exact(classes)
            .zip(ys)
            .filter(|(f, &label)| argmax(f) == usize::from(label))
            .count();
    }
    correct
}

/// The share of the examples the network classifies as their label.
pub(super) fn accuracy(mlp: &Mlp, w: &[f32], x: &[f32], y: &[u8]) -> f32 {
    count_correct(mlp, w, x, y) as f32 / y.len().max(1) as f32
}
