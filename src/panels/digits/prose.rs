//! The sentences under the real-digits lab's figures, computed from the runs that have
//! finished: each claim is made only when the runs show it, and says so when they do not.

use super::study::RunResult;
use crate::engine::digits::{Condition, Outcome, Start};

/// A share as a percentage with one decimal.
pub fn pct(share: f32) -> String {
    format!("{:.1} %", 100.0 * share)
}

/// The finished runs' outcomes, in plan order.
fn finished(runs: &[RunResult]) -> Vec<(&RunResult, &Outcome)> {
    runs.iter().filter_map(|r| r.outcome.as_ref().map(|o| (r, o))).collect()
}

/// "x, y and z".
fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Whether a run's training accuracy was still rising over its last five epochs.
pub fn still_rising(run: &RunResult) -> bool {
    let p = &run.points;
    p.len() >= 5 && p[p.len() - 1].train_acc > p[p.len() - 5].train_acc + 0.005
}

/// What became of the runs that did not fit, or "" if all did: still climbing when the cap
/// came, stuck near chance (a rate so large that the units switch off), or blown up.
fn unfitted(done: &[(&RunResult, &Outcome)], name: impl Fn(&RunResult) -> String, cap: usize) -> String {
    let named = |kind: u8| -> Vec<String> {
        done.iter()
            .filter(|(r, o)| {
                o.steps_to_fit.is_none()
                    && kind
                        == if o.diverged {
                            2
                        } else if still_rising(r) {
                            0
                        } else {
                            1
                        }
            })
            .map(|(r, o)| format!("{} ({} of the training set)", name(r), pct(o.train_acc)))
            .collect()
    };
    let mut text = String::new();
    for (kind, what) in [
        (0, "Still climbing when the cap of {cap} steps came: {}. Raise the cap to let them finish."),
        (1, "Stalled below a full fit within the cap of {cap} steps: {}. A learning rate too large can switch the hidden units off for every image; try a smaller one, or more width."),
        (2, "Stopped because the loss blew up (it stopped being a number): {}. The learning rate is too large for this network: lower it."),
    ] {
        let runs = named(kind);
        if !runs.is_empty() {
            text += &what.replace("{cap}", &cap.to_string()).replacen("{}", &list(&runs), 1);
            text.push(' ');
        }
    }
    text
}

/// Under the Figure 1a curves: which conditions fitted, the slowdown of random labels, and
/// the test accuracies.
pub fn fit(runs: &[RunResult], n: usize, cap: usize) -> String {
    let done = finished(runs);
    if done.is_empty() {
        return String::new();
    }
    let of = |c: Condition| done.iter().find(|(r, _)| r.recipe.condition == c).map(|(_, o)| *o);
    let mut text = String::new();
    let fitted = done.iter().filter(|(_, o)| o.steps_to_fit.is_some()).count();
    if fitted > 0 {
        text += &format!(
            "{fitted} of {} fitted all {n} training images (training accuracy 100 %). ",
            done.len()
        );
    }
    text += &unfitted(&done, |r| r.recipe.condition.label().to_owned(), cap);
    if let (Some(t), Some(r)) = (of(Condition::TrueLabels), of(Condition::RandomLabels)) {
        if let (Some(a), Some(b)) = (t.steps_to_fit, r.steps_to_fit) {
            text += &format!(
                "Random labels took {:.1} times as many steps as true labels ({b} against {a}). ",
                f64::from(b) / f64::from(a.max(1))
            );
        }
        text += &format!(
            "Test accuracy: {} with true labels, {} with random labels (chance is 10 %). ",
            pct(t.test_acc),
            pct(r.test_acc)
        );
    }
    if let (Some(t), Some(s)) = (of(Condition::TrueLabels), of(Condition::ShuffledPixels)) {
        text += &format!(
            "Shuffled pixels tested at {} (true labels: {}): a fully connected network does not know which pixels are neighbours, so one fixed shuffle of every image is the same problem for it, up to the random start.",
            pct(s.test_acc),
            pct(t.test_acc)
        );
    }
    text.trim_end().to_owned()
}

/// Under the corruption sweep: every level's fit, and the test error from no corruption to
/// all labels random.
pub fn corrupt(runs: &[RunResult], cap: usize) -> String {
    let done = finished(runs);
    let (Some(first), Some(last)) = (done.first(), done.last()) else {
        return String::new();
    };
    let mut text = unfitted(&done, |r| format!("corruption {:.1}", r.recipe.corruption), cap);
    let all_fit = done.iter().all(|(_, o)| o.steps_to_fit.is_some());
    let errors: Vec<f32> = done.iter().map(|(_, o)| 1.0 - o.test_acc).collect();
    let rising = errors.windows(2).all(|w| w[1] >= w[0]);
    text += &format!(
        "Test error went from {} at corruption {:.1} to {} at {:.1} (chance: 90 %){}. ",
        pct(errors[0]),
        first.0.recipe.corruption,
        pct(errors[errors.len() - 1]),
        last.0.recipe.corruption,
        if rising {
            ", rising at every level"
        } else {
            ", though not at every level"
        }
    );
    if all_fit && done.len() > 1 {
        text += "Every one of these networks has zero training error on the labels it was given: the green set (networks that fit their training data) reaches far out of the magenta set (networks that test well), on real digits.";
    }
    text
}

/// Under the regularisers' table: whether random labels still fit with both on, and how
/// much they change the test error on true labels ("neither necessary nor sufficient",
/// Zhang et al. §3).
pub fn reg(runs: &[RunResult], cap: usize) -> String {
    let find = |c: Condition, wd: bool, shift: bool| {
        runs.iter()
            .find(|r| r.recipe.condition == c && (r.recipe.weight_decay > 0.0) == wd && r.recipe.augment == shift)
            .and_then(|r| r.outcome.as_ref().map(|o| (r, o)))
    };
    let (Some((_, t0)), Some((_, t1)), Some((random_both, r1))) = (
        find(Condition::TrueLabels, false, false),
        find(Condition::TrueLabels, true, true),
        find(Condition::RandomLabels, true, true),
    ) else {
        return String::new();
    };
    let moved = (t1.test_acc - t0.test_acc) * 100.0;
    let mut text = format!(
        "On true labels, weight decay and shifts together moved test error from {} to {} ({:+.1} points). ",
        pct(1.0 - t0.test_acc),
        pct(1.0 - t1.test_acc),
        -moved
    );
    let memorised = r1.train_acc >= 0.5;
    match r1.steps_to_fit {
        Some(s) => text += &format!("With both on, the network still fitted every random label, in {s} steps. "),
        None => {
            text += &format!(
            "With both on, it still memorised {} of the random labels within the cap of {cap} steps (chance: 10 %){}. ",
            pct(r1.train_acc),
            if still_rising(random_both) {
                ", and was still climbing"
            } else {
                ""
            }
        )
        }
    }
    if memorised && (1.0 - t0.test_acc) < (1.0 - t1.test_acc) + 0.05 {
        text += "So here the regularisers are neither necessary for a good test error nor sufficient to stop memorisation: Zhang et al.'s finding.";
    }
    text
}

/// Under the restarts: whether every run fitted the true training labels, and the test
/// errors of SGD from random starts against the adversarial start's.
pub fn starts(runs: &[RunResult], cap: usize) -> String {
    let done = finished(runs);
    let errors = |s: Start| -> Vec<f32> {
        done.iter()
            .filter(|(r, _)| r.recipe.start == s)
            .map(|(_, o)| 1.0 - o.test_acc)
            .collect()
    };
    let (random, bad) = (errors(Start::Random), errors(Start::Adversarial));
    if random.is_empty() || bad.is_empty() {
        return String::new();
    }
    let range = |v: &[f32]| {
        let (lo, hi) = v
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &e| (a.min(e), b.max(e)));
        format!("{}–{}", pct(lo), pct(hi))
    };
    let start_name = |r: &RunResult| match r.recipe.start {
        Start::Random => format!("random start {}", r.recipe.run + 1),
        Start::Adversarial => format!("adversarial start {}", r.recipe.run + 1),
    };
    let mut text = unfitted(&done, start_name, cap);
    if done.iter().all(|(_, o)| o.steps_to_fit.is_some()) {
        text += &format!(
            "All {} networks fit every true training label: all are in the green set. ",
            done.len()
        );
    }
    text += &format!(
        "Test error from random starts: {}; from the adversarial start: {}. ",
        range(&random),
        range(&bad)
    );
    let worst_sgd = random.iter().fold(0.0f32, |a, &e| a.max(e));
    let best_bad = bad.iter().fold(1.0f32, |a, &e| a.min(e));
    text += if best_bad > worst_sgd {
        "Every adversarial fit tests worse than every fit SGD found from a random start: bad global minima exist, and SGD from a random start does not find them (Liu et al. 2020)."
    } else {
        "The two overlap here: at these settings the adversarial start does not separate from SGD's own fits."
    };
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::digits::Point;
    use crate::panels::digits::config::View;
    use crate::panels::digits::study::recipes;

    fn outcome(fit: Option<u32>, train: f32, test: f32) -> Outcome {
        Outcome {
            steps: fit.unwrap_or(500),
            steps_to_fit: fit,
            train_acc: train,
            test_acc: test,
            pretrain_steps: None,
            diverged: false,
        }
    }

    fn with(view: View, outcomes: &[Outcome]) -> Vec<RunResult> {
        recipes(view, 1e-3, (outcomes.len() / 2) as u32)
            .into_iter()
            .zip(outcomes.iter().map(|o| Some(o.clone())).chain(std::iter::repeat(None)))
            .map(|(recipe, outcome)| RunResult {
                recipe,
                points: Vec::new(),
                outcome,
            })
            .collect()
    }

    #[test]
    fn the_fit_line_gives_the_slowdown_only_when_both_fitted() {
        let all = [
            outcome(Some(200), 1.0, 0.9),
            outcome(Some(700), 1.0, 0.1),
            outcome(Some(250), 1.0, 0.85),
            outcome(Some(900), 1.0, 0.1),
            outcome(Some(800), 1.0, 0.1),
        ];
        let text = fit(&with(View::Fit, &all), 1000, 3000);
        assert!(text.contains("5 of 5 fitted all 1000"), "{text}");
        assert!(
            text.contains("3.5 times as many steps as true labels (700 against 200)"),
            "{text}"
        );
        assert!(text.contains("90.0 % with true labels, 10.0 % with random"), "{text}");
        assert!(
            text.contains("Shuffled pixels tested at 85.0 % (true labels: 90.0 %)"),
            "{text}"
        );
        let mut capped = all.clone();
        capped[1] = outcome(None, 0.62, 0.1);
        capped[3] = Outcome {
            diverged: true,
            ..outcome(None, 0.1, 0.1)
        };
        let text = fit(&with(View::Fit, &capped), 1000, 3000);
        assert!(!text.contains("times as many"), "{text}");
        assert!(
            text.contains("blew up (it stopped being a number): random pixels (10.0 %"),
            "{text}"
        );
        assert!(
            text.contains("Stalled below a full fit within the cap of 3000 steps: random labels (62.0 %"),
            "{text}"
        );
        assert!(text.contains("3 of 5 fitted"), "{text}");
    }

    #[test]
    fn a_run_stopped_by_the_cap_is_told_apart_by_its_last_epochs() {
        let mut runs = with(View::Fit, &[outcome(None, 0.8, 0.1)]);
        let climb = |accs: &[f32]| {
            accs.iter()
                .enumerate()
                .map(|(k, &a)| Point {
                    step: 32 * k as u32,
                    train_loss: 1.0,
                    train_acc: a,
                })
                .collect::<Vec<_>>()
        };
        runs[0].points = climb(&[0.5, 0.6, 0.7, 0.75, 0.8]);
        assert!(fit(&runs, 1000, 500).contains("Still climbing when the cap of 500 steps came: true labels (80.0 %"));
        runs[0].points = climb(&[0.8, 0.8, 0.801, 0.8, 0.8]);
        assert!(fit(&runs, 1000, 500).contains("Stalled below a full fit"));
    }

    #[test]
    fn the_sweep_says_green_reaches_out_only_when_every_level_fitted() {
        let rising: Vec<Outcome> = [0.9, 0.75, 0.6, 0.45, 0.3, 0.1]
            .map(|a| outcome(Some(300), 1.0, a))
            .to_vec();
        let text = corrupt(&with(View::Corrupt, &rising), 3000);
        assert!(
            text.contains("from 10.0 % at corruption 0.0 to 90.0 % at 1.0"),
            "{text}"
        );
        assert!(
            text.contains("rising at every level") && text.contains("green set"),
            "{text}"
        );
        let mut dip = rising.clone();
        dip[3] = outcome(None, 0.97, 0.7);
        let text = corrupt(&with(View::Corrupt, &dip), 3000);
        assert!(
            text.contains("not at every level") && !text.contains("green set"),
            "{text}"
        );
        assert!(text.contains("corruption 0.6 (97.0 %"), "{text}");
    }

    #[test]
    fn the_regularisers_line_claims_zhang_only_when_both_halves_hold() {
        // Order: true (none, wd, shift, both), random (none, wd, shift, both).
        let mut runs = vec![
            outcome(Some(200), 1.0, 0.90),
            outcome(Some(200), 1.0, 0.90),
            outcome(Some(200), 1.0, 0.91),
            outcome(Some(220), 1.0, 0.92),
            outcome(Some(700), 1.0, 0.1),
            outcome(Some(700), 1.0, 0.1),
            outcome(Some(900), 1.0, 0.1),
            outcome(Some(1200), 1.0, 0.1),
        ];
        let text = reg(&with(View::Reg, &runs), 3000);
        assert!(text.contains("from 10.0 % to 8.0 % (-2.0 points)"), "{text}");
        assert!(
            text.contains("in 1200 steps") && text.contains("neither necessary"),
            "{text}"
        );
        // Most random labels memorised within the cap still counts as memorising ...
        runs[7] = outcome(None, 0.74, 0.1);
        let text = reg(&with(View::Reg, &runs), 3000);
        assert!(
            text.contains("memorised 74.0 % of the random labels") && text.contains("neither"),
            "{text}"
        );
        // ... a few do not; nor are they unnecessary where they gain much on true labels.
        runs[7] = outcome(None, 0.3, 0.1);
        assert!(!reg(&with(View::Reg, &runs), 3000).contains("neither"));
        runs[7] = outcome(Some(1200), 1.0, 0.1);
        runs[3] = outcome(Some(220), 1.0, 0.99);
        assert!(!reg(&with(View::Reg, &runs), 3000).contains("neither"));
    }

    #[test]
    fn the_starts_line_separates_only_when_the_ranges_do() {
        let apart = [
            outcome(Some(100), 1.0, 0.90),
            outcome(Some(100), 1.0, 0.89),
            outcome(Some(100), 1.0, 0.75),
            outcome(Some(100), 1.0, 0.78),
        ];
        let text = starts(&with(View::Starts, &apart), 3000);
        assert!(
            text.contains("All 4 networks fit") && text.contains("10.0 %–11.0 %"),
            "{text}"
        );
        assert!(text.contains("Every adversarial fit tests worse"), "{text}");
        let mut overlap = apart;
        overlap[2] = outcome(Some(100), 1.0, 0.895);
        let text = starts(&with(View::Starts, &overlap), 3000);
        assert!(text.contains("overlap"), "{text}");
    }
}
