//! The restarts panel's settings: data, network, optimiser, number of restarts, random
//! labels and the bad-minima comparison, plus two presets.

use crate::engine::{Activation, DatasetKind};
use crate::panels::restarts::config::*;
use crate::ui::components::select::Select;
use crate::ui::components::slider::Knob;
use crate::ui::components::toggle::Toggle;
use crate::ui::components::seed::SeedInput;
use leptos::prelude::*;

/// The settings column.
#[component]
pub fn Controls(
    config: RwSignal<RestartsConfig>,
    /// Applies a preset: `true` for random labels, `false` for the defaults.
    preset: Callback<bool>,
    /// The last preset's one-line note.
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <aside class="sam-controls restarts-controls">
            <div class="presets">
                <button type="button" class="small" data-testid="restarts-preset-default" on:click=move |_| preset.run(false)>
                    "Default"
                </button>
                <button type="button" class="small" data-testid="restarts-preset-random" on:click=move |_| preset.run(true)>
                    "Random labels"
                </button>
            </div>
            <p class="hint" data-testid="restarts-preset-note" aria-live="polite" hidden=move || note.with(Option::is_none)>
                {move || note.get().unwrap_or_default()}
            </p>
            <Select label="Data" options=DATASETS.iter().map(|d| (d.key(), d.key())).collect()
                value=Signal::derive(move || config.get().dataset.key())
                on_change=move |key: String| {
                    if let Some(d) = DatasetKind::from_key(&key) {
                        config.update(|c| c.dataset = d);
                    }
                }
                testid="restarts-data" />
            <Knob config=config knob=&params::N />
            <Knob config=config knob=&params::WIDTH />
            <Knob config=config knob=&params::DEPTH />
            <Select label="Activation" options=vec![("tanh", "tanh"), ("relu", "ReLU")]
                value=Signal::derive(move || activation_key(config.get().activation))
                on_change=move |key: String| {
                    let activation = if key == "relu" { Activation::Relu } else { Activation::Tanh };
                    config.update(|c| c.activation = activation);
                }
                testid="restarts-act" />
            <Knob config=config knob=&params::LR />
            <Knob config=config knob=&params::MOM />
            <Knob config=config knob=&params::BATCH />
            <Knob config=config knob=&params::STEPS />
            <Knob config=config knob=&params::RUNS />
            <Knob config=config knob=&params::Q />
            <Toggle label="Compare with bad minima (Liu et al.)"
                checked=Signal::derive(move || config.get().compare_bad)
                on_change=move |on| config.update(|c| c.compare_bad = on) testid="restarts-bad" />
            <Toggle label="Compare with random fits (guess and check)"
                checked=Signal::derive(move || config.get().guess)
                on_change=move |on| config.update(|c| c.guess = on) testid="restarts-guess" />
            <Knob config=config knob=&params::ALPHA />
            <SeedInput value=Signal::derive(move || config.with(|c| c.seed))
                on_change=move |seed| config.update(|c| c.seed = seed) max=MAX_RESTART_SEED testid="restarts-seed" />
        </aside>
    }
}
