//! The k-sweep: the error on the unobserved entries against the number of observed
//! entries, for every depth and the minimum nuclear norm completion, computed in the
//! compute worker on request, with progress and stop.

use super::super::config::{k_range, LowrankConfig};
use super::super::heat::{MODEL_COLOURS, NUCLEAR_COLOUR};
use super::super::jobs::{Request, Update};
use super::super::trace::Sweep;
use crate::ui::runner::{Runner, Status};
use crate::engine::completion::degrees_of_freedom;
use crate::plot::canvas::{fit, linear_chart, rgb};
use crate::plot::palette::AXIS_TEXT;
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::ExportButtons;
use crate::ui::job::FAILURE;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The values of k swept for side n: 40 %, 50 %, … 90 % of the n² entries, within the
/// accepted range.
pub fn sweep_ks(n: usize) -> Vec<usize> {
    let (lo, hi) = k_range(n);
    let mut ks: Vec<usize> = (4..=9).map(|t| (t * n * n / 10).clamp(lo, hi)).collect();
    ks.dedup();
    ks
}

/// The section.
#[component]
pub fn SweepSection(config: RwSignal<LowrankConfig>) -> impl IntoView {
    let runner: Runner<Sweep, Update> = Runner::new(Sweep::fold);
    let request = move || {
        config.with_untracked(|c| Request::Sweep {
            spec: c.spec(),
            ks: sweep_ks(c.size),
            depths: c.depths().to_vec(),
            init: c.init,
            steps: c.steps,
        })
    };
    // The sweep belongs to the settings it ran with: any change clears it.
    let settings = Memo::new(move |_| config.with(|c| (c.size, c.rank, c.seed, c.depth, c.init.to_bits(), c.steps)));
    Effect::new(move |first: Option<()>| {
        settings.track();
        if first.is_some() {
            runner.stop();
            runner.state.set(Sweep::default());
            runner.status.set(Status::Idle);
        }
    });
    let total = move || config.with(|c| sweep_ks(c.size).len() * 4);
    let status = move || match runner.status.get() {
        Status::Idle => "Trains the three depths and soft-impute at each k (a few seconds).".to_owned(),
        Status::Running(_) => format!("Sweeping… {} of {} runs", runner.state.with(|s| s.points.len()), total()),
        Status::Done(ms) => format!("Swept in {ms:.0} ms."),
        Status::Stopped => format!("Stopped after {} of {} runs.", runner.state.with(|s| s.points.len()), total()),
        Status::Failed => FAILURE.to_owned(),
    };
    let running = move || matches!(runner.status.get(), Status::Running(_));
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(canvas_ref, move |canvas| {
        let (n, r, depths) = config.with(|c| (c.size, c.rank, c.depths()));
        runner.state.with(|s| draw(canvas, s, n, degrees_of_freedom(n, r), &depths));
    });
    let csv = move || {
        let mut out = String::from("k,model,rel_test_error\n");
        runner.state.with_untracked(|s| {
            for &(k, d, e) in &s.points {
                let name = if d == 0 { "nuclear".to_owned() } else { format!("depth {d}") };
                out.push_str(&format!("{k},{name},{e}\n"));
            }
        });
        out
    };
    let readout = move || {
        /// The testing hook: (k, depth or 0 for the nuclear norm, error) and whether it finished.
        #[derive(serde::Serialize)]
        struct Json<'a> {
            points: &'a [(usize, usize, f64)],
            done: bool,
        }
        let done = matches!(runner.status.get(), Status::Done(_));
        runner.state.with(|s| serde_json::to_string(&Json { points: &s.points, done }).unwrap_or_default())
    };
    view! {
        <section class="lowrank-sweep">
            <h2>"Error against the number of observed entries"</h2>
            <div class="run-status">
                <Show when=running fallback=move || view! {
                    <button type="button" class="primary" data-testid="lowrank-sweep-run"
                        on:click=move |_| runner.start(super::super::INFO.id, &request())>"Run the k-sweep"</button>
                }>
                    <button type="button" data-testid="lowrank-sweep-stop" on:click=move |_| runner.stop()>"Stop"</button>
                </Show>
                <p class="status" role="status" data-testid="lowrank-sweep-status">{status}</p>
            </div>
            <figure class="chart-figure">
                <canvas node_ref=canvas_ref class="chart" data-testid="lowrank-sweep-chart" role="img"
                    aria-label="Error on the unobserved entries against k for each depth and the minimum nuclear norm" aria-describedby="lowrank-sweep-chart-alt"></canvas>
                <crate::ui::components::describe::FigureText id="lowrank-sweep-chart-alt" text=Signal::derive(move || {
                    let depths = config.with(|c| c.depths());
                    runner.state.with(|s| crate::panels::lowrank::describe::sweep(&s.points, &depths))
                }) />
                <figcaption>"One seed, this seed; dashed: minimum nuclear norm; grey: the degrees of freedom"</figcaption>
            </figure>
            <ExportButtons canvas=canvas_ref name="lowrank-sweep" csv=csv />
            <crate::ui::components::readout::JsonReadout testid="lowrank-sweep-readout" json=Signal::derive(readout) />
        </section>
    }
}

fn draw(canvas: &HtmlCanvasElement, s: &Sweep, n: usize, dof: usize, depths: &[usize; 3]) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let (lo, hi) = k_range(n);
    let mut chart = linear_chart(&root, lo as f32..hi as f32, 0.0..1.2, ("observed entries k", "error on unobserved"), dpr)?;
    let width = (2.0 * dpr) as u32;
    chart
        .draw_series(LineSeries::new([(dof as f32, 0.0), (dof as f32, 1.2)], rgb(AXIS_TEXT).stroke_width(dpr.max(1.0) as u32)))
        .ok()?;
    for (m, &depth) in depths.iter().enumerate() {
        let line: Vec<(f32, f32)> = s.points.iter().filter(|p| p.1 == depth).map(|p| (p.0 as f32, (p.2 as f32).min(1.2))).collect();
        let colour = rgb(MODEL_COLOURS[m]);
        chart.draw_series(LineSeries::new(line.iter().copied(), colour.stroke_width(width))).ok()?;
        chart.draw_series(line.iter().map(|&p| Circle::new(p, (3.0 * dpr) as u32, colour.filled()))).ok()?;
    }
    let nuclear: Vec<(f32, f32)> = s.points.iter().filter(|p| p.1 == 0).map(|p| (p.0 as f32, (p.2 as f32).min(1.2))).collect();
    chart
        .draw_series(DashedLineSeries::new(nuclear, (6.0 * dpr) as u32, (4.0 * dpr) as u32, rgb(NUCLEAR_COLOUR).stroke_width(width)))
        .ok()?;
    Some(())
}
