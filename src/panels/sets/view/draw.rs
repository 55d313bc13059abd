//! Drawing the sets panel: the slice with both sets (hatching and a solid outline for
//! green, a tint and a dashed outline for magenta, so colour is not needed to tell them
//! apart), the three marked parameters, and the function of the inspected parameter.

use super::{SetsView, GRID};
use crate::engine::random_features::{target, X_MAX};
use crate::plot::canvas::{circle, context, draw_rgba, fit, font, linear_chart, polyline};
use crate::plot::Frame;
use nalgebra::DVector;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

const GREEN: &str = "#1a8a3a";
const MAGENTA: &str = "#c2187a";
const INK: &str = crate::plot::palette::INK.css;

/// Axes over `domain` filling the canvas; returns the plotting area's frame in backing pixels.
fn axes(canvas: &HtmlCanvasElement, domain: [f32; 4], x_desc: &str, y_desc: &str, dpr: f64) -> Option<Frame> {
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let chart = linear_chart(&root, domain[0]..domain[1], domain[2]..domain[3], (x_desc, y_desc), dpr)?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Some(Frame {
        domain,
        pixels: [xr.start, xr.end, yr.start, yr.end].map(f64::from),
    })
}

/// A key of coloured squares with labels, in the top left corner of `root`.
pub fn key(root: &DrawingArea<CanvasBackend, Shift>, entries: &[(&str, RGBColor)], dpr: f64) -> Option<()> {
    for (k, (label, colour)) in entries.iter().enumerate() {
        let y = (14.0 + 18.0 * k as f64) * dpr;
        let x = 70.0 * dpr;
        let square = [(x as i32, (y - 5.0 * dpr) as i32), ((x + 14.0 * dpr) as i32, (y + 5.0 * dpr) as i32)];
        root.draw(&Rectangle::new(square, colour.filled())).ok()?;
        let font = font(12.0 * dpr).color(&RGBColor(40, 48, 60));
        root.draw(&Text::new(label.to_string(), ((x + 20.0 * dpr) as i32, (y - 7.0 * dpr) as i32), font))
            .ok()?;
    }
    Some(())
}

/// Membership image: magenta tint, green diagonal hatching, transparent elsewhere.
fn cells_rgba(cells: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(cells.len() * 4);
    for (k, &c) in cells.iter().enumerate() {
        let (row, col) = (k / GRID, k % GRID);
        let hatch = c & 1 == 1 && (row + col) % 7 < 2;
        let pixel = match (hatch, c & 2 == 2) {
            (true, _) => [26, 138, 58, 255],
            (false, true) => [194, 24, 122, 60],
            (false, false) => [0, 0, 0, 0],
        };
        out.extend_from_slice(&pixel);
    }
    out
}

/// Draws the slice; returns the data ↔ CSS-pixel frame for the pointer.
pub fn plane(canvas: &HtmlCanvasElement, v: &SetsView, inspected: [f64; 2]) -> Option<Frame> {
    let (_, _, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    let domain = v.window.map(|x| x as f32);
    let px = axes(
        canvas,
        domain,
        "direction to ✕",
        "towards ◆",
        dpr,
    )?;
    let [l, r, t, b] = px.pixels;
    draw_rgba(&ctx, &cells_rgba(&v.cells), GRID as u32, (l, t, r - l, b - t), false);
    ctx.save();
    ctx.begin_path();
    ctx.rect(l, t, r - l, b - t);
    ctx.clip();
    let [green, magenta] = v.outlines();
    for line in green {
        polyline(&ctx, line.iter().map(|&p| px.to_pixels(p)), GREEN, 2.5 * dpr);
    }
    let _ = ctx.set_line_dash(&js_sys::Array::of2(&(7.0 * dpr).into(), &(5.0 * dpr).into()));
    for line in magenta {
        polyline(&ctx, line.iter().map(|&p| px.to_pixels(p)), MAGENTA, 2.5 * dpr);
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    let at = |p: [f64; 2]| px.to_pixels([p[0] as f32, p[1] as f32]);
    // Gradient descent's ends from random starts: filled inside magenta, hollow outside.
    for &(p, inside) in &v.endpoints {
        let fill = inside.then_some("#1f3a5f");
        circle(&ctx, at(p), 2.6 * dpr, fill, Some(("#1f3a5f", 1.2 * dpr)));
    }
    let plane = [l, r, t, b];
    marker(&ctx, at(v.slice.best), "◆ best", MAGENTA, plane, dpr);
    let bad = if v.bad_interpolant { "✕ bad fit" } else { "✕ compromise" };
    marker(&ctx, at(v.slice.bad), bad, "#b3261e", plane, dpr);
    marker(&ctx, at(v.slice.gd), "● gradient descent", INK, plane, dpr);
    let here = at(inspected);
    circle(&ctx, here, 7.0 * dpr, None, Some(("#ffffff", 4.0 * dpr)));
    circle(&ctx, here, 7.0 * dpr, None, Some(("#1f78b4", 2.0 * dpr)));
    ctx.restore();
    Some(Frame {
        domain,
        pixels: px.pixels.map(|p| p / dpr),
    })
}

/// A point with its label, placed to stay inside the plane `[left, right, top, bottom]`
/// (canvas pixels; `plot::label::place`).
fn marker(ctx: &CanvasRenderingContext2d, at: (f64, f64), label: &str, colour: &str, plane: [f64; 4], dpr: f64) {
    circle(ctx, at, 5.5 * dpr, Some(colour), Some(("#ffffff", 2.0 * dpr)));
    let size = (13.0 * dpr).round();
    ctx.set_font(&format!("600 {size}px sans-serif"));
    let width = ctx.measure_text(label).map_or(0.0, |m| m.width());
    let p = crate::plot::label::place(at, width, size, 9.0 * dpr, plane);
    ctx.set_text_align(if p.align_right { "right" } else { "left" });
    ctx.set_text_baseline("alphabetic");
    ctx.set_line_join("round");
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(4.0 * dpr);
    let _ = ctx.stroke_text(label, p.x, p.y);
    ctx.set_fill_style_str(colour);
    let _ = ctx.fill_text(label, p.x, p.y);
}

/// Draws f*(x), the training points and f_w(x) for the inspected parameter w.
pub fn function(canvas: &HtmlCanvasElement, v: &SetsView, w: &DVector<f64>) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    let domain = [-X_MAX as f32, X_MAX as f32, -3.0, 3.0];
    let px = axes(canvas, domain, "x", "y", dpr)?;
    let [l, r, t, b] = px.pixels;
    ctx.save();
    ctx.begin_path();
    ctx.rect(l, t, r - l, b - t);
    ctx.clip();
    let xs: Vec<f64> = (0..=300).map(|k| -X_MAX + 2.0 * X_MAX * f64::from(k) / 300.0).collect();
    let curve = |f: &dyn Fn(f64) -> f64| {
        xs.iter()
            .map(|&x| px.to_pixels([x as f32, f(x).clamp(-10.0, 10.0) as f32]))
            .collect::<Vec<_>>()
    };
    polyline(&ctx, curve(&target), "#8a94a3", 2.0 * dpr);
    polyline(&ctx, curve(&|x| v.model.predict(w, x)), "#1f78b4", 2.5 * dpr);
    for (&x, &y) in v.model.x.iter().zip(&v.model.y) {
        circle(
            &ctx,
            px.to_pixels([x as f32, y as f32]),
            4.0 * dpr,
            Some(INK),
            Some(("#ffffff", 1.5 * dpr)),
        );
    }
    ctx.restore();
    ctx.set_font(&format!("{}px sans-serif", (13.0 * dpr).round()));
    ctx.set_text_align("left");
    ctx.set_text_baseline("alphabetic");
    ctx.set_fill_style_str("#5b6675");
    let _ = ctx.fill_text(
        "grey: true function f*   blue: f_w   dots: training data",
        l + 8.0 * dpr,
        t + 16.0 * dpr,
    );
    Some(())
}
