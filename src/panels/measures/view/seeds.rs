//! The seed-by-seed figure: for every measure, one dot per finished seed at its Kendall τ,
//! on a grey bar spanning the central 95 % of τ that random orderings of that seed's nets
//! reach (engine `measures::seeds`). A dot right of its bar is a seed that ranks the gaps
//! better than chance; the verdict over seeds needs more than half of them (at least 3).

use crate::engine::measures::seeds::{side, Side};
use crate::engine::measures::Measure;
use crate::panels::measures::table::Table;
use crate::plot::canvas::{circle, context, fit, polyline};
use crate::plot::palette::{AXIS_TEXT, INK};
use web_sys::HtmlCanvasElement;

/// A dot above its seed's band (Okabe–Ito blue), below it (vermilion), inside (grey ring).
const ABOVE: &str = "#0072b2";
const BELOW: &str = "#d55e00";
const INSIDE: &str = "#68717d";
/// The bands' grey and the current measure's row shade.
const BAND: &str = "#c9ced6";
const CURRENT: &str = "#eef4fb";

/// Draws every measure's τ per seed against its seeds' bands; `current` is shaded.
pub fn strip(canvas: &HtmlCanvasElement, t: &Table, current: Measure) -> Option<()> {
    let (w, h, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w * dpr, h * dpr);
    let (left, right, top, bottom) = (150.0 * dpr, 16.0 * dpr, 6.0 * dpr, 34.0 * dpr);
    let plot_w = w * dpr - left - right;
    let rows = t.rows.len().max(1) as f64;
    let row = (h * dpr - top - bottom) / rows;
    // τ from −1 to +1 across the plot.
    let to_x = |tau: f64| left + (tau + 1.0) / 2.0 * plot_w;
    let base = top + row * rows;
    ctx.set_font(&format!("{}px sans-serif", (12.0 * dpr).round()));
    ctx.set_text_baseline("middle");
    // Zero, dashed, under everything.
    ctx.set_line_dash(&js_sys::Array::of2(&(4.0 * dpr).into(), &(4.0 * dpr).into()))
        .ok()?;
    polyline(&ctx, [(to_x(0.0), top), (to_x(0.0), base)], AXIS_TEXT.css, dpr);
    ctx.set_line_dash(&js_sys::Array::new()).ok()?;
    let seeds = t.seeds.len();
    // Seeds side by side within a row, a few pixels apart.
    let gap = (row * 0.7 / seeds.max(1) as f64).min(6.0 * dpr);
    for (k, (m, _)) in t.rows.iter().enumerate() {
        let y = top + row * (k as f64 + 0.5);
        if *m == current {
            ctx.set_fill_style_str(CURRENT);
            ctx.fill_rect(0.0, y - row / 2.0, w * dpr, row);
        }
        ctx.set_fill_style_str(INK.css);
        ctx.set_text_align("right");
        let _ = ctx.fill_text(m.label(), left - 8.0 * dpr, y);
        let Some(judged) = t.judged(*m) else { continue };
        for (j, (b, &tau)) in t.seeds.iter().zip(&judged.taus).enumerate() {
            let yj = y + (j as f64 - (seeds as f64 - 1.0) / 2.0) * gap;
            if b.tau.0.is_finite() {
                polyline(
                    &ctx,
                    [(to_x(f64::from(b.tau.0)), yj), (to_x(f64::from(b.tau.1)), yj)],
                    BAND,
                    3.0 * dpr,
                );
            }
            if !tau.is_finite() {
                continue;
            }
            let at = (to_x(f64::from(tau)), yj);
            match side(tau, b.tau) {
                Side::Above => circle(&ctx, at, 3.5 * dpr, Some(ABOVE), None),
                Side::Below => circle(&ctx, at, 3.5 * dpr, Some(BELOW), None),
                Side::Inside => circle(&ctx, at, 3.0 * dpr, Some("#fff"), Some((INSIDE, 1.5 * dpr))),
            }
        }
    }
    polyline(&ctx, [(left, base), (left + plot_w, base)], AXIS_TEXT.css, dpr);
    ctx.set_fill_style_str(AXIS_TEXT.css);
    ctx.set_text_align("center");
    for tau in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let _ = ctx.fill_text(
            &format!("{tau:+.1}").replace("+0.0", "0").replace('-', "−"),
            to_x(tau),
            base + 11.0 * dpr,
        );
    }
    let _ = ctx.fill_text(
        "Kendall's τ of each seed (grey: that seed's random band)", // plain text: a canvas axis label
        left + plot_w / 2.0,
        base + 26.0 * dpr,
    );
    Some(())
}
