//! Whether the page is being printed (or saved as PDF): true while the print media query
//! matches (a browser's print preview, a test's print emulation). While it is, every
//! figure counts as near the screen (so figures never scrolled to are drawn) and canvases keep their bitmaps through the print layout
//! (which would otherwise clear them before their redraw lands).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

thread_local! {
    // Reference-counted, so no view's owner takes it down with it.
    static PRINTING: ArcRwSignal<bool> = {
        let printing = ArcRwSignal::new(false);
        listen(&printing);
        printing
    };
}

/// The page's printing state (one signal per page, listening from its first use).
pub fn printing() -> ArcRwSignal<bool> {
    PRINTING.with(ArcRwSignal::clone)
}

/// Whether the page is being printed now, untracked.
pub fn is_printing() -> bool {
    printing().get_untracked()
}

fn listen(printing: &ArcRwSignal<bool>) {
    // Browsers switch the print media query for printing and back, and report it here
    // (one listener, where before/afterprint would need two).
    let Some(query) = web_sys::window().and_then(|w| w.match_media("print").ok().flatten()) else {
        return;
    };
    printing.set(query.matches());
    let on_change = printing.clone();
    let change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(move |e: web_sys::MediaQueryListEvent| {
        on_change.set(e.matches());
    })
    .into_js_value();
    let _ = query.add_event_listener_with_callback("change", change.unchecked_ref());
}
