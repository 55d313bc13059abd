//! What the restarts panel says in words and files: per-pipeline summaries, rank
//! correlations, the run table as JSON (the testing hook) and CSV, and the map of minima.

use crate::panels::restarts::layout::{bar_heights, Bins, Metric, Run};
use super::run::{Experiment, Finished};
use crate::engine::restarts::{Pipeline, PROBE_SIDE};
use crate::engine::stats::{principal_plane, spearman};
use serde::Serialize;
use std::sync::Arc;

/// Human name of a pipeline.
pub fn pipeline_name(p: Pipeline) -> &'static str {
    match p {
        Pipeline::Sgd => "SGD",
        Pipeline::SgdWd => "SGD + weight decay",
        Pipeline::Adversarial => "adversarial start",
        Pipeline::Guess => "guess and check",
        Pipeline::AdversarialWd => "adversarial start + weight decay",
    }
}

/// The runs' functions as predicted probabilities σ(f) on every other probe point:
/// bounded, so that a few huge-norm networks do not dominate the map.
pub fn map_points(runs: &[Arc<Finished>]) -> Vec<[f32; 2]> {
    let rows: Vec<Vec<f32>> = runs
        .iter()
        .map(|r| {
            (0..PROBE_SIDE * PROBE_SIDE)
                .filter(|k| (k / PROBE_SIDE) % 2 == 0 && k % 2 == 0)
                .map(|k| {
                    let f = r.result.probe[k];
                    if f.is_finite() {
                        1.0 / (1.0 + (-f).exp())
                    } else {
                        0.5
                    }
                })
                .collect()
        })
        .collect();
    principal_plane(&rows)
}

/// One sentence per pipeline: how many runs fit, diverged, and their test accuracies.
pub fn pipeline_summary(e: &Experiment, p: Pipeline) -> Option<String> {
    let runs: Vec<&Arc<Finished>> = e.results.iter().filter(|r| r.result.pipeline == p).collect();
    if runs.is_empty() {
        return None;
    }
    let fits = runs.iter().filter(|r| r.fits()).count();
    let diverged = runs.iter().filter(|r| r.result.diverged).count();
    let accs: Vec<f32> = runs
        .iter()
        .filter(|r| !r.result.diverged)
        .map(|r| r.result.test_acc)
        .collect();
    let mut text = format!(
        "{}: {fits} of {} runs reach 100 % training accuracy",
        pipeline_name(p),
        runs.len()
    );
    if p == Pipeline::Guess && fits > 0 {
        let draws: Vec<u64> = runs.iter().filter(|r| r.fits()).map(|r| r.result.draws).collect();
        let median = crate::panels::restarts::prose::kth(&draws, draws.len() / 2).unwrap_or(0);
        text.push_str(&format!(" (median {median} random draws each)"));
    }
    if diverged > 0 {
        text.push_str(&format!(
            " ({diverged} diverged: the learning rate is too large for them)"
        ));
    }
    if !accs.is_empty() {
        let mean = accs.iter().sum::<f32>() / accs.len() as f32;
        let (lo, hi) = accs.iter().fold((1f32, 0f32), |(a, b), &v| (a.min(v), b.max(v)));
        text.push_str(&format!(
            "; test accuracy {:.1}–{:.1} %, mean {:.1} %.",
            100.0 * lo,
            100.0 * hi,
            100.0 * mean
        ));
    }
    Some(text)
}

/// Spearman correlations of test accuracy with `x`, per pipeline, as HTML (ρ is MathML).
pub fn correlations(e: &Experiment, x: fn(&Finished) -> f32) -> String {
    let parts: Vec<String> = Pipeline::ALL
        .iter()
        .filter_map(|&p| {
            let live: Vec<&Arc<Finished>> = e
                .results
                .iter()
                .filter(|r| r.result.pipeline == p && !r.result.diverged)
                .collect();
            (live.len() >= 3).then(|| {
                let a: Vec<f32> = live.iter().map(|r| r.result.test_acc).collect();
                let b: Vec<f32> = live.iter().map(|r| x(r)).collect();
                format!("{} {}", pipeline_name(p), format!("{:+.2}", spearman(&b, &a)).replace('-', "−"))
            })
        })
        .collect();
    if parts.is_empty() {
        crate::tex_text!(r"Spearman $\rho$: needs at least 3 runs.").to_owned()
    } else {
        crate::tex_html!(r"Spearman $\rho$ with test accuracy: \slot", parts.join(" · "))
    }
}

/// One run in the testing hook.
#[derive(Serialize)]
struct RunRow {
    seed: u64,
    pipeline: &'static str,
    train_acc: f32,
    test_acc: f32,
    lambda_max: f32,
    lambda_scaled: f32,
    rescale_shift: f32,
    draws: u64,
    diverged: bool,
}

/// The histogram's bars (test accuracy): runs per bin, fitted or not, per pipeline.
#[derive(Serialize)]
struct Histogram {
    lo: f32,
    hi: f32,
    /// Written as a JSON object keyed by pipeline (from a list: a map type would link a
    /// sort).
    #[serde(serialize_with = "as_object")]
    bars: Vec<(&'static str, Vec<usize>)>,
}

/// Writes (key, value) pairs as one JSON object.
fn as_object<S: serde::Serializer>(pairs: &[(&'static str, Vec<usize>)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// The testing hook.
#[derive(Serialize)]
struct Summary {
    done: usize,
    total: usize,
    elapsed_ms: f64,
    workers: usize,
    running: bool,
    stopped: bool,
    runs: Vec<RunRow>,
    histogram: Histogram,
}

/// The testing hook: the run table as JSON.
pub fn summary_json(e: &Experiment) -> String {
    let runs = e
        .results
        .iter()
        .map(|r| RunRow {
            seed: r.result.seed,
            pipeline: r.result.pipeline.key(),
            train_acc: r.result.train_acc,
            test_acc: r.result.test_acc,
            lambda_max: r.result.lambda_max,
            lambda_scaled: r.result.lambda_scaled,
            rescale_shift: r.result.rescale_shift,
            draws: r.result.draws,
            diverged: r.result.diverged,
        })
        .collect();
    let bins = Bins::for_runs(Metric::TestAccuracy, &e.results);
    let heights = bar_heights(&e.results, Metric::TestAccuracy, bins);
    let bars = Pipeline::ALL
        .iter()
        .enumerate()
        .map(|(k, p)| (p.key(), heights.iter().map(|h| h[k].0 + h[k].1).collect()))
        .collect();
    let summary = Summary {
        done: e.results.len(),
        total: e.total,
        elapsed_ms: e.elapsed_ms,
        workers: e.workers,
        running: e.running,
        stopped: e.stopped,
        runs,
        histogram: Histogram {
            lo: bins.lo,
            hi: bins.hi,
            bars,
        },
    };
    serde_json::to_string(&summary).unwrap_or_default()
}

/// The run table as CSV (the export).
pub fn table_csv(e: &Experiment) -> String {
    let mut out = String::from("seed,pipeline,train_acc,test_acc,train_loss,test_loss,norm,lambda_max,lambda_scaled,draws,diverged\n");
    for r in &e.results {
        let r = &r.result;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\n",
            r.seed,
            r.pipeline.key(),
            r.train_acc,
            r.test_acc,
            r.train_loss,
            r.test_loss,
            r.norm,
            r.lambda_max,
            r.lambda_scaled,
            r.draws,
            r.diverged
        ));
    }
    out
}
