//! "Print or save as PDF": every live figure is built and drawn first, then the browser's
//! print dialog opens. Printing counts as seeing every figure (`ui::print`), so each frame
//! is created and its panel draws and runs its quick work; the dialog waits until every
//! frame's page is ready and idle (or 30 s have passed).

use crate::ui::print::printing;
use crate::ui::tasks::sleep_ms;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// How long to wait for the figures before printing what there is.
const PATIENCE_MS: i32 = 30_000;

/// Builds and draws every figure, then opens the print dialog; `busy` is true meanwhile.
pub fn print_when_ready(busy: RwSignal<bool>) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    printing().set(true);
    leptos::task::spawn_local(async move {
        let mut waited = 0;
        while waited < PATIENCE_MS && !all_frames_ready() {
            sleep_ms(100).await;
            waited += 100;
        }
        // One more frame for the last drawings to land.
        sleep_ms(100).await;
        busy.set(false);
        let _ = window().print();
        // The dialog has closed (print() returns then): back to the screen's state.
        printing().set(false);
    });
}

/// Whether every live figure's frame has loaded its panel, and the panel has no job running.
fn all_frames_ready() -> bool {
    let Ok(frames) = document().query_selector_all("figure.live-figure iframe") else {
        return false;
    };
    let figures = document()
        .query_selector_all("figure.live-figure")
        .map(|f| f.length())
        .unwrap_or(0);
    frames.length() == figures
        && (0..frames.length()).all(|k| {
            let Some(frame) = frames.get(k) else { return false };
            let Ok(doc) = js_sys::Reflect::get(&frame, &JsValue::from_str("contentDocument")) else {
                return false;
            };
            let Ok(doc) = doc.dyn_into::<web_sys::Document>() else {
                return false;
            };
            doc.query_selector("html[data-ready=\"1\"] .app-root[data-busy=\"0\"]")
                .ok()
                .flatten()
                .is_some()
        })
}
