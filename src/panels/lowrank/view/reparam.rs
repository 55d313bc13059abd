//! Tab “One point, two parametrisations”: the lines through the point (1, 1), as
//! f = w₁·x + w₂ and as f = s·w₃·x + w₄. Each parameter plane has a line of global minima;
//! gradient descent from a start the student drags moves straight along Jᵀ to it and so
//! lands on different lines in function space (limit w₀ + J⁺(y − J·w₀)).

use super::super::config::{round, LowrankConfig, START_RANGE};
use super::super::heat::{MODEL_COLOURS, NUCLEAR_COLOUR};
use crate::engine::reparam::LineFit;
use crate::plot::canvas::{circle, context, fit, linear_chart, pointer_position, polyline};
use crate::plot::palette::{Colour, INK};
use crate::plot::Frame;
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::ExportButtons;
use crate::ui::components::readout::JsonReadout;
use crate::ui::components::slider::Knob;
use crate::{tex, tex_html, tex_text};
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Gradient-descent steps drawn (the residual shrinks by a fifth each step).
const STEPS: usize = 100;
/// The parameter window, the same in both planes and on both axes.
const WINDOW: [f32; 4] = [
    START_RANGE.0 as f32,
    START_RANGE.1 as f32,
    START_RANGE.0 as f32,
    START_RANGE.1 as f32,
];
/// Colours of the plain and the scaled parametrisation.
const COLOURS: [Colour; 2] = [MODEL_COLOURS[0], NUCLEAR_COLOUR];

/// One parametrisation's path and where it ends.
#[derive(Clone, PartialEq)]
struct Fitted {
    fit: LineFit,
    path: Vec<[f64; 2]>,
    end: [f64; 2],
    line: (f64, f64),
}

fn fitted(fit: LineFit, start: [f64; 2]) -> Fitted {
    let path = fit.path(start, fit.step_size(), STEPS);
    let end = *path.last().unwrap_or(&start);
    Fitted {
        fit,
        line: fit.line(end),
        path,
        end,
    }
}

/// The tab.
#[component]
pub fn Reparam(config: RwSignal<LowrankConfig>) -> impl IntoView {
    let both = Memo::new(move |_| {
        config.with(|c| {
            let [plain, scaled] = c.fits();
            [fitted(plain, c.plain_start), fitted(scaled, c.scaled_start)]
        })
    });
    let frames = [StoredValue::new(None::<Frame>), StoredValue::new(None::<Frame>)];
    let plane_refs: [NodeRef<leptos::html::Canvas>; 2] = [NodeRef::new(), NodeRef::new()];
    for k in 0..2 {
        use_canvas_draw(plane_refs[k], move |canvas| {
            let s = config.with(|c| c.s);
            both.with(|b| frames[k].set_value(draw_plane(canvas, &b[k], k, s)));
        });
    }
    let function_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(function_ref, move |canvas| {
        both.with(|b| draw_function(canvas, b));
    });

    let plane = move |k: usize| {
        let dragging = StoredValue::new(false);
        let move_to = move |ev: &web_sys::PointerEvent| {
            if let Some(w) = pointer_position(ev, frames[k].get_value()) {
                let w = [round(f64::from(w[0])), round(f64::from(w[1]))];
                config.update(|c| if k == 0 { c.plain_start = w } else { c.scaled_start = w });
            }
        };
        let on_down = move |ev: web_sys::PointerEvent| {
            ev.prevent_default();
            if let Some(t) = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            {
                let _ = t.set_pointer_capture(ev.pointer_id());
            }
            dragging.set_value(true);
            move_to(&ev);
        };
        let on_move = move |ev: web_sys::PointerEvent| {
            if dragging.get_value() {
                move_to(&ev);
            }
        };
        // The arrow keys move the start by 2 % of the window (Shift: 10 %).
        let on_key = move |ev: web_sys::KeyboardEvent| {
            let Some((dx, dy)) = crate::ui::components::keys::arrow_step(&ev) else {
                return;
            };
            let step = if ev.shift_key() { 0.1 } else { 0.02 } * f64::from(WINDOW[1] - WINDOW[0]);
            let (lo, hi) = (f64::from(WINDOW[0]), f64::from(WINDOW[1]));
            let moved = |w: [f64; 2]| {
                [
                    round((w[0] + step * f64::from(dx)).clamp(lo, hi)),
                    round((w[1] + step * f64::from(dy)).clamp(lo, hi)),
                ]
            };
            config.update(|c| {
                if k == 0 {
                    c.plain_start = moved(c.plain_start)
                } else {
                    c.scaled_start = moved(c.scaled_start)
                }
            });
        };
        // The caption; its words are the canvas's accessible name too.
        let (caption, label) = if k == 0 {
            (
                tex_text!(r"$f = w_1 x + w_2$: the plane $(w_1, w_2)$"),
                // plain text: the canvas's accessible name
                "f = w1·x + w2: the plane (w1, w2)",
            )
        } else {
            (
                tex_text!(r"$f = s\,w_3 x + w_4$: the plane $(w_3, w_4)$"),
                // plain text: the canvas's accessible name
                "f = s·w3·x + w4: the plane (w3, w4)",
            )
        };
        view! {
            <figure class="chart-figure">
                <canvas node_ref=plane_refs[k] class="chart square" role="img" data-testid=format!("reparam-plane{k}")
                    aria-label=format!("{label}, with the line of global minima and gradient descent's path. Drag, or use the arrow keys, to move the start.")
                    tabindex="0" on:keydown=on_key aria-describedby="reparam-formula"
                    on:pointerdown=on_down on:pointermove=on_move
                    on:pointerup=move |_| dragging.set_value(false) on:pointercancel=move |_| dragging.set_value(false)></canvas>
                <figcaption><span inner_html=caption></span>" (drag the start ○)"</figcaption>
            </figure>
        }
    };

    let json = move || {
        /// The testing hook.
        #[derive(serde::Serialize)]
        struct Line {
            slope: f64,
            intercept: f64,
        }
        #[derive(serde::Serialize)]
        struct Json {
            s: f64,
            plain: Line,
            scaled: Line,
        }
        let [p, q] = both.get();
        serde_json::to_string(&Json {
            s: config.with(|c| c.s),
            plain: Line {
                slope: p.line.0,
                intercept: p.line.1,
            },
            scaled: Line {
                slope: q.line.0,
                intercept: q.line.1,
            },
        })
        .unwrap_or_default()
    };
    let formula = move || {
        let [p, q] = both.get();
        let s = config.with(|c| c.s);
        let limit = |f: &Fitted| {
            let start = f.path[0];
            let j = f.fit.jacobian();
            tex_html!(
                r"$J = (\slot, 1)$, from $w_0 = (\slot, \slot)$ to $(\slot, \slot)$: slope \slot, intercept \slot",
                format_args!("{:.3}", j[0]),
                format_args!("{:.2}", start[0]),
                format_args!("{:.2}", start[1]),
                format_args!("{:.4}", f.end[0]),
                format_args!("{:.4}", f.end[1]),
                format_args!("{:.3}", f.line.0),
                format_args!("{:.3}", f.line.1)
            )
        };
        let from_zero = LineFit {
            scale: s,
            x: 1.0,
            y: 1.0,
        }
        .line(
            LineFit {
                scale: s,
                x: 1.0,
                y: 1.0,
            }
            .limit([0.0, 0.0]),
        );
        (
            limit(&p),
            limit(&q),
            tex_html!(
                r"From zero the first lands on slope $\tfrac12$ and intercept $\tfrac12$, the second on slope $s^2/(1 + s^2) = \slot$ and intercept $1/(1 + s^2) = \slot$ ($s = \slot$).",
                format_args!("{:.3}", from_zero.0),
                format_args!("{:.3}", from_zero.1),
                s
            ),
        )
    };
    // The section as one HTML string (one reactive property costs the page less than a
    // view of its paragraphs); only the middle paragraph's numbers change.
    const EXPLAIN_HEAD: &str = concat!(
        "<h2>Where gradient descent stops</h2><p>",
        tex_text!(
            r"One data point, $x = 1$ and $y = 1$, and two ways to write the lines $f(x)$: $f = w_1 x + w_2$ and $f = s\,w_3 x + w_4$. Both describe every line, and in each the global minima form a line in the parameter plane. Gradient descent on $\tfrac12\big(f(1) - 1\big)^2$ from a start lands on one of them, and the two parametrisations land on different functions."
        ),
        "</p><p>",
        tex_text!(
            r"The prediction is linear in the parameters, $f(1) = Jw$, so every gradient $(f - y)J^\top$ points along $J^\top$: the path is a straight line at right angles to the line of minima, and it stops at the closest minimum to the start, $w_\infty = w_0 + J^+(y - Jw_0)$ with $J^+ = J^\top/\lVert J\rVert^2$ (for any step size $\eta < 2/\lVert J\rVert^2$; here $\eta = 0.2/\lVert J\rVert^2$)."
        ),
        r#"</p><p id="reparam-formula" data-testid="reparam-formula">"#
    );
    const EXPLAIN_TAIL: &str = "</p><p>The same functions, the same loss, the same algorithm: only the parametrisation differs, and it decides which of the perfect fits gradient descent returns. Deep networks are no different; the deep factorisations of the other tab are the same effect in a larger model.</p>";
    let explain = move || {
        let (a, b, c) = formula();
        format!("{EXPLAIN_HEAD}Plain: {a}. Scaled: {b}. {c}{EXPLAIN_TAIL}")
    };
    let reset = move |_| config.update(|c| (c.plain_start, c.scaled_start) = ([0.0, 0.0], [0.0, 0.0]));
    view! {
        <section class="lowrank-reparam">
            <div class="reparam-controls">
                <Knob config=config knob=&super::super::config::params::S />
                <button type="button" class="small" data-testid="reparam-reset" on:click=reset>"Start both at zero"</button>
            </div>
            <p class="look" data-testid="reparam-look">"Drag the start ○ in either plane, then compare where the two lines land in function space."</p>
            <div class="chart-triple">
                {plane(0)}
                {plane(1)}
                <figure class="chart-figure">
                    <canvas node_ref=function_ref class="chart square" data-testid="reparam-function" role="img"
                        aria-label="Function space: the data point (1, 1) and the two fitted lines" aria-describedby="reparam-formula"></canvas>
                    <figcaption>"Function space: the data point and the two fitted lines"</figcaption>
                </figure>
            </div>
            <p class="model-legend" inner_html=format!(
                r#"<span><i style="background:{}"></i><span>{}</span></span><span><i style="background:{}"></i><span>{}</span></span>"#,
                COLOURS[0].css, tex!(r"f = w_1 x + w_2"), COLOURS[1].css, tex!(r"f = s\,w_3 x + w_4")
            )></p>
            <ExportButtons canvas=function_ref name="reparam-lines" csv=move || {
                let [p, q] = both.get_untracked();
                let mut out = String::from("parametrisation,step,u,v\n");
                for (name, f) in [("plain", &p), ("scaled", &q)] {
                    for (k, w) in f.path.iter().enumerate() {
                        out.push_str(&format!("{name},{k},{},{}\n", w[0], w[1]));
                    }
                }
                out
            } />
            <section class="explain prose" inner_html=Signal::derive(explain)></section>
            <JsonReadout testid="reparam-readout" json=Signal::derive(json) />
        </section>
    }
}

/// A parameter plane: the line of minima, the path and its ends; returns its CSS frame.
fn draw_plane(canvas: &HtmlCanvasElement, f: &Fitted, k: usize, s: f64) -> Option<Frame> {
    let (_, _, dpr) = fit(canvas);
    let names = if k == 0 { ("w₁", "w₂") } else { ("w₃", "w₄") }; // plain text: canvas axis labels
    let (xr, yr) = {
        let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
        let chart = linear_chart(&root, WINDOW[0]..WINDOW[1], WINDOW[2]..WINDOW[3], names, dpr)?;
        chart.plotting_area().get_pixel_range()
    };
    let frame = Frame {
        domain: WINDOW,
        pixels: [xr.start, xr.end, yr.start, yr.end].map(|p| f64::from(p) / dpr),
    };
    let ctx = context(canvas)?;
    let px = frame.scaled(dpr);
    let at = |w: [f64; 2]| px.to_pixels([w[0] as f32, w[1] as f32]);
    ctx.save();
    ctx.begin_path();
    let [l, r, t, b] = px.pixels;
    ctx.rect(l, t, r - l, b - t);
    ctx.clip();
    // The minima: a·u·x + v = y with x = 1, i.e. v = 1 − a·u.
    let a = if k == 0 { 1.0 } else { s };
    let (u0, u1) = (f64::from(WINDOW[0]) - 1.0, f64::from(WINDOW[1]) + 1.0);
    polyline(
        &ctx,
        [at([u0, 1.0 - a * u0]), at([u1, 1.0 - a * u1])],
        INK.css,
        2.0 * dpr,
    );
    polyline(&ctx, f.path.iter().map(|&w| at(w)), COLOURS[k].css, 2.5 * dpr);
    for &w in f.path.iter().take(12) {
        circle(&ctx, at(w), 2.5 * dpr, Some(COLOURS[k].css), None);
    }
    circle(&ctx, at(f.end), 5.0 * dpr, Some(COLOURS[k].css), Some((INK.css, dpr)));
    circle(
        &ctx,
        at(f.path[0]),
        7.0 * dpr,
        Some("white"),
        Some((INK.css, 2.0 * dpr)),
    );
    ctx.restore();
    Some(frame)
}

/// Function space: the point (1, 1) and both fitted lines.
fn draw_function(canvas: &HtmlCanvasElement, both: &[Fitted; 2]) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let window = [-0.5f32, 2.0, -0.5, 2.0];
    let (xr, yr) = {
        let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
        let chart = linear_chart(&root, window[0]..window[1], window[2]..window[3], ("x", "f(x)"), dpr)?;
        chart.plotting_area().get_pixel_range()
    };
    let px = Frame {
        domain: window,
        pixels: [xr.start, xr.end, yr.start, yr.end].map(f64::from),
    };
    let ctx = context(canvas)?;
    ctx.save();
    ctx.begin_path();
    let [l, r, t, b] = px.pixels;
    ctx.rect(l, t, r - l, b - t);
    ctx.clip();
    for (k, f) in both.iter().enumerate() {
        let (slope, intercept) = f.line;
        let y = |x: f32| (intercept + slope * f64::from(x)) as f32;
        polyline(
            &ctx,
            [
                px.to_pixels([window[0], y(window[0])]),
                px.to_pixels([window[1], y(window[1])]),
            ],
            COLOURS[k].css,
            (3.0 - k as f64) * dpr,
        );
    }
    circle(
        &ctx,
        px.to_pixels([1.0, 1.0]),
        6.0 * dpr,
        Some(INK.css),
        Some(("white", 1.5 * dpr)),
    );
    ctx.restore();
    Some(())
}
