//! Panel “Generalisation measures”: a population of small networks trained in the compute
//! workers to the same training loss, and every candidate measure ranked against their
//! generalisation gaps (Jiang et al. 2020), with coupled pairs (Dziugaite et al. 2020) and
//! a random control.

mod controls;
mod draw;
mod results;
mod run;

use crate::engine::measures::{Axis, Measure};
use crate::panels::measures::config::MeasuresConfig;
use crate::panels::measures::table::{csv, findings, math_label, signed, summary_json, table, Progress};
use crate::{tex_html, tex_text};
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
    let preset = move |all_axes: bool, fixed: bool| {
        config.update(|c| {
            let d = MeasuresConfig::default();
            *c = MeasuresConfig {
                axes: if all_axes { [true; 6] } else { d.axes },
                fixed,
                seed: c.seed,
                measure: c.measure,
                colour: c.colour,
                ..d
            }
        })
    };
    actions.preset("Training set fixed, same training loss", move || preset(false, false));
    actions.preset("Training-set size varying too", move || preset(true, false));
    actions.preset("Training set fixed, fixed step budget", move || preset(false, true));
    let results = Memo::new(move |_| {
        let spec = spec.get();
        Arc::new(study.with(|s| table(&s.results, s.config.as_ref().unwrap_or(&spec))))
    });
    let measure = Memo::new(move |_| config.with(|c| c.measure));
    let colour = Memo::new(move |_| config.with(|c| c.colour));

    let scatter_ref = NodeRef::<leptos::html::Canvas>::new();
    let pairs_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw_after(
        scatter_ref,
        move || (study.with(|s| s.results.clone()), measure.get(), colour.get()),
        |c, (nets, m, a)| {
            draw::scatter(c, nets, *m, *a);
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
            format!("{} of {} nets, {:.1} s, {state}", s.results.len(), s.total, s.elapsed_ms / 1000.0)
        })
    };
    let measure_options: Vec<(&'static str, &'static str)> = Measure::ALL.iter().map(|m| (m.key(), m.label())).collect();
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
    let caption = move || {
        let t = results.get();
        let m = measure.get();
        match t.of(m) {
            Some(r) if t.ranked >= 2 => tex_html!(
                r"\slot: $\tau = \slot$, $\Psi = \slot$ over \slot nets; random orderings reach $\Psi$ up to \slot.",
                math_label(m),
                signed(r.tau),
                signed(r.psi),
                t.ranked,
                signed(t.band.psi.1)
            ),
            _ => "Each net appears here as soon as it is trained.".to_owned(),
        }
    };
    let intro = move || {
        let c = config.get();
        let aim = if c.fixed {
            "each trained with momentum SGD for a fixed 300 steps".to_owned()
        } else {
            format!("each trained with momentum SGD until its training cross-entropy reaches {:.2}", c.target_ce)
        };
        format!(
            "A population of {} small ReLU networks on two moons with {:.0} % of the training labels flipped, {aim}. \
             Which number computed from a trained net predicts its generalisation gap?",
            study.with(|s| s.total).max(crate::engine::measures::population(&c.spec()).len()),
            100.0 * c.flip
        )
    };
    let pair_caption = move || {
        let t = results.get();
        let m = measure.get();
        match t.of(m).and_then(|r| r.worst()) {
            Some((a, share)) if t.ranked >= 2 => tex_html!(
                r"Share of coupled pairs (two nets differing in one axis only, same seed) that \slot orders wrongly; ties count $\tfrac12$. Worst: \slot with \slot %. Chance is 50 % (dashed); red bars are worse than chance. Simplified from Dziugaite et al.: no filter for pairs whose gaps differ by less than the noise of one test set, and the mean share per axis rather than the worst environment.",
                math_label(m),
                a.label(),
                format_args!("{:.0}", 100.0 * share)
            ),
            _ => tex_text!(r"Share of coupled pairs (two nets differing in one axis only, same seed) that the measure orders wrongly; ties count $\tfrac12$. Chance is 50 %.").to_owned(),
        }
    };
    let summary = Signal::derive(move || summary_json(&results.get(), progress()));
    let csv_text = move || study.with_untracked(|s| csv(&s.results));
    view! {
        <article class="measures-panel">
            <header class="panel-intro">
                <h1>"Which measure predicts the generalisation gap?"</h1>
                <p>{intro}</p>
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
            <section class="measures-scatter">
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
            </section>
            <section>
                <h2>"Every measure, ranked"</h2>
                <results::ResultsTable table=results config=config />
                <p class="caption" inner_html=tex_text!(r"Rows in bold beat the random band on $\Psi$. Click a measure's name to draw it. SAM $\rho$-sharpness is one gradient step uphill (Foret et al. 2021), not Jiang et al.'s sharpness, which searches for the worst perturbation.")></p>
            </section>
            <section>
                <h2>"Coupled pairs (simplified from Dziugaite et al. 2020)"</h2>
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
            <section class="explain" data-testid="measures-explain">
                <h2 inner_html=tex_text!(r"What $\tau$ and $\Psi$ mean")></h2>
                <p inner_html=tex_text!(r"Kendall's $\tau$ compares every pair of nets: +1 when the measure and the gap put the pair in the same order, −1 when they disagree, 0 for a tie, averaged over all pairs. $\tau = 1$ is a perfect ranking, 0 no better than chance. $\Psi$, Jiang et al.'s granulated $\tau$, averages over the varying axes the agreement on pairs of nets that differ in that axis alone ($\psi$ of that axis), so a measure cannot score only by following one hyperparameter.")></p>
                <h2>"What the study found"</h2>
                <p>
                    "Jiang et al. (2020) trained more than 10,000 convolutional networks on CIFAR-10 and SVHN, each to the same training \
                     cross-entropy: sharpness-based measures, PAC-Bayes flatness and its magnitude-aware form above all, predicted the gap \
                     best, while norm products such as the spectral-norm product did poorly or negatively. Dziugaite et al. (2020) then \
                     compared coupled pairs, two nets differing in one hyperparameter, and found that in the worst case over the kinds \
                     of change no measure ordered them better than a coin flip."
                </p>
                <h2>"Here"</h2>
                <p data-testid="measures-findings" inner_html=move || findings(&results.get(), &spec.get())></p>
                <h2>"What this cannot show"</h2>
                <p>
                    "These are toy networks on a few dozen points of a 2-D problem, and all nets of one seed share one training set, \
                     so ranks move with the seed; compare them with the random band before reading anything into them. Agreement or \
                     disagreement with Jiang et al. here says nothing about image classifiers at scale. With the fixed budget, nets end \
                     at different training losses, so a measure can correlate with the gap merely by tracking how far training got: \
                     Jiang et al.'s reason for training every net to the same loss."
                </p>
            </section>
            <JsonReadout title="Results as JSON" testid="measures-summary" json=summary />
        </article>
    }
}
