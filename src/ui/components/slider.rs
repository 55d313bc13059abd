//! A labelled range slider moving one URL key of a panel's config (`state::param::Param`
//! with a `Slider`), showing its value, for touch and keyboard alike.

use crate::state::param::Param;
use crate::state::PanelConfig;
use leptos::prelude::*;

/// The slider of `knob` over `config`.
#[component]
pub fn Knob<C: PanelConfig + Send + Sync>(config: RwSignal<C>, knob: &'static Param<C>) -> impl IntoView {
    let (label, step) = knob.slider.map_or(("", 1.0), |s| (s.label, s.step));
    let testid = format!("{}-{}", C::PANEL, knob.key);
    let (min, max) = knob.bounds();
    let position = move || config.with(|c| knob.position(c));
    view! {
        <label class="slider">
            <span class="slider-head">
                <span inner_html=label></span>
                <output>{move || knob.label_at(position())}</output>
            </span>
            <input
                type="range"
                min=min
                max=max
                step=step
                data-testid=testid
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
