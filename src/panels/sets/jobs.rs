//! The sets panel's compute-worker jobs: the width and sample-size sweeps against the
//! capacity bound, the random-label sweep, and the excess risk of the random-features fit
//! against N.

use crate::engine::capacity::{
    errors, sized_data, sweep_data, width_trainer, SAMPLE_SIZES, SEEDS, SMALL_WIDTH, STEPS as WIDTH_STEPS, WIDTHS,
};
use crate::engine::label_sweep::{LabelRun, LEVELS};
use crate::engine::rf_minima::{excess_risk_curve, TINY_RIDGE};
use crate::panels::sets::config::SetsConfig;
use serde::{Deserialize, Serialize};

/// A job the panel asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// The width sweep of `engine::capacity`, then the smallest network on more and more data.
    Capacity {
        /// Data and initialisation seed.
        seed: u64,
    },
    /// The random-label sweep of `engine::label_sweep`.
    Labels {
        /// Data and initialisation seed.
        seed: u64,
    },
    /// Excess risk of the random-features fit against N, without and with a tiny ridge.
    Excess {
        /// Seed of features and data.
        seed: u64,
        /// Label noise σ.
        noise: f32,
    },
}

/// Training-set sizes of the excess-risk curve: every N the slider reaches.
pub fn excess_sizes() -> Vec<usize> {
    (crate::panels::sets::config::N_RANGE.0 as usize..=crate::panels::sets::config::N_RANGE.1 as usize).collect()
}

/// One finished run of the sample-size sweep.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SizeResult {
    /// Training points N.
    pub n: usize,
    /// Initialisation index.
    pub seed: u32,
    /// Training error at the end.
    pub train_error: f32,
    /// Test error at the end.
    pub test_error: f32,
}

/// One finished run of the width sweep.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
        /// Labels that actually changed, per level.
        changed: Vec<usize>,
    },
    /// A sample-size run finished.
    Size(SizeResult),
    /// Excess risk R(w) − min R at every N of `excess_sizes()`.
    Excess {
        /// Of the minimum-norm fit (where gradient descent from zero goes).
        plain: Vec<f64>,
        /// Of the fit with the ridge `TINY_RIDGE`.
        ridge: Vec<f64>,
    },
}

/// Runs `request`, telling `report` every update in order.
pub fn run(request: &Request, report: &mut dyn FnMut(Update)) {
    match *request {
        Request::Capacity { seed } => {
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
            sizes(seed, report);
        }
        Request::Labels { seed } => {
            let mut runs: Vec<LabelRun> = LEVELS.iter().map(|&q| LabelRun::new(q, seed)).collect();
            while runs.iter().any(|r| !r.done()) {
                runs.iter_mut().for_each(|r| r.advance(2));
                report(Update::Labels {
                    curves: runs.iter().map(|r| r.curve.clone()).collect(),
                    test_errors: None,
                    changed: runs.iter().map(|r| r.changed).collect(),
                });
            }
            let test_errors = runs.iter_mut().map(LabelRun::test_error).collect();
            report(Update::Labels {
                curves: runs.iter().map(|r| r.curve.clone()).collect(),
                test_errors: Some(test_errors),
                changed: runs.iter().map(|r| r.changed).collect(),
            });
        }
        Request::Excess { seed, noise } => {
            let spec = SetsConfig {
                seed,
                noise,
                ..SetsConfig::default()
            }
            .spec();
            let sizes = excess_sizes();
            report(Update::Excess {
                plain: excess_risk_curve(&spec, &sizes, 0.0),
                ridge: excess_risk_curve(&spec, &sizes, TINY_RIDGE),
            });
        }
    }
}

/// The sample-size sweep: the smallest network of the width sweep on more and more data.
fn sizes(seed: u64, report: &mut dyn FnMut(Update)) {
    for n in SAMPLE_SIZES {
        let (train, test) = sized_data(seed, n);
        for run in 0..SEEDS {
            let mut trainer = width_trainer(SMALL_WIDTH, run, seed, &train);
            let (train_error, test_error) = match trainer.run(&train, WIDTH_STEPS) {
                Ok(_) => errors(&mut trainer, &train, &test),
                Err(_) => (f32::NAN, f32::NAN),
            };
            report(Update::Size(SizeResult {
                n,
                seed: run,
                train_error,
                test_error,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::{decode, encode};

    #[test]
    fn the_capacity_job_reports_every_run_as_trained_directly() {
        let mut updates = Vec::new();
        run(&Request::Capacity { seed: 1 }, &mut |u| updates.push(u));
        assert_eq!(updates.len(), (WIDTHS.len() + SAMPLE_SIZES.len()) * SEEDS as usize);
        // Widths first, then the sizes.
        assert!(matches!(updates[WIDTHS.len() * SEEDS as usize - 1], Update::Width(_)));
        assert!(matches!(updates[WIDTHS.len() * SEEDS as usize], Update::Size(SizeResult { n: 40, seed: 0, .. })));
        let (train, test) = sweep_data(1);
        let direct = crate::engine::capacity::train_width(8, 1, 1, &train, &test);
        let reported = updates.iter().find_map(|u| match u {
            Update::Width(w) if w.width == 8 && w.seed == 1 => Some((w.train_error, w.test_error)),
            _ => None,
        });
        assert_eq!(reported, Some(direct));
    }

    #[test]
    fn the_excess_job_reports_the_engines_curves_for_the_panels_sizes() {
        let mut updates = Vec::new();
        run(&Request::Excess { seed: 2, noise: 0.1 }, &mut |u| updates.push(u));
        let [Update::Excess { plain, ridge }] = &updates[..] else {
            panic!("one Excess update expected, got {updates:?}")
        };
        let sizes = excess_sizes();
        assert_eq!((sizes[0], *sizes.last().unwrap()), (2, 200));
        let spec = SetsConfig { seed: 2, ..SetsConfig::default() }.spec();
        assert_eq!(plain, &excess_risk_curve(&spec, &sizes, 0.0));
        assert_eq!(ridge, &excess_risk_curve(&spec, &sizes, TINY_RIDGE));
    }

    #[test]
    fn messages_round_trip_through_their_encoding() {
        for request in [
            Request::Capacity { seed: 7 },
            Request::Labels { seed: u64::MAX },
            Request::Excess { seed: 2, noise: 0.25 },
        ] {
            assert_eq!(decode::<Request>(&encode(&request)), Ok(request));
        }
        let updates = [
            Update::Width(WidthResult {
                width: 1024,
                seed: 2,
                train_error: 0.0,
                test_error: f32::NAN,
            }),
            Update::Labels {
                curves: vec![vec![(0, 0.5), (10, 0.25)], vec![]],
                test_errors: Some(vec![0.1, 0.45]),
                changed: vec![0, 11],
            },
            Update::Labels {
                curves: vec![],
                test_errors: None,
                changed: vec![],
            },
            Update::Size(SizeResult {
                n: 20_000,
                seed: 1,
                train_error: 0.1,
                test_error: 0.12,
            }),
            Update::Excess {
                plain: vec![0.01, 385.0],
                ridge: vec![],
            },
        ];
        for update in updates {
            let back: Update = decode(&encode(&update)).unwrap();
            // NaN != NaN: compare the encodings.
            assert_eq!(encode(&back), encode(&update));
        }
        assert!(decode::<Request>(&[0xff, 0xff]).is_err());
    }
}
