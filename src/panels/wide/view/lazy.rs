//! View 3: how far training moves the weights, the kernel and the function away from the
//! kernel prediction, against width, log–log, from a sweep in the compute worker.

use super::draw::{self, Series, KERNEL, KERNEL_CHANGE, NET};
use super::Results;
use crate::engine::wide::train::Snapshot;
use crate::jobs::JobEvent;
use crate::panels::wide::config::WideConfig;
use crate::panels::wide::jobs::{summarise_sweep, Request, SweepPoint, Update as WideUpdate, SLOPE_FROM, SWEEP_RUNS, SWEEP_SEEDS, SWEEP_WIDTHS, RUN_STEPS};
use crate::engine::wide::train::TrainSpec;
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::ExportButtons;
use crate::ui::components::readout::JsonReadout;
use crate::ui::job::{Job, FAILURE};
use crate::ui::tasks::{after_first_paint, now_ms};
use crate::ui::worker::{start, JobHandle};
use crate::{tex_html, tex_text};
use leptos::prelude::*;

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
        sweep.set(Sweep { spec: Some(spec), running: true, ..Sweep::default() });
        let h = start(super::super::INFO.id, &Request::Sweep(spec), move |event: JobEvent<WideUpdate>| {
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
        });
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
    let current = Memo::new(move |_| sweep.with(|s| if s.spec == Some(wanted.get()) { s.points.clone() } else { Vec::new() }));
    let summary = Memo::new(move |_| current.with(|p| summarise_sweep(p)));
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(canvas_ref, move |canvas| {
        let s = summary.get();
        let width = f64::from(config.with(|c| c.width));
        let pairs = |v: &[f64]| s.widths.iter().zip(v).map(|(&w, &r)| (w as f64, r)).collect::<Vec<_>>();
        let series = [
            // plain text: the canvas's key
            Series { points: pairs(&s.rel_weight_change), colour: NET, label: "weights ‖θ_T − θ₀‖/‖θ₀‖" },
            Series { points: pairs(&s.rel_kernel_change), colour: KERNEL_CHANGE, label: "kernel ‖Θ̂_T − Θ̂₀‖/‖Θ̂₀‖" }, // plain text: as above
            Series { points: pairs(&s.net_vs_kernel), colour: KERNEL, label: "net vs kernel prediction" },
        ];
        let guide = s.widths.first().map(|&w| (w as f64, s.rel_weight_change[0]));
        draw::laziness(canvas, &series, guide, width);
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
            slope: Option<f64>,
            elapsed_ms: Option<f64>,
        }
        let s = summary.get();
        serde_json::to_string(&Readout {
            done: current.with(Vec::len),
            total: SWEEP_RUNS,
            widths: s.widths,
            rel_weight_change: s.rel_weight_change,
            rel_kernel_change: s.rel_kernel_change,
            net_vs_kernel: s.net_vs_kernel,
            slope: s.slope,
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
    let slope_text = move || {
        summary.with(|s| {
            s.slope.map(|k| {
                tex_html!(
                    r"Fitted over widths \slot to \slot, the weights' relative change falls like $n^{\slot}$ (the guide line is $n^{-1/2}$).",
                    SLOPE_FROM,
                    s.widths.last().copied().unwrap_or(0),
                    format!("{k:.2}").replace('-', "−")
                )
            })
        })
    };
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
                out.push_str(&format!("{},{},{},{},{}\n", r.width, r.seed, r.rel_weight_change, r.rel_kernel_change, r.net_vs_kernel));
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
                    ("the net's distance to the kernel prediction".to_owned(), pairs(&s.net_vs_kernel)),
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
                aria-label="Log–log chart against width of the relative weight change, the relative kernel change and the distance to the kernel prediction, with a slope −½ guide."
                aria-describedby="wide-lazy-canvas-alt"></canvas>
            <crate::ui::components::describe::FigureText id="wide-lazy-canvas-alt" text=alt />
            <ExportButtons canvas=canvas_ref name="wide-laziness" csv=csv />
        </figure>
        <p class="shares" data-testid="wide-slope" inner_html=move || slope_text().unwrap_or_default()></p>
        <p class="shares" data-testid="wide-lazy-here" inner_html=move || here().unwrap_or_default()></p>
        <JsonReadout title="Sweep as JSON" testid="wide-sweep" json=Signal::derive(sweep_json) />
        <div class="prose view-text">
            <p>
                {format!("Each point is the mean of {SWEEP_SEEDS} nets trained for {RUN_STEPS} steps. ")}
                <span inner_html=tex_text!(r#"Each unit's weights move by about $1/\sqrt n$, so all of $\theta$ moves by $O(1)$ while $\theta$ itself has size $\sqrt n$: the relative change falls like $n^{-1/2}$, training is lazy, and the net stays its own linearisation (Jacot et al. 2018; Lee et al. 2019)."#)></span>
            </p>
            <p inner_html=tex_text!(r#"Chizat, Oyallon and Bach (2019) showed that it is the output scale, not the width as such, that makes training lazy: the net learns $\alpha\,(f - f_0)$ with the loss divided by $\alpha^2$, so $\theta$ must move $1/\alpha$ as far. Slide $\alpha$ down at a fixed width: the weights move further and the kernel changes more, so the net is no longer its own linearisation; at widths where it otherwise follows the kernel prediction closely (a few hundred and up), its distance to it grows. A narrow net is already off the infinite-width prediction, because its own finite kernel is random, so there the distance need not grow. Slide $\alpha$ up and even a narrow net's weights barely move."#)></p>
        </div>
    }
}
