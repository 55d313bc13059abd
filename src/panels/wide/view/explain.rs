//! What the infinite-width limit explains, and what it does not.

use crate::tex_text;
use leptos::prelude::*;

/// The closing section.
#[component]
pub fn Explain() -> impl IntoView {
    view! {
        <section class="explain prose">
            <h2>"What the limit does not explain"</h2>
            <p inner_html=tex_text!(r#"In this limit (the neural tangent parametrisation) training is lazy: every weight, the first layer's too, moves so little that the network stays a linear model around its start, and it learns as kernel regression with the tangent kernel does. Its features barely change; training only the last layer on fixed hidden units would be the other kernel, the NNGP's. Other limits, the mean-field scaling and the maximal-update parametrisation (Yang and Hu 2021), keep learning features as the width grows. Real networks do learn features, and often generalise better for it. Turn the output scale $\alpha$ down, or the width down, and training stops being lazy: the weights travel and the kernel itself changes (Chizat, Oyallon and Bach 2019). The limit is a clean theory of one corner of deep learning, not all of it."#)></p>
        </section>
    }
}
