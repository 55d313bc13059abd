//! Drawing the restarts panel's pictures of functions: every run's decision boundary
//! over the data, thumbnails of the learned functions and the map of minima in function
//! space; plus the pipelines' colours and markers (colour and shape, so that colour is
//! never needed alone) and the composite figure for export.

use super::run::Finished;
use crate::panels::restarts::layout::{Grid, Run};
use crate::engine::restarts::{Pipeline, PROBE_EXTENT, PROBE_SIDE};
use crate::engine::Dataset;
use crate::plot::canvas::{circle, context, draw_canvas, fit, polyline, rgba_canvas, triangle};
use crate::plot::Frame;
use std::sync::Arc;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Ink of the data points and of highlights.
pub const INK: &str = crate::plot::palette::INK.css;

/// Colour of a pipeline (Okabe–Ito: blue, sky blue, vermillion, bluish green, reddish purple).
pub fn colour(p: Pipeline) -> (u8, u8, u8) {
    match p {
        Pipeline::Sgd => (0, 114, 178),
        Pipeline::SgdWd => (86, 180, 233),
        Pipeline::Adversarial => (213, 94, 0),
        Pipeline::AdversarialWd => (0, 158, 115),
        Pipeline::Guess => (204, 121, 167),
    }
}

/// The pipeline's marker as a character, for legends (as `marker` draws it).
pub const MARKS: [&str; 5] = ["●", "○", "▲", "■", "◆"];

/// CSS colour of a pipeline with opacity `alpha`.
pub fn css(p: Pipeline, alpha: f64) -> String {
    let (r, g, b) = colour(p);
    format!("rgba({r},{g},{b},{alpha})")
}

/// The input window every run's function is recorded on.
pub const WINDOW: [f32; 4] = [-PROBE_EXTENT, PROBE_EXTENT, -PROBE_EXTENT, PROBE_EXTENT];

/// A square plot of the input plane filling the canvas, with a light frame.
fn input_plane(canvas: &HtmlCanvasElement) -> Option<(CanvasRenderingContext2d, Frame, f64)> {
    let (w, h, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w * dpr, h * dpr);
    let side = (w.min(h) - 8.0) * dpr;
    let (l, t) = ((w * dpr - side) / 2.0, (h * dpr - side) / 2.0);
    ctx.set_stroke_style_str("#d5dae1");
    ctx.set_line_width(dpr);
    ctx.stroke_rect(l, t, side, side);
    let frame = Frame {
        domain: WINDOW,
        pixels: [l, l + side, t, t + side],
    };
    Some((ctx, frame, dpr))
}

/// Draws the data (training points large: ● class +1, ○ class −1; a sample of test
/// points as faint dots) and every run's decision boundary; selected runs bold.
pub fn boundaries(
    canvas: &HtmlCanvasElement,
    train: &Dataset,
    test: &Dataset,
    runs: &[Arc<Finished>],
    selected: &[bool],
) -> Option<()> {
    let (ctx, frame, dpr) = input_plane(canvas)?;
    let [l, r, t, b] = frame.pixels;
    ctx.save();
    ctx.begin_path();
    ctx.rect(l, t, r - l, b - t);
    ctx.clip();
    for i in (0..test.len()).step_by(4) {
        let p = frame.to_pixels([test.x[2 * i], test.x[2 * i + 1]]);
        let shade = if test.y[i] > 0.0 { "#c9cfd8" } else { "#e6e9ee" };
        circle(&ctx, p, 1.6 * dpr, Some(shade), None);
    }
    let any_selected = selected.iter().any(|&s| s);
    let faint = if runs.len() > 60 { 0.22 } else { 0.4 };
    // SGD's boundaries last, so its (usually tight) bundle stays visible on top.
    let pipeline = |k: usize| runs[k].result.pipeline as usize;
    let unselected = crate::plot::order(runs.len(), &|i, j| pipeline(j).cmp(&pipeline(i)).then(i.cmp(&j)));
    for run in unselected.into_iter().filter(|&k| selected.get(k) == Some(&false)).map(|k| &runs[k]) {
        let alpha = if any_selected { faint * 0.5 } else { faint };
        for line in &run.boundary {
            let points = line.iter().map(|&p| frame.to_pixels(p));
            polyline(&ctx, points, &css(run.result.pipeline, alpha), 1.3 * dpr);
        }
    }
    for (run, _) in runs.iter().zip(selected).filter(|(_, &s)| s) {
        for line in &run.boundary {
            polyline(&ctx, line.iter().map(|&p| frame.to_pixels(p)), "#ffffff", 5.0 * dpr);
            polyline(
                &ctx,
                line.iter().map(|&p| frame.to_pixels(p)),
                &css(run.result.pipeline, 1.0),
                2.5 * dpr,
            );
        }
    }
    for i in 0..train.len() {
        let p = frame.to_pixels([train.x[2 * i], train.x[2 * i + 1]]);
        let fill = if train.y[i] > 0.0 { INK } else { "#ffffff" };
        circle(&ctx, p, 4.5 * dpr, Some(fill), Some((INK, 1.6 * dpr)));
    }
    ctx.restore();
    Some(())
}

/// The picture of one run's function: class ● dark, class ○ light, each fading towards
/// white where the network is unsure (|f| < 3); a diverged run is pale red.
pub fn thumbnail(run: &Finished) -> Option<HtmlCanvasElement> {
    let mut rgba = Vec::with_capacity(run.result.probe.len() * 4);
    for &f in &run.result.probe {
        let pixel = if run.result.diverged {
            [250, 220, 220, 255]
        } else {
            let ink: [f32; 3] = if f > 0.0 {
                [64.0, 72.0, 88.0]
            } else {
                [236.0, 239.0, 244.0]
            };
            // Full colour when sure, 10 % of it when f = 0.
            let strength = 0.1 + 0.9 * f.abs().min(3.0) / 3.0;
            let mix = |k: usize| (255.0 + (ink[k] - 255.0) * strength) as u8;
            [mix(0), mix(1), mix(2), 255]
        };
        rgba.extend_from_slice(&pixel);
    }
    rgba_canvas(&rgba, PROBE_SIDE as u32)
}

/// Draws the thumbnails of `order` (indices into `images`) in a grid, each framed in its
/// pipeline's colour; selected ones get a thick dark frame.
pub fn thumbnails(
    canvas: &HtmlCanvasElement,
    grid: Grid,
    order: &[usize],
    runs: &[Arc<Finished>],
    images: &[Option<HtmlCanvasElement>],
    selected: &[bool],
) -> Option<()> {
    let (w, h, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w * dpr, h * dpr);
    let cell = grid.cell * dpr;
    for (slot, &i) in order.iter().enumerate() {
        let (x, y) = ((slot % grid.cols) as f64 * cell, (slot / grid.cols) as f64 * cell);
        let pad = 3.0 * dpr;
        if let Some(Some(image)) = images.get(i) {
            draw_canvas(
                &ctx,
                image,
                (x + pad, y + pad, cell - 2.0 * pad, cell - 2.0 * pad),
                true,
            );
        }
        let (width, stroke) = if selected[i] {
            (4.0 * dpr, INK.to_owned())
        } else {
            (2.0 * dpr, css(runs[i].result.pipeline, 1.0))
        };
        ctx.set_stroke_style_str(&stroke);
        ctx.set_line_width(width);
        ctx.stroke_rect(x + pad, y + pad, cell - 2.0 * pad, cell - 2.0 * pad);
        if !runs[i].fits() {
            // A cross in the corner: this run did not fit its training data.
            let (cx, cy, s) = (x + cell - 4.0 * pad, y + 3.0 * pad, 2.5 * dpr);
            polyline(&ctx, [(cx - s, cy - s), (cx + s, cy + s)], "#b3261e", 1.8 * dpr);
            polyline(&ctx, [(cx - s, cy + s), (cx + s, cy - s)], "#b3261e", 1.8 * dpr);
        }
    }
    Some(())
}

/// A marker of pipeline p at `at`: ● SGD, ○ SGD + weight decay, ▲ adversarial,
/// ■ adversarial + weight decay, ◆ guess and check.
pub fn marker(ctx: &CanvasRenderingContext2d, p: Pipeline, at: (f64, f64), size: f64, fill: &str, dpr: f64) {
    match p {
        Pipeline::Sgd => circle(ctx, at, size, Some(fill), Some(("#ffffff", dpr))),
        Pipeline::SgdWd => circle(ctx, at, size * 0.8, None, Some((fill, 2.5 * dpr))),
        Pipeline::Guess => {
            let s = size * 1.3;
            polyline(ctx, [(at.0, at.1 - s), (at.0 + s, at.1), (at.0, at.1 + s), (at.0 - s, at.1), (at.0, at.1 - s)], fill, 2.5 * dpr);
        }
        Pipeline::Adversarial => triangle(ctx, at, size * 1.3, fill, "#ffffff", dpr),
        Pipeline::AdversarialWd => {
            ctx.set_fill_style_str(fill);
            ctx.fill_rect(at.0 - size, at.1 - size, 2.0 * size, 2.0 * size);
            ctx.set_stroke_style_str("#ffffff");
            ctx.set_line_width(dpr);
            ctx.stroke_rect(at.0 - size, at.1 - size, 2.0 * size, 2.0 * size);
        }
    }
}

/// Colour of test accuracy a on the range [lo, hi] of the runs (viridis: dark is worse).
pub fn accuracy_colour(a: f32, (lo, hi): (f32, f32)) -> String {
    let t = ((a - lo) / (hi - lo).max(1e-3)).clamp(0.0, 1.0);
    let c = colorous::VIRIDIS.eval_continuous(f64::from(t));
    format!("rgb({},{},{})", c.r, c.g, c.b)
}

/// Draws the map of minima: each run's function projected on the first two principal
/// components, coloured by test accuracy, shaped by pipeline. Returns the frame (CSS
/// pixels) for clicks.
pub fn minima_map(
    canvas: &HtmlCanvasElement,
    points: &[[f32; 2]],
    runs: &[Arc<Finished>],
    selected: &[bool],
    range: (f32, f32),
) -> Option<Frame> {
    let (w, h, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w * dpr, h * dpr);
    let (mut x0, mut x1, mut y0, mut y1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
    for p in points {
        (x0, x1, y0, y1) = (x0.min(p[0]), x1.max(p[0]), y0.min(p[1]), y1.max(p[1]));
    }
    if points.is_empty() {
        (x0, x1, y0, y1) = (-1.0, 1.0, -1.0, 1.0);
    }
    let pad = |a: f32, b: f32| ((b - a) * 0.08).max(1e-3);
    let (px, py) = (pad(x0, x1), pad(y0, y1));
    let m = 28.0 * dpr;
    let frame = Frame {
        domain: [x0 - px, x1 + px, y0 - py, y1 + py],
        pixels: [m, w * dpr - 10.0 * dpr, 10.0 * dpr, h * dpr - m],
    };
    let [l, r, t, b] = frame.pixels;
    ctx.set_stroke_style_str("#d5dae1");
    ctx.set_line_width(dpr);
    ctx.stroke_rect(l, t, r - l, b - t);
    ctx.set_font(&format!("{}px sans-serif", (12.0 * dpr).round()));
    ctx.set_fill_style_str("#5b6675");
    ctx.set_text_align("center");
    let _ = ctx.fill_text("1st principal component", (l + r) / 2.0, b + 18.0 * dpr);
    ctx.save();
    let _ = ctx.translate(l - 10.0 * dpr, (t + b) / 2.0);
    let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
    let _ = ctx.fill_text("2nd component", 0.0, 0.0);
    ctx.restore();
    // Worst runs last, so they stay visible on top of a crowd of good ones.
    let order = crate::plot::order(points.len().min(runs.len()), &|i, j| {
        runs[j].result.test_acc.total_cmp(&runs[i].result.test_acc).then(i.cmp(&j))
    });
    for &i in order.iter().filter(|&&i| !runs[i].result.diverged) {
        let at = frame.to_pixels(points[i]);
        marker(
            &ctx,
            runs[i].result.pipeline,
            at,
            5.0 * dpr,
            &accuracy_colour(runs[i].result.test_acc, range),
            dpr,
        );
        if selected[i] {
            circle(&ctx, at, 10.0 * dpr, None, Some((INK, 2.5 * dpr)));
        }
    }
    Some(Frame {
        domain: frame.domain,
        pixels: frame.pixels.map(|p| p / dpr),
    })
}

/// One image of the panel's figures, two per row, for "Save figure".
pub fn compose(canvases: &[HtmlCanvasElement]) -> Option<HtmlCanvasElement> {
    let document = web_sys::window()?.document()?;
    let out: HtmlCanvasElement = wasm_bindgen::JsCast::dyn_into(document.create_element("canvas").ok()?).ok()?;
    let cell_w = canvases.iter().map(|c| c.width()).max()?;
    let cell_h = canvases.iter().map(|c| c.height()).max()?;
    let rows = canvases.len().div_ceil(2) as u32;
    out.set_width(2 * cell_w);
    out.set_height(rows * cell_h);
    let ctx = context(&out)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(2 * cell_w), f64::from(rows * cell_h));
    for (k, c) in canvases.iter().enumerate() {
        let (x, y) = ((k as u32 % 2) * cell_w, (k as u32 / 2) * cell_h);
        let rect = (f64::from(x), f64::from(y), f64::from(c.width()), f64::from(c.height()));
        draw_canvas(&ctx, c, rect, true);
    }
    Some(out)
}
