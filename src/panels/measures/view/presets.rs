//! The three preset buttons and the one line that says, once one is pressed, what will
//! happen and why (`presets::Preset::line`, host-tested); the line goes when the settings
//! move away from that preset's.

use crate::panels::measures::config::MeasuresConfig;
use crate::panels::measures::presets::PRESETS;
use leptos::prelude::*;

/// The buttons and the line; `pressed` is the last preset pressed (a button or keys 1–3).
#[component]
pub fn Presets(config: RwSignal<MeasuresConfig>, pressed: RwSignal<Option<usize>>) -> impl IntoView {
    let buttons = PRESETS
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let apply = move |_| {
                pressed.set(Some(k));
                config.update(|c| *c = PRESETS[k].apply(c));
            };
            view! {
                <button type="button" class="small" data-testid=format!("measures-preset-{}", k + 1) on:click=apply
                    aria-pressed=move || (pressed.get() == Some(k)).to_string()>
                    {p.name}
                </button>
            }
        })
        .collect_view();
    let line = move || {
        pressed
            .get()
            .filter(|&k| config.with(|c| PRESETS[k].is_set(c)))
            .map(|k| PRESETS[k].line())
    };
    view! {
        <div class="presets" role="group" aria-label="Ready-made studies">{buttons}</div>
        <p class="hint" data-testid="measures-preset-line" aria-live="polite" hidden=move || line().is_none()>
            {move || line().unwrap_or_default()}
        </p>
    }
}
