//! The restarts panel's compute-worker job: some restarts of one experiment (one
//! worker's share), each reported as it finishes.

use crate::engine::restarts::{experiment_data, run_restart, Pipeline, RestartSpec, RunResult};
use serde::{Deserialize, Serialize};

/// Train these restarts of the experiment `spec`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The experiment.
    pub spec: RestartSpec,
    /// The seeds of the restarts to train, in order.
    pub seeds: Vec<u64>,
    /// Pipelines to train each run with.
    pub pipelines: Vec<Pipeline>,
}

/// Runs `request`, reporting each pipeline of each restart as it finishes.
pub fn run(request: &Request, report: &mut dyn FnMut(RunResult)) {
    let (train, test) = experiment_data(&request.spec);
    for &seed in &request.seeds {
        run_restart(&request.spec, &train, &test, seed, &request.pipelines)
            .into_iter()
            .for_each(&mut *report);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Request {
        Request {
            spec: RestartSpec {
                steps: 200,
                ..RestartSpec::default()
            },
            seeds: vec![5, 7],
            pipelines: vec![Pipeline::Sgd, Pipeline::Adversarial],
        }
    }

    #[test]
    fn the_job_reports_its_runs_as_trained_directly() {
        let request = request();
        let mut updates = Vec::new();
        run(&request, &mut |u| updates.push(u));
        let (train, test) = experiment_data(&request.spec);
        let expected: Vec<RunResult> = [5, 7]
            .iter()
            .flat_map(|&k| run_restart(&request.spec, &train, &test, k, &request.pipelines))
            .collect();
        assert_eq!(updates, expected);
    }

    #[test]
    fn messages_round_trip_through_the_worker_encoding() {
        crate::jobs::assert_round_trip("restarts", &request(), run);
    }
}
