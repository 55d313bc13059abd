//! The random-label view (Zhang et al. 2017): training-error curves for each share q of
//! random labels, and the final test error against q. The runs train in a Web Worker and
//! stream their curves back, so they grow while the page stays responsive.

use crate::panels::sets::jobs::{Request, Update as SweepUpdate};
use crate::engine::label_sweep::{LEVELS, STEPS};
use crate::plot::canvas::{fit, linear_chart};
use crate::plot::describe;
use crate::ui::components::describe::FigureText;
use crate::ui::components::export::ExportButtons;
use crate::ui::job::{use_job, JobStatus, FAILURE};
use crate::ui::components::readout::JsonReadout;
use crate::ui::canvas::use_canvas_draw;
use crate::{tex_fmt, tex_html, tex_text};
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// What the view shows: per level, its curve and (once done) its test error.
#[derive(Clone, Debug, Default, PartialEq)]
struct Progress {
    curves: Vec<Vec<(usize, f32)>>,
    test_errors: Vec<Option<f32>>,
    changed: Vec<usize>,
}

/// Colour of level k: cividis, dark for clean labels, yellow for all random.
fn colour(k: usize) -> RGBColor {
    let c = colorous::CIVIDIS.eval_continuous(0.1 + 0.8 * k as f64 / (LEVELS.len() - 1) as f64);
    RGBColor(c.r, c.g, c.b)
}

/// The view.
#[component]
pub fn RandomLabels(seed: Memo<u64>) -> impl IntoView {
    let job = use_job(super::super::INFO.id, move || Request::Labels { seed: seed.get() }, |p: &mut Progress, update| {
        if let SweepUpdate::Labels { curves, test_errors, changed } = update {
            p.changed = changed;
            p.test_errors = match test_errors {
                Some(errors) => errors.into_iter().map(Some).collect(),
                None => vec![None; curves.len()],
            };
            p.curves = curves;
        }
    });
    let progress = job.state;
    let curves_ref = NodeRef::<leptos::html::Canvas>::new();
    let test_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(curves_ref, move |canvas| progress.with(|p| draw_curves(canvas, p)));
    use_canvas_draw(test_ref, move |canvas| progress.with(|p| draw_test_errors(canvas, p)));
    let summary = move || {
        progress.with(|p| match job.status.get() {
            JobStatus::Failed => FAILURE.to_owned(),
            JobStatus::Waiting | JobStatus::Running(_) => "Training…".to_owned(),
            JobStatus::Done(ms) => {
                let fits = p.curves.iter().filter(|c| c.last().is_some_and(|l| l.1 == 0.0)).count();
                format!(
                    "{fits} of {} runs reach zero training error; computed in {ms:.0} ms.",
                    LEVELS.len()
                )
            }
        })
    };
    let readout = move || {
        progress.with(|p| {
            /// The testing hook.
            #[derive(serde::Serialize)]
            struct Readout<'a> {
                levels: &'a [f32],
                test_error: &'a [Option<f32>],
                train_error: Vec<Option<f32>>,
                changed: &'a [usize],
                elapsed_ms: Option<f64>,
            }
            serde_json::to_string(&Readout {
                levels: &LEVELS,
                test_error: &p.test_errors,
                train_error: p.curves.iter().map(|c| c.last().map(|l| l.1)).collect(),
                changed: &p.changed,
                elapsed_ms: match job.status.get() {
                    JobStatus::Done(ms) => Some(ms),
                    _ => None,
                },
            })
            .unwrap_or_default()
        })
    };
    let csv = move || {
        progress.with_untracked(|p| {
            let mut out = String::from("q,step,train_error,final_test_error\n");
            for (k, curve) in p.curves.iter().enumerate() {
                let test = p
                    .test_errors
                    .get(k)
                    .copied()
                    .flatten()
                    .map_or(String::new(), |e| e.to_string());
                for (step, error) in curve {
                    out.push_str(&format!("{},{step},{error},{test}\n", LEVELS[k]));
                }
            }
            out
        })
    };
    // How many labels really changed, and what fitting coin flips says about capacity.
    let changed_text = move || {
        progress.with(|p| {
            if p.changed.len() != LEVELS.len() {
                return String::new();
            }
            let shares = LEVELS
                .iter()
                .zip(&p.changed)
                .skip(1)
                .map(|(q, c)| tex_html!(r"\slot at $q = \slot$", c, q))
                .collect::<Vec<_>>()
                .join(", ");
            let random_fitted = matches!(job.status.get(), JobStatus::Done(_))
                && p.curves.last().and_then(|c| c.last()).is_some_and(|l| l.1 == 0.0);
            let rademacher = if random_fitted {
                tex_text!(r"Fitting coin flips is what a large Rademacher complexity means. For a class of $\pm 1$-valued classifiers, $\mathbb E_\sigma \sup_f \frac1N \sum_i \sigma_i f(x_i)$ averages over draws of random signs $\sigma_i = \pm 1$ how well the best member of the class agrees with them. This network fits its one draw, so for that draw the supremum takes its largest value, 1; a class that fits every draw, as Zhang et al. 2017 found for image classifiers, has complexity 1, where a bound built on it says nothing (Bartlett and Mendelson 2002).")
            } else {
                ""
            };
            format!(
                "{}{shares}). {rademacher}",
                tex_text!(r"A replaced label is a coin flip, so it keeps its old value half the time: about $q/2$ of the labels change (of the 40: ")
            )
        })
    };
    // Each chart in words: the training curves per share q, and the final test errors.
    let curves_alt = Signal::derive(move || {
        progress.with(|p| {
            let lines: Vec<(String, Vec<(f64, f64)>)> = p
                .curves
                .iter()
                .zip(LEVELS)
                // plain text: the chart's text alternative
                .map(|(c, q)| (format!("q = {q}"), c.iter().map(|&(k, e)| (k as f64, f64::from(e))).collect()))
                .collect();
            describe::chart("Training error during training, one curve per share q of random labels", "step", &lines)
        })
    });
    let test_alt = Signal::derive(move || {
        progress.with(|p| {
            let points: Vec<(f64, f64)> = p
                .test_errors
                .iter()
                .zip(LEVELS)
                .filter_map(|(e, q)| e.map(|e| (f64::from(q), f64::from(e))))
                .collect();
            describe::chart("Test error after training against the share q of random labels", "q", &[("Test error".to_owned(), points)])
        })
    });
    let legend = LEVELS
        .iter()
        .enumerate()
        .map(|(k, q)| {
            let RGBColor(r, g, b) = colour(k);
            format!(r#"<span><i style="background:rgb({r},{g},{b})"></i><span>{}</span></span>"#, tex_fmt!(r"q = \slot", q))
        })
        .collect::<String>();
    view! {
        <section class="random-labels">
            <h2>"Random labels (Zhang et al. 2017)"</h2>
            <p class="caption">
                "The same 2-64-64-1 network and the same 40 inputs, with a share q of the training labels replaced \
                 by coin flips. It fits every labelling; only the test error tells them apart."
            </p>
            <p class="look">"Look left: every share of random labels reaches zero training error. Then right: test error rises towards chance."</p>
            <div class="chart-pair">
                <figure>
                    <canvas node_ref=curves_ref class="chart" data-testid="labels-curves" role="img"
                        aria-label="Training error during training for each share of random labels" aria-describedby="labels-curves-alt"></canvas>
                    <FigureText id="labels-curves-alt" text=curves_alt />
                    <figcaption>"Training error during training"</figcaption>
                </figure>
                <figure>
                    <canvas node_ref=test_ref class="chart" data-testid="labels-test" role="img"
                        aria-label="Test error after training against the share of random labels, with chance dashed" aria-describedby="labels-test-alt"></canvas>
                    <FigureText id="labels-test-alt" text=test_alt />
                    <figcaption>"Test error after training (dashed: chance)"</figcaption>
                </figure>
            </div>
            <p class="basin-legend" inner_html=legend></p>
            <p data-testid="labels-changed" inner_html=Signal::derive(changed_text)></p>
            <ExportButtons canvas=curves_ref name="random-labels" csv=csv />
            <p class="shares" data-testid="labels-summary">{Signal::derive(summary)}</p>
            <JsonReadout testid="labels-readout" json=Signal::derive(readout) />
        </section>
    }
}

fn draw_curves(canvas: &HtmlCanvasElement, p: &Progress) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = linear_chart(&root, 0f32..STEPS as f32, 0f32..0.6f32, ("step", "training error"), dpr)?;
    for (k, curve) in p.curves.iter().enumerate() {
        let style = colour(k).stroke_width((2.5 * dpr * crate::plot::canvas::scale()) as u32);
        chart
            .draw_series(LineSeries::new(
                curve.iter().map(|&(s, e)| (s as f32, e.min(0.6))),
                style,
            ))
            .ok()?;
    }
    Some(())
}

fn draw_test_errors(canvas: &HtmlCanvasElement, p: &Progress) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = linear_chart(
        &root,
        -0.05f32..1.05f32,
        0f32..0.7f32,
        ("share of random labels q", "test error"),
        dpr,
    )?;
    let chance = RGBColor(140, 148, 160).stroke_width(dpr as u32);
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, 0.5), (1.0, 0.5)],
            (6.0 * dpr) as u32,
            (4.0 * dpr) as u32,
            chance,
        ))
        .ok()?;
    let points: Vec<(usize, f32, f32)> = p
        .test_errors
        .iter()
        .enumerate()
        .filter_map(|(k, e)| e.map(|e| (k, LEVELS[k], e)))
        .collect();
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|&(_, q, e)| (q, e)),
            RGBColor(31, 58, 95).stroke_width((2.0 * dpr) as u32),
        ))
        .ok()?;
    chart
        .draw_series(
            points
                .iter()
                .map(|&(k, q, e)| Circle::new((q, e), (5.0 * dpr) as u32, colour(k).filled())),
        )
        .ok()?;
    Some(())
}
