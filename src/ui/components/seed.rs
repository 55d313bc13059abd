//! The seed box: every random draw of a panel follows from this one number.

use leptos::prelude::*;

/// A labelled number box for a seed in 0…`max`; bad entries are ignored, large ones capped.
#[component]
pub fn SeedInput(
    /// The current seed.
    #[prop(into)]
    value: Signal<u64>,
    /// Told each new seed.
    #[prop(into)]
    on_change: Callback<u64>,
    /// Largest seed accepted.
    max: u64,
    /// `data-testid` of the box.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <label class="select seed">
            <span>"Seed"</span>
            <input type="number" min="0" step="1" data-testid=testid
                prop:value=move || value.get().to_string()
                on:change=move |ev| {
                    if let Ok(seed) = event_target_value(&ev).trim().parse::<u64>() {
                        on_change.run(seed.min(max));
                    }
                } />
        </label>
    }
}
