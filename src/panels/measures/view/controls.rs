//! The study's settings: which axes vary, the target loss, flipped labels, seeds, the
//! fixed-budget toggle and the seed.

use crate::engine::measures::study::FIXED_STEPS;
use crate::engine::measures::Axis;
use crate::panels::measures::config::{params, MeasuresConfig};
use crate::state::query::MAX_SEED;
use crate::ui::components::seed::SeedInput;
use crate::ui::components::slider::Knob;
use crate::ui::components::toggle::Toggle;
use leptos::prelude::*;

// The fixed-budget toggle's label names the budget.
const _: () = assert!(FIXED_STEPS == 300);

/// The settings block.
#[component]
pub fn Controls(config: RwSignal<MeasuresConfig>) -> impl IntoView {
    let axis_box = move |axis: Axis| {
        let k = axis.index();
        let label = format!("{} ({} / {})", axis.label(), axis.text(false), axis.text(true));
        view! {
            <label class="toggle">
                <input type="checkbox" data-testid=format!("measures-axis-{}", axis.key())
                    prop:checked=move || config.with(|c| c.axes[k])
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        config.update(|c| {
                            c.axes[k] = on;
                            // At least one axis varies.
                            if c.axes.iter().all(|v| !v) {
                                c.axes[k] = true;
                            }
                        });
                    } />
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <div class="measures-controls">
            <fieldset class="measures-axes">
                <legend>"Axes that vary (the others keep their first value)"</legend>
                {Axis::ALL.into_iter().map(axis_box).collect_view()}
            </fieldset>
            <Knob config=config knob=&params::CE />
            <Knob config=config knob=&params::FLIP />
            <Knob config=config knob=&params::SEEDS />
            <Toggle label="Fixed budget of 300 steps instead of a target loss"
                checked=Signal::derive(move || config.with(|c| c.fixed))
                on_change=move |on| config.update(|c| c.fixed = on) testid="measures-fixed" />
            <SeedInput value=Signal::derive(move || config.with(|c| c.seed))
                on_change=move |seed| config.update(|c| c.seed = seed) max=MAX_SEED testid="measures-seed" />
        </div>
    }
}
