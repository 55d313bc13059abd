//! A labelled range slider bound to one field of a panel's config (`state::knob::Knob`),
//! showing its value, for touch and keyboard alike.

use crate::state::knob::Knob as Spec;
use leptos::prelude::*;

/// The slider of `knob` over `config`.
#[component]
pub fn Knob<C: Send + Sync + 'static>(config: RwSignal<C>, knob: &'static Spec<C>) -> impl IntoView {
    let (min, max) = knob.bounds();
    let position = move || config.with(|c| knob.position(c));
    view! {
        <label class="slider">
            <span class="slider-head">
                <span inner_html=knob.label></span>
                <output>{move || knob.label_at(position())}</output>
            </span>
            <input
                type="range"
                min=min
                max=max
                step=knob.step
                data-testid=knob.testid
                prop:value=move || position().to_string()
                on:input=move |ev| {
                    if let Some(v) = crate::state::decimal::parse_f64(&event_target_value(&ev)) {
                        config.update(|c| knob.apply(c, v));
                    }
                }
            />
        </label>
    }
}
