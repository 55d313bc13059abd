//! "It shouldn't work", and where it does: training error, test error and a classical
//! bound on the test error, against the width of a one-hidden-layer network on 40 points,
//! and for the smallest network against the number of training points. Both sweeps run
//! in Web Workers.

use super::draw::key;
use crate::plot::canvas::{lg, log_chart};
use crate::engine::capacity::{parameter_count, test_error_bound, SAMPLE_SIZES, SEEDS, SMALL_WIDTH, WIDTHS};
use crate::panels::sets::jobs::{Request, SizeResult, Update as SweepUpdate, WidthResult};
use crate::plot::describe;
use crate::ui::components::describe::FigureText;
use crate::ui::components::export::ExportButtons;
use crate::ui::components::readout::JsonReadout;
use crate::ui::job::{use_job, JobStatus, FAILURE};
use crate::ui::canvas::use_canvas_draw;
use crate::{tex_html, tex_text};
use leptos::prelude::*;
use plotters::prelude::*;
use crate::plot::canvas::font;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Errors shown at or below this value are drawn on the floor of the log axis.
const FLOOR: f32 = 0.01;
/// Training points of the width sweep.
const WIDTH_N: usize = 40;

/// One sweep point: x (width or N), P, N, and the mean training and test errors.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
struct Point {
    x: usize,
    parameters: usize,
    n: usize,
    train_error: f64,
    test_error: f64,
    /// Training error + gap, capped at 1.
    bound: f64,
}

/// Means over the finished runs at each x (runs that diverged left out).
fn points(runs: &[(usize, f32, f32)], xs: &[usize], p_of: impl Fn(usize) -> usize, n_of: impl Fn(usize) -> usize) -> Vec<Point> {
    xs.iter()
        .filter_map(|&x| {
            let done: Vec<_> = runs.iter().filter(|r| r.0 == x && r.1.is_finite()).collect();
            let k = done.len() as f64;
            let train_error = done.iter().map(|r| f64::from(r.1)).sum::<f64>() / k;
            let test_error = done.iter().map(|r| f64::from(r.2)).sum::<f64>() / k;
            let (parameters, n) = (p_of(x), n_of(x));
            (!done.is_empty()).then(|| Point { x, parameters, n, train_error, test_error, bound: test_error_bound(train_error, parameters, n) })
        })
        .collect()
}

/// Runs reported so far.
#[derive(Clone, Debug, Default, PartialEq)]
struct Sweeps {
    widths: Vec<WidthResult>,
    sizes: Vec<SizeResult>,
}

/// The view.
#[component]
pub fn CapacitySweep(seed: Memo<u64>) -> impl IntoView {
    let job = use_job(super::super::INFO.id, move || Request::Capacity { seed: seed.get() }, |s: &mut Sweeps, update| match update {
        SweepUpdate::Width(run) => s.widths.push(run),
        SweepUpdate::Size(run) => s.sizes.push(run),
        _ => {}
    });
    let state = job.state;
    let width_points = move || {
        state.with(|s| {
            let runs: Vec<_> = s.widths.iter().map(|r| (r.width, r.train_error, r.test_error)).collect();
            points(&runs, &WIDTHS, parameter_count, |_| WIDTH_N)
        })
    };
    let size_points = move || {
        state.with(|s| {
            let runs: Vec<_> = s.sizes.iter().map(|r| (r.n, r.train_error, r.test_error)).collect();
            points(&runs, &SAMPLE_SIZES, |_| parameter_count(SMALL_WIDTH), |n| n)
        })
    };
    let width_ref = NodeRef::<leptos::html::Canvas>::new();
    let size_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(width_ref, move |canvas| {
        draw(canvas, &width_points(), (1.5, 1400.0), "hidden width h (log scale)");
    });
    use_canvas_draw(size_ref, move |canvas| {
        draw(canvas, &size_points(), (30.0, 26_000.0), "training points N (log scale)");
    });
    let csv = move || {
        let mut out = String::from("sweep,x,parameters,n,train_error,test_error,bound\n");
        for (sweep, points) in [("width", untrack(width_points)), ("n", untrack(size_points))] {
            for p in points {
                out.push_str(&format!("{sweep},{},{},{},{},{},{:.4}\n", p.x, p.parameters, p.n, p.train_error, p.test_error, p.bound));
            }
        }
        out
    };
    let all = (WIDTHS.len() + SAMPLE_SIZES.len()) * SEEDS as usize;
    let status = move || match job.status.get() {
        JobStatus::Failed => FAILURE.to_owned(),
        JobStatus::Done(ms) => format!("{all} runs in {ms:.0} ms (in a worker, off the page’s thread)."),
        _ => format!("Training… {} of {all} runs done.", state.with(|s| s.widths.len() + s.sizes.len())),
    };
    // What the N sweep found, in words, once it is done.
    let verdict = move || {
        if !matches!(job.status.get(), JobStatus::Done(_)) {
            return String::new();
        }
        let p = &size_points();
        {
            let (Some(first), Some(last)) = (p.iter().find(|p| p.bound < 1.0), p.last()) else {
                return "For the smallest network the bound stays at 1 even with 20,000 points.".to_owned();
            };
            let widest = parameter_count(*WIDTHS.last().unwrap_or(&1));
            tex_html!(
                r"For the smallest network ($P = \slot$) the bound first says something at $N = \slot$; with $N = \slot$ it promises test error $\le \slot$, and the measured test error is \slot. Its gap alone reaches 0.1 at $N \approx \slot$; the widest network ($P = \slot$) would need about \slot million points. Classical theory works for small models with lots of data, and says nothing for the wide ones that still generalise.",
                last.parameters,
                thousands(first.n),
                thousands(last.n),
                format_args!("{:.2}", last.bound),
                format_args!("{:.2}", last.test_error),
                thousands(needed_for_gap(last.parameters, 0.1).ceil() as usize),
                widest,
                format_args!("{:.1}", needed_for_gap(widest, 0.1) / 1e6),
            )
        }
    };
    let readout = move || {
        /// The testing hook.
        #[derive(serde::Serialize)]
        struct Readout<'a> {
            runs: &'a [WidthResult],
            widths: Vec<Point>,
            sizes: Vec<Point>,
            elapsed_ms: Option<f64>,
        }
        let elapsed = match job.status.get() {
            JobStatus::Done(ms) => Some(ms),
            _ => None,
        };
        let (widths, sizes) = (width_points(), size_points());
        state.with(|s| serde_json::to_string(&Readout { runs: &s.widths, widths, sizes, elapsed_ms: elapsed }).unwrap_or_default())
    };
    // Each chart in words: its three curves.
    let lines = |p: &[Point]| {
        let curve = |f: fn(&Point) -> f64| p.iter().map(|q| (q.x as f64, f(q))).collect::<Vec<_>>();
        vec![
            ("Training error".to_owned(), curve(|q| q.train_error)),
            ("test error".to_owned(), curve(|q| q.test_error)),
            ("the bound".to_owned(), curve(|q| q.bound)),
        ]
    };
    let width_alt = Signal::derive(move || {
        describe::chart("Errors against the hidden width h on 40 points", "h", &lines(&width_points()))
    });
    let size_alt = Signal::derive(move || {
        describe::chart("Errors of the smallest network against the number of training points N", "N", &lines(&size_points()))
    });
    view! {
        <section class="capacity">
            <h2>"Capacity vs generalisation"</h2>
            <p class="caption" inner_html=tex_text!(r"Networks 2-$h$-1 (ReLU), three initialisations each. A network of $P = 4h + 1$ parameters stored as 32-bit numbers is one of at most $2^{32P}$ functions, so with 95 % probability test error $\le$ training error $+ \sqrt{(32P\ln 2 + \ln 20)/2N}$ (Hoeffding and a union bound). VC dimension and Rademacher complexity measure the same thing, how many labellings the class can fit, in ways that also apply to classes with infinitely many members. Dashed: that bound, capped at 1 (above the grey line it says nothing).")></p>
            <p class="look">"Compare the dashed bound with the measured test error: across widths (left), then across N (right)."</p>
            <div class="chart-pair">
                <figure>
                    <canvas node_ref=width_ref class="chart" data-testid="capacity-chart" role="img"
                        aria-label="Training error, test error and the capacity bound against width" aria-describedby="capacity-chart-alt"></canvas>
                    <FigureText id="capacity-chart-alt" text=width_alt />
                    <figcaption inner_html=tex_text!(r"Growing width, the same $N = 40$ points: the bound is 1 at every width; the test error never notices.")></figcaption>
                </figure>
                <figure>
                    <canvas node_ref=size_ref class="chart" data-testid="capacity-n-chart" role="img"
                        aria-label="Training error, test error and the capacity bound against the number of training points" aria-describedby="capacity-n-chart-alt"></canvas>
                    <FigureText id="capacity-n-chart-alt" text=size_alt />
                    <figcaption inner_html=tex_html!(r"The smallest network ($h = \slot$, $P = \slot$), more and more data.", SMALL_WIDTH, parameter_count(SMALL_WIDTH))></figcaption>
                </figure>
            </div>
            <p data-testid="capacity-verdict" inner_html=Signal::derive(verdict)></p>
            <ExportButtons canvas=width_ref name="capacity" csv=csv />
            <p class="shares" data-testid="capacity-status">{Signal::derive(status)}</p>
            <JsonReadout testid="capacity-readout" json=Signal::derive(readout) />
        </section>
    }
}

/// 20000 as "20,000".
fn thousands(n: usize) -> String {
    if n >= 1000 {
        format!("{},{:03}", n / 1000, n % 1000)
    } else {
        n.to_string()
    }
}

/// The N at which the gap of a P-parameter network reaches `gap`: (32·P·ln 2 + ln 20)/(2·gap²).
fn needed_for_gap(parameters: usize, gap: f64) -> f64 {
    (32.0 * parameters as f64 * std::f64::consts::LN_2 + 20f64.ln()) / (2.0 * gap * gap)
}

fn draw(canvas: &HtmlCanvasElement, points: &[Point], x: (f32, f32), x_desc: &str) -> Option<()> {
    let (_, _, dpr) = crate::plot::canvas::fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = log_chart(&root, x.0..x.1, FLOOR * 0.8..8f32, (x_desc, "error (log scale; 0 drawn at 0.01)"), dpr)?;
    let ink = RGBColor(31, 58, 95);
    let train_c = RGBColor(0, 121, 140);
    let test_c = RGBColor(209, 73, 91);
    let w = |v: f64| (v * dpr * crate::plot::canvas::scale()).max(1.0) as u32;
    // The cap: at 1 a bound on an error rate guarantees nothing.
    let grey = RGBColor(150, 156, 166);
    chart.draw_series(LineSeries::new([lg((x.0, 1.0)), lg((x.1, 1.0))], grey.stroke_width(w(1.5)))).ok()?;
    let label_x = x.0 * (x.1 / x.0).powf(0.55);
    chart
        .draw_series([Text::new("1: no guarantee", lg((label_x, 1.6)), font(12.0 * dpr).color(&grey))])
        .ok()?;
    let series = |pick: fn(&Point) -> f64| -> Vec<(f32, f32)> {
        points.iter().map(|p| lg((p.x as f32, (pick(p) as f32).max(FLOOR)))).collect()
    };
    let bound = series(|p| p.bound);
    chart.draw_series(DashedLineSeries::new(bound.clone(), w(6.0), w(4.0), ink.stroke_width(w(2.0)))).ok()?;
    // Capped points hollow, informative ones filled.
    chart
        .draw_series(points.iter().zip(&bound).map(|(p, &at)| {
            let style = if p.bound >= 1.0 { ink.stroke_width(w(1.5)) } else { ink.filled() };
            Circle::new(at, w(3.5), style)
        }))
        .ok()?;
    for (pick, colour) in [(series(|p| p.train_error), train_c), (series(|p| p.test_error), test_c)] {
        chart.draw_series(LineSeries::new(pick.clone(), colour.stroke_width(w(2.5)))).ok()?;
        chart.draw_series(pick.iter().map(|&p| Circle::new(p, w(3.5), colour.filled()))).ok()?;
    }
    key(&root, &[("training error", train_c), ("test error", test_c), ("bound on test error", ink)], dpr)
}
