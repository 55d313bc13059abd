//! The Share control: for the panel's current state, the plain link, the embed link and
//! a ready HackMD `<iframe>`, each with a copy button (`state::share` builds them). The
//! box is plain HTML with one click handler, which keeps every page's download small.

use crate::state::share::{html, links};
use crate::state::Query;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// This page's address without its query.
pub fn page_address() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Copies the text of the field `id` (selecting it, so a browser without the clipboard
/// API lets the student copy it by hand).
fn copy_field(id: &str) {
    let Some(field) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    field.select();
    let _ = window().navigator().clipboard().write_text(&field.value());
}

/// The Share button and its box; `query` is the page's current full query.
#[component]
pub fn Share(query: Signal<Query>) -> impl IntoView {
    let open = RwSignal::new(false);
    let on_copy = move |ev: web_sys::MouseEvent| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.get_attribute("data-copy"));
        if let Some(id) = id {
            copy_field(&id);
        }
    };
    view! {
        <div class="share">
            <button type="button" class="small share-toggle" data-testid="share" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"Share"</button>
            <div class="share-box" data-testid="share-box" role="group" aria-label="Share this view" hidden=move || !open.get()
                inner_html=move || if open.get() { html(&links(&page_address(), &query.get())) } else { String::new() }
                on:click=on_copy></div>
        </div>
    }
}
