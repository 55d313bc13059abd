//! A section's live figure: another panel's page in a frame (`embed=1`), created only
//! once its place is about to scroll onto the screen (`ui::viewport`), so opening the
//! lecture fetches no panel it has not reached. Until then, and in print, a placeholder
//! names the figure and its link.

use super::super::sections::Figure;
use leptos::html::Div;
use leptos::prelude::*;
use crate::ui::viewport::{use_near_viewport, ABOUT_TO_SHOW};

/// The live figure `figure`, with its caption and the link to the full panel.
#[component]
pub fn LiveFigure(figure: Figure, children: Children) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    // Once shown, a figure stays: scrolling back does not reload its frame.
    let near = use_near_viewport(host, ABOUT_TO_SHOW);
    let shown = Memo::new(move |was: Option<&bool>| was == Some(&true) || near.get());
    let full = figure.full_href();
    // On paper the link is printed in full, with the page's own address.
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split(['?', '#']).next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let src = figure.embed_src();
    view! {
        <figure class="live-figure" data-testid=format!("figure-{}", figure.panel) data-panel=figure.panel>
            <div class="frame-box" node_ref=host>
                {move || {
                    if shown.get() {
                        view! {
                            <iframe src=src.clone() title=figure.title allowfullscreen=true></iframe>
                        }
                            .into_any()
                    } else {
                        view! { <p class="frame-wait">"The live figure loads when you scroll to it."</p> }.into_any()
                    }
                }}
            </div>
            <figcaption>
                {children()}
                " "
                <a class="open-full" href=full.clone() data-testid="open-full">
                    "Open the full panel"
                </a>
                <span class="print-url">{format!(" ({page}{full})")}</span>
            </figcaption>
        </figure>
    }
}
