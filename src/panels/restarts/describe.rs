//! The restarts panel's figures in words, their text alternatives: computed from the same
//! runs the figures draw, pure and host-tested.

use super::layout::{Metric, Run};
use super::prose::kth;
use crate::engine::restarts::{Pipeline, RunResult};
use crate::engine::stats::spearman;
use crate::plot::describe::num;

/// A metric's value in words: accuracy as a percentage, loss as a number.
fn value(metric: Metric, v: f32) -> String {
    match metric {
        Metric::TestAccuracy => format!("{:.1}\u{a0}%", 100.0 * v),
        Metric::TestLoss => num(v.into()),
    }
}

/// How many runs diverged, as a clause, or nothing.
fn diverged(runs: &[impl Run]) -> String {
    match runs.iter().filter(|r| r.result().diverged).count() {
        0 => String::new(),
        1 => "; 1 run diverged and is left out".to_owned(),
        k => format!("; {k} runs diverged and are left out"),
    }
}

/// "Histogram of 40 runs' test accuracy. SGD: median 91.0 %, lowest 82.0 %, highest
/// 95.0 %, 40 of 40 fit the training data." One sentence per pipeline with runs, and the
/// picked runs' range when some are picked.
pub fn histogram(runs: &[impl Run], metric: Metric, name: impl Fn(Pipeline) -> &'static str, picked: &[usize]) -> String {
    let what = match metric {
        Metric::TestAccuracy => "test accuracy",
        Metric::TestLoss => "test loss",
    };
    if runs.is_empty() {
        return format!("Histogram of the runs' {what}: no runs yet.");
    }
    let mut out = format!("Histogram of {} runs' {what}{}.", runs.len(), diverged(runs));
    for p in Pipeline::ALL {
        let live: Vec<&RunResult> = runs
            .iter()
            .map(Run::result)
            .filter(|r| r.pipeline == p && !r.diverged)
            .collect();
        let values: Vec<f32> = live.iter().map(|r| metric.of(*r)).collect();
        let (Some(lo), Some(mid), Some(hi)) = (
            kth(&values, 0),
            kth(&values, (values.len().max(1) - 1) / 2),
            kth(&values, values.len().max(1) - 1),
        ) else {
            continue;
        };
        let fits = live.iter().filter(|r| r.fits()).count();
        out.push_str(&format!(
            " {}: median {}, lowest {}, highest {}, {fits} of {} fit the training data.",
            name(p),
            value(metric, mid),
            value(metric, lo),
            value(metric, hi),
            live.len()
        ));
    }
    let chosen: Vec<f32> = picked
        .iter()
        .filter_map(|&i| runs.get(i))
        .map(|r| metric.of(r))
        .collect();
    if let (Some(lo), Some(hi)) = (kth(&chosen, 0), kth(&chosen, chosen.len().max(1) - 1)) {
        let range = if lo == hi {
            value(metric, lo)
        } else {
            format!("{} to {}", value(metric, lo), value(metric, hi))
        };
        let n = chosen.len();
        out.push_str(&format!(" Picked: {n} run{} at {range}.", if n == 1 { "" } else { "s" }));
    }
    out
}

/// The decision-boundary figure: how many boundaries, over how many points, and how many
/// runs classify every training point correctly.
pub fn boundaries(runs: &[impl Run], train_points: usize) -> String {
    let live = runs.iter().filter(|r| !r.result().diverged).count();
    let fits = runs.iter().filter(|r| r.fits()).count();
    format!(
        "Decision boundaries of {live} runs over the {train_points} training points; {fits} of them classify every training point correctly{}.",
        diverged(runs)
    )
}

/// The map of minima: how many runs and the colour scale's range.
pub fn map(runs: &[impl Run]) -> String {
    let accs: Vec<f32> = runs
        .iter()
        .map(Run::result)
        .filter(|r| !r.diverged)
        .map(|r| r.test_acc)
        .collect();
    match (kth(&accs, 0), kth(&accs, accs.len().max(1) - 1)) {
        (Some(lo), Some(hi)) => format!(
            "Map of minima: {} runs' functions projected to two dimensions (PCA), coloured by test accuracy from {} (dark) to {} (bright).",
            accs.len(),
            value(Metric::TestAccuracy, lo),
            value(Metric::TestAccuracy, hi)
        ),
        _ => "Map of minima: no runs yet.".to_owned(),
    }
}

/// A chart of test accuracy against a run's `quantity` (`of`): its range and Spearman's
/// rank correlation with test accuracy.
pub fn scatter(runs: &[impl Run], quantity: &str, of: fn(&RunResult) -> f32) -> String {
    let live: Vec<&RunResult> = runs.iter().map(Run::result).filter(|r| !r.diverged).collect();
    let xs: Vec<f32> = live.iter().map(|r| of(r)).collect();
    let accs: Vec<f32> = live.iter().map(|r| r.test_acc).collect();
    let (Some(lo), Some(hi)) = (kth(&xs, 0), kth(&xs, xs.len().max(1) - 1)) else {
        return format!("Test accuracy against {quantity}: no runs yet.");
    };
    let rank = if live.len() >= 3 {
        format!(", Spearman's rank correlation with test accuracy {}", num(spearman(&xs, &accs).into()))
    } else {
        String::new()
    };
    format!(
        "Test accuracy against {quantity} for {} runs: {quantity} from {} to {}{rank}.",
        live.len(),
        num(lo.into()),
        num(hi.into())
    )
}

/// The thumbnails: how many, in what order.
pub fn thumbnails(runs: &[impl Run]) -> String {
    format!(
        "Thumbnails of {} runs' decision regions, worst test accuracy first within each pipeline.",
        runs.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pipeline: Pipeline, test_acc: f32, train_acc: f32, norm: f32) -> RunResult {
        RunResult {
            norm,
            lambda_max: 1.0,
            ..crate::panels::restarts::layout::tests::run(pipeline, test_acc, train_acc, false)
        }
    }

    fn name(p: Pipeline) -> &'static str {
        if p == Pipeline::Sgd { "SGD" } else { "other" }
    }

    #[test]
    fn the_histogram_states_median_lowest_and_highest_per_pipeline() {
        let mut runs: Vec<RunResult> = [0.9, 0.82, 0.95, 0.91, 0.88]
            .iter()
            .map(|&a| run(Pipeline::Sgd, a, 1.0, 1.0))
            .collect();
        runs[1].train_acc = 0.99;
        runs.push(run(Pipeline::Guess, 0.7, 1.0, 1.0));
        let mut gone = run(Pipeline::Sgd, 0.1, 0.5, 1.0);
        gone.diverged = true;
        runs.push(gone);
        let text = histogram(&runs, Metric::TestAccuracy, name, &[]);
        assert_eq!(
            text,
            "Histogram of 7 runs' test accuracy; 1 run diverged and is left out. \
             SGD: median 90.0\u{a0}%, lowest 82.0\u{a0}%, highest 95.0\u{a0}%, 4 of 5 fit the training data. \
             other: median 70.0\u{a0}%, lowest 70.0\u{a0}%, highest 70.0\u{a0}%, 1 of 1 fit the training data."
        );
        let loss = histogram(&runs, Metric::TestLoss, name, &[2, 3]);
        assert!(loss.starts_with("Histogram of 7 runs' test loss"), "{loss}");
        assert!(loss.contains("SGD: median 0.1, lowest 0.05, highest 0.18"), "{loss}");
        assert!(loss.ends_with("Picked: 2 runs at 0.05 to 0.09."), "{loss}");
        assert_eq!(histogram(&Vec::<RunResult>::new(), Metric::TestAccuracy, name, &[]), "Histogram of the runs' test accuracy: no runs yet.");
    }

    #[test]
    fn the_other_figures_count_what_they_draw() {
        let runs = vec![
            run(Pipeline::Sgd, 0.9, 1.0, 3.0),
            run(Pipeline::Sgd, 0.8, 1.0, 5.0),
            run(Pipeline::Sgd, 0.7, 0.9, 9.0),
        ];
        assert_eq!(
            boundaries(&runs, 200),
            "Decision boundaries of 3 runs over the 200 training points; 2 of them classify every training point correctly."
        );
        assert!(map(&runs).contains("3 runs' functions") && map(&runs).contains("from 70.0\u{a0}% (dark) to 90.0\u{a0}% (bright)"));
        // Larger norm, lower accuracy here: a rank correlation of −1.
        assert_eq!(
            scatter(&runs, "parameter norm", |r| r.norm),
            "Test accuracy against parameter norm for 3 runs: parameter norm from 3 to 9, Spearman's rank correlation with test accuracy −1."
        );
        assert_eq!(thumbnails(&runs), "Thumbnails of 3 runs' decision regions, worst test accuracy first within each pipeline.");
    }
}
