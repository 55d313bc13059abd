//! The matrix-completion figures in words, their text alternatives: the training curves
//! of each depth with the nuclear-norm reference, and each depth's singular values at the
//! step shown against the truth's. From the same frames the figures draw; pure,
//! host-tested.

use super::jobs::SweepPoint;
use super::sweep::{self, SweepPlan};
use super::trace::{Trace, Training};
use crate::engine::deep_linear::Snapshot;
use crate::plot::describe::{chart, num};

/// A training chart: `name` (of `of`, a frame's value) against the step for each depth,
/// and the dashed reference `reference` when there is one.
pub fn curves(
    t: &Training,
    depths: &[usize],
    name: &str,
    of: fn(&Snapshot) -> f64,
    reference: Option<(&str, f64)>,
) -> String {
    let lines: Vec<(String, Vec<(f64, f64)>)> = t
        .models
        .iter()
        .zip(depths)
        .map(|(trace, d)| {
            (
                format!("Depth {d}"),
                trace.frames.iter().map(|f| (f.step as f64, of(f))).collect(),
            )
        })
        .collect();
    let text = chart(&format!("{name} against the training step"), "step", &lines);
    match reference {
        Some((what, v)) if t.models.iter().any(|m| !m.frames.is_empty()) => {
            format!("{text} Dashed: {what}, {}.", num(v))
        }
        _ => text,
    }
}

/// The `count` largest singular values, as "3.1, 2.0, 0.01".
fn leading(values: impl Iterator<Item = f64>, count: usize) -> String {
    values.take(count).map(num).collect::<Vec<_>>().join(", ")
}

/// One depth's spectrum at `step`: its largest singular values against the truth's
/// (as many as the truth's rank, and one more).
pub fn spectrum(trace: &Trace, truth: &[f64], depth: usize, step: f64) -> String {
    let Some(f) = trace.at(step) else {
        return format!("Depth {depth}: no singular values yet.");
    };
    let rank = truth.iter().filter(|&&s| s > 1e-9).count();
    format!(
        "Depth {depth}, step {}: largest singular values {}; the truth's {}.",
        f.step,
        leading(f.singular_values.iter().map(|&s| f64::from(s)), rank + 1),
        leading(truth.iter().copied(), rank + 1)
    )
}

/// `s` with its first letter in upper case (ASCII only: the names are ours, and Unicode's
/// case tables would cost the page some 12 kB of download).
fn capital(s: &str) -> String {
    let mut s = s.to_owned();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// The k-sweep chart: each model's median error over the seeds against the number of
/// observed entries k (the seeds recovered are the table's, beside it).
pub fn sweep(points: &[SweepPoint], plan: &SweepPlan) -> String {
    let lines: Vec<(String, Vec<(f64, f64)>)> = plan
        .models()
        .into_iter()
        .map(|d| {
            (
                capital(&sweep::name(d)),
                sweep::curve(points, d, &plan.ks)
                    .into_iter()
                    .map(|(k, s)| (k as f64, s.median))
                    .collect(),
            )
        })
        .collect();
    let title = format!(
        "Median error on the unobserved entries over {} seeds against the number of observed entries k",
        plan.seeds.len()
    );
    let text = chart(&title, "k", &lines);
    format!("{text} The table below counts the seeds that recovered the matrix.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(step: usize, error: f64, sv: &[f32]) -> Snapshot {
        Snapshot {
            step,
            loss: 0.0,
            rel_test_error: error,
            effective_rank: 1.0,
            singular_values: sv.to_vec(),
            w: Vec::new(),
        }
    }

    fn training() -> Training {
        Training {
            models: vec![
                Trace {
                    frames: vec![frame(0, 1.0, &[0.1, 0.1, 0.1]), frame(10, 0.5, &[2.0, 0.4, 0.3])],
                    outcome: None,
                    checkpoint: None,
                },
                Trace {
                    frames: vec![frame(0, 1.0, &[0.0, 0.0, 0.0]), frame(10, 0.2, &[3.0, 0.01, 0.0])],
                    outcome: None,
                    checkpoint: None,
                },
            ],
            truth: vec![3.0, 0.0, 0.0],
            ..Training::default()
        }
    }

    #[test]
    fn curves_follow_each_depth_and_the_reference() {
        let text = curves(
            &training(),
            &[1, 2],
            "Error on unobserved entries",
            |f| f.rel_test_error,
            Some(("minimum nuclear norm", 0.3)),
        );
        assert_eq!(
            text,
            "Error on unobserved entries against the training step. Depth 1 goes from 1 at step 0 to 0.5 at step 10. \
             Depth 2 goes from 1 at step 0 to 0.2 at step 10. Dashed: minimum nuclear norm, 0.3."
        );
        let empty = curves(
            &Training::default(),
            &[1, 2],
            "Error",
            |f| f.rel_test_error,
            Some(("x", 0.3)),
        );
        assert_eq!(empty, "Error against the training step: nothing computed yet.");
    }

    #[test]
    fn the_sweep_gives_medians_by_k_whatever_the_order_of_the_points() {
        let plan = SweepPlan {
            ks: vec![40, 60],
            seeds: vec![1, 2],
            depths: [1, 2, 3],
            ..SweepPlan::of(&Default::default())
        };
        let p = |k, seed, depth, e| SweepPoint {
            k,
            seed,
            depth,
            rel_test_error: e,
        };
        // In the order they came: the medians are by k, whatever the order.
        let points = [
            p(60, 1, 2, 0.1),
            p(40, 1, 2, 0.5),
            p(40, 2, 2, 0.7),
            p(60, 2, 2, 0.01),
            p(60, 1, 0, 1e-6),
            p(60, 2, 0, 0.3),
        ];
        assert_eq!(
            sweep(&points, &plan),
            "Median error on the unobserved entries over 2 seeds against the number of observed entries k. \
             Depth 2 goes from 0.6 at k 40 to 0.055 at k 60. The minimum nuclear norm goes from 0.15 at k 60 to 0.15 at k 60. \
             The table below counts the seeds that recovered the matrix."
        );
    }

    #[test]
    fn the_spectrum_is_read_at_the_step_shown() {
        let t = training();
        assert_eq!(
            spectrum(&t.models[1], &t.truth, 2, 10.0),
            "Depth 2, step 10: largest singular values 3, 0.01; the truth's 3, 0."
        );
        assert_eq!(
            spectrum(&t.models[0], &t.truth, 1, 5.0),
            "Depth 1, step 0: largest singular values 0.1, 0.1; the truth's 3, 0."
        );
        assert_eq!(
            spectrum(&Trace::default(), &t.truth, 3, 5.0),
            "Depth 3: no singular values yet."
        );
    }
}
