//! The sets panel's settings: N, the two tolerances, label noise, wrong labels, seed.

use crate::panels::sets::config::{params, SetsConfig, FEATURES};
use crate::state::query::MAX_SEED;
use crate::ui::components::{seed::SeedInput, slider::Knob};
use crate::tex_text;
use leptos::prelude::*;

/// The settings column.
#[component]
pub fn Controls(config: RwSignal<SetsConfig>, seed: Memo<u64>) -> impl IntoView {
    view! {
        <aside class="sam-controls">
            <Knob config=config knob=&params::N />
            <p class="hint">{Signal::derive(move || hint(config.with(|c| c.n as usize)).to_owned())}</p>
            <Knob config=config knob=&params::EPS />
            <Knob config=config knob=&params::DELTA />
            <Knob config=config knob=&params::NOISE />
            <Knob config=config knob=&params::WRONG />
            <Knob config=config knob=&params::S />
            <p class="hint" inner_html=tex_text!(r#"Gradient descent’s random starts $w_0 \sim \mathcal{N}(0, s^2 I)$."#)></p>
            <SeedInput value=seed on_change=move |seed| config.update(|c| c.seed = seed) max=MAX_SEED testid="sets-seed" />
        </aside>
    }
}

/// What N does, in words: the regime N sits in relative to p.
fn hint(n: usize) -> &'static str {
    if n < FEATURES {
        "N < p: many parameters fit the data exactly."
    } else if n < 2 * FEATURES {
        "N near p: barely enough data; the fit is ill-conditioned and can soak up the label noise (chart below)."
    } else {
        "N well above p: the data pin the fit down."
    }
}
