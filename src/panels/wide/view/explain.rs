//! What the infinite-width limit explains, and what it does not.

use crate::tex_text;
use leptos::prelude::*;

/// The closing section.
#[component]
pub fn Explain() -> impl IntoView {
    view! {
        <section class="explain prose">
            <h2>"What the limit does not explain"</h2>
            <p inner_html=tex_text!(r#"In the limit nothing inside the network changes: the hidden units keep the features they were born with, and training only finds the best combination of them (kernel regression). Real networks do learn features, and often generalise better for it. Turn the output scale $\alpha$ down, or the width down, and training stops being lazy: the weights travel and the kernel itself changes (Chizat, Oyallon and Bach 2019). The limit is a clean theory of one corner of deep learning, not all of it."#)></p>
        </section>
    }
}
