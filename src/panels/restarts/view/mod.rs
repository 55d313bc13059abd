//! Panel "SGD restarts": train one small network many times from random
//! initialisations and look at the minima it finds: all fit the training data, yet their
//! test accuracies bunch up high. An adversarial initialisation (Liu et al. 2019) shows
//! that bad global minima exist; weight decay steers SGD away from them again.

mod charts;
mod controls;
mod draw;
mod figures;
mod readouts;
mod run;

use crate::engine::restarts::{experiment_data, Pipeline};
use crate::plot::canvas::pointer_position;
use crate::plot::Frame;
use crate::panels::restarts::config::RestartsConfig;
use crate::ui::components::export::{save_csv, save_png};
use crate::ui::tasks::Deferred;
use crate::ui::url::use_url_config;
use charts::{Bins, Metric};
use draw::Grid;
use figures::Figures;
use crate::ui::components::readout::JsonReadout;
use leptos::prelude::*;
use readouts::{correlations, map_points, pipeline_name, pipeline_summary, summary_json, table_csv};
use run::Runner;
use std::sync::Arc;
use web_sys::HtmlCanvasElement;

/// Settings changes restart the experiment after this quiet time (a slider drag
/// restarts once, at the end).
const RESTART_DELAY_MS: u64 = 300;

/// `f` of a signal's value read with `get`: signals' `with` compiles a copy of the
/// signal machinery per closure, which costs the page's download more than the clone.
fn apply<T, R>(value: T, f: impl FnOnce(&T) -> R) -> R {
    f(&value)
}

/// The panel.
/// The panel's page content, for the shell.
pub fn page() -> AnyView {
    Restarts().into_any()
}

#[component]
pub fn Restarts() -> impl IntoView {
    let config = use_url_config::<RestartsConfig>();
    let runner = Runner::new();
    let experiment = runner.experiment;
    let settings = Memo::new(move |_| config.get().experiment());
    let data = Memo::new(move |_| Arc::new(experiment_data(&settings.get().spec())));
    // Once a student has started an experiment, changing a setting cancels it and
    // starts the new one; before that, nothing runs until they ask.
    let engaged = StoredValue::new(false);
    let change = StoredValue::new(0u64);
    Effect::new(move |first: Option<()>| {
        let now = settings.get();
        if first.is_none() {
            if config.with_untracked(|c| c.autorun) {
                engaged.set_value(true);
                runner.start(&now);
            }
            return;
        }
        runner.clear();
        change.update_value(|c| *c += 1);
        let ticket = change.get_value();
        if engaged.get_value() {
            set_timeout(
                move || {
                    if change.try_get_value() == Some(ticket) {
                        runner.start(&settings.get_untracked());
                    }
                },
                std::time::Duration::from_millis(RESTART_DELAY_MS),
            );
        }
    });
    let start = move |_| {
        engaged.set_value(true);
        // A restart still waiting for a settings change is now redundant.
        change.update_value(|c| *c += 1);
        runner.start(&settings.get_untracked());
    };
    let stop = move |_| runner.stop();

    // The runs picked out, with the experiment they were picked in: a new experiment
    // shows none (derived, so nothing has to clear it).
    let picked = RwSignal::new((0u64, Vec::<usize>::new()));
    let experiment_id = Memo::new(move |_| experiment.with(|e| e.id));
    let selected = Memo::new(move |_| {
        let id = experiment_id.get();
        picked.with(|(at, runs)| if *at == id { runs.clone() } else { Vec::new() })
    });
    let metric = RwSignal::new(Metric::TestAccuracy);
    let size = crate::ui::resize::use_resize();

    let hist_ref = NodeRef::<leptos::html::Canvas>::new();
    let bounds_ref = NodeRef::<leptos::html::Canvas>::new();
    let thumbs_ref = NodeRef::<leptos::html::Canvas>::new();
    let map_ref = NodeRef::<leptos::html::Canvas>::new();
    let norm_ref = NodeRef::<leptos::html::Canvas>::new();
    let sharp_ref = NodeRef::<leptos::html::Canvas>::new();
    let hist_layout = StoredValue::new(None::<(Frame, Bins)>);
    let map_frame = StoredValue::new(None::<Frame>);
    let thumb_layout = StoredValue::new((Grid { cols: 1, cell: 1.0 }, Vec::<usize>::new()));
    let thumb_cache = StoredValue::new_local(Vec::new());
    let points = Memo::new(move |_| apply(experiment.get(), |e| map_points(&e.runs)));

    // Each figure redraws in a task of its own (see `Deferred`), reading the latest state.
    let figures = Figures {
        experiment,
        selected,
        metric,
        data,
        points,
        hist_ref,
        bounds_ref,
        thumbs_ref,
        map_ref,
        norm_ref,
        sharp_ref,
        hist_layout,
        map_frame,
        thumb_layout,
        thumb_cache,
    };
    let redraw = move |job: Deferred, draw: fn(Figures)| {
        Effect::new(move |_| {
            size.track();
            metric.track();
            selected.track();
            experiment.track();
            data.track();
            job.schedule(move || draw(figures));
        });
    };
    redraw(Deferred::new(), Figures::histogram);
    redraw(Deferred::new(), Figures::boundaries);
    redraw(Deferred::new(), Figures::thumbnails);
    redraw(Deferred::new(), Figures::map);
    redraw(Deferred::new(), Figures::scatters);

    // Clicks: a histogram bar selects its runs, a thumbnail or a map point toggles one.
    let on_hist = move |ev: web_sys::PointerEvent| {
        let Some((frame, bins)) = hist_layout.get_value() else {
            return;
        };
        let Some(p) = pointer_position(&ev, Some(frame)) else {
            return;
        };
        let bin = bins.of(p[0]);
        let m = metric.get_untracked();
        let hits: Vec<usize> = apply(experiment.get_untracked(), |e| {
            (0..e.runs.len())
                .filter(|&i| !e.runs[i].result.diverged && bins.of(m.of(&e.runs[i])) == bin)
                .collect()
        });
        picked.set((experiment_id.get_untracked(), hits));
    };
    let toggle = move |i: usize| {
        let id = experiment_id.get_untracked();
        picked.update(|(at, s)| {
            if *at != id {
                (*at, *s) = (id, Vec::new());
            }
            if let Some(k) = s.iter().position(|&j| j == i) {
                s.remove(k);
            } else {
                s.push(i);
            }
        })
    };
    let on_thumb = move |ev: web_sys::PointerEvent| {
        let (grid, order) = thumb_layout.get_value();
        let slot = grid.slot(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        if let Some(&i) = slot.and_then(|s| order.get(s)) {
            toggle(i);
        }
    };
    let on_map = move |ev: web_sys::PointerEvent| {
        let Some(frame) = map_frame.get_value() else { return };
        let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        let nearest = points.with_untracked(|p| {
            p.iter()
                .enumerate()
                .map(|(i, &q)| {
                    let (px, py) = frame.to_pixels(q);
                    (i, (px - x).hypot(py - y))
                })
                .min_by(|a, b| a.1.total_cmp(&b.1))
        });
        if let Some((i, _)) = nearest.filter(|n| n.1 < 14.0) {
            toggle(i);
        }
    };

    let progress_text = move || {
        apply(experiment.get(), |e| {
            if e.failed {
                return crate::ui::job::FAILURE.to_owned();
            }
            if e.config.is_none() {
                return "Press “Train” to run the experiment.".to_owned();
            }
            let state = if e.running {
                "training…"
            } else if e.stopped {
                "stopped"
            } else {
                "done"
            };
            let workers = if e.workers == 1 {
                "1 worker".to_owned()
            } else {
                format!("{} workers", e.workers)
            };
            format!(
                "{} of {} runs, {:.1} s on {workers}, {state}",
                e.runs.len(),
                e.total,
                e.elapsed_ms / 1000.0
            )
        })
    };
    let summaries = move || {
        apply(experiment.get(), |e| {
            Pipeline::ALL
                .iter()
                .filter_map(|&p| pipeline_summary(e, p).map(|text| (p, text)))
                .map(|(p, text)| view! { <li style=format!("border-left-color:{}", draw::css(p, 1.0))>{text}</li> })
                .collect_view()
        })
    };
    let selection_text = move || {
        let sel = selected.get();
        apply(experiment.get(), |e| match sel.len() {
            0 => "Click a bar, a thumbnail or a point on the map to pick out runs.".to_owned(),
            1..=3 => sel
                .iter()
                .filter_map(|&i| e.runs.get(i))
                .map(|r| {
                    let r = &r.result;
                    format!(
                        "seed {} ({}): training {:.0} %, test {:.1} %, ‖w‖ = {:.1}, sharpness {:.2e}",
                        r.seed,
                        pipeline_name(r.pipeline),
                        100.0 * r.train_acc,
                        100.0 * r.test_acc,
                        r.norm,
                        r.sharpness
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            n => format!("{n} runs selected."),
        })
    };
    let save_figure = move |_| {
        let canvases: Vec<HtmlCanvasElement> = [hist_ref, bounds_ref, map_ref, norm_ref, sharp_ref]
            .iter()
            .filter_map(|r| r.get_untracked())
            .map(|c| {
                let c: &HtmlCanvasElement = &c;
                c.clone()
            })
            .collect();
        if let Some(figure) = draw::compose(&canvases) {
            save_png(&figure, "restarts.png");
        }
    };
    let save_table = move |_| save_csv(&table_csv(&experiment.get_untracked()), "restarts.csv");
    let legend = move || {
        let shown: Vec<Pipeline> = apply(experiment.get(), |e| {
            e.config
                .as_ref()
                .map_or_else(|| settings.get().pipelines(), |c| c.pipelines())
        });
        shown
            .into_iter()
            .map(|p| {
                let mark = ["●", "▲", "■"][p as usize];
                view! { <span class="key" style=format!("color:{}", draw::css(p, 1.0))>{format!("{mark} {}", pipeline_name(p))}</span> }
            })
            .collect_view()
    };

    view! {
        <article class="restarts-panel">
            <header class="panel-intro">
                <h1>"SGD restarts: which minima does SGD find?"</h1>
                <p class="formula">
                    {move || format!(
                        "Train the same network on the same {} points many times, from different random starts. \
                         Every run fits the training data; the test accuracy tells the minima apart.",
                        config.get().n_train
                    )}
                </p>
            </header>
            <div class="restarts-main">
                    <div class="run-bar">
                        <button type="button" data-testid="restarts-run" on:click=start
                            disabled=move || apply(experiment.get(), |e| e.running)>"Train"</button>
                        <button type="button" data-testid="restarts-stop" on:click=stop
                            disabled=move || !apply(experiment.get(), |e| e.running)>"Stop"</button>
                        <progress data-testid="restarts-progress"
                            max=move || apply(experiment.get(), |e| e.total.max(1))
                            value=move || apply(experiment.get(), |e| e.runs.len())></progress>
                        <span class="progress-text" data-testid="restarts-status">{progress_text}</span>
                    </div>
                    <figcaption class="legend">{legend}<span class="key">"hollow bar / ✕: did not fit the training data"</span></figcaption>
                    <div class="figure-grid">
                        <figure>
                            <canvas node_ref=hist_ref class="chart" data-testid="restarts-histogram" on:pointerdown=on_hist
                                role="img" aria-label="Histogram of the runs' test accuracy, one colour per pipeline. Click a bar to select its runs."></canvas>
                            <figcaption>
                                "Test "
                                <select data-testid="restarts-metric" on:change=move |ev| metric.set(
                                    if event_target_value(&ev) == "loss" { Metric::TestLoss } else { Metric::TestAccuracy })>
                                    <option value="accuracy">"accuracy"</option>
                                    <option value="loss">"loss"</option>
                                </select>
                                " of every run"
                            </figcaption>
                        </figure>
                        <figure>
                            <canvas node_ref=bounds_ref class="chart" data-testid="restarts-boundaries"
                                role="img" aria-label="Every run's decision boundary drawn over the training data (filled and hollow dots are the two classes)."></canvas>
                            <figcaption>"Decision boundaries over the training data (● ○ the two classes)"</figcaption>
                        </figure>
                        <figure>
                            <canvas node_ref=map_ref class="chart" data-testid="restarts-map" on:pointerdown=on_map
                                role="img" aria-label="Map of minima: each run's function projected to two dimensions, coloured by test accuracy."></canvas>
                            <figcaption>{move || {
                                let (lo, hi) = figures::accuracy_range(&experiment.get());
                                let scale = if lo <= hi {
                                    format!("test accuracy from {:.1} % (dark) to {:.1} % (bright)", 100.0 * lo, 100.0 * hi)
                                } else {
                                    "test accuracy, dark is worse".to_owned()
                                };
                                format!("Map of minima: each run's function, projected (PCA); colour: {scale}")
                            }}</figcaption>
                        </figure>
                    </div>
                    <p class="caption" data-testid="restarts-selection">{selection_text}</p>
                    <p class="export">
                        <button type="button" class="small" data-testid="restarts-png" on:click=save_figure>"Save figure (PNG)"</button>
                        <button type="button" class="small" data-testid="restarts-csv" on:click=save_table>"Save runs (CSV)"</button>
                        <button type="button" class="small" on:click=move |_| picked.set((0, Vec::new()))>"Clear selection"</button>
                    </p>
                    <ul class="pipeline-summary" data-testid="restarts-summaries">{summaries}</ul>
            </div>
            <section>
                <h2>"Settings"</h2>
                <p class="caption">"A change restarts the experiment. Each restart k uses seed + k, shown with every run."</p>
                <controls::Controls config=config />
            </section>
            <section>
                <h2>"Every run's function"</h2>
                <p class="caption">"Dark: class ●, light: class ○; sorted from worst to best test accuracy. Click one to highlight it."</p>
                <div class="thumbs">
                    <canvas node_ref=thumbs_ref class="thumb-grid" data-testid="restarts-thumbnails" on:pointerdown=on_thumb
                        role="img" aria-label="Thumbnails of every run's decision regions, framed in the colour of its pipeline."></canvas>
                </div>
            </section>
            <section>
                <h2>"Do flat or small-norm minima generalise better?"</h2>
                <div class="chart-pair">
                    <figure>
                        <canvas node_ref=norm_ref class="chart" data-testid="restarts-norm"></canvas>
                        <figcaption>{move || apply(experiment.get(), |e| correlations(e, |r| r.result.norm))}</figcaption>
                    </figure>
                    <figure>
                        <canvas node_ref=sharp_ref class="chart" data-testid="restarts-sharpness"></canvas>
                        <figcaption>{move || apply(experiment.get(), |e| correlations(e, |r| r.result.sharpness))}</figcaption>
                    </figure>
                </div>
                <p class="caption">
                    "Sharpness: how much the training loss rises when the weights move a distance 0.05 uphill \
                     (the first-order version SAM uses)."
                </p>
            </section>
            <JsonReadout title="Run table as JSON" testid="restarts-summary"
                json=Signal::derive(move || summary_json(&experiment.get())) />
            <section class="explain prose">
                <h2>"What it shows"</h2>
                <p>
                    "A network this size can fit its training points in countless ways, and classical theory \
                     cannot tell which one training will pick. Yet the histogram is narrow and sits high: the minima \
                     SGD reaches from random starts are not a random draw from all the ways to fit the data. \
                     That preference is the implicit regularisation of SGD."
                </p>
                <p>
                    "Bad global minima do exist. Tick “Compare with bad minima”: the adversarial start first trains \
                     the network to fit the training points plus two noisy copies of each with random labels, then \
                     runs the same SGD on the true labels. It still reaches 100 % training accuracy, but keeps the \
                     memorised noise between the points and tests worse. Adding weight decay to that second stage \
                     pulls it back towards good minima."
                </p>
                <p>
                    "Flat or sharp? Among SGD's own minima, the flatter ones test better here (a rank correlation \
                     of about −0.8 between sharpness and test accuracy). Yet the adversarial minima are flatter \
                     still by this measure, with four times the weight norm, and test worse. Sharpness changes \
                     when the weights are rescaled (Dinh et al. 2017): a hint, not a law."
                </p>
                <p>
                    "Try: slide “Random training labels” to 100 % (or press “Random labels”): a wide enough network \
                     still fits every label, and test accuracy falls to chance (Zhang et al. 2016)."
                </p>
            </section>
        </article>
    }
}
