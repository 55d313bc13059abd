//! A labelled drop-down list of named choices.

use leptos::prelude::*;

/// A `<select>` over `options` (value, text); `value` is read, `on_change` is told the
/// chosen value.
#[component]
pub fn Select(
    /// The label shown above the list, as HTML (`tex_text!` when it names a variable).
    label: &'static str,
    /// (value, text shown) of each choice, in order.
    options: Vec<(&'static str, &'static str)>,
    /// The current value.
    #[prop(into)]
    value: Signal<&'static str>,
    /// Called with the chosen value.
    #[prop(into)]
    on_change: Callback<String>,
    /// `data-testid` of the list.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <label class="select">
            <span inner_html=label></span>
            <select
                data-testid=testid
                prop:value=move || value.get()
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {options.into_iter().map(|(v, text)| view! { <option value=v>{text}</option> }).collect_view()}
            </select>
        </label>
    }
}
