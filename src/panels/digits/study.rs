//! The real-digits lab's experiments as lists of training runs, and the runs' streamed
//! updates gathered back per run (pure, host-tested).

use super::config::View;
use super::jobs::Update;
use crate::engine::digits::{Condition, Outcome, Point, Recipe, Start};

/// Corruption levels of Zhang et al.'s Figure 1b–c.
pub const LEVELS: [f32; 6] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];

/// A run from a random start with nothing switched on.
fn plain(condition: Condition) -> Recipe {
    Recipe {
        condition,
        corruption: 0.0,
        weight_decay: 0.0,
        augment: false,
        start: Start::Random,
        run: 0,
    }
}

/// The runs of experiment `view`: the five conditions; the corruption levels; true and
/// random labels with no regulariser, weight decay `wd`, shifts, and both; `runs` random
/// and as many adversarial starts.
pub fn recipes(view: View, wd: f32, runs: u32) -> Vec<Recipe> {
    match view {
        View::Fit => Condition::ALL.map(plain).to_vec(),
        View::Corrupt => LEVELS
            .map(|p| Recipe {
                corruption: p,
                ..plain(Condition::TrueLabels)
            })
            .to_vec(),
        View::Reg => [Condition::TrueLabels, Condition::RandomLabels]
            .into_iter()
            .flat_map(|c| {
                [(0.0, false), (wd, false), (0.0, true), (wd, true)].map(|(weight_decay, augment)| Recipe {
                    weight_decay,
                    augment,
                    ..plain(c)
                })
            })
            .collect(),
        View::Starts => [Start::Random, Start::Adversarial]
            .into_iter()
            .flat_map(|start| {
                (0..runs).map(move |run| Recipe {
                    start,
                    run,
                    ..plain(Condition::TrueLabels)
                })
            })
            .collect(),
    }
}

/// One run as far as it has come.
#[derive(Clone, Debug, PartialEq)]
pub struct RunResult {
    /// What ran.
    pub recipe: Recipe,
    /// Its training loss and accuracy about once per epoch.
    pub points: Vec<Point>,
    /// How it ended, once it has.
    pub outcome: Option<Outcome>,
}

/// The updates gathered per run, in the order of `recipes`.
pub fn gather(recipes: &[Recipe], updates: &[Update]) -> Vec<RunResult> {
    let mut runs: Vec<RunResult> = recipes
        .iter()
        .map(|r| RunResult {
            recipe: r.clone(),
            points: Vec::new(),
            outcome: None,
        })
        .collect();
    for update in updates {
        let Some(run) = runs.iter_mut().find(|run| run.recipe == *update.recipe()) else {
            continue;
        };
        match update {
            Update::Point(_, p) => run.points.push(p.clone()),
            Update::Done(_, o) => run.outcome = Some(o.clone()),
        }
    }
    runs
}

/// The finished runs' outcomes as CSV, one row per run.
pub fn csv(runs: &[RunResult]) -> String {
    let mut out = String::from(
        "condition,corruption,weight_decay,shifts,start,run,steps,steps_to_fit,train_accuracy,test_accuracy\n",
    );
    for r in runs {
        let Some(o) = &r.outcome else { continue };
        let s = &r.recipe;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            s.condition.key(),
            s.corruption,
            s.weight_decay,
            u8::from(s.augment),
            start_key(s.start),
            s.run,
            o.steps,
            o.steps_to_fit.map_or(String::new(), |t| t.to_string()),
            o.train_acc,
            o.test_acc
        ));
    }
    out
}

/// The start's name in CSV and JSON.
pub fn start_key(start: Start) -> &'static str {
    match start {
        Start::Random => "random",
        Start::Adversarial => "adversarial",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_experiment_has_distinct_runs() {
        for view in View::ALL {
            let runs = recipes(view, 1e-3, 3);
            for (i, a) in runs.iter().enumerate() {
                assert!(runs[i + 1..].iter().all(|b| b != a), "{view:?} repeats {a:?}");
            }
        }
        assert_eq!(recipes(View::Fit, 0.0, 1).len(), 5);
        assert_eq!(recipes(View::Corrupt, 0.0, 1).len(), LEVELS.len());
        assert_eq!(recipes(View::Reg, 1e-3, 1).len(), 8);
        let starts = recipes(View::Starts, 0.0, 3);
        assert_eq!(starts.len(), 6);
        assert_eq!(starts.iter().filter(|r| r.start == Start::Adversarial).count(), 3);
    }

    #[test]
    fn updates_are_gathered_by_run_whatever_their_order() {
        let plan = recipes(View::Corrupt, 0.0, 1);
        let point = |step| Point {
            step,
            train_loss: 1.0,
            train_acc: 0.5,
        };
        let outcome = Outcome {
            steps: 9,
            steps_to_fit: Some(9),
            train_acc: 1.0,
            test_acc: 0.9,
            pretrain_steps: None,
            diverged: false,
        };
        let updates = [
            Update::Point(plan[2].clone(), point(1)),
            Update::Point(plan[0].clone(), point(1)),
            Update::Point(plan[2].clone(), point(2)),
            Update::Done(plan[2].clone(), outcome.clone()),
        ];
        let runs = gather(&plan, &updates);
        assert_eq!(runs.len(), plan.len());
        assert_eq!(runs[2].points, vec![point(1), point(2)]);
        assert_eq!(runs[2].outcome, Some(outcome));
        assert_eq!(runs[0].points.len(), 1);
        assert!(runs[0].outcome.is_none() && runs[1].points.is_empty());
        let table = csv(&runs);
        assert_eq!(table.lines().count(), 2, "{table}");
        assert!(
            table
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("true,0.4,0,0,random,0,9,9,1,0.9"),
            "{table}"
        );
    }
}
