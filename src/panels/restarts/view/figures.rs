//! The panel's figures and what each redraw reads: every method draws one figure from
//! the latest state (read untracked, since redraws run later in tasks of their own) and
//! remembers the layout that clicks on it need.

use super::charts;
use crate::panels::restarts::layout::{Bins, Metric};
use super::draw;
use crate::panels::restarts::layout::Grid;
use super::run::{Experiment, Finished};
use crate::engine::Dataset;
use crate::plot::Frame;
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::HtmlCanvasElement;

/// Handles on everything the figures draw from and into.
#[derive(Clone, Copy)]
pub struct Figures {
    /// The experiment's runs.
    pub experiment: RwSignal<Experiment>,
    /// Indices of the highlighted runs.
    pub selected: Memo<Vec<usize>>,
    /// What the histogram counts.
    pub metric: RwSignal<Metric>,
    /// (train, test) data of the experiment.
    pub data: Memo<Arc<(Dataset, Dataset)>>,
    /// The runs' positions on the map of minima.
    pub points: Memo<Vec<[f32; 2]>>,
    /// Canvas of the histogram.
    pub hist_ref: NodeRef<leptos::html::Canvas>,
    /// Canvas of the decision boundaries.
    pub bounds_ref: NodeRef<leptos::html::Canvas>,
    /// Canvas of the thumbnails.
    pub thumbs_ref: NodeRef<leptos::html::Canvas>,
    /// Canvas of the map of minima.
    pub map_ref: NodeRef<leptos::html::Canvas>,
    /// Canvas of test accuracy against norm.
    pub norm_ref: NodeRef<leptos::html::Canvas>,
    /// Canvas of test accuracy against λ_max.
    pub sharp_ref: NodeRef<leptos::html::Canvas>,
    /// The histogram's frame (CSS pixels) and bins, for clicks.
    pub hist_layout: StoredValue<Option<(Frame, Bins)>>,
    /// The map's frame (CSS pixels), for clicks.
    pub map_frame: StoredValue<Option<Frame>>,
    /// The thumbnail grid and which run sits in each slot, for clicks.
    pub thumb_layout: StoredValue<(Grid, Vec<usize>)>,
    /// Each run's thumbnail image, keyed by the run's address, drawn once.
    pub thumb_cache: StoredValue<Vec<(usize, Option<HtmlCanvasElement>)>, LocalStorage>,
}

/// The lowest and highest test accuracy of the runs that did not diverge.
pub fn accuracy_range(e: &Experiment) -> (f32, f32) {
    let live = e.results.iter().filter(|r| !r.result.diverged).map(|r| r.result.test_acc);
    live.fold((1.0f32, 0.0f32), |(lo, hi), a| (lo.min(a), hi.max(a)))
}

/// Flags for `n` runs, true where selected.
pub fn flags(n: usize, selected: &[usize]) -> Vec<bool> {
    let mut out = vec![false; n];
    selected.iter().filter(|&&i| i < n).for_each(|&i| out[i] = true);
    out
}

impl Figures {
    fn state(&self) -> (Experiment, Vec<bool>) {
        let e = self.experiment.get_untracked();
        let f = flags(e.results.len(), &self.selected.get_untracked());
        (e, f)
    }

    /// The histogram of test accuracy or loss.
    pub fn histogram(self) {
        let Some(canvas) = self.hist_ref.get_untracked() else {
            return;
        };
        let (e, f) = self.state();
        let m = self.metric.get_untracked();
        let bins = Bins::for_runs(m, &e.results);
        let frame = charts::histogram(&canvas, &e.results, m, bins, &f);
        self.hist_layout.set_value(frame.map(|frame| (frame, bins)));
    }

    /// Every run's decision boundary over the data.
    pub fn boundaries(self) {
        let Some(canvas) = self.bounds_ref.get_untracked() else {
            return;
        };
        let (e, f) = self.state();
        let d = self.data.get_untracked();
        draw::boundaries(&canvas, &d.0, &d.1, &e.results, &f);
    }

    /// The thumbnails, worst test accuracy first within each pipeline, so that bad
    /// minima catch the eye.
    pub fn thumbnails(self) {
        let Some(canvas) = self.thumbs_ref.get_untracked() else {
            return;
        };
        let (e, f) = self.state();
        let key = |i: usize| (e.results[i].result.pipeline as u8, e.results[i].result.test_acc);
        let order = crate::plot::order(e.results.len(), &|i, j| {
            key(i).0.cmp(&key(j).0).then(key(i).1.total_cmp(&key(j).1)).then(i.cmp(&j))
        });
        let width = canvas.parent_element().map_or(600.0, |p| f64::from(p.client_width()));
        let grid = Grid::new(width);
        let height = format!("{}px", grid.height(order.len()));
        let _ = web_sys::HtmlElement::style(&canvas).set_property("height", &height);
        let cache = self.thumb_cache.with_value(|cache| updated_cache(cache, &e.results));
        let images: Vec<Option<HtmlCanvasElement>> = cache.iter().map(|(_, image)| image.clone()).collect();
        self.thumb_cache.set_value(cache);
        draw::thumbnails(&canvas, grid, &order, &e.results, &images, &f);
        self.thumb_layout.set_value((grid, order));
    }

    /// The map of minima.
    pub fn map(self) {
        let Some(canvas) = self.map_ref.get_untracked() else {
            return;
        };
        let (e, f) = self.state();
        let points = self.points.get_untracked();
        let range = accuracy_range(&e);
        self.map_frame
            .set_value(draw::minima_map(&canvas, &points, &e.results, &f, range));
    }

    /// Test accuracy against parameter norm and against curvature λ_max.
    pub fn scatters(self) {
        let (e, f) = self.state();
        if let Some(canvas) = self.norm_ref.get_untracked() {
            // plain text: an axis label drawn on the canvas
            charts::scatter(&canvas, &e.results, |r| r.result.norm, "parameter norm ‖w‖", false, &f);
        }
        if let Some(canvas) = self.sharp_ref.get_untracked() {
            // plain text: an axis label drawn on the canvas
            charts::scatter(&canvas, &e.results, |r| r.result.lambda_max, "log₁₀ λ_max", true, &f);
        }
    }
}

/// The thumbnail cache for `runs`: images of runs already cached are kept, the others
/// drawn (a new experiment has new runs, so its cache starts afresh).
fn updated_cache(
    cache: &[(usize, Option<HtmlCanvasElement>)],
    runs: &[Arc<Finished>],
) -> Vec<(usize, Option<HtmlCanvasElement>)> {
    let address = |run: &Arc<Finished>| Arc::as_ptr(run) as usize;
    let kept = cache
        .iter()
        .zip(runs)
        .take_while(|((a, _), r)| *a == address(r))
        .count();
    cache[..kept]
        .iter()
        .cloned()
        .chain(runs[kept..].iter().map(|r| (address(r), draw::thumbnail(r))))
        .collect()
}
