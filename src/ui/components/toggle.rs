//! A labelled checkbox switch.

use leptos::prelude::*;

/// A checkbox with a label; `checked` is read, `on_change` is told.
#[component]
pub fn Toggle(
    /// The label, as HTML (`tex_text!` when it names a variable).
    label: &'static str,
    /// Whether it is on.
    #[prop(into)]
    checked: Signal<bool>,
    /// Called with the new state.
    #[prop(into)]
    on_change: Callback<bool>,
    /// `data-testid` of the input.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <label class="toggle">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || checked.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <span inner_html=label></span>
        </label>
    }
}
