//! A figure's text alternative: a sentence, computed by the panel's pure `describe`
//! module, that states what the figure shows now. Hidden from sight (the figure shows it),
//! read by screen readers through the figure's `aria-describedby`, and announced when it
//! changes if the figure is operated directly (`live`).

use leptos::prelude::*;

/// The text alternative of the figure whose `aria-describedby` is `id`.
#[component]
pub fn FigureText(
    /// Element id (also its test id), by convention `<figure's test id>-alt`.
    id: &'static str,
    /// The sentence.
    #[prop(into)]
    text: Signal<String>,
    /// Announce changes (for figures the student moves with the keyboard or pointer).
    #[prop(optional)]
    live: bool,
) -> impl IntoView {
    view! {
        <p class="sr-only" id=id data-testid=id aria-live=live.then_some("polite")>{move || text.get()}</p>
    }
}
