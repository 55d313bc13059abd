//! What the matrix tab shows, in words, with this setting's numbers.

use super::super::config::LowrankConfig;
use super::super::trace::Training;
use crate::engine::completion::degrees_of_freedom;
use crate::engine::deep_linear::learning_rate;
use crate::{tex_html, tex_text};
use leptos::prelude::*;

/// The section.
#[component]
pub fn Explain(config: RwSignal<LowrankConfig>, training: RwSignal<Training>) -> impl IntoView {
    let depths = move || config.with(LowrankConfig::depths);
    let depth_one = move || {
        training.with(|t| {
            let trace = t.models.first()?;
            let (first, last) = (trace.frames.first()?, trace.last()?);
            Some(format!(
                "Depth 1 is the matrix W itself. Its gradient is zero on every unobserved entry, so those keep \
                 their random starting values: its error there was {:.3} at the start and is {:.3} at the \
                 end (exactly 1 from a zero start). Fitting the observed entries says nothing about the others.",
                first.rel_test_error, last.rel_test_error
            ))
        })
    };
    let counting = move || {
        let (n, r, k) = config.with(|c| (c.size, c.rank, c.k));
        let dof = degrees_of_freedom(n, r);
        if k < dof {
            tex_html!(
                r"A rank-\slot $\slot \times \slot$ matrix has $r(2n - r) = \slot$ degrees of freedom, more than the $k = \slot$ entries observed: many rank-\slot matrices fit what is seen, nothing can tell which one is the truth, and every depth fails.",
                r,
                n,
                n,
                dof,
                k,
                r
            )
        } else {
            tex_html!(
                r"A rank-\slot $\slot \times \slot$ matrix has $r(2n - r) = \slot$ degrees of freedom, and $k = \slot$ entries are observed: enough in principle, if a method prefers low rank. Lower $k$ below \slot and every depth fails.",
                r,
                n,
                n,
                dof,
                k,
                dof
            )
        }
    };
    let comparison = move || {
        training.with(|t| {
            let errors: Vec<f64> = t
                .models
                .iter()
                .filter_map(|tr| tr.last().map(|f| f.rel_test_error))
                .collect();
            let (&[e1, e2, en], Some(nuc)) = (errors.as_slice(), t.nuclear.as_ref()) else {
                return None;
            };
            let deep = depths()[2];
            let verdict = if en < e2 {
                format!("Here depth {deep} does better than depth 2.")
            } else {
                format!("Here depth {deep} does no better than depth 2.")
            };
            Some(format!(
                "With these settings the error on the unobserved entries is {e1:.3} for depth 1, {e2:.3} for depth 2 \
                 and {en:.3} for depth {deep}; the minimum nuclear norm completion (soft-impute, Mazumder, Hastie and \
                 Tibshirani 2010) has {:.3}. {verdict} That is one seed: the k-sweep below counts, over {} seeds, \
                 how often each model recovers the matrix.",
                nuc.rel_test_error,
                crate::panels::lowrank::sweep::SEEDS
            ))
        })
    };
    let steps = move || {
        let (depths, n) = config.with(|c| (c.depths(), c.size));
        let sigma1 = training.with(|t| t.truth.first().copied())?;
        let etas: Vec<String> = depths
            .iter()
            .map(|&d| format!("{:.4} for depth {d}", learning_rate(d, sigma1)))
            .collect();
        Some(tex_html!(
            r"Every factor $W_j$ is $\slot \times \slot$. Each model takes plain gradient-descent steps on $\tfrac12 \sum_{(i,j) \in \Omega} (W - M)_{ij}^2$ with $\eta = 0.3/\big(N \sigma_1(M)^{2 - 2/N}\big)$ at depth $N$, here $\sigma_1(M) = \slot$ and $\eta$ is \slot, until that loss falls below $10^{-7} \lVert M_\Omega \rVert^2$ or the step cap.",
            n,
            n,
            format_args!("{sigma1:.2}"),
            etas.join(", ")
        ))
    };
    // One HTML string for the section (one reactive property costs the page less than a
    // view of its paragraphs). The sentences in words hold no markup characters.
    let html = move || {
        [
            r#"<h2>What to look for</h2><p data-testid="lowrank-depth-one">"#,
            &depth_one().unwrap_or_default(),
            r#"</p><p data-testid="lowrank-compare">"#,
            &comparison().unwrap_or_default(),
            r#"</p><p data-testid="lowrank-counting">"#,
            &counting(),
            "</p><details><summary>Why? Depth, the initial scale and the step size</summary><p>",
            "Gunasekar et al. (2017) conjectured that depth 2 finds the minimum nuclear norm completion; Arora et al. \
             (2019) found deeper factorisations closer to low rank than that, and more accurate when few entries are \
             observed, and argued that the implicit regularisation may not be captured by any norm at all, which \
             Razin and Cohen (2020) proved for a matrix-completion example.",
            "</p><p>",
            tex_text!(r#"From a small initialisation the deeper models learn the singular values one at a time: each one waits near zero, then rises quickly to the truth's (the plots of $\sigma$ over steps). The effective rank $\exp\!\big(H(\sigma/\textstyle\sum_i \sigma_i)\big)$, the exponential of the entropy of the normalised singular values, counts how many matter."#),
            "</p><p>",
            tex_text!(r#"Raise the initialisation scale towards 1 and the advantage of depth fades: the factors start far from zero and the result keeps much of its random start, like the kernel regime of the infinite-width lab. The scale of the start moves a model between that kernel regime and the rich regime of a small start, where depth finds low rank (Woodworth et al. 2020). Try $k = 50$ with the scale at $10^{-3}$ and at 1."#),
            r#"</p><p class="caveat">"#,
            &steps().unwrap_or_default(),
            "</p></details>",
        ]
        .concat()
    };
    view! {
        <section class="explain prose" inner_html=Signal::derive(html)></section>
    }
}
