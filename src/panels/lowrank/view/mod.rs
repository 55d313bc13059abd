//! Panel “Deep linear networks”: two tabs, matrix completion by deep factorisations
//! (Arora, Cohen, Hu and Luo 2019) and the lecture's one-point reparametrisation example.

mod charts;
mod controls;
mod explain;
mod heatmaps;
mod matrix;
mod playback;
mod readout;
mod reparam;
mod sweep;

use super::config::{LowrankConfig, Tab};
use crate::ui::url::use_url_config;
use leptos::prelude::*;
use leptos::tachys::view::Mountable;

/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Lowrank()
}

/// The panel: the tab bar and the chosen tab.
#[component]
pub fn Lowrank() -> impl IntoView {
    let config = use_url_config::<LowrankConfig>();
    let tab = Memo::new(move |_| config.with(|c| c.tab));
    let tab_button = move |t: Tab, label: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                aria-selected=move || (tab.get() == t).to_string()
                data-testid=format!("lowrank-tab-{}", t.key())
                on:click=move |_| config.update(|c| c.tab = t)
            >
                {label}
            </button>
        }
    };
    let panel = NodeRef::<leptos::html::Article>::new();
    mount_tabs(panel, tab, config);
    view! {
        <article node_ref=panel class="lowrank-panel">
            <header class="panel-intro">
                <h1>"Deep linear networks"</h1>
                <p inner_html=crate::tex_text!(r"A product of matrices $W = W_N \cdots W_2 W_1$ can represent exactly the same functions as one matrix $W$. Trained by gradient descent, it still finds different answers: the model class alone does not say what a network learns.")></p>
            </header>
            <div class="tabs" role="tablist">
                {tab_button(Tab::Matrix, "Matrix completion")}
                {tab_button(Tab::Reparam, "Two parametrisations")}
            </div>
        </article>
    }
}

/// Builds the chosen tab (in an owner of its own, disposed when the tab changes) and
/// appends it to the panel: what `Show` did, built by hand so that the page does not link
/// the code that would rebuild a tab in place, which never runs. The first tab is built at
/// once, with the panel (it registers its actions before an embed's bar lists them).
fn mount_tabs(panel: NodeRef<leptos::html::Article>, tab: Memo<Tab>, config: RwSignal<LowrankConfig>) {
    let home = Owner::current();
    let build = move |tab: Tab| {
        let owner = home.as_ref().map_or_else(Owner::new, |home| home.with(Owner::new));
        let state = owner.with(|| {
            untrack(|| match tab {
                Tab::Matrix => Box::new(matrix::Matrix(matrix::MatrixProps { config }).build()) as Box<dyn Mountable>,
                Tab::Reparam => Box::new(reparam::Reparam(reparam::ReparamProps { config }).build()),
            })
        });
        (owner, state)
    };
    let first = tab.get_untracked();
    // (the tab shown, its owner and view, whether the view is in the page yet)
    let shown = StoredValue::new_local((first, build(first), false));
    Effect::new(move |_| {
        let tab = tab.get();
        let Some(parent) = panel.get() else {
            return;
        };
        shown.update_value(|(at, (owner, state), mounted)| {
            if *at != tab {
                if *mounted {
                    state.unmount();
                }
                owner.cleanup();
                (*owner, *state) = build(tab);
                (*at, *mounted) = (tab, false);
            }
            if !*mounted {
                state.mount(&parent, None);
                *mounted = true;
            }
        });
    });
}
