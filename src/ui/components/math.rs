//! Mathematics on the page: a span holding MathML Core made at compile time by `tex!` or
//! `tex_block!` (the browser draws it natively; no script, no web font).

use leptos::prelude::*;

/// Shows `m`, the MathML of `tex!(…)` (inline) or `tex_block!(…)` (display).
#[component]
pub fn Math(m: &'static str) -> impl IntoView {
    view! { <span class="math" inner_html=m></span> }
}

/// Shows `m`, the MathML of `tex_block!(…)`, as a block of its own (it scrolls sideways
/// on its own if it is wider than a phone).
#[component]
pub fn MathBlock(m: &'static str) -> impl IntoView {
    view! { <div class="math-block" inner_html=m></div> }
}
