//! The lab's charts: training loss against steps (Zhang et al. Figure 1a), a quantity
//! against the corruption level (Figure 1b–c), and the test errors of the restarts as two
//! rows of dots.

use crate::engine::digits::{Condition, Start};
use crate::panels::digits::study::RunResult;
use crate::plot::canvas::{circle, context, fit, linear_chart, polyline, rgb};
use crate::plot::palette::{Colour, AXIS_TEXT, GRID, INK};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Okabe–Ito colours, one per condition in `Condition::ALL` order.
pub const COLOURS: [Colour; 5] = [
    Colour {
        rgb: (0, 114, 178),
        css: "#0072b2",
    },
    Colour {
        rgb: (213, 94, 0),
        css: "#d55e00",
    },
    Colour {
        rgb: (0, 158, 115),
        css: "#009e73",
    },
    Colour {
        rgb: (204, 121, 167),
        css: "#cc79a7",
    },
    Colour {
        rgb: (230, 159, 0),
        css: "#e69f00",
    },
];

/// The colour of a condition.
pub fn colour(c: Condition) -> Colour {
    COLOURS[Condition::ALL.iter().position(|&k| k == c).unwrap_or(0)]
}

/// Training loss against steps, one line per run, a dot where it fitted.
pub fn curves(canvas: &HtmlCanvasElement, runs: &[RunResult]) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let last = runs
        .iter()
        .flat_map(|r| r.points.last())
        .map(|p| p.step)
        .max()
        .unwrap_or(0);
    let top = runs
        .iter()
        .flat_map(|r| r.points.iter().map(|p| p.train_loss))
        .filter(|l| l.is_finite())
        .fold(2.5f32, f32::max);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = linear_chart(
        &root,
        0.0..(last.max(100) as f32) * 1.02,
        0.0..top * 1.05,
        ("steps", "training loss"),
        dpr,
    )?;
    for r in runs {
        let style = rgb(colour(r.recipe.condition)).stroke_width((2.0 * dpr) as u32);
        let line = r
            .points
            .iter()
            .filter(|p| p.train_loss.is_finite())
            .map(|p| (p.step as f32, p.train_loss));
        chart.draw_series(LineSeries::new(line, style)).ok()?;
        let fitted = r.outcome.as_ref().and_then(|o| o.steps_to_fit);
        if let (Some(step), Some(p)) = (fitted, r.points.last()) {
            let dot = Circle::new((step as f32, p.train_loss), (4.0 * dpr) as i32, style.filled());
            chart.draw_series(std::iter::once(dot)).ok()?;
        }
    }
    root.present().ok()
}

/// `values` (one per finished level) against the corruption level, with a dashed line at
/// `reference` (chance) if given.
pub fn levels(
    canvas: &HtmlCanvasElement,
    points: &[(f32, f32)],
    top: f32,
    y_name: &str,
    reference: Option<f32>,
) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = linear_chart(&root, -0.03..1.03, 0.0..top, ("label corruption", y_name), dpr)?;
    if let Some(level) = reference {
        let grey = RGBColor(120, 120, 120).stroke_width(dpr as u32);
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, level), (1.0, level)],
                (6.0 * dpr) as u32,
                (4.0 * dpr) as u32,
                grey,
            ))
            .ok()?;
    }
    let style = rgb(COLOURS[0]).stroke_width((2.0 * dpr) as u32);
    chart.draw_series(LineSeries::new(points.iter().copied(), style)).ok()?;
    chart
        .draw_series(
            points
                .iter()
                .map(|&p| Circle::new(p, (4.0 * dpr) as i32, style.filled())),
        )
        .ok()?;
    root.present().ok()
}

/// Each restart's test error as a dot on its row: SGD from random starts above, from the
/// adversarial start below, on one test-error axis from 0.
pub fn starts(canvas: &HtmlCanvasElement, runs: &[RunResult]) -> Option<()> {
    let (w, h, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w * dpr, h * dpr);
    let errors: Vec<(Start, f64)> = runs
        .iter()
        .filter_map(|r| {
            r.outcome
                .as_ref()
                .map(|o| (r.recipe.start, 100.0 * f64::from(1.0 - o.test_acc)))
        })
        .collect();
    let hi = (errors.iter().fold(20.0f64, |a, e| a.max(e.1)) / 10.0).ceil() * 10.0;
    let (left, right, top, bottom) = (16.0 * dpr, 16.0 * dpr, 8.0 * dpr, 34.0 * dpr);
    let to_x = |e: f64| left + e / hi * (w * dpr - left - right);
    let row = (h * dpr - top - bottom) / 2.0;
    ctx.set_font(&format!("{}px sans-serif", (13.0 * dpr).round()));
    let base = top + 2.0 * row;
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    ctx.set_fill_style_str(AXIS_TEXT.css);
    let mut tick = 0.0;
    while tick <= hi {
        polyline(&ctx, [(to_x(tick), top), (to_x(tick), base)], GRID.css, dpr);
        let _ = ctx.fill_text(&format!("{tick:.0} %"), to_x(tick), base + 6.0 * dpr);
        tick += if hi > 50.0 { 20.0 } else { 10.0 };
    }
    polyline(&ctx, [(left, base), (w * dpr - right, base)], AXIS_TEXT.css, dpr);
    let _ = ctx.fill_text("test error", w * dpr / 2.0, base + 20.0 * dpr);
    ctx.set_text_align("left");
    for (k, (start, name, c)) in [
        (Start::Random, "SGD from random starts", COLOURS[0]),
        (Start::Adversarial, "SGD from the adversarial start", COLOURS[1]),
    ]
    .into_iter()
    .enumerate()
    {
        let y = top + row * (k as f64 + 0.62);
        ctx.set_fill_style_str(INK.css);
        let _ = ctx.fill_text(name, left, top + row * k as f64 + 4.0 * dpr);
        for e in errors.iter().filter(|e| e.0 == start) {
            circle(&ctx, (to_x(e.1), y), 6.0 * dpr, Some(c.css), Some(("#fff", dpr)));
        }
    }
    Some(())
}
