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

/// Copies the text of the field `id` and says so on its `button` for two seconds. The field
/// is selected first, so where the clipboard API is missing (a page served over plain
/// http) or refused, the button says the text is selected and the student copies it by hand.
pub fn copy_field(id: &str, button: web_sys::Element) {
    let Some(field) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    field.select();
    let navigator = window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined());
    let write = has_clipboard.then(|| navigator.clipboard().write_text(&field.value()));
    wasm_bindgen_futures::spawn_local(async move {
        let copied = match write {
            Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            None => false,
        };
        button.set_text_content(Some(if copied { "Copied ✓" } else { "Selected: copy it" }));
        crate::ui::tasks::sleep_ms(2000).await;
        button.set_text_content(Some("Copy"));
    });
}
