//! Canvas plumbing (wasm only): crisp HiDPI sizing, blitting an RGBA grid, a plotters
//! chart frame, pointer positions, and the few path primitives the panels draw on a plot.

use super::palette::{Colour, AXIS_TEXT, GRID};
use super::Frame;
use plotters::coord::types::RangedCoordf32;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, PointerEvent};

thread_local! {
    static SCALE: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

/// How much thicker lines, larger markers and chart labels are drawn: 1, or more in the
/// projector mode (set by the shell, `ui::actions`). Every panel's drawing multiplies its
/// line widths and marker sizes by it.
pub fn scale() -> f64 {
    SCALE.with(std::cell::Cell::get)
}

/// Sets the drawing scale (the shell does, when projector mode changes).
pub fn set_scale(s: f64) {
    SCALE.with(|c| c.set(s));
}

/// The charts' sans-serif font at `px` backing-store pixels. Named by `FontFamily`, not by
/// the string "sans-serif", whose conversion lower-cases it and so links the Unicode
/// case tables (about 8 KB gzipped) into every page.
pub fn font(px: f64) -> FontDesc<'static> {
    (FontFamily::SansSerif, px).into_font()
}

/// Where `remember_css_size` leaves an element's size (a property of the element object).
const CSS_SIZE: &str = "genlabCssSize";

/// Records `element`'s border-box size in CSS pixels, as its resize observer reports it
/// (`ui::canvas`), for `fit`.
pub fn remember_css_size(element: &web_sys::Element, width: f64, height: f64) {
    let _ = js_sys::Reflect::set(
        element,
        &CSS_SIZE.into(),
        &js_sys::Array::of2(&width.into(), &height.into()),
    );
}

/// The canvas's CSS size: as its resize observer last reported it, which costs nothing;
/// else measured, which forces the browser to lay out the page if anything changed since.
fn css_size(canvas: &HtmlCanvasElement) -> (f64, f64) {
    let known = js_sys::Reflect::get(canvas, &CSS_SIZE.into())
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .and_then(|a| Some((a.get(0).as_f64()?, a.get(1).as_f64()?)))
        // A report of no size came before the first real layout (a frame not yet
        // rendered, say, which the browser may leave unrendered until it prints).
        .filter(|&(w, h)| w > 0.0 && h > 0.0);
    known.unwrap_or_else(|| {
        let rect = canvas.get_bounding_client_rect();
        (rect.width(), rect.height())
    })
}

/// Sets the canvas's backing store to its CSS size × devicePixelRatio (so lines and text
/// are sharp on high-DPI screens); returns (CSS width, CSS height, ratio).
pub fn fit(canvas: &HtmlCanvasElement) -> (f64, f64, f64) {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let (w, h) = css_size(canvas);
    let (w, h) = (w.max(1.0), h.max(1.0));
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw {
        canvas.set_width(pw);
    }
    if canvas.height() != ph {
        canvas.set_height(ph);
    }
    (w, h, dpr)
}

/// The canvas's 2-D context.
pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Draws an n × n RGBA image stretched over the rectangle (x, y, w, h) of `ctx`, with
/// one `putImageData` and one `drawImage` (never a call per pixel).
pub fn draw_rgba(ctx: &CanvasRenderingContext2d, rgba: &[u8], n: u32, rect: (f64, f64, f64, f64), smooth: bool) {
    if let Some(image) = rgba_canvas(rgba, n) {
        draw_canvas(ctx, &image, rect, smooth);
    }
}

/// An off-screen n × n canvas holding an RGBA image, to draw many times.
pub fn rgba_canvas(rgba: &[u8], n: u32) -> Option<HtmlCanvasElement> {
    let document = web_sys::window()?.document()?;
    let off: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    off.set_width(n);
    off.set_height(n);
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), n, n).ok()?;
    context(&off)?.put_image_data(&image, 0.0, 0.0).ok()?;
    Some(off)
}

/// Draws canvas `image` stretched over the rectangle (x, y, w, h) of `ctx`.
pub fn draw_canvas(
    ctx: &CanvasRenderingContext2d,
    image: &HtmlCanvasElement,
    rect: (f64, f64, f64, f64),
    smooth: bool,
) {
    ctx.set_image_smoothing_enabled(smooth);
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(image, rect.0, rect.1, rect.2, rect.3);
}

/// Strokes a polyline through pixel points.
pub fn polyline(
    ctx: &CanvasRenderingContext2d,
    points: impl IntoIterator<Item = (f64, f64)>,
    colour: &str,
    width: f64,
) {
    ctx.begin_path();
    for (k, (x, y)) in points.into_iter().enumerate() {
        if k == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(width * scale());
    ctx.stroke();
}

/// An arrow from `from` to `to` (pixels) with a head of size `head`.
pub fn arrow(ctx: &CanvasRenderingContext2d, from: (f64, f64), to: (f64, f64), colour: &str, width: f64, head: f64) {
    polyline(ctx, [from, to], colour, width);
    let head = head * scale();
    // The shaft's direction (cos θ, sin θ) (θ = 0 for a zero-length arrow), and the two
    // sides of the head at θ ∓ 0.45 by the angle-sum formulas: no trigonometry at run time,
    // whose f64 code the page would otherwise download for this alone.
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = (dx * dx + dy * dy).sqrt();
    let (c, s) = if length > 0.0 {
        (dx / length, dy / length)
    } else {
        (1.0, 0.0)
    };
    const COS: f64 = 0.900_447_102_352_676_9; // cos 0.45
    const SIN: f64 = 0.434_965_534_111_230_23; // sin 0.45
    ctx.begin_path();
    ctx.move_to(to.0, to.1);
    ctx.line_to(to.0 - head * (c * COS + s * SIN), to.1 - head * (s * COS - c * SIN));
    ctx.line_to(to.0 - head * (c * COS - s * SIN), to.1 - head * (s * COS + c * SIN));
    ctx.close_path();
    ctx.set_fill_style_str(colour);
    ctx.fill();
}

/// A circle of radius r (pixels), filled and/or stroked.
pub fn circle(ctx: &CanvasRenderingContext2d, at: (f64, f64), r: f64, fill: Option<&str>, stroke: Option<(&str, f64)>) {
    ctx.begin_path();
    let _ = ctx.arc(at.0, at.1, r * scale(), 0.0, std::f64::consts::TAU);
    if let Some(colour) = fill {
        ctx.set_fill_style_str(colour);
        ctx.fill();
    }
    if let Some((colour, width)) = stroke {
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width * scale());
        ctx.stroke();
    }
}

/// A triangle marker centred at `at`, pointing up.
pub fn triangle(ctx: &CanvasRenderingContext2d, at: (f64, f64), size: f64, fill: &str, outline: &str, width: f64) {
    let (size, width) = (size * scale(), width * scale());
    ctx.begin_path();
    ctx.move_to(at.0, at.1 - size);
    ctx.line_to(at.0 + 0.87 * size, at.1 + 0.5 * size);
    ctx.line_to(at.0 - 0.87 * size, at.1 + 0.5 * size);
    ctx.close_path();
    ctx.set_fill_style_str(fill);
    ctx.fill();
    ctx.set_stroke_style_str(outline);
    ctx.set_line_width(width);
    ctx.stroke();
}

/// A white chart with linear axes over `x` × `y`, labelled, sized for the canvas's pixel ratio.
pub fn linear_chart<'a>(
    root: &'a DrawingArea<CanvasBackend, Shift>,
    x: std::ops::Range<f32>,
    y: std::ops::Range<f32>,
    descs: (&str, &str),
    dpr: f64,
) -> Option<ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf32, RangedCoordf32>>> {
    chart(root, (x, y), descs, ((5, 4), &tick_label), dpr)
}

/// A white chart with logarithmic axes over `x` × `y` (data units), labelled at the powers
/// of ten. It is a linear chart of log₁₀ of the data (so a page needs no second kind of
/// axis): draw every point through `lg`.
pub fn log_chart<'a>(
    root: &'a DrawingArea<CanvasBackend, Shift>,
    x: std::ops::Range<f32>,
    y: std::ops::Range<f32>,
    descs: (&str, &str),
    dpr: f64,
) -> Option<ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf32, RangedCoordf32>>> {
    let decades = |r: &std::ops::Range<f32>| (r.end.log10().floor() - r.start.log10().ceil()) as usize + 1;
    let labels = (2 * decades(&x) + 1, 2 * decades(&y) + 1);
    let (x, y) = (x.start.log10()..x.end.log10(), y.start.log10()..y.end.log10());
    chart(root, (x, y), descs, (labels, &power_of_ten), dpr)
}

/// A point in data units, in the coordinates of a `log_chart`.
pub fn lg(p: (f32, f32)) -> (f32, f32) {
    (p.0.log10(), p.1.log10())
}

/// The frame both kinds of chart share: white, a light grid, `labels` ticks per axis
/// written by `label`, and the axes' names.
fn chart<'a>(
    root: &'a DrawingArea<CanvasBackend, Shift>,
    (x, y): (std::ops::Range<f32>, std::ops::Range<f32>),
    (x_desc, y_desc): (&str, &str),
    (labels, label): ((usize, usize), &dyn Fn(&f32) -> String),
    dpr: f64,
) -> Option<ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf32, RangedCoordf32>>> {
    root.fill(&WHITE).ok()?;
    // In projector mode the labels grow by half the line scale (they need less than lines).
    let text = 1.0 + (scale() - 1.0) / 2.0;
    let colour = if scale() > 1.0 {
        rgb(super::palette::INK)
    } else {
        rgb(AXIS_TEXT)
    };
    let font = font(12.0 * dpr * text).color(&colour);
    let mut chart = ChartBuilder::on(root)
        .margin((10.0 * dpr) as u32)
        .x_label_area_size((32.0 * dpr * text) as u32)
        .y_label_area_size((46.0 * dpr * text) as u32)
        .build_cartesian_2d(x, y)
        .ok()?;
    chart
        .configure_mesh()
        .light_line_style(rgb(GRID))
        .x_labels(labels.0)
        .y_labels(labels.1)
        .x_label_formatter(label)
        .y_label_formatter(label)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(font.clone())
        .axis_desc_style(font)
        .draw()
        .ok()?;
    Some(chart)
}

/// The tick label of log₁₀ value `v`: 10ᵛ written out at whole v, nothing in between.
fn power_of_ten(v: &f32) -> String {
    let k = v.round();
    if (v - k).abs() > 1e-3 {
        return String::new();
    }
    let value = 10f64.powi(k as i32);
    if k >= 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.*}", (-k) as usize)
    }
}

/// A palette colour for plotters.
pub fn rgb(c: Colour) -> RGBColor {
    RGBColor(c.rgb.0, c.rgb.1, c.rgb.2)
}

/// A tick label without needless decimals: 5 rather than 5.0, 0.25 rather than 0.250.
fn tick_label(v: &f32) -> String {
    if (v - v.round()).abs() < 1e-4 * v.abs().max(1.0) {
        format!("{}", v.round())
    } else {
        let text = format!("{v:.3}");
        text.trim_end_matches('0').to_owned()
    }
}

/// The data point under a pointer event on a canvas drawn with `frame`. Every frame a
/// pointer meets is in CSS pixels, the unit of the event's offsets, at any device pixel
/// ratio.
pub fn pointer_position(ev: &PointerEvent, frame: Option<Frame>) -> Option<[f32; 2]> {
    frame.map(|f| f.to_data(f64::from(ev.offset_x()), f64::from(ev.offset_y())))
}
