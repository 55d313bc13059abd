//! The panel's compute-worker jobs: training the three factorisations to convergence
//! (frames streamed as they are recorded) with the minimum nuclear norm completion as
//! reference, and points of the sweep of the error against the number of observed entries
//! k over seeds.

use crate::engine::completion::{nuclear_norm, singular_values, soft_impute, CompletionSpec, Problem};
use crate::engine::deep_linear::{is_recorded, sweep_point, FactorRun, Snapshot};
use serde::{Deserialize, Serialize};

/// Steps each model takes between two reports while training.
pub const CHUNK: usize = 500;
/// Frames recorded at least this often over the step cap (the rest are spaced
/// geometrically early on, where the models change fastest).
pub const FRAMES: usize = 200;

/// A job the panel asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Train one model per depth on `spec` from initial scale `init`, for at most `steps`
    /// steps each, then compute the minimum nuclear norm completion.
    Train {
        /// The problem.
        spec: CompletionSpec,
        /// The depths, one model each.
        depths: Vec<usize>,
        /// Scale of the initial product.
        init: f64,
        /// Step cap.
        steps: usize,
        /// Where each model starts (empty: every model from its initialisation).
        from: Vec<Start>,
    },
    /// For every (k, seed) in `points`, train every depth on `spec` with that k and seed,
    /// and soft-impute (`deep_linear::sweep_point`).
    Sweep {
        /// The problem (its k and seed are replaced by each point's).
        spec: CompletionSpec,
        /// The (k, seed) pairs to run, in order.
        points: Vec<(usize, u64)>,
        /// The depths.
        depths: Vec<usize>,
        /// Scale of the initial product.
        init: f64,
        /// Step cap.
        steps: usize,
    },
}

/// Where a model's training starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Start {
    /// From its initialisation.
    Fresh,
    /// From the checkpoint a paused training sent: it continues exactly as if never paused.
    From(FactorRun),
    /// It had already ended: nothing to train.
    Ended,
}

/// How a model's training ended.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The loss fell below 10⁻⁷·‖P_Ω(M)‖².
    pub converged: bool,
    /// The loss became infinite.
    pub diverged: bool,
}

/// The minimum nuclear norm completion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Nuclear {
    /// The matrix, row by row.
    pub w: Vec<f32>,
    /// Relative error on the unobserved entries.
    pub rel_test_error: f64,
    /// Its nuclear norm.
    pub nuclear_norm: f64,
}

/// What a job reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Update {
    /// The problem, sent first: the page draws it from here and so links neither the
    /// random draws nor an SVD of its own.
    Truth {
        /// M, row by row.
        truth: Vec<f64>,
        /// The observed entries, row by row.
        mask: Vec<bool>,
        /// M's singular values, largest first.
        singular_values: Vec<f64>,
    },
    /// New frames of model `model` (an index into the depths), and how it ended once it has.
    Frames {
        /// Which model.
        model: usize,
        /// Frames recorded since the last report, in step order.
        frames: Vec<Snapshot>,
        /// Set with the last frame.
        outcome: Option<Outcome>,
        /// The model after the last step of this report, while it trains on: what a paused
        /// training continues from.
        checkpoint: Option<FactorRun>,
    },
    /// The soft-impute reference.
    Nuclear(Nuclear),
    /// One model's result at one point of the sweep.
    SweepPoint(SweepPoint),
}

/// One model's error at one (k, seed) of the sweep: `depth` 0 stands for the nuclear norm
/// completion.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// Observed entries.
    pub k: usize,
    /// The seed of the problem and of the factors.
    pub seed: u64,
    /// Depth, or 0 for soft-impute.
    pub depth: usize,
    /// Relative error on the unobserved entries.
    pub rel_test_error: f64,
}

/// Runs `request`, telling `report` every update in order.
pub fn run(request: &Request, report: &mut dyn FnMut(Update)) {
    match request {
        Request::Train {
            spec,
            depths,
            init,
            steps,
            from,
        } => train(spec, depths, *init, *steps, from, report),
        Request::Sweep {
            spec,
            points,
            depths,
            init,
            steps,
        } => {
            for &(k, seed) in points {
                let at = CompletionSpec {
                    observed: k,
                    seed,
                    ..*spec
                };
                for (depth, rel_test_error) in sweep_point(&at, depths, *init, *steps) {
                    report(Update::SweepPoint(SweepPoint {
                        k,
                        seed,
                        depth,
                        rel_test_error,
                    }));
                }
            }
        }
    }
}

/// The three models advance together, `CHUNK` steps at a time, so all of them grow on
/// the page while they train; each starts where `from` says. Which steps are recorded does
/// not depend on the chunks, so a training continued from a checkpoint reports exactly the
/// frames an unpaused one would.
fn train(
    spec: &CompletionSpec,
    depths: &[usize],
    init: f64,
    steps: usize,
    from: &[Start],
    report: &mut dyn FnMut(Update),
) {
    let problem = Problem::new(spec);
    report(Update::Truth {
        singular_values: singular_values(&problem.truth, problem.n),
        truth: problem.truth.clone(),
        mask: problem.mask.clone(),
    });
    let every = (steps / FRAMES).max(1);
    let mut runs: Vec<FactorRun> = depths
        .iter()
        .enumerate()
        .map(|(m, &d)| match from.get(m) {
            Some(Start::From(run)) => run.clone(),
            _ => FactorRun::new(&problem, d, init, spec.seed),
        })
        .collect();
    let mut open: Vec<bool> = (0..runs.len()).map(|m| from.get(m) != Some(&Start::Ended)).collect();
    while open.iter().any(|&o| o) {
        for (model, run) in runs.iter_mut().enumerate() {
            if !open[model] {
                continue;
            }
            let mut frames = Vec::new();
            if run.step == 0 {
                frames.push(run.snapshot(&problem));
            }
            let end = run.step + CHUNK;
            while !run.finished() && run.step < steps.min(end) {
                run.step(&problem);
                if run.finished() || run.step >= steps || is_recorded(run.step, every) {
                    frames.push(run.snapshot(&problem));
                }
            }
            let finished = run.finished() || run.step >= steps;
            let outcome = finished.then(|| Outcome {
                converged: run.converged(),
                diverged: run.diverged,
            });
            open[model] = !finished;
            let checkpoint = (!finished).then(|| run.clone());
            report(Update::Frames {
                model,
                frames,
                outcome,
                checkpoint,
            });
        }
    }
    let w = soft_impute(&problem);
    report(Update::Nuclear(Nuclear {
        rel_test_error: problem.rel_test_error(&w),
        nuclear_norm: nuclear_norm(&w, problem.n),
        w: w.iter().map(|&x| x as f32).collect(),
    }));
}

#[cfg(test)]
mod tests {
    use super::super::trace::Training;
    use super::*;
    use crate::jobs::{decode, encode};

    fn request() -> Request {
        Request::Train {
            spec: CompletionSpec {
                size: 8,
                rank: 1,
                observed: 30,
                seed: 3,
            },
            depths: vec![1, 2, 3],
            init: 1e-2,
            steps: 2_000,
            from: Vec::new(),
        }
    }

    #[test]
    fn training_reports_every_model_to_its_end_then_the_nuclear_norm_completion() {
        let mut updates = Vec::new();
        crate::panels::run_job("lowrank", &encode(&request()), &mut |b| {
            updates.push(decode::<Update>(&b).unwrap())
        })
        .unwrap();
        let Some(Update::Nuclear(nuclear)) = updates.last() else {
            panic!("nuclear last")
        };
        let Some(Update::Truth {
            truth,
            mask,
            singular_values: sv,
        }) = updates.first()
        else {
            panic!("truth first")
        };
        let direct = Problem::new(&CompletionSpec {
            size: 8,
            rank: 1,
            observed: 30,
            seed: 3,
        });
        assert_eq!((truth, mask), (&direct.truth, &direct.mask));
        assert_eq!(sv.len(), 8);
        assert!(sv[0] > 1.0 && sv[1] < 1e-9 * sv[0], "rank 1: {sv:?}");
        assert!(nuclear.rel_test_error.is_finite());
        let spec = CompletionSpec {
            size: 8,
            rank: 1,
            observed: 30,
            seed: 3,
        };
        let problem = Problem::new(&spec);
        for (model, depth) in [1, 2, 3].into_iter().enumerate() {
            let frames: Vec<&Snapshot> = updates
                .iter()
                .filter_map(|u| match u {
                    Update::Frames { model: m, frames, .. } if *m == model => Some(frames),
                    _ => None,
                })
                .flatten()
                .collect();
            let ends: Vec<&Outcome> = updates
                .iter()
                .filter_map(|u| match u {
                    Update::Frames {
                        model: m,
                        outcome: Some(o),
                        ..
                    } if *m == model => Some(o),
                    _ => None,
                })
                .collect();
            assert_eq!(ends.len(), 1, "one outcome for depth {depth}");
            assert_eq!(frames[0].step, 0);
            assert!(frames.windows(2).all(|w| w[0].step < w[1].step), "frames in order");
            // The last frame is the model trained directly.
            let mut direct = FactorRun::new(&problem, depth, 1e-2, 3);
            while !direct.finished() && direct.step < 2_000 {
                direct.step(&problem);
            }
            assert_eq!(*frames.last().unwrap(), &direct.snapshot(&problem));
            assert_eq!(ends[0].converged, direct.converged());
        }
    }

    #[test]
    fn the_sweep_reports_every_depth_and_the_nuclear_norm_at_every_point() {
        let request = Request::Sweep {
            spec: CompletionSpec {
                size: 6,
                rank: 1,
                observed: 0,
                seed: 1,
            },
            points: vec![(12, 4), (20, 4), (12, 5)],
            depths: vec![1, 2],
            init: 1e-2,
            steps: 1_000,
        };
        let mut points = Vec::new();
        run(&request, &mut |u| points.push(u));
        let points: Vec<SweepPoint> = points
            .into_iter()
            .map(|u| match u {
                Update::SweepPoint(p) => p,
                _ => panic!("only sweep points"),
            })
            .collect();
        let keys: Vec<(usize, u64, usize)> = points.iter().map(|p| (p.k, p.seed, p.depth)).collect();
        assert_eq!(
            keys,
            vec![
                (12, 4, 1),
                (12, 4, 2),
                (12, 4, 0),
                (20, 4, 1),
                (20, 4, 2),
                (20, 4, 0),
                (12, 5, 1),
                (12, 5, 2),
                (12, 5, 0)
            ]
        );
        // Each point is the engine's, with that point's k and seed.
        let direct = sweep_point(
            &CompletionSpec {
                size: 6,
                rank: 1,
                observed: 20,
                seed: 4,
            },
            &[1, 2],
            1e-2,
            1_000,
        );
        assert_eq!(
            points[3..6]
                .iter()
                .map(|p| (p.depth, p.rel_test_error))
                .collect::<Vec<_>>(),
            direct
        );
        assert_ne!(points[0].rel_test_error, points[6].rel_test_error, "the seed matters");
        assert_eq!(decode::<Request>(&encode(&request)), Ok(request));
    }

    #[test]
    fn a_training_paused_and_continued_from_its_checkpoints_reports_what_an_unpaused_one_does() {
        let fresh = request();
        let mut whole = Training::default();
        run(&fresh, &mut |u| whole.fold(u));
        // Paused after the fifth report: what the page had then, and where each model goes on.
        let mut paused = Training::default();
        let mut updates = Vec::new();
        run(&fresh, &mut |u| updates.push(u));
        updates.into_iter().take(5).for_each(|u| paused.fold(u));
        let from = paused.resume(3);
        assert!(
            from.iter().any(|s| matches!(s, Start::From(r) if r.step > 0)),
            "{from:?}"
        );
        let Request::Train {
            spec,
            depths,
            init,
            steps,
            ..
        } = fresh
        else {
            unreachable!()
        };
        let rest = Request::Train {
            spec,
            depths,
            init,
            steps,
            from,
        };
        run(&rest, &mut |u| paused.fold(u));
        for (a, b) in paused.models.iter().zip(&whole.models) {
            assert_eq!(a.frames, b.frames);
            assert_eq!(a.outcome, b.outcome);
        }
        assert_eq!(paused.models.len(), 3);
        assert_eq!(paused.nuclear, whole.nuclear);
    }
}
