//! Real digits: the sentences the lab shows at its default settings, computed from runs of
//! the engine through the panel's own job, say what Zhang et al. and Liu et al. found: every
//! kind of data fitted with random labels slower, test error rising to chance with
//! corruption, the regularisers neither necessary nor sufficient, and the adversarial start's
//! fits testing worse than SGD's from random starts.

use genlab::engine::digits::{Condition, Recipe};
use genlab::panels::digits::config::{DigitsConfig, View};
use genlab::panels::digits::jobs::{run, Request};
use genlab::panels::digits::prose;
use genlab::panels::digits::study::{gather, recipes, RunResult};

/// The runs `plan` of the default settings, trained as the workers train them.
fn trained(plan: Vec<Recipe>) -> Vec<RunResult> {
    let config = DigitsConfig::default();
    let request = Request {
        net: config.net.clone(),
        runs: plan.clone(),
        data: std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/digits.bin")).expect("the asset"),
    };
    let mut updates = Vec::new();
    run(&request, &mut |u| updates.push(u));
    gather(&plan, &updates)
}

#[test]
fn at_the_defaults_every_kind_of_data_is_fitted_and_random_labels_take_longest() {
    let config = DigitsConfig::default();
    let runs = trained(recipes(View::Fit, config.wd, config.runs));
    let text = prose::fit(&runs, config.net.n_train, config.net.max_steps);
    assert!(text.starts_with("5 of 5 fitted all 1000 training images"), "{text}");
    assert!(
        text.contains("Random labels took") && !text.contains("Still climbing"),
        "{text}"
    );
    let steps = |c: Condition| {
        runs.iter()
            .find(|r| r.recipe.condition == c)
            .and_then(|r| r.outcome.as_ref()?.steps_to_fit)
            .expect("fitted")
    };
    for c in Condition::ALL {
        assert!(
            steps(Condition::RandomLabels) >= steps(c),
            "{c:?} took longer than random labels"
        );
    }
}

#[test]
fn at_the_defaults_the_regularisers_are_neither_necessary_nor_sufficient() {
    let config = DigitsConfig::default();
    // The three runs the sentence reads: true labels without and with both regularisers,
    // random labels with both.
    let plan: Vec<Recipe> = recipes(View::Reg, config.wd, config.runs)
        .into_iter()
        .filter(|r| {
            let both = r.weight_decay > 0.0 && r.augment;
            let none = r.weight_decay == 0.0 && !r.augment;
            (r.condition == Condition::TrueLabels && (both || none)) || (r.condition == Condition::RandomLabels && both)
        })
        .collect();
    assert_eq!(plan.len(), 3);
    let text = prose::reg(&trained(plan), config.net.max_steps);
    assert!(text.contains("neither necessary"), "{text}");
}

#[test]
fn at_the_defaults_the_adversarial_fits_test_worse_than_every_random_start() {
    let config = DigitsConfig::default();
    let runs = trained(recipes(View::Starts, config.wd, 2));
    let text = prose::starts(&runs, config.net.max_steps);
    assert!(
        text.starts_with("All 4 networks fit every true training label"),
        "{text}"
    );
    assert!(text.contains("Every adversarial fit tests worse"), "{text}");
}
