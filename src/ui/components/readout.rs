//! A figure's numbers as JSON, folded away under the figure: for students who want the
//! numbers, and for the end-to-end tests, which read them by `data-testid`.

use leptos::prelude::*;

/// `<details>` holding `json` (recomputed as its signals change) in a `<pre>`.
#[component]
pub fn JsonReadout(
    /// The summary line.
    #[prop(default = "Readout as JSON")]
    title: &'static str,
    /// `data-testid` of the `<pre>`.
    testid: &'static str,
    /// The JSON text.
    #[prop(into)]
    json: Signal<String>,
) -> impl IntoView {
    view! {
        <details class="json-readout">
            <summary>{title}</summary>
            <pre data-testid=testid>{json}</pre>
        </details>
    }
}
