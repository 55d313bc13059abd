//! A visible "something broke" overlay for panics, so a student never faces a silently
//! dead page. Built with plain DOM calls: after a panic the Leptos runtime cannot be
//! trusted to render anything.

use wasm_bindgen::JsCast;

/// Installs the panic hook: log to the console, then show the overlay.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

fn show(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id("panic-overlay").is_some() {
        return;
    }
    let Ok(overlay) = document.create_element("div") else {
        return;
    };
    overlay.set_id("panic-overlay");
    let _ = overlay.set_attribute("role", "alertdialog");
    let _ = overlay.set_attribute("aria-modal", "true");
    let _ = overlay.set_attribute("data-testid", "panic-overlay");
    overlay.set_inner_html(
        "<div class=\"panic-box\"><h2>Something broke</h2>\
         <p>genlab hit an internal error and stopped. Reload the page to start again: \
         your settings are kept in the link.</p>\
         <button type=\"button\" class=\"primary\">Reload</button>\
         <details><summary>Technical details</summary><pre></pre></details></div>",
    );
    if let Ok(Some(pre)) = overlay.query_selector("pre") {
        pre.set_text_content(Some(details));
    }
    if let Ok(Some(button)) = overlay.query_selector("button") {
        let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
            button.set_onclick(Some(reload.as_ref().unchecked_ref()));
        }
        reload.forget();
    }
    let _ = body.append_child(&overlay);
}
