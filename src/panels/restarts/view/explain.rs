//! "What it shows": the panel's argument in words, with every number computed from the
//! runs on screen (none typed in), and each claim said only when the runs show it.

use super::readouts::pipeline_name;
use super::run::{Experiment, Finished};
use crate::panels::restarts::layout::Run;
use crate::engine::restarts::Pipeline;
use crate::engine::stats::spearman;
use leptos::prelude::*;
use std::sync::Arc;

/// Means over one pipeline's runs that did not diverge.
struct Means {
    runs: usize,
    fits: usize,
    test_acc: f32,
    norm: f32,
    sharpness: f32,
    /// Spearman ρ between sharpness and test accuracy (three runs or more).
    rho: Option<f32>,
}

fn means(e: &Experiment, p: Pipeline) -> Option<Means> {
    let live: Vec<&Arc<Finished>> = e
        .runs
        .iter()
        .filter(|r| r.result.pipeline == p && !r.result.diverged)
        .collect();
    if live.is_empty() {
        return None;
    }
    let mean = |f: fn(&Finished) -> f32| live.iter().map(|r| f(r)).sum::<f32>() / live.len() as f32;
    let acc: Vec<f32> = live.iter().map(|r| r.result.test_acc).collect();
    let sharp: Vec<f32> = live.iter().map(|r| r.result.sharpness).collect();
    Some(Means {
        runs: live.len(),
        fits: live.iter().filter(|r| r.fits()).count(),
        test_acc: mean(|r| r.result.test_acc),
        norm: mean(|r| r.result.norm),
        sharpness: mean(|r| r.result.sharpness),
        rho: (live.len() >= 3).then(|| spearman(&sharp, &acc)),
    })
}

/// The paragraph on SGD's own minima.
fn sgd_text(e: &Experiment) -> String {
    let lead = "A network this size can fit its training points in countless ways, and classical theory \
                cannot tell which one training will pick.";
    match means(e, Pipeline::Sgd) {
        None => format!("{lead} Press “Train” to see which ones SGD picks from many random starts."),
        Some(m) => format!(
            "{lead} Here {} of {} SGD runs fit the training data exactly, with a mean test accuracy of {:.1}\u{a0}%. \
             The narrower the histogram, the more alike the minima SGD reaches from different starts: a \
             preference of the training algorithm itself, which the lecture calls implicit regularisation.",
            m.fits,
            m.runs,
            100.0 * m.test_acc
        ),
    }
}

/// The paragraph on bad global minima.
fn bad_text(e: &Experiment) -> String {
    let how = "The adversarial start first trains the network to fit the training points plus two noisy \
               copies of each with random labels, then runs the same SGD on the true labels (Liu et al. 2019).";
    match (means(e, Pipeline::Sgd), means(e, Pipeline::Adversarial)) {
        (Some(s), Some(a)) => {
            let wd = means(e, Pipeline::AdversarialWd)
                .map(|w| format!(" With weight decay in the second stage: {:.1}\u{a0}%.", 100.0 * w.test_acc))
                .unwrap_or_default();
            let verdict = if a.test_acc < s.test_acc { "worse than" } else { "no worse than" };
            format!(
                "{how} Here {} of {} adversarial runs fit the training data, and they test {verdict} SGD's: \
                 {:.1}\u{a0}% against {:.1}\u{a0}% on average.{wd}",
                a.fits,
                a.runs,
                100.0 * a.test_acc,
                100.0 * s.test_acc
            )
        }
        _ => format!("Bad global minima exist. Tick “Compare with bad minima”: {how}"),
    }
}

/// The paragraph on flatness and norm.
fn flat_text(e: &Experiment) -> String {
    let caveat = "Sharpness changes when the weights are rescaled, so the same function can be sharp or flat \
                  (Dinh et al. 2017): a hint, not a law.";
    let Some(s) = means(e, Pipeline::Sgd) else {
        return format!("Do flatter minima test better? {caveat}");
    };
    let within = s.rho.map_or_else(String::new, |rho| {
        // A typographic minus, as in the rest of the text.
        let rho = format!("{rho:+.2}").replace('-', "−");
        format!("Among SGD's own minima the rank correlation between sharpness and test accuracy is {rho}. ")
    });
    let across = means(e, Pipeline::Adversarial).map_or_else(String::new, |a| {
        format!(
            "The minima of the {} have {:.1}× the weight norm of SGD's and {:.2}× their mean sharpness. ",
            pipeline_name(Pipeline::Adversarial),
            a.norm / s.norm,
            a.sharpness / s.sharpness
        )
    });
    format!("{within}{across}{caveat}")
}

/// The section.
#[component]
pub fn Explain(experiment: RwSignal<Experiment>) -> impl IntoView {
    let text = move |f: fn(&Experiment) -> String| move || experiment.with(f);
    view! {
        <section class="explain prose">
            <h2>"What it shows"</h2>
            <p>{text(sgd_text)}</p>
            <p>{text(bad_text)}</p>
            <p>{text(flat_text)}</p>
            <p>
                "Try: slide “Random training labels” to 100 % (or press “Random labels”): a wide enough network \
                 still fits every label, and test accuracy falls to chance (Zhang et al. 2016)."
            </p>
        </section>
    }
}
