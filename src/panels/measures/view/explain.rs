//! Below the figures: what τ and Ψ mean, what Jiang et al. and Dziugaite et al. found, what
//! this study shows so far (live) and what it cannot show.

use crate::engine::measures::StudySpec;
use crate::panels::measures::table::{findings, Table};
use crate::tex_text;
use leptos::prelude::*;
use std::sync::Arc;

/// The explanation block.
#[component]
pub fn Explain(results: Memo<Arc<Table>>, spec: Memo<StudySpec>) -> impl IntoView {
    view! {
        <section class="explain" data-testid="measures-explain">
            <h2 inner_html=tex_text!(r"What $\tau$ and $\Psi$ mean")></h2>
            <p inner_html=tex_text!(r"Kendall's $\tau$ compares every pair of nets: +1 when the measure and the gap put the pair in the same order, −1 when they disagree, 0 for a tie, averaged over all pairs. $\tau = 1$ is a perfect ranking, 0 no better than chance. $\Psi$, Jiang et al.'s granulated $\tau$, averages over the varying axes the agreement on pairs of nets that differ in that axis alone ($\psi$ of that axis), so a measure cannot score only by following one hyperparameter.")></p>
            <h2>"What the study found"</h2>
            <p>
                "Jiang et al. (2020) trained more than 10,000 convolutional networks on CIFAR-10 and SVHN, each to the same training \
                 cross-entropy: sharpness-based measures, PAC-Bayes flatness and its magnitude-aware form above all, predicted the gap \
                 best, while norm products such as the spectral-norm product did poorly or negatively. Dziugaite et al. (2020) then \
                 compared coupled pairs, two nets differing in one hyperparameter, and found that in the worst case over the kinds \
                 of change no measure ordered them better than a coin flip."
            </p>
            <h2>"Here"</h2>
            <p data-testid="measures-findings" inner_html=move || findings(&results.get(), &spec.get())></p>
            <h2>"What this cannot show"</h2>
            <p>
                "These are toy networks on a few dozen points of a 2-D problem, and all nets of one seed share one training set, \
                 so ranks move with the seed: hence the verdict over seeds. Agreement or disagreement with Jiang et al. here says \
                 nothing about image classifiers at scale. With the fixed budget, nets end at different training losses, so a \
                 measure can correlate with the gap merely by tracking how far training got: Jiang et al.'s reason for training \
                 every net to the same loss."
            </p>
        </section>
    }
}
