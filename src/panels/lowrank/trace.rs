//! What the page keeps of a training job: every model's recorded frames and how it ended,
//! the nuclear norm reference, and the frame to show at a given step (pure, host-tested).

use super::jobs::{Nuclear, Outcome, Start, Update};
use crate::engine::completion::Problem;
use crate::engine::deep_linear::{FactorRun, Snapshot};
use std::sync::Arc;

/// One model's recorded frames.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// Frames in step order.
    pub frames: Vec<Snapshot>,
    /// How training ended, once it has.
    pub outcome: Option<Outcome>,
    /// The model after its latest frame, while it trains on (to continue after a pause).
    pub checkpoint: Option<FactorRun>,
}

impl Trace {
    /// The last frame at or before `step` (the first frame before any).
    pub fn at(&self, step: f64) -> Option<&Snapshot> {
        let after = self.frames.partition_point(|f| f.step as f64 <= step);
        self.frames.get(after.saturating_sub(1))
    }

    /// The latest frame.
    pub fn last(&self) -> Option<&Snapshot> {
        self.frames.last()
    }
}

/// A training job's results so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Training {
    /// One trace per model, in the order of the depths.
    pub models: Vec<Trace>,
    /// The minimum nuclear norm completion, once computed.
    pub nuclear: Option<Nuclear>,
    /// The problem, once the worker has sent it.
    pub problem: Option<Arc<Problem>>,
    /// The ground truth's singular values, largest first.
    pub truth: Vec<f64>,
}

impl Training {
    /// Folds one update in.
    pub fn fold(&mut self, update: Update) {
        match update {
            Update::Frames {
                model,
                frames,
                outcome,
                checkpoint,
            } => {
                if self.models.len() <= model {
                    self.models.resize(model + 1, Trace::default());
                }
                let trace = &mut self.models[model];
                trace.frames.extend(frames);
                if outcome.is_some() {
                    trace.outcome = outcome;
                }
                trace.checkpoint = checkpoint;
            }
            Update::Nuclear(nuclear) => self.nuclear = Some(nuclear),
            Update::Truth {
                truth,
                mask,
                singular_values,
            } => {
                let n = singular_values.len();
                self.problem = Some(Arc::new(Problem { n, truth, mask }));
                self.truth = singular_values;
            }
            Update::SweepPoint(_) => {}
        }
    }

    /// The largest step recorded by any model.
    pub fn last_step(&self) -> usize {
        self.models
            .iter()
            .filter_map(|t| t.last())
            .map(|f| f.step)
            .max()
            .unwrap_or(0)
    }

    /// Where each of `models` models continues after a pause: an ended model stays as it
    /// is, one with a checkpoint goes on from it (its frames are cut back to the
    /// checkpoint's step, though a report never holds frames past its checkpoint), any
    /// other starts afresh and loses its frames.
    pub fn resume(&mut self, models: usize) -> Vec<Start> {
        if self.models.len() < models {
            self.models.resize(models, Trace::default());
        }
        self.models
            .iter_mut()
            .take(models)
            .map(|t| match (&t.outcome, &t.checkpoint) {
                (Some(_), _) => Start::Ended,
                (None, Some(c)) => {
                    t.frames.retain(|f| f.step <= c.step);
                    Start::From(c.clone())
                }
                (None, None) => {
                    t.frames.clear();
                    Start::Fresh
                }
            })
            .collect()
    }

    /// Whether every model has ended and the reference is there.
    pub fn complete(&self) -> bool {
        !self.models.is_empty() && self.models.iter().all(|t| t.outcome.is_some()) && self.nuclear.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(step: usize) -> Snapshot {
        Snapshot {
            step,
            loss: 1.0 / (1.0 + step as f64),
            rel_test_error: 0.5,
            effective_rank: 2.0,
            singular_values: vec![1.0],
            w: vec![0.0],
        }
    }

    #[test]
    fn frames_fold_per_model_and_the_shown_frame_follows_the_step() {
        let mut t = Training::default();
        t.fold(Update::Frames {
            model: 1,
            frames: vec![frame(0), frame(10)],
            outcome: None,
            checkpoint: None,
        });
        t.fold(Update::Frames {
            model: 1,
            frames: vec![frame(30)],
            outcome: Some(Outcome {
                converged: true,
                diverged: false,
            }),
            checkpoint: None,
        });
        t.fold(Update::Frames {
            model: 0,
            frames: vec![frame(0), frame(5)],
            outcome: Some(Outcome {
                converged: true,
                diverged: false,
            }),
            checkpoint: None,
        });
        assert_eq!(t.models.len(), 2);
        assert_eq!(t.last_step(), 30);
        let m = &t.models[1];
        assert_eq!(m.at(0.0).unwrap().step, 0);
        assert_eq!(m.at(29.9).unwrap().step, 10);
        assert_eq!(m.at(1e9).unwrap().step, 30);
        assert_eq!(
            t.models[0].at(20.0).unwrap().step,
            5,
            "a model that stopped early shows its end"
        );
        assert!(!t.complete());
        t.fold(Update::Nuclear(Nuclear {
            w: vec![],
            rel_test_error: 0.1,
            nuclear_norm: 3.0,
        }));
        assert!(t.complete());
    }

    #[test]
    fn a_pause_keeps_ended_models_continues_checkpointed_ones_and_restarts_the_rest() {
        use crate::engine::completion::CompletionSpec;
        let problem = Problem::new(&CompletionSpec {
            size: 6,
            rank: 1,
            observed: 20,
            seed: 1,
        });
        let mut run = FactorRun::new(&problem, 2, 1e-2, 1);
        (0..20).for_each(|_| run.step(&problem));
        let mut t = Training::default();
        let ended = Some(Outcome {
            converged: true,
            diverged: false,
        });
        t.fold(Update::Frames {
            model: 0,
            frames: vec![frame(0), frame(5)],
            outcome: ended,
            checkpoint: None,
        });
        // A frame past the checkpoint cannot come from the worker; it would be cut.
        t.fold(Update::Frames {
            model: 1,
            frames: vec![frame(0), frame(20), frame(25)],
            outcome: None,
            checkpoint: Some(run.clone()),
        });
        t.fold(Update::Frames {
            model: 2,
            frames: vec![frame(0)],
            outcome: None,
            checkpoint: None,
        });
        let from = t.resume(4);
        assert_eq!(from, vec![Start::Ended, Start::From(run), Start::Fresh, Start::Fresh]);
        let steps = |m: usize| t.models[m].frames.iter().map(|f| f.step).collect::<Vec<_>>();
        assert_eq!(
            (steps(0), steps(1), steps(2), steps(3)),
            (vec![0, 5], vec![0, 20], vec![], vec![])
        );
    }
}
