//! The matrices as heatmaps: the ground truth with its observed entries outlined, each
//! model's W at the step shown, and the minimum nuclear norm completion. One diverging
//! colour scale, ±max|M|, for all of them.

use super::super::heat::diverging;
use crate::engine::completion::Problem;
use crate::plot::canvas::{context, fit};
use crate::plot::palette::INK;
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::{save_png, CsvButton};
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::HtmlCanvasElement;

/// One heatmap with its title and a line of numbers under it.
#[component]
pub fn MatrixFigure(
    /// The problem (its scale and observed entries).
    #[prop(into)]
    problem: Signal<Option<Arc<Problem>>>,
    /// The matrix to show, row by row (None: not computed yet).
    #[prop(into)]
    values: Signal<Option<Vec<f32>>>,
    /// Title above the heatmap.
    #[prop(into)]
    title: Signal<String>,
    /// Numbers under it.
    #[prop(into)]
    caption: Signal<String>,
    /// `data-testid` of the canvas.
    testid: String,
    /// CSS class (the model's colour).
    class: &'static str,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(canvas_ref, move |canvas| {
        problem.with(|p| values.with(|v| p.as_ref().map(|p| draw(canvas, p, v.as_deref(), class == "truth"))));
    });
    let png_name = format!("{testid}.png");
    let save = move |_| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            save_png(&canvas, &png_name);
        }
    };
    // The matrix's entries, row by row, as CSV.
    let csv = move || {
        let n = problem.with_untracked(|p| p.as_ref().map_or(0, |p| p.n));
        values.with_untracked(|v| {
            v.as_ref().map_or_else(String::new, |v| {
                v.chunks(n.max(1)).map(|row| row.iter().map(f32::to_string).collect::<Vec<_>>().join(",") + "\n").collect()
            })
        })
    };
    let csv_name = testid.clone();
    view! {
        <figure class=format!("matrix-figure {class}")>
            <figcaption class="matrix-title">{title}</figcaption>
            <canvas node_ref=canvas_ref class="heatmap" data-testid=testid.clone() role="img" aria-label=move || format!("Heatmap of the matrix {}", title.get())
                aria-describedby=format!("{testid}-caption")></canvas>
            <p class="matrix-caption" id=format!("{testid}-caption")>{caption}</p>
            <button type="button" class="small" data-testid=format!("{testid}-png") on:click=save>"Save PNG"</button>
            <CsvButton name=csv_name csv=csv />
        </figure>
    }
}

/// The cells of `values` (or a blank grid), coloured on ±max|M|, observed cells outlined.
fn draw(canvas: &HtmlCanvasElement, p: &Problem, values: Option<&[f32]>, strong: bool) -> Option<()> {
    let (w, _, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    let n = p.n;
    let side = w * dpr;
    let cell = side / n as f64;
    ctx.clear_rect(0.0, 0.0, side, side);
    let limit = p.truth.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    for c in 0..n * n {
        let (x, y) = ((c % n) as f64 * cell, (c / n) as f64 * cell);
        let colour = values.map_or_else(|| "#f4f5f7".to_owned(), |v| diverging(f64::from(v[c]), limit));
        ctx.set_fill_style_str(&colour);
        ctx.fill_rect(x, y, cell + 0.5, cell + 0.5);
    }
    // Strong on the truth, faint on the models (there they only say which cells were fitted).
    ctx.set_stroke_style_str(if strong { INK.css } else { "rgba(27,36,48,0.35)" });
    ctx.set_line_width(if strong { 1.5 * dpr } else { dpr }.max(1.0));
    let inset = 0.75 * dpr;
    for c in (0..n * n).filter(|&c| p.mask[c]) {
        let (x, y) = ((c % n) as f64 * cell, (c / n) as f64 * cell);
        ctx.stroke_rect(x + inset, y + inset, cell - 2.0 * inset, cell - 2.0 * inset);
    }
    Some(())
}
