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
/// shown as mathematics, any other piece as plain text; punctuation opening the piece after
/// a formula stays on its line. One loop for every such sentence costs the page's download
/// far less than a view with a component per formula. For sentences kept as data, such as
/// `&[tex!("w_2 = 0"), " is a global minimum"]`, or with live numbers among them.
pub fn math_text<S: AsRef<str>>(parts: &[S]) -> AnyView {
    let mut out: Vec<AnyView> = Vec::with_capacity(parts.len());
    let mut after_math = false;
    for part in parts {
        let part = part.as_ref();
        if part.starts_with("<math") {
            out.push(view! { <span class="math" inner_html=part.to_owned()></span> }.into_any());
            after_math = true;
            continue;
        }
        let glued = if after_math {
            part.len() - part.trim_start_matches([',', '.', ';', ':', ')']).len()
        } else {
            0
        };
        if glued > 0 {
            // Moves the punctuation into a no-wrap run with the formula before it.
            if let Some(math) = out.pop() {
                out.push(view! { <span class="math-run">{math}{part[..glued].to_owned()}</span> }.into_any());
            }
        }
        if glued < part.len() {
            out.push(part[glued..].to_owned().into_any());
        }
        after_math = false;
    }
    out.into_any()
}

/// `math_text` as a component, for pieces known at compile time.
#[component]
pub fn MathText(parts: &'static [&'static str]) -> impl IntoView {
    math_text(parts)
}
