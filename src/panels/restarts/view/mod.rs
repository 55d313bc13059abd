//! Panel "SGD restarts": train one small network many times from random
//! initialisations and look at the minima it finds, beside the fits it did not choose:
//! random ones (guess-and-check, Chiang et al. 2023) and the bad global minima of an
//! adversarial start (Liu et al. 2020), with weight decay and its control.

mod charts;
mod controls;
mod draw;
mod explain;
mod figures;
mod picks;
mod readouts;
mod run;
mod stage;

use crate::engine::restarts::experiment_data;
use crate::panels::restarts::describe;
use crate::ui::components::describe::FigureText;
use crate::plot::Frame;
use crate::panels::restarts::config::RestartsConfig;
use crate::ui::tasks::Deferred;
use crate::ui::url::use_url_config;
use crate::panels::restarts::layout::{Bins, Grid, Metric};
use figures::Figures;
use picks::Picks;
use crate::ui::components::readout::JsonReadout;
use crate::ui::canvas::use_element_resize;
use crate::ui::viewport::{use_near_viewport, NEAR};
use crate::tex_text;
use leptos::prelude::*;
use readouts::{correlations, map_points, summary_json};
use std::sync::Arc;

/// Settings changes restart the experiment after this quiet time (a slider drag
/// restarts once, at the end).
const RESTART_DELAY_MS: u64 = 300;

/// `f` of a signal's value read with `get`: signals' `with` compiles a copy of the
/// signal machinery per closure, which costs the page's download more than the clone.
pub(super) fn apply<T, R>(value: T, f: impl FnOnce(&T) -> R) -> R {
    f(&value)
}

/// The panel.
/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Restarts()
}

#[component]
pub fn Restarts() -> impl IntoView {
    let config = use_url_config::<RestartsConfig>();
    let runner = run::runner();
    let experiment = runner.batch;
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
    // Train, or continue a paused experiment with the restarts it has not finished.
    let start = move |()| {
        engaged.set_value(true);
        // A restart still waiting for a settings change is now redundant.
        change.update_value(|c| *c += 1);
        runner.resume(&settings.get_untracked());
    };

    // The shell's run/pause (Space, an embed's bar, a host's genlab:run/stop, a slide left
    // and shown again) and presets.
    let actions = crate::ui::actions::use_actions();
    actions.run_pause(move || experiment.with(|e| e.running), move |on| if on { start(()) } else { runner.stop() });
    // The presets, from their buttons, keys 1–2 or an embed's bar: each says in one line
    // what it will show.
    let preset_note = RwSignal::new(None::<String>);
    let preset = move |random: bool| {
        config.update(|c| {
            *c = if random { RestartsConfig::random_labels(c.seed) } else { RestartsConfig { seed: c.seed, ..RestartsConfig::default() } };
        });
        preset_note.set(Some(config.with_untracked(RestartsConfig::preset_note)));
    };
    actions.preset("Default", move || preset(false));
    actions.preset("Random labels", move || preset(true));

    let picks = Picks::new(experiment);
    let selected = picks.selected;
    let metric = RwSignal::new(Metric::TestAccuracy);

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
    let points = Memo::new(move |_| apply(experiment.get(), |e| map_points(&e.results)));

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
    // Each figure is also redrawn when its own canvas changes size, and only while one of
    // its canvases is near the screen (redrawn when it comes back).
    let redraw = move |canvases: &[NodeRef<leptos::html::Canvas>], draw: fn(Figures)| {
        let resized: Vec<_> = canvases.iter().map(|&c| use_element_resize(c)).collect();
        let near: Vec<_> = canvases.iter().map(|&c| use_near_viewport(c, NEAR)).collect();
        let job = Deferred::new();
        Effect::new(move |_| {
            resized.iter().for_each(|r| r.track());
            metric.track();
            selected.track();
            experiment.track();
            data.track();
            if near.iter().any(|n| n.get()) {
                if crate::ui::print::is_printing() {
                    // Drawn before the page is laid out for paper.
                    draw(figures);
                } else {
                    job.schedule(move || draw(figures));
                }
            }
        });
    };
    redraw(&[hist_ref], Figures::histogram);
    redraw(&[bounds_ref], Figures::boundaries);
    redraw(&[thumbs_ref], Figures::thumbnails);
    redraw(&[map_ref], Figures::map);
    redraw(&[norm_ref, sharp_ref], Figures::scatters);

    let on_thumb = move |ev: web_sys::PointerEvent| {
        let (grid, order) = thumb_layout.get_value();
        let slot = grid.slot(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        if let Some(&i) = slot.and_then(|s| order.get(s)) {
            picks.toggle(i);
        }
    };
    // The thumbnails from the keyboard: arrows step through them in their drawn order,
    // picking each (Shift adds it to the picks).
    let thumb_at = StoredValue::new(None::<usize>);
    let on_thumb_key = move |ev: web_sys::KeyboardEvent| {
        let Some((dx, dy)) = crate::ui::components::keys::arrow_step(&ev) else { return };
        let dir = if dx - dy > 0.0 { 1 } else { -1 };
        let (_, order) = thumb_layout.get_value();
        if let Some(slot) = crate::panels::restarts::layout::key_step(order.len(), thumb_at.get_value(), dir, |_| true) {
            thumb_at.set_value(Some(slot));
            if ev.shift_key() {
                picks.toggle(order[slot]);
            } else {
                picks.set(vec![order[slot]]);
            }
        }
    };
    let thumbs_alt = Signal::derive(move || apply(experiment.get(), |e| describe::thumbnails(&e.results)));
    // plain text: the figures' text alternatives (read by screen readers as words)
    let norm_alt = Signal::derive(move || apply(experiment.get(), |e| describe::scatter(&e.results, "parameter norm ‖w‖", |r| r.norm)));
    let sharp_alt = Signal::derive(move || apply(experiment.get(), |e| describe::scatter(&e.results, "λ_max", |r| r.lambda_max))); // plain text: as above
    view! {
        <article class="restarts-panel">
            <header class="panel-intro">
                <h1>"SGD restarts: which minima does SGD find?"</h1>
                <p class="formula">
                    {move || format!(
                        "Train the same network on the same {} points many times, from different random starts, \
                         and compare the minima it finds: do they fit the data, and how well do they test?",
                        config.get().n_train
                    )}
                </p>
            </header>
            <stage::Stage figures=figures picks=picks runner=runner settings=settings on_start=start />
            <explain::Explain experiment=experiment />
            <section>
                <h2>"Settings"</h2>
                <p class="caption">"A change restarts the experiment. Each restart k uses seed + k, shown with every run."</p>
                <controls::Controls config=config preset=Callback::new(preset) note=preset_note />
            </section>
            <section>
                <h2>"Every run's function"</h2>
                <p class="look">"Compare the first and last thumbnails: the worst and the best fit of the same data."</p>
                <p class="caption">"Dark: class ●, light: class ○; sorted from worst to best test accuracy. Click one to highlight it."</p>
                <div class="thumbs">
                    <canvas node_ref=thumbs_ref class="thumb-grid" data-testid="restarts-thumbnails" on:pointerdown=on_thumb
                        tabindex="0" on:keydown=on_thumb_key aria-describedby="restarts-thumbnails-alt"
                        role="img" aria-label="Thumbnails of every run's decision regions, framed in the colour of its pipeline. Click one, or use the arrow keys (Shift to add), to pick runs."></canvas>
                    <FigureText id="restarts-thumbnails-alt" text=thumbs_alt />
                </div>
            </section>
            <section>
                <h2>"Do flat or small-norm minima generalise better?"</h2>
                <p class="look">"Look for a trend: if small norms or flat minima tested better, the points would rise to the left."</p>
                <div class="chart-pair">
                    <figure>
                        <canvas node_ref=norm_ref class="chart" data-testid="restarts-norm" role="img"
                            aria-label="Test accuracy against parameter norm, one point per run" aria-describedby="restarts-norm-alt"></canvas>
                        <FigureText id="restarts-norm-alt" text=norm_alt />
                        <figcaption inner_html=Signal::derive(move || apply(experiment.get(), |e| correlations(e, |r| r.result.norm)))></figcaption>
                    </figure>
                    <figure>
                        <canvas node_ref=sharp_ref class="chart" data-testid="restarts-sharpness" role="img"
                            aria-label="Test accuracy against log λ_max, one point per run" aria-describedby="restarts-sharpness-alt"></canvas>
                        <FigureText id="restarts-sharpness-alt" text=sharp_alt />
                        <figcaption inner_html=Signal::derive(move || apply(experiment.get(), |e| correlations(e, |r| r.result.lambda_max)))></figcaption>
                    </figure>
                </div>
                <p class="caption" inner_html=tex_text!(r#"$\lambda_{\max}$: the largest eigenvalue of the training loss's Hessian, the curvature along the sharpest direction. The run table (CSV) also holds a scale-aware $\lambda_{\max}$, which rescaling layers cannot move."#)></p>
            </section>
            <JsonReadout title="Run table as JSON" testid="restarts-summary"
                json=Signal::derive(move || summary_json(&experiment.get())) />
        </article>
    }
}
