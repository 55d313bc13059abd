//! A labelled range slider that shows its value, for touch and keyboard alike.

use leptos::prelude::*;

/// A slider over [min, max] in steps of `step`; `value` is read, `on_change` is told.
#[component]
pub fn Slider(
    /// The label shown above the slider.
    label: &'static str,
    /// Smallest value.
    min: f64,
    /// Largest value.
    max: f64,
    /// Granularity.
    step: f64,
    /// Current value.
    #[prop(into)]
    value: Signal<f64>,
    /// Called with each new value while the slider moves (a boxed callback, so that the
    /// slider is compiled once rather than once per caller).
    #[prop(into)]
    on_change: Callback<f64>,
    /// How the value is written next to the label.
    format: fn(f64) -> String,
    /// `data-testid` of the input.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <label class="slider">
            <span class="slider-head">
                <span>{label}</span>
                <output>{move || format(value.get())}</output>
            </span>
            <input
                type="range"
                min=min
                max=max
                step=step
                data-testid=testid
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        on_change.run(v);
                    }
                }
            />
        </label>
    }
}
