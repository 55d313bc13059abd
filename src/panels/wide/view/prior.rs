//! View 1: sample functions of random nets of the chosen width over the NNGP's ±2σ band,
//! and the histogram of f(x₀) over many nets against N(0, K(x₀, x₀)) (Neal 1996).

use super::draw::{self, Curve};
use super::{status_text, Results};
use crate::panels::wide::config::{WideConfig, DRAWS, X0};
use crate::panels::wide::jobs::{the_grid, BINS, SAMPLES};
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::ExportButtons;
use crate::ui::job::Job;
use crate::{tex_html, tex_text};
use leptos::prelude::*;
use plotters::style::RGBColor;

/// Colours of the sample functions.
const SAMPLE_COLOURS: [RGBColor; SAMPLES] = [
    RGBColor(209, 73, 91),
    RGBColor(0, 121, 140),
    RGBColor(237, 174, 73),
    RGBColor(48, 99, 142),
    RGBColor(102, 46, 155),
    RGBColor(60, 140, 70),
    RGBColor(180, 90, 40),
    RGBColor(120, 120, 120),
];

/// The view.
#[component]
pub fn PriorView(config: RwSignal<WideConfig>, job: Job<Results>) -> impl IntoView {
    let grid = the_grid();
    let functions_ref = NodeRef::<leptos::html::Canvas>::new();
    let histogram_ref = NodeRef::<leptos::html::Canvas>::new();
    let at = grid.clone();
    use_canvas_draw(functions_ref, move |canvas| {
        job.state.with(|r| {
            let Some(p) = &r.prior else { return };
            let curves: Vec<Curve> = p
                .samples
                .iter()
                .zip(SAMPLE_COLOURS)
                .map(|(values, colour)| Curve {
                    values,
                    colour,
                    width: 1.8,
                    dashed: false,
                })
                .collect();
            draw::functions(canvas, &at, Some(&p.band), &curves, (&[], &[]));
        })
    });
    use_canvas_draw(histogram_ref, move |canvas| {
        job.state.with(|r| {
            if let Some(p) = &r.prior {
                draw::histogram(canvas, &p.distribution.counts, p.distribution.variance_k.sqrt());
            }
        })
    });
    let figures = move || {
        job.state.with(|r| {
            r.prior.as_ref().map(|p| {
                let d = &p.distribution;
                let noise = 1.36 / (DRAWS as f64).sqrt();
                let shape = if d.ks > noise {
                    format!("above the {noise:.3} that sampling noise alone reaches 95 % of the time: the shape is not yet Gaussian")
                } else {
                    format!("within sampling noise (95 % of Gaussian samples of this size stay below {noise:.3})")
                };
                // The sample variance of M draws scatters around the true one by about
                // σ²·√((2 + κ)/M), κ the excess kurtosis.
                let se = d.variance_k * ((2.0 + d.excess_kurtosis).max(0.0) / DRAWS as f64).sqrt();
                tex_html!(
                    r"Width \slot: over \slot random nets, $f(x_0 = \slot)$ has variance \slot ± \slot (one standard error) against $K(x_0, x_0) = \slot$, excess kurtosis \slot (0 for a Gaussian) and Kolmogorov–Smirnov distance \slot to $\mathcal N(0, K)$, \slot.",
                    config.with(|c| c.width),
                    DRAWS,
                    X0,
                    format_args!("{:.3}", d.sample_variance),
                    format_args!("{se:.3}"),
                    format_args!("{:.3}", d.variance_k),
                    format_args!("{:.2}", d.excess_kurtosis),
                    format_args!("{:.3}", d.ks),
                    shape
                )
            })
        })
    };
    let csv_grid = grid.clone();
    let functions_csv = move || {
        job.state.with_untracked(|r| {
            let mut out = String::from("x,band_2sd");
            (0..SAMPLES).for_each(|k| out.push_str(&format!(",sample_{k}")));
            out.push('\n');
            if let Some(p) = &r.prior {
                for (g, x) in csv_grid.iter().enumerate() {
                    out.push_str(&format!("{x:.4},{}", p.band[g]));
                    p.samples.iter().for_each(|s| out.push_str(&format!(",{}", s[g])));
                    out.push('\n');
                }
            }
            out
        })
    };
    let histogram_csv = move || {
        job.state.with_untracked(|r| {
            let mut out = String::from("bin_left,bin_right,count\n");
            if let Some(p) = &r.prior {
                let sd = p.distribution.variance_k.sqrt();
                let w = 8.0 * sd / BINS as f64;
                for (k, c) in p.distribution.counts.iter().enumerate() {
                    out.push_str(&format!(
                        "{:.4},{:.4},{c}\n",
                        -4.0 * sd + k as f64 * w,
                        -4.0 * sd + (k + 1) as f64 * w
                    ));
                }
            }
            out
        })
    };
    let alt_grid = grid.clone();
    let functions_alt = Signal::derive(move || {
        job.state.with(|r| {
            r.prior.as_ref().map_or_else(
                || "No random nets drawn yet.".to_owned(),
                |p| crate::panels::wide::describe::samples(&alt_grid, &p.band, &p.samples),
            )
        })
    });
    view! {
        <div class="chart-pair">
            <figure>
                <canvas node_ref=functions_ref class="chart" role="img" data-testid="wide-prior-canvas"
                    aria-label="Sample functions of random networks over the shaded ±2σ band of the Gaussian process."
                    aria-describedby="wide-prior-canvas-alt"></canvas>
                <p class="look" data-testid="wide-prior-look">"Look at the nets' shapes, then drag the width up from 1."</p>
                <crate::ui::components::describe::FigureText id="wide-prior-canvas-alt" text=functions_alt />
                <figcaption inner_html=tex_html!(r"\slot random nets of this width; shaded: the Gaussian process's $\pm 2\sqrt{K(x, x)}$", SAMPLES)></figcaption>
                <ExportButtons canvas=functions_ref name="wide-prior" csv=functions_csv />
            </figure>
            <figure>
                <canvas node_ref=histogram_ref class="chart" role="img" data-testid="wide-histogram-canvas"
                    aria-label="Histogram of the output at one input over many random networks, with the Gaussian curve of the limit."
                    aria-describedby="wide-prior-figures"></canvas>
                <p class="look" data-testid="wide-histogram-look">"Look at the bars against the Gaussian curve as the width grows."</p>
                <figcaption inner_html=tex_html!(r"$f(x_0 = \slot)$ over \slot nets; line: $\mathcal N\big(0, K(x_0, x_0)\big)$", X0, DRAWS)></figcaption>
                <ExportButtons canvas=histogram_ref name="wide-histogram" csv=histogram_csv />
            </figure>
        </div>
        <p class="shares" id="wide-prior-figures" data-testid="wide-prior-figures" inner_html=figures></p>
        <p class="shares">{status_text(job, "Drawing random nets in a worker…")}</p>
        <details class="prose view-text why" data-testid="wide-prior-why">
            <summary>"Why?"</summary>
            <p inner_html=tex_text!(r#"Each output is a sum of $n$ independent terms, one per hidden unit, so as $n$ grows the central limit theorem makes $f(x)$ Gaussian, and the whole function a Gaussian process with covariance $K(x, x') = \sigma_w^2\,\mathbb{E}[\varphi(h)\varphi(h')] + \sigma_b^2$ (Neal 1996; closed forms: Williams 1997 for erf, Cho and Saul 2009 for ReLU). Move the width from 1 up and watch the histogram's shape."#)></p>
            <p class="caveat" inner_html=tex_text!(r"Careful: with one hidden layer the variance already equals $K$ at every width, even $n = 1$; only the shape of the distribution converges (its kurtosis falls like $1/n$). ReLU shows it clearly; erf converges the same way, from a smaller excess kurtosis at $n = 1$.")></p>
        </details>
    }
}
