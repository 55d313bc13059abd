//! The restarts panel's settings: data, network, optimiser, number of restarts, random
//! labels and the bad-minima comparison, plus two presets.

use crate::engine::{Activation, DatasetKind};
use crate::panels::restarts::config::*;
use crate::ui::components::select::Select;
use crate::ui::components::slider::Slider;
use crate::ui::components::toggle::Toggle;
use leptos::prelude::*;

/// Rounds to three significant digits (so URLs stay short).
fn round3(v: f64) -> f32 {
    let scale = 10f64.powi(2 - v.abs().max(1e-9).log10().floor() as i32);
    ((v * scale).round() / scale) as f32
}

/// The settings column.
#[component]
pub fn Controls(config: RwSignal<RestartsConfig>) -> impl IntoView {
    let fmt_int = |v: f64| format!("{v:.0}");
    let fmt2 = |v: f64| format!("{v:.2}");
    let fmt_lr = |v: f64| format!("{}", round3(10f64.powf(v)));
    let fmt_share = |v: f64| format!("{:.0} %", 100.0 * v);
    let number = move |get: fn(&RestartsConfig) -> u32| Signal::derive(move || f64::from(get(&config.get())));
    let random_labels = move |_| config.update(|c| *c = RestartsConfig::random_labels(c.seed));
    view! {
        <aside class="sam-controls restarts-controls">
            <div class="presets">
                <button type="button" class="small" data-testid="restarts-preset-default"
                    on:click=move |_| config.update(|c| *c = RestartsConfig { seed: c.seed, ..RestartsConfig::default() })>
                    "Default"
                </button>
                <button type="button" class="small" data-testid="restarts-preset-random" on:click=random_labels>
                    "Random labels"
                </button>
            </div>
            <Select label="Data" options=DATASETS.iter().map(|d| (d.key(), d.key())).collect()
                value=Signal::derive(move || config.get().dataset.key())
                on_change=move |key: String| {
                    if let Some(d) = DatasetKind::from_key(&key) {
                        config.update(|c| c.dataset = d);
                    }
                }
                testid="restarts-data" />
            <Slider label="Training points" min=f64::from(N_RANGE.0) max=f64::from(N_RANGE.1) step=1.0
                value=number(|c| c.n_train) on_change=move |v| config.update(|c| c.n_train = v as u32)
                format=fmt_int testid="restarts-n" />
            <Slider label="Hidden width" min=f64::from(WIDTH_RANGE.0) max=f64::from(WIDTH_RANGE.1) step=1.0
                value=number(|c| c.width) on_change=move |v| config.update(|c| c.width = v as u32)
                format=fmt_int testid="restarts-width" />
            <Slider label="Hidden layers" min=f64::from(DEPTH_RANGE.0) max=f64::from(DEPTH_RANGE.1) step=1.0
                value=number(|c| c.depth) on_change=move |v| config.update(|c| c.depth = v as u32)
                format=fmt_int testid="restarts-depth" />
            <Select label="Activation" options=vec![("tanh", "tanh"), ("relu", "ReLU")]
                value=Signal::derive(move || activation_key(config.get().activation))
                on_change=move |key: String| {
                    let activation = if key == "relu" { Activation::Relu } else { Activation::Tanh };
                    config.update(|c| c.activation = activation);
                }
                testid="restarts-act" />
            <Slider label="Learning rate η" min=f64::from(LR_RANGE.0).log10() max=f64::from(LR_RANGE.1).log10() step=0.01
                value=Signal::derive(move || f64::from(config.get().lr).log10())
                on_change=move |v| config.update(|c| c.lr = round3(10f64.powf(v)))
                format=fmt_lr testid="restarts-lr" />
            <Slider label="Momentum" min=f64::from(MOMENTUM_RANGE.0) max=f64::from(MOMENTUM_RANGE.1) step=0.01
                value=Signal::derive(move || f64::from(config.get().momentum))
                on_change=move |v| config.update(|c| c.momentum = round3(v).min(MOMENTUM_RANGE.1))
                format=fmt2 testid="restarts-momentum" />
            <Slider label="Minibatch size" min=f64::from(BATCH_RANGE.0) max=f64::from(BATCH_RANGE.1) step=1.0
                value=number(|c| c.batch) on_change=move |v| config.update(|c| c.batch = v as u32)
                format=fmt_int testid="restarts-batch" />
            <Slider label="Training steps" min=f64::from(STEPS_RANGE.0) max=f64::from(STEPS_RANGE.1) step=50.0
                value=number(|c| c.steps) on_change=move |v| config.update(|c| c.steps = v as u32)
                format=fmt_int testid="restarts-steps" />
            <Slider label="Restarts" min=f64::from(RUNS_RANGE.0) max=f64::from(RUNS_RANGE.1) step=1.0
                value=number(|c| c.runs) on_change=move |v| config.update(|c| c.runs = v as u32)
                format=fmt_int testid="restarts-runs" />
            <Slider label="Random training labels" min=0.0 max=1.0 step=0.05
                value=Signal::derive(move || f64::from(config.get().corruption))
                on_change=move |v: f64| config.update(|c| c.corruption = ((v * 20.0).round() / 20.0) as f32)
                format=fmt_share testid="restarts-q" />
            <Toggle label="Compare with bad minima (Liu et al.)"
                checked=Signal::derive(move || config.get().compare_bad)
                on_change=move |on| config.update(|c| c.compare_bad = on) testid="restarts-bad" />
            <label class="select">
                <span>"Seed"</span>
                <input type="number" min="0" step="1" data-testid="restarts-seed"
                    prop:value=move || config.get().seed.to_string()
                    on:change=move |ev| {
                        if let Ok(s) = event_target_value(&ev).trim().parse::<u64>() {
                            config.update(|c| c.seed = s.min(MAX_RESTART_SEED));
                        }
                    } />
            </label>
        </aside>
    }
}
