//! The SAM panel's settings: ready-made scenarios, the surface, η, ρ, steps, stochastic
//! gradients (minibatches on data, isotropic noise elsewhere), the test loss, basin maps
//! and stepping through SAM.

use super::super::config::{params, SamConfig};
use super::super::surfaces::{built_from_data, preset, title, PRESET_KEYS, SCENARIOS};
use crate::ui::components::{select::Select, slider::Knob, toggle::Toggle};
use leptos::prelude::*;

/// The settings column.
#[component]
pub fn Controls(
    config: RwSignal<SamConfig>,
    step_mode: RwSignal<Option<usize>>,
    surface_key: Memo<&'static str>,
    /// The scenario button pressed last (also by its shortcut key).
    pressed: RwSignal<Option<usize>>,
) -> impl IntoView {
    let choose_surface = move |key: String| {
        if let Some(p) = preset(&key) {
            let keep = config.get_untracked();
            step_mode.set(None);
            config.set(SamConfig {
                rho: keep.rho,
                steps: keep.steps,
                test: keep.test,
                basins: keep.basins,
                ..SamConfig::defaults(&p)
            });
        }
    };

    let from_data = Memo::new(move |_| built_from_data(surface_key.get()));
    // What the pressed scenario will show, while the settings are still its own (its claim
    // is about those settings; after a drag or a slider it no longer applies).
    let says = move || {
        pressed
            .get()
            .map(|k| &SCENARIOS[k])
            .filter(|s| config.with(|c| c.with_scenario(s) == *c))
            .map_or("", |s| s.says)
    };
    let scenarios = SCENARIOS
        .iter()
        .enumerate()
        .map(|(k, scenario)| {
            let apply = move |_| {
                step_mode.set(None);
                pressed.set(Some(k));
                config.update(|c| *c = c.with_scenario(scenario));
            };
            view! {
                <button type="button" class="small" data-testid=format!("sam-scenario-{}", k + 1) on:click=apply
                    inner_html=scenario.button></button>
            }
        })
        .collect_view();

    view! {
            <aside class="sam-controls">
                <div class="presets" role="group" aria-label="Ready-made settings">{scenarios}</div>
                <p class="hint scenario-says" data-testid="sam-scenario-says" aria-live="polite" inner_html=says></p>
                <Select
                    label="Surface"
                    options=PRESET_KEYS.iter().map(|k| (*k, title(k))).collect()
                    value=surface_key
                    on_change=choose_surface
                    testid="sam-surface"
                />
                <Knob config=config knob=&params::LR />
                <Knob config=config knob=&params::RHO />
                <Knob config=config knob=&params::STEPS />
                <Toggle
                    label="Stochastic gradients"
                    checked=Signal::derive(move || config.with(|c| c.sgd))
                    on_change=move |on| config.update(|c| c.sgd = on)
                    testid="sam-sgd"
                />
                <Show when=move || config.with(|c| c.sgd)>
                    <div class="sub-controls">
                        <p class="hint" data-testid="sam-sgd-kind" inner_html=move || if from_data.get() {
                                crate::tex_text!(r"Minibatch SGD: each step uses the loss on $b$ of the 24 points, drawn afresh (the same batch for GD and SAM). SAM takes its $\varepsilon$ from the batch's loss too, as in Foret et al. 2021, so it penalises the sharpness of each batch's loss: their $m$-sharpness (§4.1), here with $m = b$.")
                            } else {
                                crate::tex_text!(r"Isotropic noise: $\sigma\xi$ added to every gradient, $\xi \sim \mathcal N(0, I)$. This is not minibatch noise, which has the data's shape; pick a data surface for true minibatches.")
                            }>
                        </p>
                        <Show when=move || from_data.get() fallback=move || view! { <Knob config=config knob=&params::NOISE /> }>
                            <Knob config=config knob=&params::BATCH />
                        </Show>
                        <button type="button" on:click=move |_| config.update(|c| c.noise_seed += 1)>
                            {move || format!("New draw (seed {})", config.with(|c| c.noise_seed))}
                        </button>
                    </div>
                </Show>
                <Toggle
                    label="Show test loss (shifted surface)"
                    checked=Signal::derive(move || config.with(|c| c.test))
                    on_change=move |on| config.update(|c| c.test = on)
                    testid="sam-test"
                />
                <Toggle
                    label="Basin maps: where each start ends"
                    checked=Signal::derive(move || config.with(|c| c.basins))
                    on_change=move |on| config.update(|c| c.basins = on)
                    testid="sam-basins"
                />
                <div class="step-controls">
                    <Show
                        when=move || step_mode.get().is_some()
                        fallback=move || view! {
                            <button type="button" data-testid="sam-step-mode" on:click=move |_| step_mode.set(Some(0))>
                                "Step through SAM"
                            </button>
                        }
                    >
                        <button type="button" class="primary" data-testid="sam-step" on:click=move |_| step_mode.update(|s| if let Some(k) = s { *k += 1 })>
                            "Step"
                        </button>
                        <span class="status">{move || format!("step {}", step_mode.get().unwrap_or(0))}</span>
                        <button type="button" on:click=move |_| step_mode.set(None)>"Show all steps"</button>
                    </Show>
                </div>
            </aside>
    }
}
