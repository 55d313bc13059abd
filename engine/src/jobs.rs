//! Long training jobs as message streams: what the compute worker runs. A job is a
//! request; it reports its progress as a sequence of updates. Pure, so the same code runs
//! in the worker and in host tests (the worker and the page translate the messages to
//! and from plain JS objects).

use crate::capacity::{errors, sweep_data, width_trainer, SEEDS, STEPS as WIDTH_STEPS, WIDTHS};
use crate::label_sweep::{LabelRun, LEVELS};
use crate::restarts::{experiment_data, run_restart, Pipeline, RestartSpec, RunResult};

/// A job the page asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// The width sweep of `capacity`.
    Capacity {
        /// Data and initialisation seed.
        seed: u64,
    },
    /// The random-label sweep of `label_sweep`.
    Labels {
        /// Data and initialisation seed.
        seed: u64,
    },
    /// Some runs of a restart experiment (one worker's share).
    Restarts {
        /// The experiment.
        spec: RestartSpec,
        /// The seeds of the restarts to train, in order.
        seeds: Vec<u64>,
        /// Pipelines to train each run with.
        pipelines: Vec<Pipeline>,
    },
}

/// One finished run of the width sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WidthResult {
    /// Hidden width h.
    pub width: usize,
    /// Initialisation index.
    pub seed: u32,
    /// Training error at the end.
    pub train_error: f32,
    /// Test error at the end.
    pub test_error: f32,
}

/// What a job reports.
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    /// A width-sweep run finished.
    Width(WidthResult),
    /// The random-label runs so far: one training-error curve per level, and the test
    /// errors once they are done.
    Labels {
        /// (step, training error) per level.
        curves: Vec<Vec<(usize, f32)>>,
        /// Test error per level, when finished.
        test_errors: Option<Vec<f32>>,
    },
    /// One pipeline of one restart finished.
    Restart(RunResult),
    /// The job is complete.
    Done,
    /// The job could not run: its worker failed to load or crashed. Never sent by `run`;
    /// the page's side of the worker transport reports it.
    Failed,
}

/// Runs `request`, telling `report` every update in order.
pub fn run(request: &Request, mut report: impl FnMut(Update)) {
    match request {
        &Request::Capacity { seed } => {
            let (train, test) = sweep_data(seed);
            for width in WIDTHS {
                for run in 0..SEEDS {
                    let mut trainer = width_trainer(width, run, seed, &train);
                    let (train_error, test_error) = match trainer.run(&train, WIDTH_STEPS) {
                        Ok(_) => errors(&mut trainer, &train, &test),
                        Err(_) => (f32::NAN, f32::NAN),
                    };
                    report(Update::Width(WidthResult {
                        width,
                        seed: run,
                        train_error,
                        test_error,
                    }));
                }
            }
        }
        &Request::Labels { seed } => {
            let mut runs: Vec<LabelRun> = LEVELS.iter().map(|&q| LabelRun::new(q, seed)).collect();
            while runs.iter().any(|r| !r.done()) {
                runs.iter_mut().for_each(|r| r.advance(2));
                report(Update::Labels {
                    curves: runs.iter().map(|r| r.curve.clone()).collect(),
                    test_errors: None,
                });
            }
            let test_errors = runs.iter_mut().map(LabelRun::test_error).collect();
            report(Update::Labels {
                curves: runs.iter().map(|r| r.curve.clone()).collect(),
                test_errors: Some(test_errors),
            });
        }
        Request::Restarts { spec, seeds, pipelines } => {
            let (train, test) = experiment_data(spec);
            for &seed in seeds {
                run_restart(spec, &train, &test, seed, pipelines)
                    .into_iter()
                    .for_each(|r| report(Update::Restart(r)));
            }
        }
    }
    report(Update::Done);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capacity_job_reports_every_run_then_done() {
        let mut updates = Vec::new();
        run(&Request::Capacity { seed: 1 }, |u| updates.push(u));
        assert_eq!(updates.len(), WIDTHS.len() * SEEDS as usize + 1);
        assert_eq!(updates.last(), Some(&Update::Done));
        // The same numbers as training the run directly.
        let (train, test) = sweep_data(1);
        let direct = crate::capacity::train_width(8, 1, 1, &train, &test);
        let reported = updates.iter().find_map(|u| match u {
            Update::Width(w) if w.width == 8 && w.seed == 1 => Some((w.train_error, w.test_error)),
            _ => None,
        });
        assert_eq!(reported, Some(direct));
    }

    #[test]
    fn the_restarts_job_reports_its_runs_as_trained_directly() {
        let spec = RestartSpec {
            steps: 200,
            ..RestartSpec::default()
        };
        let pipelines = vec![Pipeline::Sgd];
        let mut updates = Vec::new();
        let request = Request::Restarts {
            spec: spec.clone(),
            seeds: vec![5, 7],
            pipelines: pipelines.clone(),
        };
        run(&request, |u| updates.push(u));
        let (train, test) = experiment_data(&spec);
        let mut expected: Vec<Update> = [5, 7]
            .iter()
            .flat_map(|&k| run_restart(&spec, &train, &test, k, &pipelines))
            .map(Update::Restart)
            .collect();
        expected.push(Update::Done);
        assert_eq!(updates, expected);
    }
}
