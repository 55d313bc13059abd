//! The real-digits lab's compute-worker job: some training runs of an experiment (one
//! worker's share), each streaming its training loss about once per epoch and then its
//! outcome.

use crate::engine::digits::{train, Digits, NetSetup, Outcome, Point, Recipe};
use serde::{Deserialize, Serialize};

/// Train these runs on the digits in `data` (the asset's bytes, as the page fetched them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The network and its training.
    pub net: NetSetup,
    /// The runs, in order.
    pub runs: Vec<Recipe>,
    /// `digits.bin`.
    pub data: Vec<u8>,
}

/// What a run reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Update {
    /// The run's training loss and accuracy so far.
    Point(Recipe, Point),
    /// The run finished.
    Done(Recipe, Outcome),
}

impl Update {
    /// The run this update belongs to.
    pub fn recipe(&self) -> &Recipe {
        match self {
            Update::Point(r, _) | Update::Done(r, _) => r,
        }
    }
}

/// Runs `request`, streaming every run's progress and outcome. Data that does not decode
/// runs nothing: the page sends only data it has decoded itself.
pub fn run(request: &Request, report: &mut dyn FnMut(Update)) {
    let Ok(digits) = Digits::decode(&request.data) else {
        return;
    };
    for recipe in &request.runs {
        let outcome = train(&digits, &request.net, recipe, &mut |p| {
            report(Update::Point(recipe.clone(), p))
        });
        report(Update::Done(recipe.clone(), outcome));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::digits::{Condition, Start};

    fn request() -> Request {
        let recipe = |condition, run| Recipe {
            condition,
            corruption: 0.0,
            weight_decay: 0.0,
            augment: false,
            start: Start::Random,
            run,
        };
        Request {
            net: NetSetup {
                n_train: 200,
                hidden: 1,
                width: 32,
                max_steps: 60,
                ..NetSetup::default_lab()
            },
            runs: vec![recipe(Condition::RandomLabels, 1), recipe(Condition::TrueLabels, 0)],
            data: std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/digits.bin")).expect("the asset"),
        }
    }

    #[test]
    fn the_job_streams_each_run_and_ends_with_its_outcome() {
        let request = request();
        let mut updates = Vec::new();
        run(&request, &mut |u| updates.push(u));
        let digits = Digits::decode(&request.data).unwrap();
        for recipe in &request.runs {
            let mine: Vec<&Update> = updates.iter().filter(|u| u.recipe() == recipe).collect();
            let expected = train(&digits, &request.net, recipe, &mut |_| {});
            assert!(mine.len() >= 2, "{recipe:?} streamed nothing");
            assert_eq!(mine.last(), Some(&&Update::Done(recipe.clone(), expected)));
            assert!(mine[..mine.len() - 1].iter().all(|u| matches!(u, Update::Point(..))));
        }
    }

    #[test]
    fn data_that_does_not_decode_runs_nothing() {
        let mut updates = Vec::new();
        run(
            &Request {
                data: b"GLD1 not really".to_vec(),
                ..request()
            },
            &mut |u| updates.push(u),
        );
        assert!(updates.is_empty());
    }

    #[test]
    fn messages_round_trip_through_the_worker_encoding() {
        let mut small = request();
        small.runs.truncate(1);
        crate::jobs::assert_round_trip("digits", &small, run);
    }
}
