//! Mathematics on the page: a span holding MathML Core made at compile time by `tex!` or
//! `tex_block!` (the browser draws it natively; no script, no web font).

use leptos::prelude::*;

/// Shows `m`, the MathML of `tex!(…)`, in a sentence. `after` is punctuation that must not
/// be carried to the next line on its own (`<Math m=tex!("R(w)") after="," />`).
#[component]
pub fn Math(m: &'static str, #[prop(optional)] after: &'static str) -> impl IntoView {
    if after.is_empty() {
        view! { <span class="math" inner_html=m></span> }.into_any()
    } else {
        view! { <span class="math-run"><span class="math" inner_html=m></span>{after}</span> }.into_any()
    }
}

/// Shows `m`, the MathML of `tex_block!(…)`, as a block of its own (it scrolls sideways
/// on its own if it is wider than a phone).
#[component]
pub fn MathBlock(m: &'static str) -> impl IntoView {
    view! { <div class="math-block" inner_html=m></div> }
}

/// Text with formulas in it, as pieces: a piece made by `tex!` (it starts with `<math`) is
/// shown as mathematics, any other piece as plain text. For sentences kept as data, such
/// as `&[tex!("w_2 = 0"), " is a global minimum"]`.
#[component]
pub fn MathText(parts: &'static [&'static str]) -> impl IntoView {
    parts
        .iter()
        .map(|&part| {
            if part.starts_with("<math") {
                view! { <span class="math" inner_html=part></span> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}
