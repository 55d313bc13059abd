//! "What it shows": the panel's argument in words (`prose`), computed from the runs on
//! screen.

use super::run::Experiment;
use crate::panels::restarts::prose;
use leptos::prelude::*;

/// The section.
#[component]
pub fn Explain(experiment: RwSignal<Experiment>) -> impl IntoView {
    let text = move |f: fn(&Experiment) -> String| move || experiment.with(f);
    view! {
        <section class="explain prose" data-testid="restarts-explain">
            <h2>"What it shows"</h2>
            <p>{text(|e| prose::sgd_text(e.config.as_ref(), &e.runs))}</p>
            <p data-testid="restarts-guess-text">{text(|e| prose::guess_text(e.config.as_ref(), &e.runs))}</p>
            <p>{text(|e| prose::bad_text(&e.runs))}</p>
            <p data-testid="restarts-flat-text">{text(|e| prose::flat_text(e.config.as_ref(), &e.runs))}</p>
            <p>
                "Try: slide “Random training labels” to 100 % (or press “Random labels”): a wide enough network \
                 still fits every label, and test accuracy falls to chance (Zhang et al. 2016)."
            </p>
        </section>
    }
}
