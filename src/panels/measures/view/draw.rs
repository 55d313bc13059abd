//! The two figures: a measure against the generalisation gap, one dot per net coloured by
//! a hyperparameter's level; and, for that measure, the share of coupled pairs per axis
//! that it orders wrongly (Dziugaite et al. 2020), against chance at ½.

use crate::engine::measures::{Axis, Measure, NetResult, Ranking};
use crate::panels::measures::table::is_ranked;
use crate::plot::canvas::{context, fit, linear_chart, polyline, rgb};
use crate::plot::palette::{Colour, AXIS_TEXT, INK};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The colours of an axis's first and second value (Okabe–Ito blue and orange).
pub const LEVELS: [Colour; 2] = [
    Colour {
        rgb: (0, 114, 178),
        css: "#0072b2",
    },
    Colour {
        rgb: (230, 159, 0),
        css: "#e69f00",
    },
];

/// The colour of a bar worse than chance.
const BAD: &str = "#c0392b";

/// Whether measure values spanning [lo, hi] are drawn on a log scale (all positive and
/// over more than a factor 20).
fn log_scale(lo: f32, hi: f32) -> bool {
    lo > 0.0 && hi / lo > 20.0
}

/// A range with a margin, never empty.
fn padded(lo: f32, hi: f32) -> std::ops::Range<f32> {
    let span = (hi - lo).max(1e-6 * hi.abs().max(1.0));
    (lo - 0.06 * span)..(hi + 0.06 * span)
}

/// Measure `m` against the gap for every ranked net; dots coloured by `colour`'s level.
pub fn scatter(canvas: &HtmlCanvasElement, nets: &[NetResult], m: Measure, colour: Axis) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let points: Vec<(f32, f32, bool)> = nets
        .iter()
        .filter(|n| is_ranked(n) && n.measure(m).is_finite())
        .map(|n| (n.measure(m), n.gap(), n.id.level(colour)))
        .collect();
    let (lo, hi) = points
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let log = log_scale(lo, hi);
    let x = |v: f32| if log { v.log10() } else { v };
    let (xr, label) = if points.is_empty() {
        (0.0..1.0, m.label().to_owned())
    } else if log {
        (padded(lo.log10(), hi.log10()), format!("log₁₀ {}", m.label())) // plain text: a canvas axis label
    } else {
        (padded(lo, hi), m.label().to_owned())
    };
    let (glo, ghi) = points
        .iter()
        .fold((0.0f32, 0.05f32), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = linear_chart(&root, xr, padded(glo, ghi), (&label, "gap: test − train error"), dpr)?;
    let r = 3.5 * dpr;
    chart
        .draw_series(
            points.iter().map(|&(v, g, level)| {
                Circle::new((x(v), g), r as i32, rgb(LEVELS[usize::from(level)]).mix(0.85).filled())
            }),
        )
        .ok()?;
    root.present().ok()
}

/// The share of coupled pairs ordered wrongly per axis for one measure, with chance (½)
/// dashed; axes that do not vary are left out.
pub fn pairs(canvas: &HtmlCanvasElement, ranking: Option<&Ranking>, axes: &[Axis]) -> Option<()> {
    let (w, h, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w * dpr, h * dpr);
    let (left, right, top, bottom) = (118.0 * dpr, 26.0 * dpr, 10.0 * dpr, 30.0 * dpr);
    let plot_w = w * dpr - left - right;
    let row = ((h * dpr - top - bottom) / axes.len().max(1) as f64).min(34.0 * dpr);
    let to_x = |share: f64| left + share * plot_w;
    ctx.set_font(&format!("{}px sans-serif", (12.0 * dpr).round()));
    ctx.set_text_baseline("middle");
    let base = top + row * axes.len() as f64;
    // Chance first, so that bars and their labels lie on top of it.
    ctx.set_line_dash(&js_sys::Array::of2(&(4.0 * dpr).into(), &(4.0 * dpr).into()))
        .ok()?;
    polyline(&ctx, [(to_x(0.5), top), (to_x(0.5), base)], AXIS_TEXT.css, dpr);
    ctx.set_line_dash(&js_sys::Array::new()).ok()?;
    for (k, axis) in axes.iter().enumerate() {
        let y = top + row * (k as f64 + 0.5);
        ctx.set_fill_style_str(INK.css);
        ctx.set_text_align("right");
        let _ = ctx.fill_text(axis.label(), left - 8.0 * dpr, y);
        let share = ranking.map_or(f32::NAN, |r| r.wrong[axis.index()]);
        if share.is_finite() {
            ctx.set_fill_style_str(if share > 0.5 { BAD } else { LEVELS[0].css });
            ctx.fill_rect(left, y - 0.32 * row, f64::from(share) * plot_w, 0.64 * row);
            // The share inside its bar (white), or after a short bar: never across chance's line.
            let text = format!("{:.0} %", 100.0 * share);
            let end = to_x(f64::from(share));
            if share >= 0.2 {
                ctx.set_fill_style_str("#fff");
                ctx.set_text_align("right");
                let _ = ctx.fill_text(&text, end - 4.0 * dpr, y);
            } else {
                ctx.set_fill_style_str(INK.css);
                ctx.set_text_align("left");
                let _ = ctx.fill_text(&text, end + 4.0 * dpr, y);
            }
        }
    }
    polyline(&ctx, [(left, top), (left, base)], AXIS_TEXT.css, dpr);
    ctx.set_fill_style_str(AXIS_TEXT.css);
    ctx.set_text_align("center");
    for share in [0.0, 0.5, 1.0] {
        let _ = ctx.fill_text(&format!("{:.0} %", 100.0 * share), to_x(share), base + 12.0 * dpr);
    }
    Some(())
}
