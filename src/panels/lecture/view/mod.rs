//! The lecture page: the argument in short sections (text in `text`), each followed by its
//! live figure (`figure`), in the order of `sections::SECTIONS`.

mod figure;
mod print;
mod text;

use super::sections::SECTIONS;
use figure::LiveFigure;
use leptos::prelude::*;

/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Lecture()
}

#[component]
fn Lecture() -> impl IntoView {
    let preparing = RwSignal::new(false);
    let contents = SECTIONS
        .iter()
        .map(|s| view! { <li><a href=format!("#{}", s.id)>{s.heading}</a></li> })
        .collect_view();
    let sections = SECTIONS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (parts, captions) = text::section(s.id);
            let mut figures = s
                .figures
                .iter()
                .zip(captions)
                .map(|(f, caption)| view! { <LiveFigure figure=*f>{caption}</LiveFigure> }.into_any());
            let mut body = Vec::new();
            for part in parts {
                body.push(part);
                body.extend(figures.next());
            }
            body.extend(figures);
            view! {
                <section id=s.id class="lecture-section" data-testid=format!("lecture-{}", s.id)>
                    <h2>{format!("{}. {}", i + 1, s.heading)}</h2>
                    {body}
                </section>
            }
        })
        .collect_view();
    view! {
        <article class="lecture prose" data-testid="lecture">
            <header class="lecture-head">
                <p class="kicker">"The lecture"</p>
                <h1>"Deep learning shouldn’t work. Why does it?"</h1>
                <p class="lead">
                    "Classical learning theory predicts that models as rich as deep networks should overfit. \
                     They do not. This page follows the argument in six short steps; each comes with a live \
                     figure you can change."
                </p>
                <nav class="lecture-contents" aria-label="Sections">
                    <ol>{contents}</ol>
                </nav>
                <p class="print-action">
                    <button type="button" class="small" data-testid="lecture-print" on:click=move |_| print::print_when_ready(preparing)
                        disabled=move || preparing.get()>
                        {move || if preparing.get() { "Drawing every figure…" } else { "Print or save as PDF" }}
                    </button>
                </p>
            </header>
            {sections}
        </article>
    }
}
