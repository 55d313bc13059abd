//! The restarts panel's charts with axes: the histogram of test accuracy (or loss) per
//! pipeline, and test accuracy against parameter norm and against curvature.

use super::draw::{colour, css, marker, INK};
use super::run::Finished;
use crate::engine::restarts::Pipeline;
use crate::panels::restarts::layout::{bar_heights, Bins, Metric};
use crate::plot::canvas::{circle, context, fit, linear_chart, rgb};
use crate::plot::palette;
use crate::plot::Frame;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::sync::Arc;
use web_sys::HtmlCanvasElement;

/// Draws the histogram: per pipeline, runs that fit the training data as filled bars
/// and runs that did not as hollow bars stacked on top. Selected bins get a dark
/// outline. Returns the frame (in CSS pixels) for clicks.
pub fn histogram(
    canvas: &HtmlCanvasElement,
    runs: &[Arc<Finished>],
    metric: Metric,
    bins: Bins,
    selected: &[bool],
) -> Option<Frame> {
    let (_, _, dpr) = fit(canvas);
    let counts = bar_heights(runs, metric, bins);
    let top = counts
        .iter()
        .flat_map(|c| c.iter().map(|(a, b)| a + b))
        .max()
        .unwrap_or(0)
        .max(4) as f32
        * 1.1;
    let x_desc = match metric {
        Metric::TestAccuracy => "test accuracy",
        Metric::TestLoss => "test loss",
    };
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = linear_chart(&root, bins.lo..bins.hi, 0f32..top, (x_desc, "runs"), dpr)?;
    let outline = (1.5 * dpr) as u32;
    for (b, per_pipeline) in counts.iter().enumerate() {
        let (x0, x1) = bins.edges(b);
        for (k, &(fit_count, unfit)) in per_pipeline.iter().enumerate() {
            let (r, g, bl) = colour(Pipeline::ALL[k]);
            let (y_fit, y_all) = (fit_count as f32, (fit_count + unfit) as f32);
            if fit_count > 0 {
                let bar = [(x0, 0.0), (x1, y_fit)];
                chart
                    .draw_series([Rectangle::new(bar, RGBAColor(r, g, bl, 0.45).filled())])
                    .ok()?;
                chart
                    .draw_series([Rectangle::new(bar, RGBColor(r, g, bl).stroke_width(outline))])
                    .ok()?;
            }
            if unfit > 0 {
                let bar = [(x0, y_fit), (x1, y_all)];
                chart.draw_series([Rectangle::new(bar, WHITE.filled())]).ok()?;
                chart
                    .draw_series([Rectangle::new(bar, RGBColor(r, g, bl).stroke_width(outline))])
                    .ok()?;
            }
        }
    }
    // Outline the bins that hold selected runs.
    let mut marked = vec![0usize; bins.bins];
    for (run, _) in runs.iter().zip(selected).filter(|(r, &s)| s && !r.result.diverged) {
        marked[bins.of(metric.of(run))] += 1;
    }
    for (b, &n) in marked.iter().enumerate().filter(|(_, &n)| n > 0) {
        let (x0, x1) = bins.edges(b);
        let all: usize = counts[b].iter().map(|(a, u)| a + u).sum();
        let bar = [(x0, 0.0), (x1, all.max(n) as f32)];
        chart
            .draw_series([Rectangle::new(
                bar,
                rgb(palette::INK).stroke_width((3.0 * dpr) as u32),
            )])
            .ok()?;
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Some(Frame {
        domain: [bins.lo, bins.hi, 0.0, top],
        pixels: [xr.start, xr.end, yr.start, yr.end].map(|p| f64::from(p) / dpr),
    })
}

/// A scatter plot of test accuracy against `x` (one point per run, markers by pipeline),
/// on a log scale when `log_x`.
pub fn scatter(
    canvas: &HtmlCanvasElement,
    runs: &[Arc<Finished>],
    x: impl Fn(&Finished) -> f32,
    x_desc: &str,
    log_x: bool,
    selected: &[bool],
) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let transform = |v: f32| if log_x { v.max(1e-8).log10() } else { v };
    let live: Vec<(usize, f32, f32)> = runs
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.result.diverged)
        .map(|(i, r)| (i, transform(x(r)), r.result.test_acc))
        .filter(|(_, a, b)| a.is_finite() && b.is_finite())
        .collect();
    let (mut x0, mut x1) = live
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    if live.is_empty() {
        (x0, x1) = (0.0, 1.0);
    }
    let span = ((x1 - x0) * 0.06).max(1e-3);
    let y0 = live.iter().fold(0.5f32, |a, p| a.min(p.2));
    let y0 = (y0 * 20.0).floor() / 20.0;
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let chart = linear_chart(&root, (x0 - span)..(x1 + span), y0..1.0, (x_desc, "test accuracy"), dpr)?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let frame = Frame {
        domain: [x0 - span, x1 + span, y0, 1.0],
        pixels: [xr.start, xr.end, yr.start, yr.end].map(f64::from),
    };
    let ctx = context(canvas)?;
    for &(i, a, b) in &live {
        let at = frame.to_pixels([a, b]);
        marker(
            &ctx,
            runs[i].result.pipeline,
            at,
            4.0 * dpr,
            &css(runs[i].result.pipeline, 0.75),
            dpr,
        );
        if selected[i] {
            circle(&ctx, at, 8.0 * dpr, None, Some((INK, 2.0 * dpr)));
        }
    }
    Some(())
}
