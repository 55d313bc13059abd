//! The app shell of every panel's page: header and navigation, notices about the URL, and
//! the panel. With `embed=1` only the panel is shown, filling its frame. Each panel is its
//! own page (its own WebAssembly module, see `panels`), so navigation is a plain link.

use super::components::notices::NoticeBar;
use super::url::{self, PageContext};
use crate::panels::{panel_ids, PanelInfo, PANELS};
use crate::state::{AppState, Notices, Query};
use leptos::prelude::*;

/// Mounts the page of panel `info`, built by `view`, with the panic overlay installed.
pub fn start(info: &'static PanelInfo, view: fn() -> AnyView) {
    super::panic_overlay::install();
    if let Some(loading) = document().get_element_by_id("loading") {
        loading.remove();
    }
    leptos::mount::mount_to_body(move || App(AppProps { info, view }));
    // The panel is drawn: mark it for the load benchmark (scripts/load-bench.mjs) and tests.
    super::tasks::after_first_paint(|| {
        if let Some(performance) = window().performance() {
            let _ = performance.mark("genlab-ready");
        }
        let _ = document()
            .document_element()
            .map(|root| root.set_attribute("data-ready", "1"));
    });
}

/// The shell around one panel.
#[component]
fn App(info: &'static PanelInfo, view: fn() -> AnyView) -> impl IntoView {
    let query = Query::parse(&url::current_search());
    let mut found = Notices::default();
    let mut app = AppState::from_query(&query, &panel_ids(), &mut found);
    app.panel = info.id;
    if query.get("debug") == Some("panic") {
        panic!("debug=panic: a deliberate panic to test the error overlay");
    }
    let notices = RwSignal::new(found);
    let embed = app.embed;
    provide_context(PageContext { app, query, notices });
    view! {
        <div class="app-root" class:embed=embed>
            {(!embed).then(|| view! { <Header current=info.id /> })}
            <NoticeBar notices=notices />
            <main class="panel-host" data-testid="panel" data-panel=info.id>
                {view()}
            </main>
        </div>
    }
}

/// The title and the navigation between panels.
#[component]
fn Header(current: &'static str) -> impl IntoView {
    let links = PANELS
        .iter()
        .map(|entry| {
            let here = entry.id == current;
            view! {
                <a
                    href=href(entry.id)
                    class:current=here
                    aria-current=here.then_some("page")
                    data-testid=format!("nav-{}", entry.id)
                >
                    {entry.title}
                </a>
            }
        })
        .collect_view();
    view! {
        <header class="site-header" data-testid="site-header">
            <a class="brand" href="?">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "genlab"
            </a>
            <nav aria-label="Panels">{links}</nav>
        </header>
    }
}

/// The link to panel `id` (the home page's is `?`).
pub fn href(id: &str) -> String {
    if id == PANELS[0].id {
        "?".to_owned()
    } else {
        format!("?panel={id}")
    }
}
