//! A section's live figure: another panel's page in a frame (`embed=1`), created only
//! once its place scrolls near the screen (an `IntersectionObserver`), so opening the
//! lecture fetches no panel it has not reached. Until then, and in print, a placeholder
//! names the figure and its link.

use super::super::sections::Figure;
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Sets `shown` once `node`'s element comes within a screen's height of the viewport;
/// the observer goes with the calling view. Without IntersectionObserver, shows at once.
fn show_when_near(node: NodeRef<Div>, shown: RwSignal<bool>) {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let near = entries
            .iter()
            .any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
        if near {
            shown.set(true);
        }
    });
    let options = IntersectionObserverInit::new();
    options.set_root_margin("50% 0px");
    let Ok(observer) = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) else {
        shown.set(true);
        return;
    };
    let observer = Rc::new((observer, callback));
    let watching = SendWrapper::new(Rc::clone(&observer));
    Effect::new(move |_| {
        if let Some(host) = node.get() {
            if shown.get() {
                watching.0.disconnect();
            } else {
                watching.0.observe(&host);
            }
        }
    });
    let owned = SendWrapper::new(observer);
    // Disconnect before the callback is dropped, so it is never called after.
    on_cleanup(move || owned.0.disconnect());
}

/// The live figure `figure`, with its caption and the link to the full panel.
#[component]
pub fn LiveFigure(figure: Figure, children: Children) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    let shown = RwSignal::new(false);
    show_when_near(host, shown);
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
