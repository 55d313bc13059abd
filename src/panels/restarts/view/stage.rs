//! The panel's stage: Train and Stop with the progress, the three main figures (clicks
//! pick out runs), what is picked, export, and one sentence per pipeline.

use crate::panels::restarts::layout::Metric;
use super::draw;
use super::figures::{self, Figures};
use super::picks::Picks;
use super::readouts::{pipeline_name, pipeline_summary, table_csv};
use super::run::Runner;
use super::apply;
use crate::engine::restarts::Pipeline;
use crate::panels::restarts::config::RestartsConfig;
use crate::plot::canvas::pointer_position;
use crate::panels::restarts::describe;
use crate::panels::restarts::layout::{bar_heights, key_step, Bins};
use crate::ui::components::describe::FigureText;
use crate::ui::components::export::{save_csv, save_png};
use crate::ui::components::keys::arrow_step;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

/// The stage.
#[component]
pub fn Stage(
    figures: Figures,
    picks: Picks,
    runner: Runner,
    /// The settings an experiment would run now.
    settings: Memo<RestartsConfig>,
    /// Starts an experiment.
    #[prop(into)]
    on_start: Callback<()>,
) -> impl IntoView {
    let Figures {
        experiment,
        selected,
        metric,
        points,
        hist_ref,
        bounds_ref,
        map_ref,
        norm_ref,
        sharp_ref,
        hist_layout,
        map_frame,
        data,
        ..
    } = figures;
    let start = move |_| on_start.run(());
    let stop = move |_| runner.stop();
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
            (0..e.results.len())
                .filter(|&i| !e.results[i].result.diverged && bins.of(m.of(&e.results[i])) == bin)
                .collect()
        });
        picks.set(hits);
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
            picks.toggle(i);
        }
    };

    // The same picks from the keyboard: arrows step through the histogram's filled bars
    // (picking each bar's runs) and through the map's runs (Shift adds to the picks).
    let hist_bin = StoredValue::new(None::<usize>);
    let on_hist_key = move |ev: web_sys::KeyboardEvent| {
        let Some((dx, dy)) = arrow_step(&ev) else { return };
        let dir = if dx + dy > 0.0 { 1 } else { -1 };
        let m = metric.get_untracked();
        let picked = apply(experiment.get_untracked(), |e| {
            let bins = Bins::for_runs(m, &e.results);
            let heights = bar_heights(&e.results, m, bins);
            let filled = |b: usize| heights[b].iter().any(|&(f, u)| f + u > 0);
            let bin = key_step(heights.len(), hist_bin.get_value(), dir, filled)?;
            let hits = (0..e.results.len())
                .filter(|&i| !e.results[i].result.diverged && bins.of(m.of(&e.results[i])) == bin)
                .collect::<Vec<_>>();
            Some((bin, hits))
        });
        if let Some((bin, hits)) = picked {
            hist_bin.set_value(Some(bin));
            picks.set(hits);
        }
    };
    let map_run = StoredValue::new(None::<usize>);
    let on_map_key = move |ev: web_sys::KeyboardEvent| {
        let Some((dx, dy)) = arrow_step(&ev) else { return };
        let dir = if dx + dy > 0.0 { 1 } else { -1 };
        let n = points.with_untracked(Vec::len);
        if let Some(i) = key_step(n, map_run.get_value(), dir, |_| true) {
            map_run.set_value(Some(i));
            if ev.shift_key() {
                picks.toggle(i);
            } else {
                picks.set(vec![i]);
            }
        }
    };
    let hist_alt = Signal::derive(move || {
        let (m, sel) = (metric.get(), selected.get());
        apply(experiment.get(), |e| describe::histogram(&e.results, m, pipeline_name, &sel))
    });
    let bounds_alt = Signal::derive(move || {
        let n = data.with(|d| d.0.len());
        apply(experiment.get(), |e| describe::boundaries(&e.results, n))
    });
    let map_alt = Signal::derive(move || apply(experiment.get(), |e| describe::map(&e.results)));

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
                e.results.len(),
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
                .map(|(p, text)| format!(r#"<li style="border-left-color:{}">{text}</li>"#, draw::css(p, 1.0)))
                .collect::<String>()
        })
    };
    let selection_text = move || {
        let sel = selected.get();
        apply(experiment.get(), |e| match sel.len() {
            0 => "Click a bar, a thumbnail or a point on the map to pick out runs.".to_owned(),
            1..=3 => sel
                .iter()
                .filter_map(|&i| e.results.get(i))
                .map(|r| {
                    let r = &r.result;
                    crate::tex_html!(
                        r"seed \slot (\slot): training \slot %, test \slot %, $\lVert w\rVert = \slot$, $\lambda_{\max} = \slot$",
                        r.seed,
                        pipeline_name(r.pipeline),
                        format_args!("{:.0}", 100.0 * r.train_acc),
                        format_args!("{:.1}", 100.0 * r.test_acc),
                        format_args!("{:.1}", r.norm),
                        crate::panels::restarts::prose::sci(r.lambda_max, 2)
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
                let mark = draw::MARKS[p as usize];
                format!(r#"<span class="key" style="color:{}">{mark} {}</span>"#, draw::css(p, 1.0), pipeline_name(p))
            })
            .chain([r#"<span class="key">hollow bar / ✕: did not fit the training data</span>"#.to_owned()])
            .collect::<String>()
    };

    view! {
            <div class="restarts-main">
                    <div class="run-bar">
                        <button type="button" data-testid="restarts-run" on:click=start
                            disabled=move || apply(experiment.get(), |e| e.running)>
                            {move || if apply(experiment.get(), |e| e.stopped && e.results.len() < e.total) { "Resume" } else { "Train" }}
                        </button>
                        <button type="button" data-testid="restarts-stop" on:click=stop
                            disabled=move || !apply(experiment.get(), |e| e.running)>"Stop"</button>
                        <progress data-testid="restarts-progress"
                            max=move || apply(experiment.get(), |e| e.total.max(1))
                            value=move || apply(experiment.get(), |e| e.results.len())></progress>
                        <span class="progress-text" data-testid="restarts-status">{progress_text}</span>
                    </div>
                    <figcaption class="legend" inner_html=Signal::derive(legend)></figcaption>
                    {move || apply(experiment.get(), |e| e.results.is_empty()).then(|| view! {
                        <p class="print-only" data-testid="restarts-not-run">"Not run yet: press Train in the live view to draw these figures."</p>
                    })}
                    <div class="figure-grid" class:not-run=move || apply(experiment.get(), |e| e.results.is_empty())>
                        <figure>
                            <p class="look">"Look at its width: narrow means SGD's fits test alike."</p>
                            <canvas node_ref=hist_ref class="chart" data-testid="restarts-histogram" on:pointerdown=on_hist
                                tabindex="0" on:keydown=on_hist_key aria-describedby="restarts-histogram-alt"
                                role="img" aria-label="Histogram of the runs' test accuracy or loss, one colour per pipeline. Click a bar, or use the arrow keys, to pick its runs."></canvas>
                            <FigureText id="restarts-histogram-alt" text=hist_alt />
                            <figcaption>
                                "Test "
                                <select data-testid="restarts-metric" aria-label="What the histogram counts" on:change=move |ev| metric.set(
                                    if event_target_value(&ev) == "loss" { Metric::TestLoss } else { Metric::TestAccuracy })>
                                    <option value="accuracy">"accuracy"</option>
                                    <option value="loss">"loss"</option>
                                </select>
                                " of every run"
                            </figcaption>
                        </figure>
                        <figure>
                            <p class="look">"Look where the boundaries fan out: there the fits disagree."</p>
                            <canvas node_ref=bounds_ref class="chart" data-testid="restarts-boundaries"
                                role="img" aria-label="Every run's decision boundary drawn over the training data (filled and hollow dots are the two classes)."
                                aria-describedby="restarts-boundaries-alt"></canvas>
                            <FigureText id="restarts-boundaries-alt" text=bounds_alt />
                            <figcaption>"Decision boundaries over the training data (● ○ the two classes)"</figcaption>
                        </figure>
                        <figure>
                            <p class="look">"Look for clusters: runs that ended at similar functions."</p>
                            <canvas node_ref=map_ref class="chart" data-testid="restarts-map" on:pointerdown=on_map
                                tabindex="0" on:keydown=on_map_key aria-describedby="restarts-map-alt"
                                role="img" aria-label="Map of minima: each run's function projected to two dimensions, coloured by test accuracy. Click a point, or use the arrow keys (Shift to add), to pick runs."></canvas>
                            <FigureText id="restarts-map-alt" text=map_alt />
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
                    <p class="caption" data-testid="restarts-selection" aria-live="polite" inner_html=Signal::derive(selection_text)></p>
                    <p class="export">
                        <button type="button" class="small" data-testid="restarts-png" on:click=save_figure>"Save figure (PNG)"</button>
                        <button type="button" class="small" data-testid="restarts-csv" on:click=save_table>"Save runs (CSV)"</button>
                        // Saved by assets/notebook.js (the loader fetches it on the first click).
                        <button data-notebook data-testid="restarts-notebook">"Download notebook"</button>
                        <button type="button" class="small" on:click=move |_| picks.clear()>"Clear selection"</button>
                    </p>
                    <ul class="pipeline-summary" data-testid="restarts-summaries" inner_html=Signal::derive(summaries)></ul>
            </div>
    }
}
