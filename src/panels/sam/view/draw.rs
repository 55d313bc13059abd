//! Drawing the sharpness panel's main plot in two stacked layers: a still one (axes with
//! plotters, the loss heatmap and iso-lines), redrawn only when the surface changes, and
//! a moving one (both paths, and in step mode SAM's ρ-ball, ascent point and gradients),
//! redrawn on every drag.

use super::{Background, Scene};
use crate::engine::landscape::SamStep;
use crate::panels::sam::surfaces::Preset;
use crate::plot::canvas::{arrow, circle, context, draw_canvas, fit, font, polyline, rgb, scale, triangle};
use crate::plot::palette::AXIS_TEXT;
use crate::plot::Frame;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Colour of gradient descent (Okabe–Ito orange) and of SAM (sky blue): distinguishable
/// with every common colour-vision deficiency, and each also has its own marker shape.
pub const GD_COLOUR: &str = "#E69F00";
/// Colour of SAM.
pub const SAM_COLOUR: &str = "#56B4E9";
/// Colour of the exact worst point of SAM's ρ-circle (Okabe–Ito reddish purple).
pub const WORST_COLOUR: &str = "#CC79A7";
const OUTLINE: &str = "rgba(10, 12, 20, 0.85)";

/// Draws the still layer: axes (plotters), the heatmap image `heat`, iso-lines of the
/// training loss (and, when `test`, of the test loss) and the minima. Returns the map
/// between data and the canvas's backing pixels.
/// Draws the still layer; returns its data ↔ CSS-pixel frame.
pub fn still_layer(
    canvas: &HtmlCanvasElement,
    heat: &HtmlCanvasElement,
    bg: &Background,
    preset: &Preset,
    test: bool,
) -> Option<Frame> {
    let (_, _, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    let [x0, x1, y0, y1] = preset.domain;
    let (xr, yr) = {
        let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
        root.fill(&WHITE).ok()?;
        let font = font(13.0 * dpr).color(&rgb(AXIS_TEXT));
        let mut chart = ChartBuilder::on(&root)
            .margin((10.0 * dpr) as u32)
            .x_label_area_size((30.0 * dpr) as u32)
            .y_label_area_size((40.0 * dpr) as u32)
            .build_cartesian_2d(x0..x1, y0..y1)
            .ok()?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(7)
            .y_labels(7)
            // plain text: axis labels drawn on the canvas
            .x_desc("w₁")
            .y_desc("w₂") // plain text: as above
            .label_style(font.clone())
            .axis_desc_style(font)
            .draw()
            .ok()?;
        chart.plotting_area().get_pixel_range()
    };
    let px = Frame {
        domain: preset.domain,
        pixels: [xr.start, xr.end, yr.start, yr.end].map(f64::from),
    };
    draw_canvas(&ctx, heat, plot_rect(&px), true);
    clip_to(&ctx, &px);
    for line in &bg.contours {
        polyline(
            &ctx,
            line.iter().map(|&p| px.to_pixels(p)),
            "rgba(255,255,255,0.35)",
            dpr,
        );
    }
    if test {
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&(5.0 * dpr).into(), &(4.0 * dpr).into()));
        for line in bg.test_contours(preset) {
            polyline(
                &ctx,
                line.iter().map(|&p| px.to_pixels(p)),
                "rgba(255,140,120,0.85)",
                1.3 * dpr,
            );
        }
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    label_minima(&ctx, preset, &px, dpr);
    ctx.restore();
    Some(px.scaled(1.0 / dpr))
}

/// Draws the moving layer on a transparent canvas over the still one: both paths, their
/// end markers, the start point and, in step mode, SAM's mechanism. `frame` is the still
/// layer's (CSS pixels; the canvases have the same size).
pub fn path_layer(canvas: &HtmlCanvasElement, frame: &Frame, scene: &Scene) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let px = &frame.scaled(dpr);
    let ctx = context(canvas)?;
    ctx.clear_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
    clip_to(&ctx, px);
    let shown = |points: &[[f32; 2]]| scene.step.map_or(points.len(), |k| (k + 1).min(points.len()));
    path(&ctx, px, &scene.gd.points[..shown(&scene.gd.points)], GD_COLOUR, dpr);
    path(&ctx, px, &scene.sam.points[..shown(&scene.sam.points)], SAM_COLOUR, dpr);
    let gd_end = px.to_pixels(scene.gd.points[shown(&scene.gd.points) - 1]);
    let sam_end = px.to_pixels(scene.sam.points[shown(&scene.sam.points) - 1]);
    circle(&ctx, gd_end, 6.0 * dpr, Some(GD_COLOUR), Some((OUTLINE, 1.5 * dpr)));
    triangle(&ctx, sam_end, 7.5 * dpr, SAM_COLOUR, OUTLINE, 1.5 * dpr);
    if let Some((at, step, _)) = &scene.mechanism {
        sam_mechanism(&ctx, scene, px, *at, step, dpr);
    }
    let start = px.to_pixels(scene.gd.points[0]);
    circle(&ctx, start, 8.0 * dpr, None, Some((OUTLINE, 4.0 * dpr)));
    circle(&ctx, start, 8.0 * dpr, None, Some(("#ffffff", 2.0 * dpr)));
    ctx.restore();
    Some(())
}

/// (left, top, width, height) of the plotting area.
fn plot_rect(px: &Frame) -> (f64, f64, f64, f64) {
    let [l, r, t, b] = px.pixels;
    (l, t, r - l, b - t)
}

/// Saves the context and clips drawing to the plotting area (undo with `restore`).
fn clip_to(ctx: &CanvasRenderingContext2d, px: &Frame) {
    let (l, t, w, h) = plot_rect(px);
    ctx.save();
    ctx.begin_path();
    ctx.rect(l, t, w, h);
    ctx.clip();
}

/// A path with a dark outline so it reads on both ends of the colour map.
fn path(ctx: &CanvasRenderingContext2d, px: &Frame, points: &[[f32; 2]], colour: &str, dpr: f64) {
    polyline(ctx, points.iter().map(|&p| px.to_pixels(p)), OUTLINE, 5.0 * dpr);
    polyline(ctx, points.iter().map(|&p| px.to_pixels(p)), colour, 2.5 * dpr);
}

fn label_minima(ctx: &CanvasRenderingContext2d, preset: &Preset, px: &Frame, dpr: f64) {
    ctx.set_font(&format!("600 {}px sans-serif", (13.0 * dpr).round()));
    ctx.set_text_baseline("alphabetic");
    ctx.set_line_join("round");
    // Spans (left, right, baseline) of the labels drawn so far: a label that would
    // overlap one is left out (the ✕ stays), as on a phone-sized plot.
    let mut drawn: Vec<(f64, f64, f64)> = Vec::new();
    for (at, name) in &preset.minima {
        let (x, y) = px.to_pixels(*at);
        polyline(
            ctx,
            [(x - 4.0 * dpr, y - 4.0 * dpr), (x + 4.0 * dpr, y + 4.0 * dpr)],
            "#fff",
            1.5 * dpr,
        );
        polyline(
            ctx,
            [(x - 4.0 * dpr, y + 4.0 * dpr), (x + 4.0 * dpr, y - 4.0 * dpr)],
            "#fff",
            1.5 * dpr,
        );
        // Below and to the right, clear of the end markers, with a dark halo; to the left
        // where it would run off the plot.
        let width = ctx.measure_text(name).map_or(0.0, |m| m.width());
        let right = x + 10.0 * dpr + width > px.pixels[1];
        ctx.set_text_align(if right { "right" } else { "left" });
        let tx = if right { x - 10.0 * dpr } else { x + 10.0 * dpr };
        let ty = y + 20.0 * dpr;
        let span = if right { (tx - width, tx, ty) } else { (tx, tx + width, ty) };
        let clash = |d: &(f64, f64, f64)| span.0 < d.1 + 6.0 * dpr && d.0 < span.1 + 6.0 * dpr && (span.2 - d.2).abs() < 18.0 * dpr;
        if drawn.iter().any(clash) {
            continue;
        }
        drawn.push(span);
        ctx.set_stroke_style_str(OUTLINE);
        ctx.set_line_width(3.0 * dpr);
        let _ = ctx.stroke_text(name, tx, ty);
        ctx.set_fill_style_str("#ffffff");
        let _ = ctx.fill_text(name, tx, ty);
    }
}

/// SAM's step `s` at w: the ρ-circle, ε, the gradient at w + ε, the step it gives, for
/// comparison the plain gradient step, and the exact worst point of the circle (◆).
fn sam_mechanism(ctx: &CanvasRenderingContext2d, scene: &Scene, px: &Frame, w: [f32; 2], s: &SamStep, dpr: f64) {
    let centre = px.to_pixels(w);
    // The circle ‖ε‖ = ρ through the frame, so that it stays true on a window whose axes
    // have different scales.
    let _ = ctx.set_line_dash(&js_sys::Array::of2(&(4.0 * dpr).into(), &(3.0 * dpr).into()));
    ctx.begin_path();
    for k in 0..=96 {
        let t = std::f32::consts::TAU * k as f32 / 96.0;
        let (x, y) = px.to_pixels([w[0] + scene.rho * t.cos(), w[1] + scene.rho * t.sin()]);
        if k == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.set_fill_style_str("rgba(255,255,255,0.12)");
    ctx.fill();
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(1.5 * dpr * scale());
    ctx.stroke();
    let worst = px.to_pixels(s.worst_point);
    polyline(ctx, [centre, worst], WORST_COLOUR, 1.5 * dpr);
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    let head = 8.0 * dpr;
    let ascent = px.to_pixels(s.ascent_point);
    arrow(ctx, centre, ascent, "#ffffff", 1.5 * dpr, head);
    let gd_to = px.to_pixels([w[0] - scene.lr * s.grad[0], w[1] - scene.lr * s.grad[1]]);
    arrow(ctx, centre, gd_to, GD_COLOUR, 2.0 * dpr, head);
    let ascent_to = px.to_pixels([
        s.ascent_point[0] - scene.lr * s.ascent_grad[0],
        s.ascent_point[1] - scene.lr * s.ascent_grad[1],
    ]);
    arrow(ctx, ascent, ascent_to, "rgba(86,180,233,0.7)", 1.5 * dpr, head);
    arrow(ctx, centre, px.to_pixels(s.next), SAM_COLOUR, 2.5 * dpr, head);
    circle(ctx, ascent, 3.5 * dpr, Some("#ffffff"), None);
    diamond(ctx, worst, 6.0 * dpr);
    ctx.set_font(&format!("{}px sans-serif", (12.0 * dpr).round()));
    ctx.set_text_align("left");
    ctx.set_fill_style_str("#ffffff");
    // plain text: labels drawn on the canvas
    let _ = ctx.fill_text("w + ε", ascent.0 + 6.0 * dpr, ascent.1 - 6.0 * dpr);
    // The ◆'s label only where it does not sit on top of the first one.
    if (worst.0 - ascent.0).hypot(worst.1 - ascent.1) > 16.0 * dpr {
        let _ = ctx.fill_text("worst", worst.0 + 8.0 * dpr, worst.1 + 14.0 * dpr); // plain text: as above
    }
}

/// The exact worst point's marker: a diamond of half-diagonal `r` (pixels, times the
/// drawing scale) with a dark edge.
fn diamond(ctx: &CanvasRenderingContext2d, at: (f64, f64), r: f64) {
    let r = r * scale();
    ctx.begin_path();
    ctx.move_to(at.0, at.1 - r);
    ctx.line_to(at.0 + r, at.1);
    ctx.line_to(at.0, at.1 + r);
    ctx.line_to(at.0 - r, at.1);
    ctx.close_path();
    ctx.set_fill_style_str(WORST_COLOUR);
    ctx.fill();
    ctx.set_stroke_style_str(OUTLINE);
    ctx.set_line_width(r / 4.0);
    ctx.stroke();
}
