//! The Share control: for the panel's current state, the plain link, the embed link and
//! a ready HackMD `<iframe>`, each with a copy button (`state::share` builds them).

use crate::state::share::links;
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
    let clipboard = window().navigator().clipboard();
    let _ = clipboard.write_text(&field.value());
}

/// The Share button and its box; `query` is the page's current full query.
#[component]
pub fn Share(query: Signal<Query>) -> impl IntoView {
    let open = RwSignal::new(false);
    let current = Memo::new(move |_| links(&page_address(), &query.get()));
    let row = move |label: &'static str, id: &'static str, value: Signal<String>| {
        view! {
            <label class="share-row">
                <span>{label}</span>
                <input id=id type="text" readonly prop:value=value data-testid=id />
                <button type="button" class="small" data-testid=format!("{id}-copy") on:click=move |_| copy_field(id)>"Copy"</button>
            </label>
        }
    };
    view! {
        <div class="share">
            <button type="button" class="small share-toggle" data-testid="share" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"Share"</button>
            <Show when=move || open.get()>
                <div class="share-box" data-testid="share-box" role="group" aria-label="Share this view">
                    {row("Link", "share-plain", Signal::derive(move || current.get().plain))}
                    {row("Embed link", "share-embed", Signal::derive(move || current.get().embed))}
                    {row("HackMD / slides", "share-iframe", Signal::derive(move || current.get().iframe))}
                </div>
            </Show>
        </div>
    }
}
