//! The page's side of the message API for host pages (`state::host` reads the messages)
//! and the pauses of an embed: the page's work gate closes while the tab is hidden, the
//! frame is off screen (an IntersectionObserver on the document root, which inside a frame
//! measures against the top page's viewport) or reveal.js has left its slide, and opens
//! again when all three are over. Messages arriving within one frame are coalesced: the
//! last settings and the last run/stop are applied once per animation frame.

use super::actions::PanelActions;
use crate::state::host::{merge, parse, state_message, Inbound, MAX_CHARS};
use crate::state::{Notices, Query};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;

/// What is waiting for the next animation frame.
#[derive(Default)]
struct Pending {
    set: Option<Query>,
    run: Option<bool>,
    scheduled: bool,
}

/// Why the page is not seen.
#[derive(Clone, Copy, Default)]
struct Hidden {
    tab: bool,
    off_screen: bool,
    slide: bool,
}

/// Wires the message API and the pauses. `panel` names the panel in state messages,
/// `notices` receives the notices of a host's settings.
pub fn use_host(actions: PanelActions, panel: &'static str, notices: RwSignal<Notices>, embed: bool) {
    let hidden = RwSignal::new(Hidden::default());
    Effect::new(move |_| {
        let h = hidden.get();
        actions.visible.set(!(h.tab || h.off_screen || h.slide));
    });
    // Hidden tab.
    let vis = window_event_listener_untyped("visibilitychange", move |_| {
        hidden.update(|h| h.tab = document().hidden());
    });
    // Off screen (only an embed: a full page scrolls its figures out of view on purpose).
    if embed {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(last) = entries.iter().last() {
                let entry: web_sys::IntersectionObserverEntry = last.unchecked_into();
                hidden.update(|h| h.off_screen = !entry.is_intersecting());
            }
        });
        if let Ok(observer) = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()) {
            if let Some(root) = document().document_element() {
                observer.observe(&root);
            }
            let kept = SendWrapper::new((observer, callback));
            on_cleanup(move || kept.0.disconnect());
        }
    }
    // Messages, coalesced per frame.
    let last_notices = RwSignal::new(Notices::default());
    let pending = StoredValue::new_local(Pending::default());
    let flush = move || {
        let Some((set, run)) = pending
            .try_update_value(|p| {
                p.scheduled = false;
                (p.set.take(), p.run.take())
            })
        else {
            return;
        };
        if let Some(changes) = set {
            let found = actions.apply(&merge(&actions.query(), &changes));
            if !found.0.is_empty() {
                notices.update(|n| n.0.extend(found.0.iter().cloned()));
            }
            last_notices.set(found);
        }
        if let Some(on) = run {
            actions.set_running(on);
        }
    };
    let on_message = move |ev: web_sys::MessageEvent| {
        let data = ev.data();
        let text = if let Some(s) = data.as_string() {
            s
        } else if data.is_object() {
            match js_sys::JSON::stringify(&data).ok().and_then(|s| s.as_string()) {
                Some(s) => s,
                None => return,
            }
        } else {
            return;
        };
        if text.len() > MAX_CHARS {
            return;
        }
        let Some(message) = parse(&text) else { return };
        match message {
            Inbound::SlideStop => return hidden.update(|h| h.slide = true),
            Inbound::SlideStart => return hidden.update(|h| h.slide = false),
            Inbound::Set(q) => pending.update_value(|p| p.set = Some(q)),
            Inbound::Run => pending.update_value(|p| p.run = Some(true)),
            Inbound::Stop => pending.update_value(|p| p.run = Some(false)),
        }
        let schedule = pending.with_value(|p| !p.scheduled);
        if schedule {
            pending.update_value(|p| p.scheduled = true);
            request_animation_frame(flush);
        }
    };
    let msg = window_event_listener(leptos::ev::message, on_message);
    on_cleanup(move || {
        vis.remove();
        msg.remove();
    });
    // The state, posted to the parent after each change (at most once a frame).
    if super::present::in_frame() {
        let posted = StoredValue::new(false);
        Effect::new(move |_| {
            // What the message says, tracked here and read again when it is sent.
            actions.version.track();
            last_notices.track();
            let _ = (actions.query(), actions.running());
            if posted.get_value() {
                return;
            }
            posted.set_value(true);
            request_animation_frame(move || {
                let _ = posted.try_set_value(false);
                let (query, running) = untrack(|| (actions.query().encode(), actions.running()));
                let text = last_notices.with_untracked(|n| state_message(panel, &query, running, n));
                if let (Ok(Some(parent)), Ok(value)) = (window().parent(), js_sys::JSON::parse(&text)) {
                    let _ = parent.post_message(&value, "*");
                }
            });
        });
    }
}
