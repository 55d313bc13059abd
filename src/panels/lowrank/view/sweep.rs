//! The k-sweep over seeds: the error on the unobserved entries against the number of
//! observed entries for every depth and the minimum nuclear norm completion, each (k, seed)
//! point run in the compute workers (`ui::batch`, results in the order of the points), drawn
//! as the median over seeds with the band from the lowest to the highest seed, and counted
//! as seeds recovered (`lowrank::sweep`).

use super::super::config::{k_range, LowrankConfig};
use super::super::heat::{MODEL_COLOURS, NUCLEAR_COLOUR};
use super::super::jobs::{Request, SweepPoint, Update};
use super::super::sweep::{self, SweepPlan};
use crate::engine::completion::{degrees_of_freedom, RECOVERED_BELOW};
use crate::plot::canvas::{fit, linear_chart, rgb};
use crate::plot::palette::{Colour, AXIS_TEXT};
use crate::ui::batch;
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::ExportButtons;
use crate::ui::job::FAILURE;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// A sweep is one item per (k, seed), each yielding every depth and the nuclear norm.
impl batch::Plan for SweepPlan {
    type Item = (usize, u64);
    type Request = Request;

    fn items(&self) -> (Vec<(usize, u64)>, usize) {
        (self.points(), self.models().len())
    }

    fn request(&self, share: Vec<(usize, u64)>) -> Request {
        self.job(share)
    }
}

type SweepRunner = batch::Runner<SweepPlan, Update, SweepPoint>;

/// A sweep's worker reports only sweep points; anything else would be kept as no point.
fn point_of(u: Update) -> SweepPoint {
    match u {
        Update::SweepPoint(p) => p,
        _ => SweepPoint {
            k: 0,
            seed: 0,
            depth: usize::MAX,
            rel_test_error: f64::NAN,
        },
    }
}

/// Lowest log₁₀ error drawn.
const FLOOR: f32 = -6.5;

/// The section.
#[component]
pub fn SweepSection(config: RwSignal<LowrankConfig>) -> impl IntoView {
    let runner: SweepRunner = batch::Runner::new(super::super::INFO.id, point_of, |p| (p.k, p.seed));
    let sweep = runner.batch;
    let plan = Memo::new(move |_| config.with(SweepPlan::of));
    // The sweep belongs to the settings it ran with: any change clears it.
    Effect::new(move |first: Option<()>| {
        plan.track();
        if first.is_some() {
            runner.clear();
        }
    });
    let done = move || {
        sweep.with(|s| s.config.is_some() && !s.running && !s.stopped && !s.failed && s.results.len() == s.total)
    };
    let status = move || {
        sweep.with(|s| {
            let (n, total, w) = (s.results.len(), s.total, s.workers);
            let workers = if w == 1 { "1 worker".to_owned() } else { format!("{w} workers") };
            if s.failed {
                FAILURE.to_owned()
            } else if s.running {
                format!("Sweeping… {n} of {total} runs on {workers}")
            } else if s.stopped {
                format!("Stopped after {n} of {total} runs; Resume continues.")
            } else if s.config.is_some() && n == total {
                format!("Swept {total} runs in {:.1} s on {workers}.", s.elapsed_ms / 1000.0)
            } else {
                let p = plan.get();
                format!(
                    "Trains the three depths and soft-impute at {} values of k for {} seeds, on your processor's cores.",
                    p.ks.len(),
                    p.seeds.len()
                )
            }
        })
    };
    // One button runs, stops and resumes: a resumed sweep continues with the points it
    // has not run, and a finished or changed one starts afresh (`batch::Runner::resume`).
    let label = move || {
        sweep.with(|s| {
            if s.running {
                "Stop"
            } else if s.resumable() {
                "Resume"
            } else {
                "Run the k-sweep"
            }
        })
    };
    let toggle = move |_| {
        if sweep.with_untracked(|s| s.running) {
            runner.stop()
        } else {
            runner.resume(&plan.get_untracked())
        }
    };
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(canvas_ref, move |canvas| {
        let (n, r) = config.with(|c| (c.size, c.rank));
        plan.with(|p| sweep.with(|s| draw(canvas, &s.results, p, n, degrees_of_freedom(n, r))));
    });
    let csv = move || {
        let mut out = String::from("k,seed,model,rel_test_error\n");
        sweep.with_untracked(|s| {
            for p in &s.results {
                let name = if p.depth == 0 {
                    "nuclear".to_owned()
                } else {
                    format!("depth {}", p.depth)
                };
                out.push_str(&format!("{},{},{name},{}\n", p.k, p.seed, p.rel_test_error));
            }
        });
        out
    };
    let readout = move || {
        /// The testing hook: (k, seed, depth or 0 for the nuclear norm, error) in the order of
        /// their (k, seed) items, the error below which a seed counts as recovered, and
        /// whether the sweep finished.
        #[derive(serde::Serialize)]
        struct Json {
            points: Vec<(usize, u64, usize, f64)>,
            threshold: f64,
            done: bool,
        }
        let done = done();
        sweep.with(|s| {
            let points = s
                .results
                .iter()
                .map(|q| (q.k, q.seed, q.depth, q.rel_test_error))
                .collect();
            serde_json::to_string(&Json {
                points,
                threshold: RECOVERED_BELOW,
                done,
            })
            .unwrap_or_default()
        })
    };
    let report = move || {
        let done = done();
        sweep.with(|s| plan.with(|p| sweep::report(&s.results, p, done)))
    };
    let why = move || sweep.with(|s| plan.with(|p| sweep::why(&s.results, p)));
    view! {
        <section class="lowrank-sweep">
            <h2>"Error against the number of observed entries, over seeds"</h2>
            <div class="run-status">
                <button type="button" class="primary" data-testid="lowrank-sweep-run" on:click=toggle>{label}</button>
                <p class="status" role="status" data-testid="lowrank-sweep-status">{status}</p>
            </div>
            <p class="look" data-testid="lowrank-sweep-look">"Look where each shaded band drops below the grey dashed line; a band across it means seeds disagree."</p>
            <figure class="chart-figure">
                <canvas node_ref=canvas_ref class="chart" data-testid="lowrank-sweep-chart" role="img"
                    aria-label="Median error on the unobserved entries over seeds against k for each depth and the minimum nuclear norm, with bands from the lowest to the highest seed" aria-describedby="lowrank-sweep-chart-alt"></canvas>
                <crate::ui::components::describe::FigureText id="lowrank-sweep-chart-alt" text=Signal::derive(move || {
                    plan.with(|p| sweep.with(|s| crate::panels::lowrank::describe::sweep(&s.results, p)))
                }) />
                <figcaption>{sweep::CAPTION}</figcaption>
            </figure>
            <div inner_html=report></div>
            <details>
                <summary>"Why count the seeds recovered?"</summary>
                <p data-testid="lowrank-sweep-why" inner_html=why></p>
            </details>
            <ExportButtons canvas=canvas_ref name="lowrank-sweep" csv=csv />
            <crate::ui::components::readout::JsonReadout testid="lowrank-sweep-readout" json=Signal::derive(readout) />
        </section>
    }
}

/// The medians as lines with dots, and for the deepest model and the nuclear norm the band
/// from the lowest to the highest seed, on log₁₀ error against k.
fn draw(canvas: &HtmlCanvasElement, points: &[SweepPoint], plan: &SweepPlan, n: usize, dof: usize) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let (lo, hi) = k_range(n);
    let mut chart = linear_chart(
        &root,
        lo as f32..hi as f32,
        FLOOR..0.5,
        // plain text: an axis label drawn on the canvas
        ("observed entries k", "log₁₀ error on unobserved"),
        dpr,
    )?;
    let y = |e: f64| (e.max(1e-12).log10() as f32).clamp(FLOOR, 0.5);
    let thin = dpr.max(1.0) as u32;
    chart
        .draw_series(LineSeries::new(
            [(dof as f32, FLOOR), (dof as f32, 0.5)],
            rgb(AXIS_TEXT).stroke_width(thin),
        ))
        .ok()?;
    let level = y(RECOVERED_BELOW);
    chart
        .draw_series(DashedLineSeries::new(
            [(lo as f32, level), (hi as f32, level)],
            (4.0 * dpr) as u32,
            (4.0 * dpr) as u32,
            rgb(AXIS_TEXT).stroke_width(thin),
        ))
        .ok()?;
    let deep = plan.depths[2];
    let colour = |d: usize| -> Colour {
        match plan.depths.iter().position(|&e| e == d) {
            Some(m) => MODEL_COLOURS[m],
            None => NUCLEAR_COLOUR,
        }
    };
    for d in [deep, 0] {
        let c = sweep::curve(points, d, &plan.ks);
        if c.len() < 2 {
            continue;
        }
        let mut outline: Vec<(f32, f32)> = c.iter().map(|(k, s)| (*k as f32, y(s.hi))).collect();
        outline.extend(c.iter().rev().map(|(k, s)| (*k as f32, y(s.lo))));
        chart
            .draw_series(std::iter::once(Polygon::new(
                outline,
                rgb(colour(d)).mix(0.18).filled(),
            )))
            .ok()?;
    }
    let width = (2.0 * dpr) as u32;
    for d in plan.models() {
        let line: Vec<(f32, f32)> = sweep::curve(points, d, &plan.ks)
            .iter()
            .map(|(k, s)| (*k as f32, y(s.median)))
            .collect();
        let c = rgb(colour(d));
        if d == 0 {
            chart
                .draw_series(DashedLineSeries::new(
                    line.iter().copied(),
                    (6.0 * dpr) as u32,
                    (4.0 * dpr) as u32,
                    c.stroke_width(width),
                ))
                .ok()?;
        } else {
            chart
                .draw_series(LineSeries::new(line.iter().copied(), c.stroke_width(width)))
                .ok()?;
        }
        chart
            .draw_series(line.iter().map(|&p| Circle::new(p, (3.0 * dpr) as u32, c.filled())))
            .ok()?;
    }
    Some(())
}
