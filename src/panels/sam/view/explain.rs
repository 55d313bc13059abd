//! "Why?", behind a disclosure: the update rules, what moves SAM on the first surface
//! (with this η's numbers), the test-loss assumption, minibatches (m-sharpness) and the
//! caveats.

use super::super::config::SamConfig;
use super::super::surfaces::preset;
use crate::engine::surface::Basins;
use crate::{tex_html, tex_text};
use leptos::prelude::*;

/// The section.
#[component]
pub fn Explain(config: RwSignal<SamConfig>) -> impl IntoView {
    // Why SAM leaves the sharp well of "Sharp and flat minimum", with this η (asserted in
    // tests/engine_sam.rs: the bounce at η = 0.06, a ρ as wide as the well at η = 0.01).
    let why_sam_moves = move || {
        let lambda = Basins::sharp_and_flat().bowls[0].curvature;
        let eta = config.with(|c| c.lr);
        let default_eta = preset("wells").map_or(f32::NAN, |p| p.lr);
        tex_html!(
            r"On “Sharp and flat minimum” both paths start in the sharp well, of curvature $\lambda_{\max} = \slot$. Gradient descent is stable in a well while $\eta\,\lambda_{\max} < 2$; at $\eta = \slot$ it is \slot. Close to 2, SAM's step overshoots and bounces out of the sharp well into the flat one (Bartlett, Long and Bousquet 2022): that, not the size of $\rho$, is what moves SAM at the default $\eta = \slot$. At a small step such as $\eta = 0.01$, SAM stays in the sharp well for $\rho$ up to 0.2. A $\rho$ as wide as the well (0.4) pulls it out, but it stalls on the slope between the wells, where its ascent point $w + \varepsilon$ sits exactly in the sharp minimum: SAM's step is zero there, though the loss is high and its gradient is not. Try the buttons above.",
            lambda,
            eta,
            format_args!("{:.2}", eta * lambda),
            default_eta
        )
    };

    // One HTML string for the whole section (one reactive property costs the page less
    // than a view of its paragraphs); only the second paragraph's numbers change.
    const HEAD: &str = concat!(
        "<details><summary>Why? The update rules, what moves SAM, what to try</summary><p>",
        tex_text!(r"Gradient descent steps downhill: $w \leftarrow w - \eta\nabla L(w)$. SAM first goes $\rho$ straight uphill, $\varepsilon = \rho\,\nabla L(w)/\lVert\nabla L(w)\rVert$: the worst point within $\rho$ of the loss linearised at $w$, not of the loss itself (Foret et al. 2021, eq. 2). Then it steps with the gradient found there, $w \leftarrow w - \eta\nabla L(w + \varepsilon)$, leaving out how $\varepsilon$ changes with $w$ (their eq. 3–4). Step through SAM to see the difference: the white arrow is $\varepsilon$, the ◆ the exact worst point of the $\rho$-circle, found here by a search that SAM avoids. They agree on a bowl that curves alike in every direction, and can part far where it does not."),
        r#"</p><p data-testid="sam-why">"#
    );
    const TAIL: &str = concat!(
        r#"</p><p data-testid="sam-valley">"#,
        tex_text!(r#"On “Valley of global minima” every point of the floor $w_2 = 0$ fits perfectly, yet the floor is sharper the further it lies from $w_1 = 0$. Gradient descent stops wherever it reaches the floor; with $\rho$ raised to about 0.3, SAM drifts along the floor towards the flattest minimum, at a large step or a small one (Wen, Ma and Li 2022). Compare $\lambda_{\max}$ at the two end points in the table: the algorithm, not the loss, chooses among the global minima."#),
        "</p><p>",
        tex_text!(r"On a real network SAM computes $\varepsilon$ on each minibatch, not on the whole training loss, so what it penalises is the sharpness of minibatch losses: Foret et al. call it $m$-sharpness, with $m$ the batch size, and in their experiments a smaller $m$ gave a lower test error (their §4.1), part of why SAM works. Turn on stochastic gradients on a data surface to do the same here."),
        "</p><p>Turn on the test loss: the flat minimum loses little when the surface shifts, the sharp one a lot. The shift is an assumption, Keskar et al.'s (2017) picture of why flat minima might generalise, not something the training data show. Foret et al. 2021 give it as motivation; they derive SAM from a PAC-Bayes bound (their Theorem 1).</p>",
        r#"<p data-testid="sam-basins-why">"#,
        tex_text!(r#"Turn on the basin maps and compare the buttons above. With the bounce ($\eta = 0.06$) SAM reaches the flat minimum from almost every start. With a small step it does not: its flat region is no larger than gradient descent's, and a wider $\rho$ even shrinks it a little, because the $\rho$-ball reaches over the ridge in both directions. Step through SAM to see the $\rho$-ball, the ascent point and both gradients."#),
        r#"</p><p class="caveat">"#,
        tex_text!(r#"Honest caveats: with a fixed $\rho$ SAM rarely settles exactly. It hovers near a minimum, or, with a wide $\rho$, stalls where its ascent point is one. And sharpness depends on how the model is parametrised (Dinh et al. 2017): the two linear-model surfaces describe the same functions, yet one is a hundred times sharper along $w_1$."#),
        "</p></details>"
    );
    let html = move || [HEAD, &why_sam_moves(), TAIL].concat();
    view! {
        <section class="explain prose" inner_html=html></section>
    }
}
