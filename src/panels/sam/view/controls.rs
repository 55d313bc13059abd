//! The SAM panel's settings: the surface, η, ρ, steps, noise, the test loss, basin maps
//! and stepping through SAM.

use super::super::config::{knobs, SamConfig};
use super::super::surfaces::{preset, PRESET_KEYS};
use crate::ui::components::{select::Select, slider::Knob, toggle::Toggle};
use leptos::prelude::*;

/// The settings column.
#[component]
pub fn Controls(config: RwSignal<SamConfig>, step_mode: RwSignal<Option<usize>>, surface_key: Memo<&'static str>) -> impl IntoView {
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

    view! {
            <aside class="sam-controls">
                <Select
                    label="Surface"
                    options=PRESET_KEYS.iter().map(|k| (*k, preset(k).map(|p| p.title).unwrap_or_default())).collect()
                    value=surface_key
                    on_change=choose_surface
                    testid="sam-surface"
                />
                <Knob config=config knob=&knobs::LR />
                <Knob config=config knob=&knobs::RHO />
                <Knob config=config knob=&knobs::STEPS />
                <Toggle
                    label="Noisy gradients (SGD)"
                    checked=Signal::derive(move || config.with(|c| c.sgd))
                    on_change=move |on| config.update(|c| c.sgd = on)
                    testid="sam-sgd"
                />
                <Show when=move || config.with(|c| c.sgd)>
                    <div class="sub-controls">
                        <Knob config=config knob=&knobs::NOISE />
                        <button type="button" on:click=move |_| config.update(|c| c.noise_seed += 1)>
                            {move || format!("New noise (seed {})", config.with(|c| c.noise_seed))}
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
