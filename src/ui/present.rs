//! Presenting: the keyboard shortcuts (`state::shortcuts` says which key does what), the
//! `?` list of them, full screen, projector mode (written back to the URL as `present=1`),
//! and Escape handing the keyboard back to the page around an embed.

use super::actions::{PanelActions, PROJECTOR_SCALE};
use super::url;
use crate::state::shortcuts::{shortcut, target_of, Shortcut};
use crate::state::Query;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Turns projector mode on or off: canvases redraw at the new scale, the URL says so.
pub fn set_projector(actions: PanelActions, on: bool) {
    crate::plot::canvas::set_scale(if on { PROJECTOR_SCALE } else { 1.0 });
    actions.projector.set(on);
    let mut query = Query::parse(&url::current_search());
    query.set_unless_default("present", u8::from(on), 0);
    url::replace(&query);
}

/// Full screen of the whole page on or off (the Fullscreen API; an iframe needs
/// `allowfullscreen`).
fn toggle_full_screen() {
    let document = document();
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    } else if let Some(root) = document.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Whether this page runs inside a frame.
pub fn in_frame() -> bool {
    let w = window();
    w.parent().ok().flatten().is_some_and(|p| p != w)
}

/// Listens for the shortcuts on the whole page; `help` is the `?` list's open state.
pub fn use_shortcuts(actions: PanelActions, help: RwSignal<bool>, reset: impl Fn() + 'static) {
    let handler = move |ev: web_sys::KeyboardEvent| {
        let modifier = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
        let target = document()
            .active_element()
            .map(|e| {
                let input_type = e.get_attribute("type");
                let editable = e
                    .dyn_ref::<web_sys::HtmlElement>()
                    .is_some_and(|h| h.is_content_editable());
                target_of(&e.tag_name(), input_type.as_deref(), editable)
            })
            .unwrap_or(crate::state::shortcuts::Target::Other);
        let Some(action) = shortcut(&ev.key(), modifier, target) else {
            return;
        };
        match action {
            Shortcut::RunPause => actions.toggle(),
            Shortcut::Step => actions.do_step(),
            Shortcut::Reset => reset(),
            Shortcut::Preset(k) => actions.do_preset(usize::from(k)),
            Shortcut::FullScreen => toggle_full_screen(),
            Shortcut::Projector => set_projector(actions, !actions.projector.get_untracked()),
            Shortcut::Help => help.update(|h| *h = !*h),
            Shortcut::Escape => {
                if help.get_untracked() {
                    help.set(false);
                } else if in_frame() {
                    // Give the keyboard back to the slides around the frame.
                    if let Some(e) = document()
                        .active_element()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = e.blur();
                    }
                    if let Ok(Some(parent)) = window().parent() {
                        let _ = parent.focus();
                    }
                } else {
                    return;
                }
            }
        }
        ev.prevent_default();
    };
    let handle = window_event_listener(leptos::ev::keydown, handler);
    on_cleanup(move || handle.remove());
}
