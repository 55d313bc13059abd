//! The restarts panel's pure figure geometry, tested on the host: the histogram's bins
//! and bar heights, and the thumbnail grid's slots.

use crate::engine::restarts::{Pipeline, RunResult};
use crate::engine::stats::bin_of;

/// Anything that holds one finished run.
pub trait Run {
    /// The run's figures.
    fn result(&self) -> &RunResult;

    /// Whether it fits: it did not diverge and classifies every training point correctly.
    fn fits(&self) -> bool {
        let r = self.result();
        !r.diverged && r.train_acc == 1.0
    }
}

impl Run for RunResult {
    fn result(&self) -> &RunResult {
        self
    }
}

/// What the histogram counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Accuracy on the test set.
    TestAccuracy,
    /// Logistic loss on the test set.
    TestLoss,
}

impl Metric {
    /// The value of a run.
    pub fn of(self, run: &impl Run) -> f32 {
        match self {
            Metric::TestAccuracy => run.result().test_acc,
            Metric::TestLoss => run.result().test_loss,
        }
    }
}

/// The histogram's bins: `bins` equal bins over [lo, hi].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bins {
    /// Left end.
    pub lo: f32,
    /// Right end.
    pub hi: f32,
    /// Number of bins.
    pub bins: usize,
}

impl Bins {
    /// Bins that suit the runs: accuracy in steps of 1 % from at most 50 % to 100 %,
    /// loss in 40 bins from 0 to a round number above the largest loss.
    pub fn for_runs(metric: Metric, runs: &[impl Run]) -> Bins {
        let values = runs.iter().filter(|r| !r.result().diverged).map(|r| metric.of(r));
        match metric {
            Metric::TestAccuracy => {
                let min = values.fold(0.5f32, f32::min);
                let lo = (min * 20.0).floor() / 20.0;
                Bins {
                    lo,
                    hi: 1.0,
                    bins: ((1.0 - lo) * 100.0).round().max(1.0) as usize,
                }
            }
            Metric::TestLoss => {
                let max = values.filter(|v| v.is_finite()).fold(0.1f32, f32::max);
                let hi = (max * 10.0).ceil() / 10.0;
                Bins { lo: 0.0, hi, bins: 40 }
            }
        }
    }

    /// The bin of a value.
    pub fn of(&self, v: f32) -> usize {
        bin_of(v, self.lo, self.hi, self.bins)
    }

    /// The left and right edges of bin `b`.
    pub fn edges(&self, b: usize) -> (f32, f32) {
        let w = (self.hi - self.lo) / self.bins as f32;
        (self.lo + w * b as f32, self.lo + w * (b + 1) as f32)
    }
}

/// Per bin and pipeline (in `Pipeline::ALL` order): (runs that fit the training data,
/// runs that did not). Diverged runs are left out.
pub fn bar_heights(runs: &[impl Run], metric: Metric, bins: Bins) -> Vec<[(usize, usize); Pipeline::ALL.len()]> {
    let mut counts = vec![[(0usize, 0usize); Pipeline::ALL.len()]; bins.bins];
    for run in runs.iter().filter(|r| !r.result().diverged) {
        let c = &mut counts[bins.of(metric.of(run))][run.result().pipeline as usize];
        if run.fits() {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    counts
}

/// The thumbnail grid: `cols` square cells of side `cell` CSS pixels per row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    /// Thumbnails per row.
    pub cols: usize,
    /// Side of a cell in CSS pixels.
    pub cell: f64,
}

impl Grid {
    /// The grid for a box `width` CSS pixels wide: 4 to 20 columns of cells of about 56 px.
    pub fn new(width: f64) -> Grid {
        let cols = ((width / 56.0).floor() as usize).clamp(4, 20);
        let cell = (width / cols as f64).min(72.0);
        Grid { cols, cell }
    }

    /// Height of the box for `n` thumbnails.
    pub fn height(&self, n: usize) -> f64 {
        n.div_ceil(self.cols).max(1) as f64 * self.cell
    }

    /// The slot under CSS pixel (x, y), if any.
    pub fn slot(&self, x: f64, y: f64) -> Option<usize> {
        let (col, row) = ((x / self.cell).floor(), (y / self.cell).floor());
        (col >= 0.0 && row >= 0.0 && (col as usize) < self.cols).then(|| row as usize * self.cols + col as usize)
    }
}

/// Keyboard picking in a row of `len` items: from `from` (None: nothing picked yet, or a
/// position past the end), one step in direction `dir` (+1 or −1) to the next item for
/// which `filled` holds, if there is one.
pub fn key_step(len: usize, from: Option<usize>, dir: i32, filled: impl Fn(usize) -> bool) -> Option<usize> {
    let from = from.filter(|&i| i < len);
    let mut order: Box<dyn Iterator<Item = usize>> = match (from, dir > 0) {
        (None, true) => Box::new(0..len),
        (None, false) => Box::new((0..len).rev()),
        (Some(i), true) => Box::new(i + 1..len),
        (Some(i), false) => Box::new((0..i).rev()),
    };
    order.find(|&i| filled(i))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A run with the given figures, for tests.
    pub(crate) fn run(pipeline: Pipeline, test_acc: f32, train_acc: f32, diverged: bool) -> RunResult {
        RunResult {
            seed: 0,
            pipeline,
            train_acc,
            test_acc,
            train_loss: 0.0,
            test_loss: 1.0 - test_acc,
            norm: 1.0,
            lambda_max: 0.0,
            lambda_scaled: 0.0,
            lambda_unscaled: 0.0,
            rescale_shift: 0.0,
            draws: 0,
            probe: Vec::new(),
            diverged,
        }
    }

    #[test]
    fn accuracy_bins_are_one_percent_wide_from_a_round_floor() {
        let runs = [run(Pipeline::Sgd, 0.83, 1.0, false), run(Pipeline::Sgd, 0.97, 1.0, false)];
        let bins = Bins::for_runs(Metric::TestAccuracy, &runs);
        assert_eq!((bins.lo, bins.hi, bins.bins), (0.5, 1.0, 50));
        let low = [run(Pipeline::Sgd, 0.31, 1.0, false)];
        let bins = Bins::for_runs(Metric::TestAccuracy, &low);
        assert_eq!((bins.lo, bins.bins), (0.3, 70));
        let (a, b) = bins.edges(0);
        assert!((a - 0.3).abs() < 1e-6 && (b - 0.31).abs() < 1e-6);
    }

    #[test]
    fn bars_count_fitted_and_unfitted_runs_per_pipeline_and_skip_diverged_ones() {
        let runs = [
            run(Pipeline::Sgd, 0.925, 1.0, false),
            run(Pipeline::Sgd, 0.925, 0.9, false),
            run(Pipeline::Adversarial, 0.925, 1.0, false),
            run(Pipeline::Sgd, 0.925, 1.0, true),
        ];
        let bins = Bins::for_runs(Metric::TestAccuracy, &runs);
        let heights = bar_heights(&runs, Metric::TestAccuracy, bins);
        let b = bins.of(0.925);
        assert_eq!(heights[b][Pipeline::Sgd as usize], (1, 1));
        assert_eq!(heights[b][Pipeline::Adversarial as usize], (1, 0));
        let total: usize = heights.iter().flatten().map(|(f, u)| f + u).sum();
        assert_eq!(total, 3, "the diverged run is not drawn");
    }

    #[test]
    fn keys_step_to_the_next_filled_item_and_stop_at_the_ends() {
        let filled = |i: usize| [false, true, false, true, true][i];
        assert_eq!(key_step(5, None, 1, filled), Some(1));
        assert_eq!(key_step(5, None, -1, filled), Some(4));
        assert_eq!(key_step(5, Some(1), 1, filled), Some(3), "skips the empty bin");
        assert_eq!(key_step(5, Some(3), -1, filled), Some(1));
        assert_eq!(key_step(5, Some(1), -1, filled), None, "nothing before the first");
        assert_eq!(key_step(5, Some(4), 1, filled), None);
        assert_eq!(key_step(3, Some(9), 1, |_| true), Some(0), "a stale position starts afresh");
    }

    #[test]
    fn grid_slots_follow_the_css_pixel_under_the_pointer() {
        let grid = Grid::new(600.0);
        assert_eq!(grid.cols, 10);
        assert_eq!(grid.slot(0.0, 0.0), Some(0));
        assert_eq!(grid.slot(grid.cell * 2.5, grid.cell * 1.5), Some(12));
        assert_eq!(grid.slot(-1.0, 5.0), None);
        assert_eq!(grid.slot(grid.cell * 10.5, 5.0), None, "right of the last column");
        assert_eq!(grid.height(21), 3.0 * grid.cell);
    }
}
