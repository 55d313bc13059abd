//! Many training runs of one network on one dataset from different random
//! initialisations ("restarts"): where SGD's minima land, measured by test accuracy,
//! parameter norm, sharpness, and the function each run computes.

use super::activation::Activation;
use super::data::{Dataset, DatasetKind};
use super::loss::Loss;
use super::mlp::Mlp;
use super::optim::OptimiserConfig;
use super::rng::{seeded, Stream};
use super::train::{evaluate, param_norm, TrainConfig, Trainer};
use nalgebra::DMatrix;
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
    /// Experiment seed: the data come from it, run k's initialisation and minibatch
    /// order from (seed, k).
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
            momentum: 0.9,
            weight_decay: 0.0,
            batch_size: 10,
            steps: 1500,
            corruption: 0.0,
            seed: 1,
        }
    }
}

/// Side of the probe grid over [−1.5, 1.5]² on which each run's function is recorded.
pub const PROBE_SIDE: usize = 16;
/// Radius ρ of the sharpness measure.
pub const SHARPNESS_RHO: f32 = 0.05;

/// The outcome of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Run index k: with the experiment seed it reproduces the run.
    pub run: u32,
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

/// Trains run k of the experiment (logistic loss) and reports how it ended. Runs are
/// independent: run k gives the same numbers whether computed alone or among others.
pub fn run_restart(spec: &RestartSpec, train: &Dataset, test: &Dataset, run: u32) -> RunResult {
    let mlp = Mlp::new(&spec.widths, spec.activation);
    let params = mlp.init(&mut seeded(spec.seed, Stream::Init, run));
    let optimiser = OptimiserConfig {
        momentum: spec.momentum,
        weight_decay: spec.weight_decay,
        ..OptimiserConfig::sgd(spec.lr)
    };
    let config = TrainConfig {
        loss: Loss::Logistic,
        optimiser,
        batch_size: spec.batch_size,
    };
    let mut trainer = Trainer::new(mlp, params, config, seeded(spec.seed, Stream::Sgd, run));
    let diverged = trainer.run(train, spec.steps).is_err();
    let (tr, te) = (trainer.evaluate(train), trainer.evaluate(test));
    RunResult {
        run,
        train_acc: tr.accuracy,
        test_acc: te.accuracy,
        train_loss: tr.loss,
        test_loss: te.loss,
        norm: param_norm(&trainer.params),
        sharpness: sharpness(&trainer.mlp, &trainer.params, train),
        probe: probe(&trainer.mlp, &trainer.params),
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
    let coord = |k: usize| -1.5 + 3.0 * (k as f32 + 0.5) / side as f32;
    let x: Vec<f32> = (0..side * side)
        .flat_map(|i| [coord(i % side), -coord(i / side)])
        .collect();
    let mut ws = mlp.workspace(side * side);
    mlp.forward(w, &x, &mut ws).to_vec()
}

/// Projects vectors (one per run, e.g. probe outputs) onto their first two principal
/// components: rows of the centred matrix X are mapped to X·[v₁ v₂] with v₁, v₂ the top
/// right singular vectors. Working in function space makes this immune to the
/// permutation symmetry of hidden units.
pub fn principal_plane(rows: &[Vec<f32>]) -> Vec<[f32; 2]> {
    let (n, d) = (rows.len(), rows.first().map_or(0, Vec::len));
    if n < 2 || d < 2 {
        return vec![[0.0, 0.0]; n];
    }
    let mean: Vec<f64> = (0..d)
        .map(|j| rows.iter().map(|r| f64::from(r[j])).sum::<f64>() / n as f64)
        .collect();
    let x = DMatrix::from_fn(n, d, |i, j| f64::from(rows[i][j]) - mean[j]);
    let svd = x.clone().svd(false, true);
    let Some(vt) = svd.v_t else { return vec![[0.0, 0.0]; n] };
    // Singular values come sorted in decreasing order.
    let projected = x * vt.rows(0, 2).transpose();
    (0..n)
        .map(|i| [projected[(i, 0)] as f32, projected[(i, 1)] as f32])
        .collect()
}

/// Spearman's rank correlation of two samples (ties get their average rank).
pub fn spearman(a: &[f32], b: &[f32]) -> f32 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let mean = (n + 1.0) / 2.0;
    let (mut num, mut da, mut db) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        num += (x - mean) * (y - mean);
        da += (x - mean).powi(2);
        db += (y - mean).powi(2);
    }
    if da == 0.0 || db == 0.0 {
        0.0
    } else {
        (num / (da * db).sqrt()) as f32
    }
}

/// Ranks 1..n, ties averaged.
fn ranks(v: &[f32]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
    let mut out = vec![0.0; v.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && v[order[end + 1]] == v[order[start]] {
            end += 1;
        }
        let rank = (start + end) as f64 / 2.0 + 1.0;
        for &i in &order[start..=end] {
            out[i] = rank;
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_monotone_and_reversed_samples() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((spearman(&a, &[2.0, 4.0, 8.0, 16.0, 32.0]) - 1.0).abs() < 1e-6);
        assert!((spearman(&a, &[5.0, 4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-6);
        // A hand-computed case with one tie: ranks (1, 2.5, 2.5, 4) vs (1, 3, 2, 4).
        let rho = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]);
        assert!((rho - 4.5 / (4.5f32 * 5.0).sqrt()).abs() < 1e-6, "{rho}");
    }

    #[test]
    fn principal_plane_finds_the_spread_direction() {
        // Points along (1, 1, 0) with small noise in the third coordinate: the first
        // coordinate of the projection orders them as t does.
        let rows: Vec<Vec<f32>> = (0..10)
            .map(|t| vec![t as f32, t as f32, 0.01 * ((t * 7) % 3) as f32])
            .collect();
        let plane = principal_plane(&rows);
        let first: Vec<f32> = plane.iter().map(|p| p[0]).collect();
        let t: Vec<f32> = (0..10).map(|t| t as f32).collect();
        assert!(spearman(&first, &t).abs() > 0.999);
        assert!(plane.iter().all(|p| p[1].abs() < 0.05));
    }
}
