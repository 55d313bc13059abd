//! The page's side of the message API for host pages (`state::host` reads the messages)
//! and the pauses of an embed: the page's work gate closes while the tab is hidden, the
//! frame is off screen (an IntersectionObserver on the document root, which inside a frame
//! measures against the top page's viewport) or reveal.js has left its slide, and opens
//! again when all three are over. Messages arriving within one frame are coalesced: the
//! last settings and the last run/stop are applied once per animation frame.
//!
//! On reveal.js slides: reveal.js keeps the slides near the current one loaded and posts
//! nothing to their frames until it shows one (`slide:start`) or leaves it (`slide:stop`).
//! Its default transition moves a later slide off screen, which the observer sees; "fade"
//! and "none" leave it in place at opacity 0, which no browser reports to the frame
//! (IntersectionObserver v2's `isVisible` is false on reveal's shown slide too), so there a
//! frame counts as seen until reveal.js first leaves its slide (README, "Presenting").

use super::actions::PanelActions;
use crate::state::host::{merge, parse, Fields, Inbound, State, MAX_CHARS, STATE_TYPE};
use crate::state::Notices;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;

/// Why the page is not seen: bits of a `u32` (a signal of a type every page already has).
const TAB_HIDDEN: u32 = 1;
const OFF_SCREEN: u32 = 2;
const SLIDE_LEFT: u32 = 4;

/// Sets or clears `bit` of `hidden`.
fn mark(hidden: RwSignal<u32>, bit: u32, on: bool) {
    hidden.update(|h| if on { *h |= bit } else { *h &= !bit });
}

/// Wires the message API and the pauses. `panel` names the panel in state messages,
/// `notices` receives the notices of a host's settings.
pub fn use_host(actions: PanelActions, panel: &'static str, notices: RwSignal<Notices>, embed: bool) {
    let hidden = RwSignal::new(0u32);
    // A panel with its own run is paused through it, and resumed only if it was running;
    // automatic jobs wait on the gate (`PanelActions::go`).
    let resume = StoredValue::new(false);
    Effect::new(move |_| {
        // On paper every figure is seen: a frame off screen prints too (`ui::print`).
        let hidden = hidden.get();
        let seen = hidden == 0 || (hidden == OFF_SCREEN && super::print::printing().get());
        if seen == actions.visible.get_untracked() {
            return;
        }
        actions.visible.set(seen);
        if !actions.has_run() {
            return;
        }
        if !seen {
            let was = untrack(|| actions.running());
            resume.set_value(was);
            if was {
                actions.set_running(false);
            }
        } else if resume.get_value() {
            resume.set_value(false);
            actions.set_running(true);
        }
    });
    // Hidden tab.
    let vis = window_event_listener_untyped("visibilitychange", move |_| {
        mark(hidden, TAB_HIDDEN, document().hidden());
    });
    // Off screen (only an embed: a full page scrolls its figures out of view on purpose).
    if embed {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(last) = entries.iter().last() {
                let entry: web_sys::IntersectionObserverEntry = last.unchecked_into();
                mark(hidden, OFF_SCREEN, !entry.is_intersecting());
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
    let flush = move || {
        let (set, run) = actions.take_inbox();
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
        let mut data = ev.data();
        // A string is read as it is, or as JSON when it looks like an object; only string
        // fields of an object are read (`state::host::parse` decides).
        let text = data.as_string().filter(|t| t.len() <= MAX_CHARS);
        if data.is_string() && text.is_none() {
            return;
        }
        let mut text = text;
        if let Some(t) = text.as_deref().filter(|t| t.trim_start().starts_with('{')) {
            match js_sys::JSON::parse(t) {
                Ok(parsed) => {
                    data = parsed;
                    text = None;
                }
                Err(_) => return,
            }
        }
        let field = |name: &str| -> Option<String> {
            if !data.is_object() {
                return None;
            }
            js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok()?.as_string()
        };
        let (kind, query, event_name) = (field("type"), field("query"), field("eventName"));
        let Some(message) = parse(Fields {
            text: text.as_deref(),
            kind: kind.as_deref(),
            query: query.as_deref(),
            event_name: event_name.as_deref(),
        }) else {
            return;
        };
        match message {
            Inbound::SlideStop => mark(hidden, SLIDE_LEFT, true),
            Inbound::SlideStart => mark(hidden, SLIDE_LEFT, false),
            Inbound::Set(q) => {
                if actions.post(Some(q), None) {
                    request_animation_frame(flush);
                }
            }
            Inbound::Run | Inbound::Stop => {
                if actions.post(None, Some(message == Inbound::Run)) {
                    request_animation_frame(flush);
                }
            }
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
                let state = State {
                    panel: panel.to_owned(),
                    query,
                    running,
                    notices: last_notices.get_untracked().0,
                };
                if let Ok(Some(parent)) = window().parent() {
                    let _ = parent.post_message(&state_object(&state), "*");
                }
            });
        });
    }
}

/// The state message as a plain object (structured-cloned to the parent).
fn state_object(state: &State) -> JsValue {
    let object = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &value);
    };
    set("type", STATE_TYPE.into());
    set("panel", state.panel.as_str().into());
    set("query", state.query.as_str().into());
    set("running", state.running.into());
    let notices: js_sys::Array = state.notices.iter().map(|n| JsValue::from_str(n)).collect();
    set("notices", notices.into());
    object.into()
}
