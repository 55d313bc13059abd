//! The Share control's browser side: the page's address and copying a field. The box's
//! HTML (plain link, embed link, HackMD `<iframe>`) comes from `state::share`.

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
pub fn copy_field(id: &str) {
    let Some(field) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    field.select();
    let _ = window().navigator().clipboard().write_text(&field.value());
}
