//! The matrix tab's settings (k, depth, initialisation, step cap, size, rank, seed), the
//! training status with stop and retrain, and the replay's play button and scrubber.

use super::super::config::{k_range, params, LowrankConfig};
use super::super::trace::Training;
use super::playback::Playback;
use crate::engine::completion::degrees_of_freedom;
use crate::state::query::MAX_SEED;
use crate::tex_html;
use crate::ui::components::{seed::SeedInput, slider::Knob};
use crate::ui::job::FAILURE;
use crate::ui::runner::{Runner, Status};
use leptos::prelude::*;

/// The settings block.
#[component]
pub fn Controls(
    config: RwSignal<LowrankConfig>,
    runner: Runner<Training, super::super::jobs::Update>,
    playback: Playback,
    last: Memo<usize>,
) -> impl IntoView {
    let k_bounds = Memo::new(move |_| k_range(config.with(|c| c.size)));
    let dof = move || config.with(|c| degrees_of_freedom(c.size, c.rank));
    let status = move || {
        let progress = runner.state.with(|t| {
            t.models
                .iter()
                .zip(config.with(LowrankConfig::depths))
                .map(|(tr, d)| format!("depth {d}: step {}", tr.last().map_or(0, |f| f.step)))
                .collect::<Vec<_>>()
                .join(", ")
        });
        match runner.status.get() {
            Status::Idle => "Training starts in a moment…".to_owned(),
            Status::Running(_) => format!("Training… {progress}"),
            Status::Done(ms) => format!("Trained in {ms:.0} ms ({progress})."),
            Status::Stopped => format!("Stopped at {progress}; Resume continues from there."),
            Status::Failed => FAILURE.to_owned(),
        }
    };
    let running = move || matches!(runner.status.get(), Status::Running(_));
    let retrain = move |_| {
        let request = config.with_untracked(|c| super::matrix::train_request(c, Vec::new()));
        playback.end();
        runner.start(super::super::INFO.id, &request);
    };
    let stopped = move || runner.status.get() == Status::Stopped;
    let scrub_value = move || playback.position.get().unwrap_or(1.0).to_string();
    view! {
        <div class="lowrank-controls">
            <label class="slider">
                <span class="slider-head">
                    <span inner_html=params::K.slider.map_or("", |s| s.label)></span>
                    <output>{move || config.with(|c| c.k)}</output>
                </span>
                <input type="range" step="1" data-testid="lowrank-k"
                    min=move || k_bounds.get().0 max=move || k_bounds.get().1
                    prop:value=move || config.with(|c| c.k).to_string()
                    on:input=move |ev| {
                        if let Some(v) = crate::state::decimal::parse_f64(&event_target_value(&ev)) {
                            config.update(|c| params::K.apply(c, v));
                        }
                    } />
                <span class="hint" data-testid="lowrank-dof" inner_html=move || {
                    let (n, r) = config.with(|c| (c.size, c.rank));
                    tex_html!(r"of \slot; a rank-\slot $\slot \times \slot$ matrix has \slot degrees of freedom", n * n, r, n, n, dof())
                }></span>
            </label>
            <Knob config=config knob=&params::DEPTH />
            <Knob config=config knob=&params::INIT />
            <Knob config=config knob=&params::STEPS />
            <details class="problem-settings">
                <summary>"The problem: size, rank, seed"</summary>
                <Knob config=config knob=&params::SIZE />
                <Knob config=config knob=&params::RANK />
                <SeedInput value=Signal::derive(move || config.with(|c| c.seed)) on_change=move |s| config.update(|c| c.seed = s) max=MAX_SEED testid="lowrank-seed" />
            </details>
            <div class="run-status">
                <p class="status" role="status" data-testid="lowrank-status">{status}</p>
                <Show when=running fallback=move || view! {
                    <Show when=stopped>
                        <button type="button" class="small" data-testid="lowrank-resume"
                            on:click=move |_| super::matrix::resume(config, runner)>"Resume"</button>
                    </Show>
                    <button type="button" class="small" data-testid="lowrank-retrain" on:click=retrain>"Train again"</button>
                }>
                    <button type="button" class="small" data-testid="lowrank-stop" on:click=move |_| runner.stop()>"Stop"</button>
                </Show>
            </div>
            <div class="replay">
                <button type="button" class="small" data-testid="lowrank-play" aria-pressed=move || playback.playing.get().to_string()
                    disabled=move || running() || last.get() == 0 on:click=move |_| playback.toggle()>
                    {move || if playback.playing.get() { "Pause" } else { "Replay" }}
                </button>
                <input type="range" min="0" max="1" step="0.001" aria-label="Step shown" data-testid="lowrank-scrub"
                    disabled=move || running() || last.get() == 0
                    prop:value=scrub_value
                    on:input=move |ev| {
                        if let Some(v) = crate::state::decimal::parse_f64(&event_target_value(&ev)) {
                            playback.playing.set(false);
                            playback.position.set(Some(v));
                        }
                    } />
                <output data-testid="lowrank-step">{move || {
                    let l = last.get();
                    let s = playback.step(l);
                    format!("step {} of {l}", if s.is_finite() { s.round() as usize } else { l })
                }}</output>
            </div>
        </div>
    }
}
