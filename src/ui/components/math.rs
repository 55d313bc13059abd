//! Mathematics on the page: a span holding MathML Core made at compile time by `tex!` or
//! `tex_block!` (the browser draws it natively; no script, no web font).

use leptos::prelude::*;

/// Shows `m`, the MathML of `tex!(…)` (inline) or `tex_block!(…)` (display).
#[component]
pub fn Math(m: &'static str) -> impl IntoView {
    view! { <span class="math" inner_html=m></span> }
}
