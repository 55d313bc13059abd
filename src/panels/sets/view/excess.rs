//! Double descent in the random-features model: the excess risk R(w) − min R of gradient
//! descent's fit against N, computed in the compute worker, with the δ line and a switch
//! for a tiny ridge that flattens the peak near N ≈ p.

use super::draw::key;
use crate::plot::canvas::{lg, log_chart};
use crate::panels::sets::config::{SetsConfig, FEATURES};
use crate::panels::sets::jobs::{excess_sizes, Request, Update as SweepUpdate};
use crate::plot::canvas::fit;
use crate::plot::describe;
use crate::ui::components::describe::FigureText;
use crate::ui::components::export::ExportButtons;
use crate::ui::components::readout::JsonReadout;
use crate::ui::components::toggle::Toggle;
use crate::ui::job::{use_job, JobStatus, FAILURE};
use crate::ui::canvas::use_canvas_draw;
use crate::{tex_html, tex_text};
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The two curves, once computed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Curves {
    plain: Vec<f64>,
    ridge: Vec<f64>,
}

/// Values are drawn between these (log scale).
const Y_RANGE: (f32, f32) = (1e-4, 1e5);

/// The section.
#[component]
pub fn ExcessRisk(config: RwSignal<SetsConfig>) -> impl IntoView {
    let request = move || config.with(|c| Request::Excess { seed: c.seed, noise: c.noise });
    let job = use_job(super::super::INFO.id, request, |c: &mut Curves, update| {
        if let SweepUpdate::Excess { plain, ridge } = update {
            *c = Curves { plain, ridge };
        }
    });
    let curves = job.state;
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(canvas_ref, move |canvas| {
        let (n, delta, ridge) = config.with(|c| (c.n as usize, f64::from(c.delta), c.ridge));
        curves.with(|c| draw(canvas, c, n, delta, ridge));
    });
    // The peak over N ∈ [30, 60] next to both ends, for the text and the tests.
    let peaks = move || {
        curves.with(|c| {
            let sizes = excess_sizes();
            let peak = |v: &[f64]| {
                sizes
                    .iter()
                    .zip(v)
                    .filter(|(n, _)| (30..=60).contains(*n))
                    .fold((0, 0.0), |best, (&n, &e)| if e > best.1 { (n, e) } else { best })
            };
            let at = |v: &[f64], n: usize| sizes.iter().position(|&s| s == n).and_then(|k| v.get(k).copied());
            (!c.plain.is_empty()).then(|| (peak(&c.plain), peak(&c.ridge), at(&c.plain, 12), at(&c.plain, 200)))
        })
    };
    let text = move || match job.status.get() {
        JobStatus::Failed => FAILURE.to_owned(),
        JobStatus::Done(_) => peaks().map_or_else(String::new, |((n, top), (_, ridge_top), at12, at200)| {
            tex_html!(
                r"Over $N = 30, \dots, 60$ the excess risk is largest at $N = \slot$: \slot, against \slot at $N = 12$ and \slot at $N = 200$. With the ridge $\lambda = 10^{-6}$ its largest value there is \slot.",
                n,
                short(top),
                short(at12.unwrap_or(f64::NAN)),
                short(at200.unwrap_or(f64::NAN)),
                short(ridge_top)
            )
        }),
        _ => "Computing…".to_owned(),
    };
    let readout = move || {
        /// The testing hook.
        #[derive(serde::Serialize)]
        struct Readout {
            peak_n: usize,
            peak: f64,
            ridge_peak: f64,
            at_12: Option<f64>,
            at_200: Option<f64>,
        }
        peaks().map_or_else(String::new, |((peak_n, peak), (_, ridge_peak), at_12, at_200)| {
            serde_json::to_string(&Readout { peak_n, peak, ridge_peak, at_12, at_200 }).unwrap_or_default()
        })
    };
    // The chart in words and as numbers.
    let curve = |v: &[f64]| excess_sizes().iter().zip(v).map(|(&n, &e)| (n as f64, e)).collect::<Vec<_>>();
    let alt = Signal::derive(move || {
        let ridge = config.with(|c| c.ridge);
        curves.with(|c| {
            let mut lines = vec![("Gradient descent's excess risk".to_owned(), curve(&c.plain))];
            if ridge {
                lines.push(("With the ridge".to_owned(), curve(&c.ridge)));
            }
            describe::chart("Excess risk of gradient descent's fit against the number of training points N, on log scales", "N", &lines)
        })
    });
    let csv = move || {
        curves.with_untracked(|c| {
            let mut out = String::from("n,excess_risk,excess_risk_ridge\n");
            for (k, n) in excess_sizes().iter().enumerate() {
                let at = |v: &[f64]| v.get(k).map_or(String::new(), f64::to_string);
                out.push_str(&format!("{n},{},{}\n", at(&c.plain), at(&c.ridge)));
            }
            out
        })
    };
    view! {
        <section class="capacity">
            <h2>"Double descent: the risk of gradient descent’s fit against N"</h2>
            <p class="caption">
                <span inner_html=tex_text!(
                    r#"Excess risk $R(w) - \min R$ of the ● for $N = 2, \dots, 200$ (same features, noise and seed). Near $N \approx p$"#
                )></span>
                {format!(
                    " = {FEATURES} the fit is ill-conditioned and soaks up the label noise: double descent in the number of \
                     points at a fixed number of parameters (Nakkiran et al. 2020; Belkin et al. 2019; Hastie et al. 2022). "
                )}
                <span inner_html=tex_text!(r#"The ridge fit minimises $\hat R(w) + \lambda \lVert w \rVert^2$."#)></span>
            </p>
            <p class="look" inner_html=tex_text!(r"Look at the peak where $N$ reaches 40, then tick the tiny ridge below and watch it go.")></p>
            <canvas node_ref=canvas_ref class="chart wide" data-testid="excess-chart" role="img"
                aria-label="Double descent: excess risk against N, with the δ line" aria-describedby="excess-chart-alt"></canvas>
            <FigureText id="excess-chart-alt" text=alt />
            <ExportButtons canvas=canvas_ref name="excess-risk" csv=csv />
            <Toggle
                label=tex_text!(r"Add a tiny ridge ($\lambda = 10^{-6}$)")
                checked=Signal::derive(move || config.with(|c| c.ridge))
                on_change=move |on| config.update(|c| c.ridge = on)
                testid="sets-ridge"
            />
            <p class="shares" data-testid="excess-status" inner_html=Signal::derive(text)></p>
            <JsonReadout testid="excess-readout" json=Signal::derive(readout) />
        </section>
    }
}

/// A number with two significant digits, without exponent notation for the usual range.
fn short(v: f64) -> String {
    if v >= 10.0 {
        format!("{v:.0}")
    } else if v >= 0.1 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

fn draw(canvas: &HtmlCanvasElement, c: &Curves, n: usize, delta: f64, ridge: bool) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = log_chart(&root, 1.8f32..220f32, Y_RANGE.0..Y_RANGE.1, ("training points N (log scale)", "excess risk (log scale)"), dpr)?;
    let w = |x: f64| (x * dpr * crate::plot::canvas::scale()).max(1.0) as u32;
    let ink = RGBColor(31, 58, 95);
    let teal = RGBColor(0, 121, 140);
    let magenta = RGBColor(194, 24, 122);
    let clamp = |e: f64| (e as f32).clamp(Y_RANGE.0, Y_RANGE.1);
    let line = |v: &[f64]| -> Vec<(f32, f32)> { excess_sizes().iter().zip(v).map(|(&n, &e)| lg((n as f32, clamp(e)))).collect() };
    chart
        .draw_series(DashedLineSeries::new(
            [lg((1.8, delta as f32)), lg((220.0, delta as f32))],
            w(6.0),
            w(4.0),
            magenta.stroke_width(w(1.5)),
        ))
        .ok()?;
    // p: where N meets the number of features.
    chart
        .draw_series(LineSeries::new(
            [lg((FEATURES as f32, Y_RANGE.0)), lg((FEATURES as f32, Y_RANGE.1))],
            RGBColor(150, 156, 166).stroke_width(w(1.0)),
        ))
        .ok()?;
    chart.draw_series(LineSeries::new(line(&c.plain), ink.stroke_width(w(2.0)))).ok()?;
    if ridge {
        chart.draw_series(LineSeries::new(line(&c.ridge), teal.stroke_width(w(2.0)))).ok()?;
    }
    // The current N.
    if let Some(e) = excess_sizes().iter().position(|&s| s == n).and_then(|k| c.plain.get(k)) {
        chart.draw_series([Circle::new(lg((n as f32, clamp(*e))), w(5.0), ink.filled())]).ok()?;
    }
    // plain text: a legend drawn on the canvas
    let mut entries = vec![("gradient descent (min-norm fit)", ink), ("δ (dashed)", magenta), ("N = p", RGBColor(150, 156, 166))];
    if ridge {
        entries.insert(1, ("with ridge λ = 10⁻⁶", teal)); // plain text: the canvas legend
    }
    key(&root, &entries, dpr)?;
    Some(())
}
