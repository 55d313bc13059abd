//! The lab's settings column: activation, width, and (for training) the data, the output
//! scale, last-layer-only training and the seed.

use crate::engine::wide::Act;
use crate::panels::wide::config::{act_key, params, View, WideConfig, ACTS};
use crate::state::query::MAX_SEED;
use crate::ui::components::{seed::SeedInput, select::Select, slider::Knob, toggle::Toggle};
use leptos::prelude::*;

/// The settings column.
#[component]
pub fn Controls(config: RwSignal<WideConfig>) -> impl IntoView {
    let act = Signal::derive(move || act_key(config.with(|c| c.act)));
    let training = move || config.with(|c| c.view != View::Prior);
    view! {
        <aside class="wide-controls">
            <Select
                label=crate::tex_text!(r"Activation $\varphi$")
                options=vec![(ACTS[0], "erf"), (ACTS[1], "ReLU")]
                value=act
                on_change=move |k: String| config.update(|c| c.act = if k == ACTS[1] { Act::Relu } else { Act::Erf })
                testid="wide-act"
            />
            <Knob config=config knob=&params::WIDTH />
            <Show when=training>
                <Knob config=config knob=&params::ALPHA />
                <Knob config=config knob=&params::N />
                <Knob config=config knob=&params::AMP />
                <Toggle
                    label="Train the last layer only"
                    checked=Signal::derive(move || config.with(|c| c.last))
                    on_change=move |on| config.update(|c| c.last = on)
                    testid="wide-last"
                />
            </Show>
            <SeedInput
                value=Signal::derive(move || config.with(|c| c.seed))
                on_change=move |s| config.update(|c| c.seed = s)
                max=MAX_SEED
                testid="wide-seed"
            />
        </aside>
    }
}
