//! The app shell of every panel's page: header and navigation, notices about the URL, and
//! the panel, the presenter's shortcuts and the message API. With `embed=1` only the panel
//! is shown, filling its frame, with a small bar of its primary actions. Each panel is its
//! own page (its own WebAssembly module, see `panels`), so navigation is a plain link.

use super::actions::{PanelActions, PROJECTOR_SCALE};
use super::components::later::later;
use super::components::notices::NoticeBar;
use super::components::share::{copy_field, page_address};
use super::host::use_host;
use super::present::use_shortcuts;
use super::url::{self, PageContext};
use super::viewport::use_resize_reports;
use crate::panels::{panel_ids, PanelInfo, PANELS};
use crate::state::share::{html as share_html, links};
use crate::state::shortcuts::{escape_html, help_html};
use crate::state::{AppState, Notices, Query};
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts the page of panel `info`, built by `view`, with the panic overlay installed.
pub fn start<V: IntoView + 'static>(info: &'static PanelInfo, view: fn() -> V) {
    super::panic_overlay::install();
    crate::state::decimal::use_browser_parser(|s| Some(js_sys::Number::parse_float(s)));
    if let Some(loading) = document().get_element_by_id("loading") {
        loading.remove();
    }
    leptos::mount::mount_to_body(move || App(AppProps { info, view }));
}

/// Marks the page ready once the panel is drawn, for the load benchmark
/// (scripts/load-bench.mjs) and the tests.
fn mark_ready() {
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
///
/// The presenting controls (the embed's bar, Share, the `?` list) are plain HTML with one
/// click handler on the root (`data-shell` names the action) and one effect that keeps
/// their state on the page: built as Leptos views they cost every panel's download about
/// 6 KB (gzip) more.
#[component]
fn App<V: IntoView + 'static>(info: &'static PanelInfo, view: fn() -> V) -> impl IntoView {
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
    // On a full page the shell is painted first and the panel is built a task later, so
    // that its first computations do not hold the first paint in one long task. An embed
    // builds it at once: the panel registers its actions while it is built, before the
    // embed's bar that shows them. The later build mounts the panel by hand (see `later`).
    let panel = if embed {
        let panel = view();
        mark_ready();
        Either::Left(panel)
    } else {
        Either::Right(later(move || {
            mark_ready();
            view()
        }))
    };
    let (help, drawer, share) = (RwSignal::new(false), RwSignal::new(false), RwSignal::new(false));
    let opened_with = query.clone();
    use_shortcuts(actions, help, move || {
        let found = actions.apply(&opened_with);
        notices.set(found);
    });
    use_host(actions, info.id, notices, embed);
    // The page's whole current query, for the Share links and the full-view link.
    let home = PANELS[0].id;
    let full_query = move || {
        let mut state = app.clone();
        state.present = actions.projector.get();
        let mut q = Query::default();
        state.write_query(home, &mut q);
        for (k, v) in actions.query().pairs() {
            q.set(k, v);
        }
        q
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(hit) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        if hit.class_list().contains("shortcut-help") {
            return help.set(false);
        }
        if let Some(button) = hit.closest("[data-copy]").ok().flatten() {
            if let Some(id) = button.get_attribute("data-copy") {
                copy_field(&id, button);
            }
            return;
        }
        let Some(act) = hit
            .closest("[data-shell]")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("data-shell"))
        else {
            return;
        };
        match act.as_str() {
            "run" => actions.toggle(),
            "step" => actions.do_step(),
            "drawer" => drawer.update(|d| *d = !*d),
            "share" => share.update(|o| *o = !*o),
            "help" => help.update(|h| *h = !*h),
            "close" => help.set(false),
            k => actions.do_preset(k.parse().unwrap_or(0)),
        }
    };
    let tools = tools_html(embed, info.id != home, actions.has_step(), &actions.preset_names());
    // Keeps the plain-HTML controls and the root's state attributes up to date.
    Effect::new(move |_| {
        let (running, projector, drawer, help, share) = (
            actions.running(),
            actions.projector.get(),
            drawer.get(),
            help.get(),
            share.get(),
        );
        let (visible, busy) = (actions.visible.get(), actions.busy.get());
        let full = links(&page_address(), &full_query());
        let document = document();
        let one = |selector: &str| document.query_selector(selector).ok().flatten();
        let set = |selector: &str, name: &str, value: &str| {
            if let Some(e) = one(selector) {
                let _ = e.set_attribute(name, value);
            }
        };
        if let Some(root) = one(".app-root") {
            let classes = root.class_list();
            let _ = classes.toggle_with_force("projector", projector);
            let _ = classes.toggle_with_force("drawer-open", drawer);
        }
        set(".app-root", "data-running", &running.to_string());
        set(".app-root", "data-visible", &visible.to_string());
        set(".app-root", "data-busy", &busy.to_string());
        set("[data-shell=run]", "aria-pressed", &running.to_string());
        if let Some(run) = one("[data-shell=run]") {
            run.set_text_content(Some(if running { "❚❚ Pause" } else { "▶ Run" }));
        }
        set("[data-shell=drawer]", "aria-expanded", &drawer.to_string());
        set("[data-shell=share]", "aria-expanded", &share.to_string());
        set(".full-view", "href", &full.plain);
        if let Some(b) = one(".share-box") {
            b.toggle_attribute_with_force("hidden", !share).ok();
            b.set_inner_html(&if share {
                share_html(&full, crate::notebook::PANELS.contains(&info.id))
            } else {
                String::new()
            });
        }
        // On paper: the link that reopens this view, after the line of settings (which the
        // loader, assets/boot.js, writes from the panel's controls when printing starts).
        if let Some(p) = one(".print-link") {
            p.set_text_content(Some(&format!("Live view: {}", full.plain)));
        }
        if let Some(h) = one(".shortcut-help") {
            h.toggle_attribute_with_force("hidden", !help).ok();
            h.set_inner_html(&if help {
                help_html(&actions.preset_names())
            } else {
                String::new()
            });
        }
    });
    view! {
        <div class="app-root" class:embed=embed data-testid="app-root" on:click=on_click>
            {(!embed).then(|| view! { <Header current=info.id tools=tools.clone() /> })}
            <NoticeBar notices=notices />
            {embed.then(|| view! { <div class="embed-bar" data-testid="embed-bar" inner_html=tools></div> })}
            {(!embed && info.id != home).then(|| view! { <p class="print-only print-settings" data-testid="print-settings"><span class="print-controls"></span><span class="print-link"></span></p> })}
            <main class="panel-host" data-testid="panel" data-panel=info.id>
                {panel}
            </main>
            <div class="shortcut-help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcut-help" hidden></div>
        </div>
    }
}

/// The presenting controls as HTML: in an embed the bar (run/pause, step, presets, the
/// drawer, Share, the full-view link); on a full page the header's Share and `?`.
fn tools_html(embed: bool, with_share: bool, step: bool, presets: &[&str]) -> String {
    let share = r#"<div class="share"><button type="button" class="small share-toggle" data-shell="share" data-testid="share" aria-expanded="false">Share</button><div class="share-box" data-testid="share-box" role="group" aria-label="Share this view" hidden></div></div>"#;
    if !embed {
        let help = r#"<button type="button" class="small quiet-light" data-shell="help" data-testid="shortcuts" aria-label="Keyboard shortcuts">⌨ ?</button>"#;
        return format!("{}{help}", if with_share { share } else { "" });
    }
    let mut html = String::from(
        r#"<button type="button" class="small primary" data-shell="run" data-testid="embed-run" aria-pressed="false">▶ Run</button>"#,
    );
    if step {
        html.push_str(
            r#"<button type="button" class="small" data-shell="step" data-testid="embed-step">Step</button>"#,
        );
    }
    for (k, name) in presets.iter().enumerate().take(9) {
        let name = escape_html(name);
        html.push_str(&format!(
            r#"<button type="button" class="small" data-shell="{n}" title="{name}" aria-label="Preset {n}: {name}" data-testid="embed-preset-{n}">{n}</button>"#,
            n = k + 1
        ));
    }
    html.push_str(r#"<button type="button" class="small" data-shell="drawer" data-testid="embed-drawer" aria-expanded="false">⚙ Settings</button>"#);
    html.push_str(share);
    html.push_str(
        r#"<a class="full-view" target="_blank" rel="noopener" data-testid="embed-full">Open full view ↗</a>"#,
    );
    html
}

/// The title and the navigation between panels. Where the links do not fit in one row
/// (phones, laptops, projectors) they scroll sideways, with the current one in view.
#[component]
fn Header(current: &'static str, tools: String) -> impl IntoView {
    let nav = NodeRef::<leptos::html::Nav>::new();
    // The current link is centred after each layout that sizes the navigation (from its
    // resize observer, so reading positions forces no layout), the first one included.
    use_resize_reports(nav, |entry| {
        let Ok(nav) = entry.target().dyn_into::<web_sys::HtmlElement>() else {
            return;
        };
        if let Some(here) = nav
            .query_selector(".current")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let centre = here.offset_left() - (nav.client_width() - here.offset_width()) / 2;
            nav.set_scroll_left(centre.max(0));
        }
    });
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
            <nav aria-label="Panels" node_ref=nav>{links}</nav>
            <div class="header-tools" inner_html=tools></div>
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
