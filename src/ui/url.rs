//! The browser's address bar as the app's state store: read the query, push a new page,
//! and keep a panel's settings in the URL as they change (with `replaceState`, so
//! dragging a slider does not flood the history).

use crate::state::app::{page_query, PanelConfig};
use crate::state::{AppState, Notices, Query};
use leptos::prelude::*;

/// What a panel gets from the shell when it is created.
#[derive(Clone)]
pub struct PageContext {
    /// The app-wide URL state of this page.
    pub app: AppState,
    /// The query the page was opened with.
    pub query: Query,
    /// Notices about ignored or clamped URL values, shown above the panel.
    pub notices: RwSignal<Notices>,
}

/// `location.search` (with its `?`), or empty.
pub fn current_search() -> String {
    window().location().search().unwrap_or_default()
}

/// Navigates to `href` (a `?query` relative to this page) without reloading.
pub fn push(href: &str) {
    let _ = window()
        .history()
        .and_then(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href)));
}

/// Replaces the current URL's query, keeping the path.
pub fn replace(query: &Query) {
    let encoded = query.encode();
    let path = window().location().pathname().unwrap_or_default();
    let href = if encoded.is_empty() {
        path
    } else {
        format!("{path}?{encoded}")
    };
    let _ = window()
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href)));
}

/// A panel's settings as a signal, read from the page's URL (bad values become notices)
/// and written back to the URL whenever they change.
pub fn use_url_config<C: PanelConfig + Send + Sync + 'static>() -> RwSignal<C> {
    let page = expect_context::<PageContext>();
    let mut found = Notices::default();
    let config = RwSignal::new(C::from_query(&page.query, &mut found));
    if !found.0.is_empty() {
        page.notices.update(|n| n.0.extend(found.0));
    }
    // The shell's shortcuts, reset and message API read and set the settings through here.
    if let Some(actions) = use_context::<super::actions::PanelActions>() {
        actions.settings(
            move || {
                let mut q = Query::default();
                config.with(|c| c.write_query(&mut q));
                q
            },
            move |q| {
                let mut found = Notices::default();
                config.set(C::from_query(q, &mut found));
                found
            },
        );
    }
    let app = page.app.clone();
    let home = crate::panels::PANELS[0].id;
    // Write at most every 200 ms (the latest settings win): a drag changes the settings
    // every frame, and browsers throttle pages that rewrite their URL that often.
    let pending = StoredValue::new(false);
    Effect::new(move |_| {
        config.track();
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        let mut app = app.clone();
        if let Some(actions) = use_context::<super::actions::PanelActions>() {
            app.present = actions.projector.get_untracked();
        }
        set_timeout(
            move || {
                let _ = pending.try_set_value(false);
                if let Some(latest) = config.try_get_untracked() {
                    replace(&page_query(&app, home, &latest));
                }
            },
            std::time::Duration::from_millis(200),
        );
    });
    config
}
