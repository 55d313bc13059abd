//! The app shell: header and navigation, notices about the URL, and the current panel.
//! With `embed=1` only the panel is shown, filling its frame.

use super::components::notices::NoticeBar;
use super::panels::{panel_entry, PANELS};
use super::url::{self, PageContext};
use crate::state::{AppState, Notices, Query};
use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let search = RwSignal::new(url::current_search());
    let notices = RwSignal::new(Notices::default());
    let known: Vec<&'static str> = PANELS.iter().map(|p| p.id).collect();
    let state = Memo::new(move |_| {
        let mut found = Notices::default();
        let state = AppState::from_query(&Query::parse(&search.get()), &known, &mut found);
        notices.set(found);
        state
    });
    if Query::parse(&search.get_untracked()).get("debug") == Some("panic") {
        panic!("debug=panic: a deliberate panic to test the error overlay");
    }
    let navigate = move |href: String| {
        url::push(&href);
        search.set(url::current_search());
    };
    let popstate = window_event_listener(leptos::ev::popstate, move |_| search.set(url::current_search()));
    on_cleanup(move || popstate.remove());

    let panel = Memo::new(move |_| state.get().panel);
    let embed = Memo::new(move |_| state.get().embed);
    let body = move || {
        let id = panel.get();
        let context = PageContext {
            app: state.get_untracked(),
            query: Query::parse(&search.get_untracked()),
            notices,
        };
        provide_context(context);
        (panel_entry(id).view)()
    };

    view! {
        <div class="app-root" class:embed=embed>
            <Show when=move || !embed.get()>
                <Header current=panel navigate=navigate />
            </Show>
            <NoticeBar notices=notices />
            <main class="panel-host" data-testid="panel" data-panel=move || panel.get()>
                {body}
            </main>
        </div>
    }
}

/// The title and the navigation between panels.
#[component]
fn Header(current: Memo<&'static str>, navigate: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let links = PANELS
        .iter()
        .map(|entry| {
            let href = if entry.id == PANELS[0].id {
                "?".to_owned()
            } else {
                format!("?panel={}", entry.id)
            };
            let target = href.clone();
            view! {
                <a
                    href=href
                    class:current=move || current.get() == entry.id
                    aria-current=move || (current.get() == entry.id).then_some("page")
                    data-testid=format!("nav-{}", entry.id)
                    on:click=move |ev| {
                        ev.prevent_default();
                        navigate(target.clone());
                    }
                >
                    {entry.title}
                </a>
            }
        })
        .collect_view();
    view! {
        <header class="site-header" data-testid="site-header">
            <a class="brand" href="?" on:click=move |ev| { ev.prevent_default(); navigate("?".to_owned()); }>
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "genlab"
            </a>
            <nav aria-label="Panels">{links}</nav>
        </header>
    }
}
