//! The lab's compute-worker jobs: the prior (M random nets at one width), one training
//! run recorded at every scrubber step, and the laziness sweep over widths and seeds.

use super::config::{DRAWS, STEPS, X0};
use crate::engine::wide::prior::{draws_at, sample_functions, summarise, Distribution, PriorSpec};
use crate::engine::wide::train::{final_figures, log_log_slope, Run, Snapshot, TrainSpec};
use crate::engine::wide::{grid, Act};
use serde::{Deserialize, Serialize};

/// Functions are drawn on this many points of [−1.5, 1.5].
pub const GRID_POINTS: usize = 81;
/// The widths of the laziness sweep.
pub const SWEEP_WIDTHS: [usize; 5] = [16, 64, 256, 1024, 4096];
/// Initialisations per width in the sweep.
pub const SWEEP_SEEDS: u32 = 3;
/// The sweep's slopes are fitted over widths from this one up (16 is not yet in the
/// large-width regime: its kernel changes by tens of per cent).
pub const SLOPE_FROM: usize = 64;
/// The widest net the lab trains (the width slider's top and the sweep's last width).
pub const WIDEST: usize = SWEEP_WIDTHS[SWEEP_WIDTHS.len() - 1];
/// Sample functions drawn in the prior view.
pub const SAMPLES: usize = 8;
/// Histogram bins over ±4σ.
pub const BINS: usize = 32;

/// The grid every function is drawn on.
pub fn the_grid() -> Vec<f64> {
    grid(-1.5, 1.5, GRID_POINTS)
}

/// A job the lab asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Sample functions and the distribution of f(x₀) at one width.
    Prior {
        /// φ.
        act: Act,
        /// Hidden width.
        width: usize,
        /// Seed.
        seed: u64,
    },
    /// One training run, recorded at every checkpoint.
    Train(TrainSpec),
    /// Every width of `SWEEP_WIDTHS` × `SWEEP_SEEDS` initialisations (the spec's width is ignored).
    Sweep(TrainSpec),
    /// The final figures of one run at `WIDEST` (the spec's width is ignored): does the
    /// widest net reach the kernel prediction?
    Widest(TrainSpec),
}

/// The prior view's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PriorResult {
    /// 2·√K(x, x) on the grid (the NNGP's ±2σ band).
    pub band: Vec<f32>,
    /// Sample functions on the grid.
    pub samples: Vec<Vec<f32>>,
    /// f(x₀) over `DRAWS` nets against N(0, K(x₀, x₀)).
    pub distribution: Distribution,
}

/// One finished run of the sweep.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// Width.
    pub width: usize,
    /// Initialisation (the data seed plus this).
    pub seed: u32,
    /// ‖θ_T − θ₀‖/‖θ₀‖ (NaN if diverged).
    pub rel_weight_change: f64,
    /// ‖Θ̂_T − Θ̂₀‖_F/‖Θ̂₀‖_F.
    pub rel_kernel_change: f64,
    /// Relative rms distance to the kernel prediction.
    pub net_vs_kernel: f64,
}

/// What a job reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Update {
    /// The prior's figures.
    Prior(PriorResult),
    /// A training run begins: its data and learning rate.
    Start {
        /// Training inputs.
        x: Vec<f32>,
        /// Targets.
        y: Vec<f32>,
        /// η = N/λ_max.
        eta: f64,
    },
    /// The run at one recorded step.
    Step(Snapshot),
    /// The run diverged after this many steps.
    Diverged(usize),
    /// One sweep run finished.
    Sweep(SweepPoint),
    /// The run at `WIDEST`: its final distance to the kernel prediction (None: diverged).
    Widest(Option<f64>),
}

/// Runs `request`, telling `report` every update in order.
pub fn run(request: &Request, report: &mut dyn FnMut(Update)) {
    let grid = the_grid();
    match *request {
        Request::Prior { act, width, seed } => {
            let spec = PriorSpec {
                act,
                width,
                seed,
                draws: DRAWS,
                x0: X0,
            };
            let k = spec.kernels();
            let draws = draws_at(&spec, |_| {});
            report(Update::Prior(PriorResult {
                band: grid.iter().map(|&x| (2.0 * k.nngp(x, x).sqrt()) as f32).collect(),
                samples: sample_functions(&spec, &grid, SAMPLES)
                    .into_iter()
                    .map(|f| f.into_iter().map(|v| v as f32).collect())
                    .collect(),
                distribution: summarise(draws, k.nngp(X0, X0), BINS),
            }));
        }
        Request::Train(spec) => {
            let mut run = Run::new(&spec, &grid);
            report(Update::Start {
                x: run.data.x.iter().map(|&v| v as f32).collect(),
                y: run.data.y.iter().map(|&v| v as f32).collect(),
                eta: run.eta(),
            });
            run.run(|s| report(Update::Step(s)));
            if run.diverged {
                report(Update::Diverged(run.t));
            }
        }
        Request::Widest(spec) => {
            let s = TrainSpec { width: WIDEST, ..spec };
            report(Update::Widest(final_figures(&s, &grid).map(|f| f.net_vs_kernel)));
        }
        Request::Sweep(spec) => {
            for width in SWEEP_WIDTHS {
                for k in 0..SWEEP_SEEDS {
                    let s = TrainSpec {
                        width,
                        seed: spec.seed + u64::from(k),
                        ..spec
                    };
                    let f = final_figures(&s, &grid);
                    let pick = |g: fn(&Snapshot) -> f64| f.as_ref().map_or(f64::NAN, g);
                    report(Update::Sweep(SweepPoint {
                        width,
                        seed: k,
                        rel_weight_change: pick(|s| s.rel_weight_change),
                        rel_kernel_change: pick(|s| s.rel_kernel_change),
                        net_vs_kernel: pick(|s| s.net_vs_kernel),
                    }));
                }
            }
        }
    }
}

/// The sweep's means per finished width and the slopes of the weights' and the kernel's change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SweepSummary {
    /// Widths with every seed done.
    pub widths: Vec<usize>,
    /// Mean relative weight change per width.
    pub rel_weight_change: Vec<f64>,
    /// Mean relative kernel change per width.
    pub rel_kernel_change: Vec<f64>,
    /// Mean distance to the kernel prediction per width.
    pub net_vs_kernel: Vec<f64>,
    /// Least-squares log–log slope of the weights' change over widths ≥ `SLOPE_FROM`.
    pub weight_slope: Option<f64>,
    /// The same for the kernel's change (None when it is 0, as with last-layer training).
    pub kernel_slope: Option<f64>,
}

/// The (width, value) points a slope is fitted to: widths ≥ `SLOPE_FROM`, values finite and > 0.
pub fn fitted(widths: &[usize], values: &[f64]) -> Vec<(f64, f64)> {
    (widths.iter().zip(values))
        .filter(|(w, r)| **w >= SLOPE_FROM && r.is_finite() && **r > 0.0)
        .map(|(&w, &r)| (w as f64, r))
        .collect()
}

/// Means over seeds of the finished widths.
pub fn summarise_sweep(points: &[SweepPoint]) -> SweepSummary {
    let mut out = SweepSummary::default();
    for width in SWEEP_WIDTHS {
        let runs: Vec<&SweepPoint> = points.iter().filter(|p| p.width == width).collect();
        if runs.len() < SWEEP_SEEDS as usize {
            continue;
        }
        let mean = |g: fn(&SweepPoint) -> f64| runs.iter().map(|p| g(p)).sum::<f64>() / runs.len() as f64;
        out.widths.push(width);
        out.rel_weight_change.push(mean(|p| p.rel_weight_change));
        out.rel_kernel_change.push(mean(|p| p.rel_kernel_change));
        out.net_vs_kernel.push(mean(|p| p.net_vs_kernel));
    }
    let slope = |values: &[f64]| {
        let fit = fitted(&out.widths, values);
        if fit.len() >= 2 {
            log_log_slope(&fit)
        } else {
            None
        }
    };
    out.weight_slope = slope(&out.rel_weight_change);
    out.kernel_slope = slope(&out.rel_kernel_change);
    out
}

/// Runs in the sweep.
pub const SWEEP_RUNS: usize = SWEEP_WIDTHS.len() * SWEEP_SEEDS as usize;

/// Steps of every run (for the text).
pub const RUN_STEPS: u32 = STEPS;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::{decode, encode};

    fn spec(width: usize) -> TrainSpec {
        TrainSpec {
            act: Act::Erf,
            width,
            points: 8,
            amp: 1.0,
            alpha: 1.0,
            last_only: false,
            seed: 1,
            steps: STEPS as usize,
        }
    }

    #[test]
    fn a_training_job_reports_its_data_then_every_recorded_step() {
        let mut updates = Vec::new();
        run(&Request::Train(spec(32)), &mut |u| updates.push(u));
        assert!(matches!(updates[0], Update::Start { ref x, .. } if x.len() == 8));
        let steps: Vec<usize> = updates
            .iter()
            .filter_map(|u| if let Update::Step(s) = u { Some(s.t) } else { None })
            .collect();
        assert_eq!(steps, crate::engine::wide::train::checkpoints(STEPS as usize));
        let Some(Update::Step(last)) = updates.last() else {
            panic!("ends with a step")
        };
        assert_eq!(Some(last.clone()), final_figures(&spec(32), &the_grid()));
    }

    #[test]
    fn the_sweep_summary_averages_finished_widths_and_fits_the_slope() {
        let point = |width: usize, seed: u32, r: f64| SweepPoint {
            width,
            seed,
            rel_weight_change: r,
            rel_kernel_change: r,
            net_vs_kernel: r,
        };
        let mut points = vec![];
        for (w, r) in [(16, 1.0), (64, 0.5), (256, 0.25), (1024, 0.125)] {
            for s in 0..SWEEP_SEEDS {
                points.push(point(w, s, r));
            }
        }
        points.push(point(4096, 0, 0.1));
        let s = summarise_sweep(&points);
        assert_eq!(s.widths, vec![16, 64, 256, 1024]);
        assert!((s.weight_slope.unwrap() + 0.5).abs() < 1e-12);
        assert!((s.kernel_slope.unwrap() + 0.5).abs() < 1e-12);
        // A kernel that never changes (last-layer training) has no slope.
        let still: Vec<SweepPoint> = points
            .iter()
            .map(|p| SweepPoint {
                rel_kernel_change: 0.0,
                ..*p
            })
            .collect();
        assert_eq!(summarise_sweep(&still).kernel_slope, None);
    }

    #[test]
    fn messages_round_trip_through_their_encoding() {
        for request in [
            Request::Prior {
                act: Act::Relu,
                width: 4096,
                seed: 3,
            },
            Request::Train(spec(64)),
            Request::Sweep(spec(1)),
            Request::Widest(spec(1)),
        ] {
            assert_eq!(decode::<Request>(&encode(&request)), Ok(request));
        }
        let mut updates = Vec::new();
        run(
            &Request::Prior {
                act: Act::Relu,
                width: 2,
                seed: 1,
            },
            &mut |u| updates.push(u),
        );
        let back: Update = decode(&encode(&updates[0])).unwrap();
        assert_eq!(back, updates[0]);
        assert!(decode::<Request>(&[0xff, 0xff]).is_err());
    }
}
