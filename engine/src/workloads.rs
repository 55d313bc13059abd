//! The standard benchmark workloads of DESIGN.md, shared by the native benchmark and
//! the in-browser benchmark page so both time exactly the same computation.

use crate::activation::Activation;
use crate::data::{Dataset, DatasetKind};
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optim::OptimiserConfig;
use crate::rng::{seeded, Stream};
use crate::train::{EngineError, TrainConfig, Trainer};

/// W1's steps: 500 epochs of 200 points in minibatches of 10.
pub const W1_STEPS: usize = 10_000;

/// W1, one training run: MLP 2-16-16-1 with tanh, MSE, 200 seeded circle points,
/// minibatch 10, SGD with η = 0.03, 10,000 steps.
pub struct W1 {
    /// The training set (200 circle points, noise 0.1).
    pub data: Dataset,
    /// A trainer at its seeded initialisation.
    pub trainer: Trainer,
}

impl W1 {
    /// W1 prepared from `seed` (data and initialisation), ready to run.
    pub fn new(seed: u64) -> Self {
        let data = Dataset::generate(DatasetKind::Circles, 200, 0.1, &mut seeded(seed, Stream::Data, 0));
        let mlp = Mlp::new(&[2, 16, 16, 1], Activation::Tanh);
        let params = mlp.init(&mut seeded(seed, Stream::Init, 0));
        let config = TrainConfig {
            loss: Loss::Mse,
            optimiser: OptimiserConfig::sgd(0.03),
            batch_size: 10,
        };
        W1 {
            trainer: Trainer::new(mlp, params, config, seeded(seed, Stream::Sgd, 0)),
            data,
        }
    }

    /// Floating-point operations of the whole run (≈ 182 MFLOP).
    pub fn flops(&self) -> f64 {
        self.trainer.mlp.flops_per_step(10) * W1_STEPS as f64
    }

    /// Runs all 10,000 steps; returns the full-training-set loss at the end.
    pub fn run(mut self) -> Result<f32, EngineError> {
        self.trainer.run(&self.data, W1_STEPS)?;
        Ok(self.trainer.evaluate(&self.data).loss)
    }
}

/// The benchmark page's result, in the JSON shape automated checks read:
/// `{"workload":"W1","runs_ms":[…],"median_ms":…,"gflops":…,"final_loss":…}`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BenchSummary {
    /// Workload name.
    pub workload: String,
    /// Wall time of each timed run, in milliseconds.
    pub runs_ms: Vec<f64>,
    /// Median of `runs_ms`.
    pub median_ms: f64,
    /// Throughput of the median run, 10⁹ floating-point operations per second.
    pub gflops: f64,
    /// Training loss at the end of the last run.
    pub final_loss: f32,
}

impl BenchSummary {
    /// Summarises timed runs of a workload of `flops` operations each.
    pub fn new(workload: &str, runs_ms: Vec<f64>, flops: f64, final_loss: f32) -> Self {
        let mut sorted = runs_ms.clone();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median_ms = match n {
            0 => f64::NAN,
            _ if n % 2 == 1 => sorted[n / 2],
            _ => 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]),
        };
        BenchSummary {
            workload: workload.to_owned(),
            runs_ms,
            median_ms,
            gflops: flops / (median_ms * 1e6),
            final_loss,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_takes_the_median_and_converts_to_gflops() {
        let s = BenchSummary::new("W1", vec![30.0, 10.0, 20.0, 50.0, 40.0], 182.4e6, 0.1);
        assert_eq!(s.median_ms, 30.0);
        assert!((s.gflops - 182.4e6 / 30e6).abs() < 1e-12);
        assert_eq!(BenchSummary::new("W1", vec![1.0, 3.0], 1e6, 0.0).median_ms, 2.0);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["workload"], "W1");
        assert_eq!(json["runs_ms"].as_array().unwrap().len(), 5);
    }

    #[test]
    fn w1_learns_the_circles() {
        let w1 = W1::new(1);
        let flops = w1.flops();
        assert!((flops - 182.4e6).abs() < 1.0);
        let loss = w1.run().expect("W1 converges");
        // MSE ½(f − y)² on ±1 labels starts near 0.5; a trained net is far below.
        assert!(loss < 0.05, "final loss {loss}");
    }
}
