//! "What it shows": one line per comparison the student has ticked (`verdicts`), and the
//! whole argument in words (`prose`) behind "Why?", both computed from the runs on screen.
//! The argument is one HTML string (its formulas are MathML) with blank lines between
//! paragraphs: one reactive closure costs the page's download less than four.

use super::run::Experiment;
use crate::panels::restarts::{prose, verdicts};
use leptos::prelude::*;

/// The section.
#[component]
pub fn Explain(experiment: RwSignal<Experiment>) -> impl IntoView {
    let lines = move || {
        experiment.with(|e| {
            verdicts::lines(e.config.as_ref(), &e.results)
                .into_iter()
                .map(|line| format!("<li>{line}</li>"))
                .collect::<String>()
        })
    };
    let text = move || {
        experiment.with(|e| {
            let c = e.config.as_ref();
            [
                prose::sgd_text(c, &e.results),
                prose::guess_text(c, &e.results),
                prose::bad_text(&e.results),
                prose::flat_text(c, &e.results),
                "Try: slide “Random training labels” to 100 % (or press “Random labels”): a wide enough network \
                 still fits every label, and test accuracy falls to chance (Zhang et al. 2017)."
                    .to_owned(),
            ]
            .join("\n\n")
        })
    };
    view! {
        <section class="explain prose">
            <h2>"What it shows"</h2>
            <ul class="verdicts" data-testid="restarts-verdicts" aria-live="polite" inner_html=Signal::derive(lines)></ul>
            <details>
                <summary>"Why? The whole argument"</summary>
                <p data-testid="restarts-explain" style="white-space:pre-line" inner_html=Signal::derive(text)></p>
            </details>
        </section>
    }
}
