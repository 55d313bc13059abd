//! The sets panel's settings: N, the two tolerances, label noise, wrong labels, seed.

use crate::panels::sets::config::{knobs, SetsConfig, FEATURES};
use crate::state::query::MAX_SEED;
use crate::ui::components::{seed::SeedInput, slider::Knob};
use leptos::prelude::*;

/// The settings column.
#[component]
pub fn Controls(config: RwSignal<SetsConfig>, seed: Memo<u64>) -> impl IntoView {
    view! {
        <aside class="sam-controls">
            <Knob config=config knob=&knobs::N />
            <p class="hint">{move || if config.with(|c| c.n as usize) < FEATURES { "N < p: many parameters fit the data exactly." } else { "N ≥ p: the data pin the fit down." }}</p>
            <Knob config=config knob=&knobs::EPS />
            <Knob config=config knob=&knobs::DELTA />
            <Knob config=config knob=&knobs::NOISE />
            <Knob config=config knob=&knobs::WRONG />
            <SeedInput value=seed on_change=move |seed| config.update(|c| c.seed = seed) max=MAX_SEED testid="sets-seed" />
        </aside>
    }
}
