//! Panel “Generalisation measures”: a population of small networks trained in the compute
//! workers to the same training loss, and every candidate measure ranked against their
//! generalisation gaps (Jiang et al. 2020), with coupled pairs (Dziugaite et al. 2020) and
//! a random control.

mod controls;
mod draw;
mod explain;
mod presets;
mod results;
mod run;
mod seeds;

use crate::engine::measures::{Axis, Measure};
use crate::panels::measures::captions;
use crate::panels::measures::config::MeasuresConfig;
use crate::panels::measures::presets::PRESETS;
use crate::panels::measures::table::{csv, summary_json, table, Progress};
use crate::tex_text;
use crate::ui::canvas::use_canvas_draw_after;
use crate::ui::components::export::ExportButtons;
use crate::ui::components::readout::JsonReadout;
use crate::ui::components::select::Select;
use crate::ui::url::use_url_config;
use leptos::prelude::*;
use std::sync::Arc;

/// Settings changes restart the study after this quiet time (a slider drag restarts once).
const RESTART_DELAY_MS: u64 = 300;

/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Measures()
}

/// The panel.
#[component]
pub fn Measures() -> impl IntoView {
    let config = use_url_config::<MeasuresConfig>();
    let runner = run::runner();
    let study = runner.batch;
    let spec = Memo::new(move |_| config.with(MeasuresConfig::spec));
    // Once a student has started a study, a change of the study's settings cancels it
    // and starts the new one; before that, nothing runs until they ask.
    let engaged = StoredValue::new(false);
    let change = StoredValue::new(0u64);
    Effect::new(move |first: Option<()>| {
        let now = spec.get();
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
                        runner.start(&spec.get_untracked());
                    }
                },
                std::time::Duration::from_millis(RESTART_DELAY_MS),
            );
        }
    });
    // Train, or continue a paused study with the nets it has not trained; or pause.
    let set_running = move |on: bool| {
        if on {
            engaged.set_value(true);
            // A restart still waiting for a settings change is now redundant.
            change.update_value(|c| *c += 1);
            runner.resume(&spec.get_untracked());
        } else {
            runner.stop();
        }
    };
    let run_or_stop = move |_| set_running(!study.with_untracked(|s| s.running));
    // The shell's run/pause (Space, an embed's bar, a host's genlab:run/stop, a slide left
    // and shown again) and presets (keys 1–3), each keeping the seed and what is drawn.
    let actions = crate::ui::actions::use_actions();
    actions.run_pause(move || study.with(|s| s.running), set_running);
    // The last preset pressed, whose line shows while the settings are still its own.
    let pressed = RwSignal::new(None::<usize>);
    for (k, p) in PRESETS.iter().enumerate() {
        actions.preset(p.name, move || {
            pressed.set(Some(k));
            config.update(|c| *c = PRESETS[k].apply(c));
        });
    }
    let results = Memo::new(move |_| {
        let spec = spec.get();
        Arc::new(study.with(|s| table(&s.results, s.config.as_ref().unwrap_or(&spec))))
    });
    let measure = Memo::new(move |_| config.with(|c| c.measure));
    let colour = Memo::new(move |_| config.with(|c| c.colour));

    let scatter_ref = NodeRef::<leptos::html::Canvas>::new();
    let pairs_ref = NodeRef::<leptos::html::Canvas>::new();
    let seeds_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw_after(
        scatter_ref,
        move || (study.with(|s| s.results.clone()), measure.get(), colour.get()),
        |c, (nets, m, a)| {
            draw::scatter(c, nets, *m, *a);
        },
    );
    use_canvas_draw_after(
        seeds_ref,
        move || (results.get(), measure.get()),
        |c, (t, m)| {
            seeds::strip(c, t, *m);
        },
    );
    use_canvas_draw_after(
        pairs_ref,
        move || (results.get(), measure.get(), config.with(MeasuresConfig::varying)),
        |c, (t, m, axes)| {
            draw::pairs(c, t.of(*m), axes);
        },
    );

    let progress = move || {
        study.with(|s| Progress {
            done: s.results.len(),
            total: s.total,
            elapsed_ms: s.elapsed_ms,
            running: s.running,
            stopped: s.stopped,
        })
    };
    let status = move || {
        study.with(|s| {
            if s.failed {
                return crate::ui::job::FAILURE.to_owned();
            }
            if s.config.is_none() {
                return "Press “Train the population” to start.".to_owned();
            }
            let state = if s.running {
                "training…"
            } else if s.stopped {
                "stopped"
            } else {
                "done"
            };
            format!(
                "{} of {} nets, {:.1} s, {state}",
                s.results.len(),
                s.total,
                s.elapsed_ms / 1000.0
            )
        })
    };
    let measure_options: Vec<(&'static str, &'static str)> =
        Measure::ALL.iter().map(|m| (m.key(), m.label())).collect();
    let colour_options: Vec<(&'static str, &'static str)> = Axis::ALL.iter().map(|a| (a.key(), a.label())).collect();
    let legend = move || {
        let a = colour.get();
        [false, true]
            .into_iter()
            .map(|level| {
                let c = draw::LEVELS[usize::from(level)].css;
                view! { <span><i style=format!("background:{c}")></i>{format!("{} {}", a.label(), a.text(level))}</span> }
            })
            .collect_view()
    };
    let caption = move || captions::scatter(&results.get(), measure.get());
    let pair_caption = move || captions::pairs(&results.get(), measure.get());
    let population = move || config.with(|c| captions::population_text(c, study.with(|s| s.total)));
    let summary = Signal::derive(move || summary_json(&results.get(), progress()));
    let csv_text = move || study.with_untracked(|s| csv(&s.results));
    view! {
        <article class="measures-panel" class:not-run=move || study.with(|s| s.results.is_empty())>
            <header class="panel-intro">
                <h1>"Which measure predicts the generalisation gap?"</h1>
            </header>
            <div class="run-bar">
                <button type="button" class="primary" data-testid="measures-run" on:click=run_or_stop>
                    {move || study.with(|s| if s.running {
                        "Stop"
                    } else if s.stopped && s.results.len() < s.total {
                        "Resume"
                    } else {
                        "Train the population"
                    })}
                </button>
                <progress max=move || study.with(|s| s.total.max(1)) value=move || study.with(|s| s.results.len())
                    class:done=move || study.with(|s| !s.running)></progress>
                <span class="progress-text" data-testid="measures-status" role="status">{status}</span>
            </div>
            <presets::Presets config=config pressed=pressed />
            <p class="print-only not-run-note">"Not run yet: press “Train the population” in the live view to draw these figures."</p>
            <section class="measures-scatter">
                <p class="look" data-testid="measures-look-scatter">"Look for a rising cloud: larger measure, larger gap."</p>
                <div class="measures-pickers">
                    <Select label="Measure" options=measure_options
                        value=Signal::derive(move || measure.get().key())
                        on_change=move |key: String| if let Some(m) = Measure::from_key(&key) { config.update(|c| c.measure = m) }
                        testid="measures-measure" />
                    <Select label="Colour by" options=colour_options
                        value=Signal::derive(move || colour.get().key())
                        on_change=move |key: String| if let Some(a) = Axis::from_key(&key) { config.update(|c| c.colour = a) }
                        testid="measures-colour" />
                </div>
                <figure>
                    <canvas node_ref=scatter_ref class="chart wide" data-testid="measures-scatter"
                        role="img" aria-label="Each trained net: the chosen measure against its generalisation gap."
                        aria-describedby="measures-caption"></canvas>
                    <figcaption>
                        <span class="basin-legend">{legend}</span>
                        <span data-testid="measures-gap-definition">"The gap is the error on the clean test set minus the error on the training labels as the net saw them, flipped ones included. "</span>
                        <span id="measures-caption" data-testid="measures-caption" inner_html=caption></span>
                    </figcaption>
                </figure>
                <ExportButtons canvas=scatter_ref name="measures" csv=csv_text />
                // Saved by assets/notebook.js (the loader fetches it on the first click).
                <button data-notebook data-testid="measures-notebook">"Download notebook"</button>
                <details data-testid="measures-why">
                    <summary>"Why? The population and the question"</summary>
                    <p data-testid="measures-population">{population}</p>
                </details>
            </section>
            <section>
                <h2>"Every measure, seed by seed"</h2>
                <p class="look" data-testid="measures-look-seeds">"Look at each measure's dots: right of their grey bars, those seeds rank the gaps better than chance."</p>
                <canvas node_ref=seeds_ref class="chart measures-pairs" style="height:22rem;max-width:40rem" data-testid="measures-seed-chart"
                    role="img" aria-label="Kendall's tau of every measure on each seed, against that seed's random band."
                    aria-describedby="measures-seeds-caption"></canvas>
                <p class="caption" id="measures-seeds-caption" data-testid="measures-seeds-caption" inner_html=captions::seeds()></p>
            </section>
            <section>
                <h2>"Every measure, ranked"</h2>
                <p class="look" data-testid="measures-look-table">"Look at the bold rows: only those beat the random control on most seeds."</p>
                <results::ResultsTable table=results config=config />
                <p class="caption" inner_html=tex_text!(r"Rows in bold beat the random control: $\tau$ above their seed's band on more than half of at least 3 seeds. Click a measure's name to draw it. SAM $\rho$-sharpness is one gradient step uphill (Foret et al. 2021), not Jiang et al.'s sharpness, which searches for the worst perturbation.")></p>
            </section>
            <section>
                <h2>"Coupled pairs (simplified from Dziugaite et al. 2020)"</h2>
                <p class="look" data-testid="measures-look-pairs">"Look for red bars: on that axis the measure orders pairs worse than a coin flip."</p>
                <canvas node_ref=pairs_ref class="chart measures-pairs" data-testid="measures-pairs"
                    role="img" aria-label="Share of coupled pairs ordered wrongly, per axis."
                    aria-describedby="measures-pairs-caption"></canvas>
                <p class="caption" id="measures-pairs-caption" inner_html=pair_caption></p>
            </section>
            <section class="measures-settings">
                <h2>"Settings"</h2>
                <p class="caption">"A change restarts the study."</p>
                <controls::Controls config=config />
            </section>
            <explain::Explain results=results spec=spec />
            <JsonReadout title="Results as JSON" testid="measures-summary" json=summary />
        </article>
    }
}
