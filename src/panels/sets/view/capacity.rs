//! The width sweep ("it shouldn't work"): training error, test error and a capacity bound
//! against the width of a one-hidden-layer network, computed in a Web Worker.

use crate::engine::capacity::{capacity_gap, parameter_count, SEEDS, WIDTHS};
use crate::panels::sets::jobs::{Request, Update as SweepUpdate, WidthResult};
use crate::plot::canvas::{fit, rgb};
use crate::plot::palette::{AXIS_TEXT, GRID};
use crate::ui::components::export::ExportButtons;
use crate::ui::job::{use_job, JobStatus, FAILURE};
use crate::ui::components::readout::JsonReadout;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Errors shown at or below this value are drawn on the floor of the log axis.
const FLOOR: f32 = 0.01;

/// Reads one figure off a run.
type Pick = fn(&WidthResult) -> f32;

/// The view.
#[component]
pub fn CapacitySweep(seed: Memo<u64>) -> impl IntoView {
    let job = use_job(super::super::INFO.id, move || Request::Capacity { seed: seed.get() }, |runs: &mut Vec<WidthResult>, update| {
        if let SweepUpdate::Width(run) = update {
            runs.push(run);
        }
    });
    let results: ReadSignal<Vec<WidthResult>> = job.state;
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        results.with(|r| {
            if let Some(canvas) = canvas_ref.get() {
                draw(&canvas, r);
            }
        })
    });
    let csv = move || {
        let mut out = String::from("width,seed,parameters,train_error,test_error,capacity_gap\n");
        for r in results.get_untracked() {
            let p = parameter_count(r.width);
            out.push_str(&format!(
                "{},{},{},{},{},{:.4}\n",
                r.width,
                r.seed,
                p,
                r.train_error,
                r.test_error,
                capacity_gap(p, 40)
            ));
        }
        out
    };
    let elapsed = move || match job.status.get() {
        JobStatus::Done(ms) => Some(ms),
        _ => None,
    };
    let status = move || match job.status.get() {
        JobStatus::Failed => FAILURE.to_owned(),
        JobStatus::Done(ms) => format!(
            "{} runs in {ms:.0} ms (in a worker, off the page's thread).",
            results.with(Vec::len)
        ),
        _ => format!(
            "Training… {} of {} runs done.",
            results.with(Vec::len),
            WIDTHS.len() * SEEDS as usize
        ),
    };
    let readout = move || {
        /// The testing hook.
        #[derive(serde::Serialize)]
        struct Readout<'a> {
            runs: &'a [WidthResult],
            elapsed_ms: Option<f64>,
        }
        results.with(|runs| serde_json::to_string(&Readout { runs, elapsed_ms: elapsed() }).unwrap_or_default())
    };
    view! {
        <section class="capacity">
            <h2>"Capacity vs generalisation"</h2>
            <p class="caption">
                "Networks 2-h-1 (ReLU) of width h = 2 … 1,024, three initialisations each, trained on the same 40 \
                 points. Dashed: the classical guarantee for a network of P = 4h + 1 parameters stored as 32-bit \
                 numbers (at most 2³²ᴾ functions): test error ≤ training error + √((32·P·ln 2 + ln 20) / 2N) with \
                 95 % probability. Above 1 it says nothing; the test error never notices."
            </p>
            <canvas node_ref=canvas_ref class="chart wide" data-testid="capacity-chart"></canvas>
            <ExportButtons canvas=canvas_ref name="capacity" csv=csv />
            <p class="shares" data-testid="capacity-status">{status}</p>
            <JsonReadout testid="capacity-readout" json=Signal::derive(readout) />
        </section>
    }
}

fn draw(canvas: &HtmlCanvasElement, results: &[WidthResult]) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let font = ("sans-serif", 12.0 * dpr).into_font().color(&rgb(AXIS_TEXT));
    let mut chart = ChartBuilder::on(&root)
        .margin((12.0 * dpr) as u32)
        .x_label_area_size((32.0 * dpr) as u32)
        .y_label_area_size((46.0 * dpr) as u32)
        .build_cartesian_2d((1.5f32..1400f32).log_scale(), (FLOOR * 0.8..60f32).log_scale())
        .ok()?;
    chart
        .configure_mesh()
        .light_line_style(rgb(GRID))
        .x_desc("hidden width h (log scale)")
        .y_desc("error (log scale; 0 drawn at 0.01)")
        .label_style(font.clone())
        .axis_desc_style(font)
        .draw()
        .ok()?;
    let ink = RGBColor(31, 58, 95);
    let train_c = RGBColor(0, 121, 140);
    let test_c = RGBColor(209, 73, 91);
    let w = |x: f64| (x * dpr) as u32;
    // "Error 1": above it a bound guarantees nothing.
    chart
        .draw_series(LineSeries::new(
            [(1.5, 1.0), (1400.0, 1.0)],
            RGBColor(150, 156, 166).stroke_width(w(1.0)),
        ))
        .ok()?;
    let gap: Vec<(f32, f32)> = WIDTHS
        .iter()
        .map(|&h| (h as f32, capacity_gap(parameter_count(h), 40) as f32))
        .collect();
    chart
        .draw_series(DashedLineSeries::new(gap, w(6.0), w(4.0), ink.stroke_width(w(2.0))))
        .ok()?;
    let mean = |pick: Pick| -> Vec<(f32, f32)> {
        WIDTHS
            .iter()
            .filter_map(|&h| {
                let v: Vec<f32> = results
                    .iter()
                    .filter(|r| r.width == h)
                    .map(pick)
                    .filter(|e| e.is_finite())
                    .collect();
                (!v.is_empty()).then(|| (h as f32, (v.iter().sum::<f32>() / v.len() as f32).max(FLOOR)))
            })
            .collect()
    };
    let train_of: Pick = |r| r.train_error;
    let test_of: Pick = |r| r.test_error;
    for (pick, colour) in [(train_of, train_c), (test_of, test_c)] {
        let points = mean(pick);
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(w(2.5))))
            .ok()?;
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, w(4.0), colour.filled())))
            .ok()?;
    }
    // Key, drawn in the corner.
    let key = [
        ("training error", train_c),
        ("test error", test_c),
        ("capacity bound (gap)", ink),
    ];
    for (k, (label, colour)) in key.iter().enumerate() {
        let y = (14.0 + 18.0 * k as f64) * dpr;
        let x = 70.0 * dpr;
        root.draw(&Rectangle::new(
            [
                (x as i32, (y - 5.0 * dpr) as i32),
                ((x + 14.0 * dpr) as i32, (y + 5.0 * dpr) as i32),
            ],
            colour.filled(),
        ))
        .ok()?;
        root.draw(&Text::new(
            label.to_string(),
            ((x + 20.0 * dpr) as i32, (y - 7.0 * dpr) as i32),
            ("sans-serif", 12.0 * dpr).into_font().color(&RGBColor(40, 48, 60)),
        ))
        .ok()?;
    }
    Some(())
}
