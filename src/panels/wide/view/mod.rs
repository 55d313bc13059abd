//! Panel "Infinite width": one width slider over three views. Prior: random nets become a
//! Gaussian process (Neal 1996). Training: wide nets follow kernel regression with the
//! neural tangent kernel (Jacot et al. 2018; Lee et al. 2019). Laziness: the weights move
//! less as the net widens (Chizat, Oyallon and Bach 2019). All numerics run in the
//! compute worker; the page only draws.

mod controls;
mod draw;
mod explain;
mod lazy;
mod prior;
mod training;

use crate::engine::wide::train::Snapshot;
use crate::panels::wide::config::{act_key, View, WideConfig};
use crate::panels::wide::jobs::{PriorResult, Request, Update as WideUpdate};
use crate::tex_text;
use crate::ui::components::readout::JsonReadout;
use crate::ui::job::{use_job, Job, JobStatus, FAILURE};
use crate::ui::url::use_url_config;
use leptos::prelude::*;

/// What the current job has reported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// The prior's figures.
    pub prior: Option<PriorResult>,
    /// Training inputs and targets.
    pub data: (Vec<f32>, Vec<f32>),
    /// Learning rate of the run.
    pub eta: f64,
    /// Recorded steps so far.
    pub steps: Vec<Snapshot>,
    /// Step at which the run diverged.
    pub diverged: Option<usize>,
}

fn fold(r: &mut Results, update: WideUpdate) {
    match update {
        WideUpdate::Prior(p) => r.prior = Some(p),
        WideUpdate::Start { x, y, eta } => {
            r.data = (x, y);
            r.eta = eta;
        }
        WideUpdate::Step(s) => r.steps.push(s),
        WideUpdate::Diverged(t) => r.diverged = Some(t),
        WideUpdate::Sweep(_) | WideUpdate::Widest(_) => {}
    }
}

/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Wide()
}

/// A status line for a job: running, failed, or done in how long.
pub fn status_text(job: Job<Results>, running: &'static str) -> impl Fn() -> String {
    move || match job.status.get() {
        JobStatus::Failed => FAILURE.to_owned(),
        JobStatus::Done(ms) => format!("Computed in {ms:.0} ms in a worker, off the page's thread."),
        _ => running.to_owned(),
    }
}

#[component]
fn Wide() -> impl IntoView {
    let config = use_url_config::<WideConfig>();
    let request = move || {
        config.with(|c| match c.view {
            View::Prior => Request::Prior {
                act: c.act,
                width: c.width as usize,
                seed: c.seed,
            },
            View::Train | View::Lazy => Request::Train(c.train_spec(c.width)),
        })
    };
    let job = use_job(super::INFO.id, request, fold);
    let view = Memo::new(move |_| config.with(|c| c.view));
    // The shell's presets 1–3: the three views.
    let actions = crate::ui::actions::use_actions();
    for (v, name) in [
        (View::Prior, "Random nets"),
        (View::Train, "Training"),
        (View::Lazy, "Laziness"),
    ] {
        actions.preset(name, move || config.update(|c| c.view = v));
    }
    // The recorded step the scrubber points at.
    let shown = Memo::new(move |_| {
        let t = config.with(|c| c.t) as usize;
        job.state.with(|r| r.steps.iter().find(|s| s.t == t).cloned())
    });
    let readout = move || {
        /// The testing hook: the current view's figures (null where the view has none).
        #[derive(serde::Serialize)]
        struct Readout {
            view: &'static str,
            width: u32,
            act: &'static str,
            t: u32,
            net_vs_kernel: Option<f64>,
            rel_weight_change: Option<f64>,
            rel_kernel_change: Option<f64>,
            excess_kurtosis: Option<f64>,
            ks: Option<f64>,
            diverged_at: Option<usize>,
            elapsed_ms: Option<f64>,
        }
        let c = config.get();
        let s = if c.view == View::Prior { None } else { shown.get() };
        let d = job
            .state
            .with(|r| r.prior.as_ref().map(|p| p.distribution.clone()))
            .filter(|_| c.view == View::Prior);
        serde_json::to_string(&Readout {
            view: c.view.key(),
            width: c.width,
            act: act_key(c.act),
            t: c.t,
            net_vs_kernel: s.as_ref().map(|s| s.net_vs_kernel),
            rel_weight_change: s.as_ref().map(|s| s.rel_weight_change),
            rel_kernel_change: s.as_ref().map(|s| s.rel_kernel_change),
            excess_kurtosis: d.as_ref().map(|d| d.excess_kurtosis),
            ks: d.as_ref().map(|d| d.ks),
            diverged_at: job.state.with(|r| r.diverged).filter(|_| c.view != View::Prior),
            elapsed_ms: match job.status.get() {
                JobStatus::Done(ms) => Some(ms),
                _ => None,
            },
        })
        .unwrap_or_default()
    };
    let tab = move |v: View, label: &'static str| {
        view! {
            <button type="button" role="tab" class="tab" aria-selected=move || (view.get() == v).to_string()
                data-testid=format!("wide-view-{}", v.key())
                on:click=move |_| config.update(|c| c.view = v)>{label}</button>
        }
    };
    view! {
        <article class="wide-panel">
            <header class="panel-intro">
                <h1>"Infinite width"</h1>
                <p class="formula" inner_html=tex_text!(r#"$f(x) = \frac{\sigma_w}{\sqrt n}\sum_j v_j\,\varphi(\sigma_w u_j x + \sigma_b b_j) + \sigma_b c$, one hidden layer of width $n$, every parameter drawn $\mathcal{N}(0, 1)$, $\sigma_w = 1.5,\ \sigma_b = 0.5$"#)></p>
            </header>
            <div class="tabs" role="tablist">
                {tab(View::Prior, "1 · Random nets")}
                {tab(View::Train, "2 · Training")}
                {tab(View::Lazy, "3 · Laziness")}
            </div>
            <div class="wide-layout">
                <div class="wide-figures">
                    {move || match view.get() {
                        View::Prior => view! { <prior::PriorView config=config job=job /> }.into_any(),
                        View::Train => view! { <training::TrainView config=config job=job shown=shown /> }.into_any(),
                        View::Lazy => view! { <lazy::LazyView config=config job=job shown=shown /> }.into_any(),
                    }}
                    // Saved by assets/notebook.js (the loader fetches it on the first click).
                    <span class="export"><button data-notebook data-testid="wide-notebook">"Download notebook"</button></span>
                </div>
                <controls::Controls config=config />
            </div>
            <JsonReadout testid="wide-readout" json=Signal::derive(readout) />
            <explain::Explain />
        </article>
    }
}
