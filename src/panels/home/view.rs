//! The home page: the lecture's question in a few sentences, and the way into each panel.

use crate::panels::{PANELS, SUMMARIES};
use leptos::prelude::*;

/// The home page.
/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Home()
}

#[component]
pub fn Home() -> impl IntoView {
    let cards = PANELS[1..]
        .iter()
        .zip(&SUMMARIES[1..])
        .map(|(p, summary)| {
            view! {
                <li class="card">
                    <a href=format!("?panel={}", p.id) data-testid=format!("card-{}", p.id)>
                        <h3>{p.title}</h3>
                        <p>{*summary}</p>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="home prose">
            <h1>"Deep learning shouldn’t work. But it does."</h1>
            <p class="lead">
                "Classical learning theory says: keep the model class small, or fitting the training data tells you \
                 nothing about new data. Deep networks have millions of parameters, can fit random labels perfectly, \
                 and still generalise. Why?"
            </p>
            <p>
                "Every picture in this lab is computed live in your browser, from small networks trained on the spot. \
                 Change a setting and watch what happens. Each link keeps every setting and the random seed, so the \
                 numbers you see are the ones your neighbour sees."
            </p>
            <p class="lecture-lead">
                <a href="?panel=lecture" data-testid="home-lecture">"Read the lecture: the argument step by step, with live figures →"</a>
            </p>
            <h2>"Panels"</h2>
            <ul class="cards">{cards}</ul>
        </article>
    }
}
