//! The app shell of every panel's page: header and navigation, notices about the URL, and
//! the panel, the presenter's shortcuts and the message API. With `embed=1` only the panel
//! is shown, filling its frame, with a small bar of its primary actions. Each panel is its
//! own page (its own WebAssembly module, see `panels`), so navigation is a plain link.

use super::actions::{PanelActions, PROJECTOR_SCALE};
use super::components::notices::NoticeBar;
use super::components::share::{page_address, Share};
use super::host::use_host;
use super::present::{use_shortcuts, ShortcutHelp};
use super::url::{self, PageContext};
use crate::panels::{panel_ids, PanelInfo, PANELS};
use crate::state::share::links;
use crate::state::shortcuts::escape_html;
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
    // In an embed nothing computes on its own unless the link says `autorun=1`.
    let autorun = query.get("autorun").map(str::trim) == Some("1");
    let actions = PanelActions::new(!embed || autorun, app.present);
    crate::plot::canvas::set_scale(if app.present { PROJECTOR_SCALE } else { 1.0 });
    provide_context(actions);
    provide_context(PageContext {
        app: app.clone(),
        query: query.clone(),
        notices,
    });
    // The panel registers its actions while it is built, before the bars that show them.
    let panel = view();
    let help = RwSignal::new(false);
    let drawer = RwSignal::new(false);
    let opened_with = query.clone();
    use_shortcuts(actions, help, move || {
        let found = actions.apply(&opened_with);
        notices.set(found);
    });
    use_host(actions, info.id, notices, embed);
    // The page's whole current query, for the Share links.
    let home = PANELS[0].id;
    let full_query = Signal::derive(move || {
        let mut state = app.clone();
        state.present = actions.projector.get();
        let mut q = Query::default();
        state.write_query(home, &mut q);
        for (k, v) in actions.query().pairs() {
            q.set(k, v);
        }
        q
    });
    let with_panel = info.id != home;
    view! {
        <div class="app-root" class:embed=embed class:projector=move || actions.projector.get()
            class:drawer-open=move || drawer.get() data-testid="app-root"
            data-running=move || actions.running().to_string() data-visible=move || actions.visible.get().to_string()
            data-busy=move || actions.busy.get().to_string()>
            {(!embed).then(|| view! { <Header current=info.id query=full_query help=help with_share=with_panel /> })}
            <NoticeBar notices=notices />
            {embed.then(|| view! { <EmbedBar actions=actions query=full_query drawer=drawer /> })}
            <main class="panel-host" data-testid="panel" data-panel=info.id>
                {panel}
            </main>
            <ShortcutHelp actions=actions open=help />
        </div>
    }
}

/// An embed's corner: run/pause, step and presets, the drawer of settings, Share, and the
/// link that opens the same state as a full page in a new tab. One click handler reads
/// which button was pressed from its `data-act` (fewer closures, a smaller download).
#[component]
fn EmbedBar(actions: PanelActions, query: Signal<Query>, drawer: RwSignal<bool>) -> impl IntoView {
    let full = move || links(&page_address(), &query.get()).plain;
    let mut buttons = String::new();
    if actions.has_step() {
        buttons
            .push_str(r#"<button type="button" class="small" data-act="step" data-testid="embed-step">Step</button>"#);
    }
    for (k, name) in actions.preset_names().iter().enumerate().take(9) {
        let name = escape_html(name);
        buttons.push_str(&format!(
            r#"<button type="button" class="small" data-act="{n}" title="{name}" aria-label="Preset {n}: {name}" data-testid="embed-preset-{n}">{n}</button>"#,
            n = k + 1
        ));
    }
    let on_click = move |ev: web_sys::MouseEvent| {
        let act = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|e| e.closest("[data-act]").ok().flatten())
            .and_then(|e| e.get_attribute("data-act"));
        match act.as_deref() {
            Some("run") => actions.toggle(),
            Some("step") => actions.do_step(),
            Some("drawer") => drawer.update(|d| *d = !*d),
            Some(k) => actions.do_preset(k.parse().unwrap_or(0)),
            None => {}
        }
    };
    view! {
        <div class="embed-bar" data-testid="embed-bar" on:click=on_click>
            <button type="button" class="small primary" data-act="run" data-testid="embed-run" aria-pressed=move || actions.running().to_string()>
                {move || if actions.running() { "❚❚ Pause" } else { "▶ Run" }}
            </button>
            <span class="embed-actions" inner_html=buttons></span>
            <button type="button" class="small" data-act="drawer" data-testid="embed-drawer" aria-expanded=move || drawer.get().to_string()>
                "⚙ Settings"
            </button>
            <Share query=query />
            <a class="full-view" href=full target="_blank" rel="noopener" data-testid="embed-full">"Open full view ↗"</a>
        </div>
    }
}

/// The title and the navigation between panels.
#[component]
fn Header(current: &'static str, query: Signal<Query>, help: RwSignal<bool>, with_share: bool) -> impl IntoView {
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
            <div class="header-tools">
                {with_share.then(|| view! { <Share query=query /> })}
                <button type="button" class="small quiet-light" data-testid="shortcuts" aria-label="Keyboard shortcuts"
                    on:click=move |_| help.update(|h| *h = !*h)>"⌨ ?"</button>
            </div>
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
