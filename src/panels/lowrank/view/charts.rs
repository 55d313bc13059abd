//! The curves over training steps: each model's singular values (log scale, the truth's
//! dashed), and the error on the unobserved entries and the effective rank of all models
//! (the nuclear norm completion dashed). A grey line marks the step shown.

use super::super::heat::MODEL_COLOURS;
use super::super::trace::{Trace, Training};
use crate::plot::canvas::{fit, linear_chart, rgb};
use crate::plot::palette::{Colour, AXIS_TEXT};
use plotters::coord::types::RangedCoordf32;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

type Chart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf32, RangedCoordf32>>;

/// Smallest log₁₀ σ drawn.
const LOG_FLOOR: f32 = -6.0;

/// Model `model`'s singular values over steps, as log₁₀ σ, with the truth's as dashed
/// lines; `last` is the x-axis end, `shown` the step marked.
pub fn draw_spectrum(canvas: &HtmlCanvasElement, trace: &Trace, truth: &[f64], model: usize, last: usize, shown: f64) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let floor = trace
        .frames
        .iter()
        .flat_map(|f| f.singular_values.iter())
        .map(|&s| log10(s))
        .fold(0.0f32, f32::min)
        .floor()
        .max(LOG_FLOOR);
    let top = truth.first().map_or(1.0, |&s| log10(s as f32) + 0.4);
    let x_end = last.max(1) as f32;
    // plain text: an axis label drawn on the canvas
    let mut chart = linear_chart(&root, 0.0..x_end, floor..top, ("step", "log₁₀ σ"), dpr)?;
    for &s in truth.iter().filter(|&&s| s > 1e-9) {
        dashed(&mut chart, [(0.0, log10(s as f32)), (x_end, log10(s as f32))], AXIS_TEXT, dpr)?;
    }
    let n = trace.frames.first().map_or(0, |f| f.singular_values.len());
    let colour = MODEL_COLOURS[model.min(MODEL_COLOURS.len() - 1)];
    for i in 0..n {
        let mut line: Vec<(f32, f32)> = trace.frames.iter().map(|f| (f.step as f32, log10(f.singular_values[i]).max(floor))).collect();
        // A model that stopped early keeps its last values to the end of the axis.
        if let Some(&(_, v)) = line.last() {
            line.push((x_end, v));
        }
        chart.draw_series(LineSeries::new(line, rgb(colour).stroke_width((1.5 * dpr * crate::plot::canvas::scale()).max(1.0) as u32))).ok()?;
    }
    marker(&mut chart, shown, floor..top, dpr)
}

/// One number per frame (`value`) for every model, over steps, with an optional dashed
/// reference level.
pub fn draw_curves(
    canvas: &HtmlCanvasElement,
    training: &Training,
    value: fn(&crate::engine::deep_linear::Snapshot) -> f64,
    y: std::ops::Range<f32>,
    y_desc: &str,
    reference: Option<f64>,
    shown: f64,
) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let x_end = training.last_step().max(1) as f32;
    let mut chart = linear_chart(&root, 0.0..x_end, y.clone(), ("step", y_desc), dpr)?;
    if let Some(level) = reference {
        let level = (level as f32).clamp(y.start, y.end);
        dashed(&mut chart, [(0.0, level), (x_end, level)], super::super::heat::NUCLEAR_COLOUR, dpr)?;
    }
    for (model, trace) in training.models.iter().enumerate() {
        let colour = MODEL_COLOURS[model.min(MODEL_COLOURS.len() - 1)];
        let mut line: Vec<(f32, f32)> = trace.frames.iter().map(|f| (f.step as f32, (value(f) as f32).clamp(y.start, y.end))).collect();
        // A model that stopped early keeps its last value to the end of the axis.
        if let Some(&(_, v)) = line.last() {
            line.push((x_end, v));
        }
        chart.draw_series(LineSeries::new(line, rgb(colour).stroke_width((2.0 * dpr * crate::plot::canvas::scale()) as u32))).ok()?;
    }
    marker(&mut chart, shown, y, dpr)
}

fn log10(v: f32) -> f32 {
    if v > 0.0 {
        v.log10()
    } else {
        LOG_FLOOR
    }
}

fn dashed(chart: &mut Chart<'_>, ends: [(f32, f32); 2], colour: Colour, dpr: f64) -> Option<()> {
    chart
        .draw_series(DashedLineSeries::new(
            ends,
            (6.0 * dpr) as u32,
            (4.0 * dpr) as u32,
            rgb(colour).stroke_width(dpr.max(1.0) as u32),
        ))
        .ok()?;
    Some(())
}

/// The vertical line at the step shown (none when the end is shown).
fn marker(chart: &mut Chart<'_>, shown: f64, y: std::ops::Range<f32>, dpr: f64) -> Option<()> {
    if shown.is_finite() {
        let x = shown as f32;
        chart
            .draw_series(LineSeries::new([(x, y.start), (x, y.end)], RGBColor(150, 156, 168).stroke_width(dpr.max(1.0) as u32)))
            .ok()?;
    }
    Some(())
}
