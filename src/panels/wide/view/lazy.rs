//! View 3: how far training moves the weights, the kernel and the function away from the
//! kernel prediction, against width, log–log, from a sweep in the compute worker; each
//! measured slope with the guide it is nearest (`claims`).

use super::draw::{self, GuideLine, Series, KERNEL, KERNEL_CHANGE, NET};
use super::Results;
use crate::engine::wide::train::Snapshot;
use crate::engine::wide::train::TrainSpec;
use crate::jobs::JobEvent;
use crate::panels::wide::claims::{guides, slopes_text, GUIDES};
use crate::panels::wide::config::WideConfig;
use crate::panels::wide::jobs::{
    summarise_sweep, Request, SweepPoint, Update as WideUpdate, RUN_STEPS, SLOPE_FROM, SWEEP_RUNS, SWEEP_SEEDS,
    SWEEP_WIDTHS,
};
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::ExportButtons;
use crate::ui::components::readout::JsonReadout;
use crate::ui::job::{Job, FAILURE};
use crate::ui::tasks::{after_first_paint, now_ms};
use crate::ui::worker::{start, JobHandle};
use crate::{tex_html, tex_text};
use leptos::prelude::*;

/// The chart's key texts (a canvas cannot hold MathML).
const KEY_WEIGHTS: &str = "weights ‖θ_T − θ₀‖/‖θ₀‖"; // plain text: the canvas's key
const KEY_KERNEL: &str = "kernel ‖Θ̂_T − Θ̂₀‖/‖Θ̂₀‖"; // plain text: the canvas's key
const KEY_WEIGHTS_GUIDE: [&str; 2] = ["guide n^−½ (weights)", "guide n^−1 (weights)"]; // plain text: as above
const KEY_KERNEL_GUIDE: [&str; 2] = ["guide n^−½ (kernel)", "guide n^−1 (kernel)"]; // plain text: as above

/// One sweep: the settings it ran, its runs so far, and where it stands.
#[derive(Clone, Debug, Default, PartialEq)]
struct Sweep {
    spec: Option<TrainSpec>,
    points: Vec<SweepPoint>,
    running: bool,
    failed: bool,
    elapsed_ms: Option<f64>,
}

/// The view.
#[component]
pub fn LazyView(config: RwSignal<WideConfig>, job: Job<Results>, shown: Memo<Option<Snapshot>>) -> impl IntoView {
    let _ = job;
    let sweep = RwSignal::new(Sweep::default());
    let handle = StoredValue::new_local(None::<JobHandle>);
    let generation = StoredValue::new(0u64);
    // The sweep's settings: everything but the width.
    let wanted = Memo::new(move |_| config.with(|c| c.train_spec(1)));
    let run = move || {
        let spec = wanted.get_untracked();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let t0 = now_ms();
        sweep.set(Sweep {
            spec: Some(spec),
            running: true,
            ..Sweep::default()
        });
        let h = start(
            super::super::INFO.id,
            &Request::Sweep(spec),
            move |event: JobEvent<WideUpdate>| {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                match event {
                    JobEvent::Update(WideUpdate::Sweep(p)) => sweep.update(|s| s.points.push(p)),
                    JobEvent::Update(_) => {}
                    JobEvent::Done => sweep.update(|s| {
                        s.running = false;
                        s.elapsed_ms = Some(now_ms() - t0);
                    }),
                    JobEvent::Failed => sweep.update(|s| {
                        s.running = false;
                        s.failed = true;
                    }),
                }
            },
        );
        if h.is_none() {
            sweep.update(|s| {
                s.running = false;
                s.failed = true;
            });
        }
        handle.set_value(h);
    };
    let cancel = move || {
        generation.update_value(|g| *g += 1);
        handle.set_value(None);
        sweep.update(|s| s.running = false);
    };
    if config.with_untracked(|c| c.autorun) {
        after_first_paint(run);
    }
    // Results belong to the settings they ran with (derived, so nothing resets them).
    let current = Memo::new(move |_| {
        sweep.with(|s| {
            if s.spec == Some(wanted.get()) {
                s.points.clone()
            } else {
                Vec::new()
            }
        })
    });
    let summary = Memo::new(move |_| current.with(|p| summarise_sweep(p)));
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(canvas_ref, move |canvas| {
        let s = summary.get();
        let width = f64::from(config.with(|c| c.width));
        let pairs = |v: &[f64]| s.widths.iter().zip(v).map(|(&w, &r)| (w as f64, r)).collect::<Vec<_>>();
        let series = [
            Series {
                points: pairs(&s.rel_weight_change),
                colour: NET,
                label: KEY_WEIGHTS,
            },
            Series {
                points: pairs(&s.rel_kernel_change),
                colour: KERNEL_CHANGE,
                label: KEY_KERNEL,
            },
            Series {
                points: pairs(&s.net_vs_kernel),
                colour: KERNEL,
                label: "net vs kernel prediction",
            },
        ];
        // Each change's guide: n^(−½) or n^(−1), whichever its fitted slope is nearer.
        let key = |keys: [&'static str; 2], g: f64| if g == GUIDES[0] { keys[0] } else { keys[1] };
        let [weights, kernel] = guides(&s);
        let lines: Vec<GuideLine> = [
            weights.map(|g| GuideLine {
                guide: g,
                colour: NET,
                label: key(KEY_WEIGHTS_GUIDE, g.exponent),
            }),
            kernel.map(|g| GuideLine {
                guide: g,
                colour: KERNEL_CHANGE,
                label: key(KEY_KERNEL_GUIDE, g.exponent),
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        draw::laziness(canvas, &series, &lines, SLOPE_FROM as f64 / 2.0, width);
    });
    let sweep_json = move || {
        /// The testing hook.
        #[derive(serde::Serialize)]
        struct Readout {
            done: usize,
            total: usize,
            widths: Vec<usize>,
            rel_weight_change: Vec<f64>,
            rel_kernel_change: Vec<f64>,
            net_vs_kernel: Vec<f64>,
            weight_slope: Option<f64>,
            kernel_slope: Option<f64>,
            /// The exponents of the guides drawn beside the weights' and the kernel's curves.
            guides: [Option<f64>; 2],
            elapsed_ms: Option<f64>,
        }
        let s = summary.get();
        let drawn = guides(&s).map(|g| g.map(|g| g.exponent));
        serde_json::to_string(&Readout {
            done: current.with(Vec::len),
            total: SWEEP_RUNS,
            widths: s.widths,
            rel_weight_change: s.rel_weight_change,
            rel_kernel_change: s.rel_kernel_change,
            guides: drawn,
            net_vs_kernel: s.net_vs_kernel,
            weight_slope: s.weight_slope,
            kernel_slope: s.kernel_slope,
            elapsed_ms: sweep.with(|s| s.elapsed_ms).filter(|_| !current.with(Vec::is_empty)),
        })
        .unwrap_or_default()
    };
    let status = move || {
        let done = current.with(Vec::len);
        sweep.with(|s| {
            if s.failed {
                FAILURE.to_owned()
            } else if s.running {
                format!("Training… {done} of {SWEEP_RUNS} nets done.")
            } else if done == SWEEP_RUNS {
                format!("{SWEEP_RUNS} nets trained in {:.1} s in a worker.", s.elapsed_ms.unwrap_or(0.0) / 1000.0)
            } else {
                format!("Press “Run the sweep” to train {SWEEP_RUNS} nets ({} widths, {SWEEP_SEEDS} seeds each) with these settings.", SWEEP_WIDTHS.len())
            }
        })
    };
    let slope_text = move || summary.with(|s| slopes_text(config.with(|c| c.act), s));
    let here = move || {
        shown.get().map(|s| {
            tex_html!(
                r"At width \slot (grey line), $\alpha = \slot$: weights moved \slot %, the kernel \slot %, and the net ends \slot % of the targets' size from the kernel prediction.",
                config.with(|c| c.width),
                config.with(|c| c.alpha),
                format_args!("{:.2}", 100.0 * s.rel_weight_change),
                format_args!("{:.2}", 100.0 * s.rel_kernel_change),
                format_args!("{:.1}", 100.0 * s.net_vs_kernel)
            )
        })
    };
    let csv = move || {
        let mut out = String::from("width,seed,rel_weight_change,rel_kernel_change,net_vs_kernel\n");
        current.with_untracked(|p| {
            for r in p {
                out.push_str(&format!(
                    "{},{},{},{},{}\n",
                    r.width, r.seed, r.rel_weight_change, r.rel_kernel_change, r.net_vs_kernel
                ));
            }
        });
        out
    };
    // The chart in words: each measure's course over the widths.
    let alt = Signal::derive(move || {
        summary.with(|s| {
            let pairs = |v: &[f64]| s.widths.iter().zip(v).map(|(&w, &r)| (w as f64, r)).collect::<Vec<_>>();
            crate::plot::describe::chart(
                "Laziness against width n, on log scales",
                "n",
                &[
                    ("The weights' relative change".to_owned(), pairs(&s.rel_weight_change)),
                    ("the kernel's relative change".to_owned(), pairs(&s.rel_kernel_change)),
                    (
                        "the net's distance to the kernel prediction".to_owned(),
                        pairs(&s.net_vs_kernel),
                    ),
                ],
            )
        })
    });
    view! {
        <div class="run-bar">
            <button type="button" class="primary" data-testid="wide-sweep-run" on:click=move |_| run()
                disabled=move || sweep.with(|s| s.running)>"Run the sweep"</button>
            <button type="button" data-testid="wide-sweep-cancel" on:click=move |_| cancel()
                disabled=move || sweep.with(|s| !s.running)>"Cancel"</button>
            <progress max=SWEEP_RUNS value=move || current.with(Vec::len) class:done=move || !sweep.with(|s| s.running)></progress>
            <span class="progress-text" data-testid="wide-sweep-status">{status}</span>
        </div>
        <figure class="function-figure">
            <canvas node_ref=canvas_ref class="function-plot" role="img" data-testid="wide-lazy-canvas"
                aria-label="Log–log chart against width of the relative weight change, the relative kernel change and the distance to the kernel prediction, each change beside a dashed guide of slope −½ or −1."
                aria-describedby="wide-lazy-canvas-alt"></canvas>
            <p class="look" data-testid="wide-lazy-look">"Look at how steeply each curve falls, against the dashed guide in its colour."</p>
            <crate::ui::components::describe::FigureText id="wide-lazy-canvas-alt" text=alt />
            <ExportButtons canvas=canvas_ref name="wide-laziness" csv=csv />
        </figure>
        <p class="shares" data-testid="wide-slope" inner_html=move || slope_text().unwrap_or_default()></p>
        <p class="shares" data-testid="wide-lazy-here" inner_html=move || here().unwrap_or_default()></p>
        <JsonReadout title="Sweep as JSON" testid="wide-sweep" json=Signal::derive(sweep_json) />
        <details class="prose view-text why" data-testid="wide-lazy-why">
            <summary>"Why?"</summary>
            <p>
                {format!("Each point is the mean of {SWEEP_SEEDS} nets trained for {RUN_STEPS} steps. ")}
                <span inner_html=tex_text!(r#"Each unit's weights move by about $1/\sqrt n$, so all of $\theta$ moves by $O(1)$ while $\theta$ itself has size $\sqrt n$: the weights' relative change falls like $n^{-1/2}$, training is lazy, and the net stays its own linearisation (Jacot et al. 2018; Lee et al. 2019)."#)></span>
            </p>
            <p inner_html=tex_text!(r#"The kernel is an average over the $n$ units of products of their gradients. Lee et al. (2019) bound its change by $n^{-1/2}$ too, but for a smooth activation the first-order changes are odd in the output weights and cancel on average, leaving order $1/n$ (Dyer and Gur-Ari 2020). ReLU's slope is a step: each unit whose input crosses 0 changes its share of the kernel by a whole step, so ReLU's kernel falls more slowly. The line under the chart fits both slopes to the sweep you ran."#)></p>
            <p inner_html=tex_text!(r#"Chizat, Oyallon and Bach (2019) showed that it is the output scale, not the width as such, that makes training lazy: the net learns $\alpha\,(f - f_0)$ with the loss divided by $\alpha^2$, so $\theta$ must move $1/\alpha$ as far. Slide $\alpha$ down at a fixed width: the weights move further and the kernel changes more, so the net is no longer its own linearisation; at widths where it otherwise follows the kernel prediction closely (a few hundred and up), its distance to it grows. A narrow net is already off the infinite-width prediction, because its own finite kernel is random, so there the distance need not grow. Slide $\alpha$ up and even a narrow net's weights barely move."#)></p>
        </details>
    }
}
