//! Panel "Sharpness and SAM": a loss surface over two parameters with the paths of
//! gradient descent and of sharpness-aware minimisation (Foret et al. 2021) from a
//! start point the student drags.

mod basins;
mod controls;
mod draw;
mod explain;
mod readout;

use crate::engine::landscape::{sam_step, trajectory, SamStep, Trajectory};
use crate::panels::sam::surfaces::Preset;
use crate::plot::canvas::{pointer_position, rgba_canvas};
use crate::plot::{Field, Frame};
use crate::panels::sam::config::{preset_named, SamConfig};
use crate::panels::sam::describe::{describe, end_of, worst_gap, worst_sentence, WorstGap};
use crate::ui::components::describe::FigureText;
use crate::ui::components::export::CsvButton;
use crate::ui::components::keys::arrow_step;
use crate::ui::url::use_url_config;
use crate::ui::canvas::use_canvas_draw;
use leptos::prelude::*;
use std::sync::{Arc, OnceLock};

/// Everything drawn on the main plot, derived from the settings.
#[derive(Clone, PartialEq)]
pub struct Scene {
    preset: Preset,
    gd: Trajectory,
    sam: Trajectory,
    /// In step mode: how many steps are shown.
    step: Option<usize>,
    /// In step mode: SAM's current point and its step from there, with the exact worst
    /// point of the ρ-circle (drawn), and the two compared (in words under the figure).
    mechanism: Option<([f32; 2], SamStep, WorstGap)>,
    lr: f32,
    rho: f32,
    test: bool,
}

/// The training loss sampled on the window, and its heatmap's pixels.
type Heat = Arc<(Field, Vec<u8>)>;

/// The background: heatmap colours and iso-lines of the training (and test) loss.
#[derive(Clone)]
pub struct Background {
    heat: Heat,
    contours: Vec<Vec<[f32; 2]>>,
    /// The test loss's iso-lines, traced the first time the test overlay is drawn (it is
    /// off by default).
    test_contours: OnceLock<Vec<Vec<[f32; 2]>>>,
}

impl Background {
    /// The test loss L(w − δ)'s iso-lines on preset `p` (the background's own).
    fn test_contours(&self, p: &Preset) -> &[Vec<[f32; 2]>] {
        self.test_contours
            .get_or_init(|| Field::sample(&p.surface, p.domain, FIELD_N / 2, p.test_shift).contours(9))
    }
}

/// Equal backgrounds are those of the same training loss (the lines follow from it).
impl PartialEq for Background {
    fn eq(&self, other: &Self) -> bool {
        self.heat == other.heat
    }
}

const FIELD_N: usize = 160;

/// The panel.
/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Sam()
}

#[component]
pub fn Sam() -> impl IntoView {
    let config = use_url_config::<SamConfig>();
    let step_mode = RwSignal::new(None::<usize>);
    let surface_key = Memo::new(move |_| config.with(|c| c.surface));
    // Rebuilt only when the surface changes (a data-based preset refines its minima).
    let current = Memo::new(move |_| preset_named(surface_key.get()));
    // The training loss sampled and coloured, then its iso-lines traced: two memos, so
    // that after the first paint each is computed in a task of its own, just before the
    // task that first draws them (three shorter tasks rather than one long one).
    let heat = Memo::new(move |_| {
        let p = current.get();
        let field = Field::sample(&p.surface, p.domain, FIELD_N, [0.0, 0.0]);
        let rgba = field.rgba();
        Arc::new((field, rgba))
    });
    let background = Memo::new(move |_| {
        let heat = heat.get();
        Background {
            contours: heat.0.contours(9),
            heat,
            test_contours: OnceLock::new(),
        }
    });
    // Both are queued in the first frame, so both run before the drawing, which is queued
    // only once the canvas is seen near the screen, after that frame's layout.
    crate::ui::tasks::after_first_paint(move || {
        let _ = heat.try_with_untracked(|_| ());
    });
    crate::ui::tasks::after_first_paint(move || {
        let _ = background.try_with_untracked(|_| ());
    });
    let scene = Memo::new(move |_| {
        let c = config.get();
        let p = current.get();
        let run = c.run(p.surface.data_len().is_some());
        let start = [c.x0, c.y0];
        let sam = trajectory(&p.surface, p.domain, start, run, true);
        let step = step_mode.get();
        Scene {
            gd: trajectory(&p.surface, p.domain, start, run, false),
            mechanism: step.map(|k| {
                let at = sam.points[k.min(sam.points.len() - 1)];
                let s = sam_step(&p.surface, at, c.lr, c.rho);
                let gap = worst_gap(&p.surface, at, &s);
                (at, s, gap)
            }),
            sam,
            step,
            lr: c.lr,
            rho: c.rho,
            test: c.test,
            preset: p,
        }
    });
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let overlay_ref = NodeRef::<leptos::html::Canvas>::new();
    // The still layer: redrawn when the surface, the test overlay or the size change.
    // Its frame (data ↔ CSS pixels) is what the path layer and the pointer use.
    let frame = RwSignal::new(None::<Frame>);
    let test_on = Memo::new(move |_| config.with(|c| c.test));
    use_canvas_draw(canvas_ref, move |canvas| {
        let (p, test) = (current.get(), test_on.get());
        background.with(|bg| {
            let (field, rgba) = &*bg.heat;
            let heat = rgba_canvas(rgba, field.n as u32)?;
            frame.set(draw::still_layer(canvas, &heat, bg, &p, test));
            Some(())
        });
    });
    Effect::new(move |_| {
        let (Some(canvas), Some(px)) = (overlay_ref.get(), frame.get()) else {
            return;
        };
        scene.with(|s| draw::path_layer(&canvas, &px, s));
    });
    let basin = basins::use_basin_maps(config, current);
    // The shell's shortcuts: `.` steps through SAM, 1…9 the scenarios.
    let actions = crate::ui::actions::use_actions();
    actions.step(move || step_mode.update(|s| *s = Some(s.map_or(0, |k| k + 1))));
    let pressed = RwSignal::new(None::<usize>);
    for (k, scenario) in crate::panels::sam::surfaces::SCENARIOS.iter().enumerate() {
        actions.preset(scenario.label, move || {
            step_mode.set(None);
            pressed.set(Some(k));
            config.update(|c| *c = c.with_scenario(scenario));
        });
    }

    // Moving the start point: pointer (mouse, pen, touch) and arrow keys.
    let move_start = move |w: [f32; 2]| config.update(|c| (c.x0, c.y0) = (w[0], w[1]));
    let dragging = StoredValue::new(false);
    let pointer_to_data = move |ev: &web_sys::PointerEvent| pointer_position(ev, frame.get_untracked());
    let on_down = move |ev: web_sys::PointerEvent| {
        ev.prevent_default();
        if let Some(target) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        dragging.set_value(true);
        if let Some(w) = pointer_to_data(&ev) {
            move_start(w);
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if dragging.get_value() {
            if let Some(w) = pointer_to_data(&ev) {
                move_start(w);
            }
        }
    };
    let on_up = move |_| dragging.set_value(false);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some((dx, dy)) = arrow_step(&ev) else { return };
        let fraction = if ev.shift_key() { 0.05 } else { 0.01 };
        let [x0, x1, y0, y1] = current.with_untracked(|p| p.domain);
        config.update(|c| {
            c.x0 = (c.x0 + dx * fraction * (x1 - x0)).clamp(x0, x1);
            c.y0 = (c.y0 + dy * fraction * (y1 - y0)).clamp(y0, y1);
        });
    };

    // The figure in words (its text alternative) and its numbers (the paths, as CSV).
    let alt = Memo::new(move |_| {
        let start = config.with(|c| [c.x0, c.y0]);
        scene.with(|s| describe(&s.preset, start, &end_of(&s.preset, &s.gd, s.step), &end_of(&s.preset, &s.sam, s.step), s.step))
    });
    // Step mode's comparison of SAM's ε with the exact worst point, in words (empty
    // otherwise, so that the live region exists before it first speaks).
    let stepping = Memo::new(move |_| step_mode.get().is_some());
    let worst_line = move || {
        scene.with(|s| match (s.step, &s.mechanism) {
            (Some(k), Some((_, _, gap))) => worst_sentence(gap, k, s.rho),
            _ => String::new(),
        })
    };
    let look = move || {
        if stepping.get() {
            crate::tex_text!(r"Look at the white arrow, SAM's $\varepsilon$, and the ◆, the dashed $\rho$-circle's highest point: SAM takes its gradient at the arrow's tip, not at the ◆.")
        } else {
            crate::tex_text!(r"Look at where each path ends, then compare $\lambda_{\max}$ at the two ends in the table below.")
        }
    };
    let paths_csv = move || {
        scene.with_untracked(|s| {
            let mut out = String::from("step,gd_w1,gd_w2,gd_loss,sam_w1,sam_w2,sam_loss\n");
            let f = |p: Option<&[f32; 2]>| {
                p.map_or(",,".to_owned(), |w| format!("{},{},{}", w[0], w[1], s.preset.surface.value(*w)))
            };
            for k in 0..s.gd.points.len().max(s.sam.points.len()) {
                out.push_str(&format!("{k},{},{}\n", f(s.gd.points.get(k)), f(s.sam.points.get(k))));
            }
            out
        })
    };

    view! {
        <article class="sam-panel">
            <header class="panel-intro">
                <h1>"Sharpness and SAM"</h1>
                <p class="formula" inner_html=move || current.get().formula></p>
            </header>
            <div class="sam-layout">
                <figure class="plot-figure">
                    <p class="look" data-testid="sam-look" inner_html=look></p>
                    <div class="plot-stack">
                    <canvas node_ref=canvas_ref class="main-plot" aria-hidden="true" data-testid="sam-surface-canvas"></canvas>
                    <canvas
                        node_ref=overlay_ref
                        class="main-plot overlay"
                        tabindex="0"
                        role="img"
                        aria-label="Loss surface over two parameters with the gradient-descent and SAM paths. Drag, tap or use the arrow keys to move the start point (Shift for larger steps)."
                        aria-describedby="sam-canvas-alt"
                        data-testid="sam-canvas"
                        on:pointerdown=on_down
                        on:pointermove=on_move
                        on:pointerup=on_up
                        on:pointercancel=on_up
                        on:keydown=on_key
                    ></canvas>
                    </div>
                    <figcaption>
                        <div class="legend">
                            <span class="key gd">"● gradient descent"</span>
                            <span class="key sam">"▲ SAM"</span>
                            <span class="key start">"○ start (drag me)"</span>
                            <Show when=move || config.with(|c| c.test)>
                                <span class="key test">"┄ test loss"</span>
                            </Show>
                            <Show when=move || stepping.get()>
                                <span class="key eps" inner_html=crate::tex_text!(r"→ SAM's $\varepsilon$ (linearised)")></span>
                                <span class="key worst">"◆ exact worst point"</span>
                            </Show>
                        </div>
                        <p class="worst-line" data-testid="sam-worst" aria-live="polite" inner_html=worst_line></p>
                    </figcaption>
                    <FigureText id="sam-canvas-alt" text=alt live=true />
                    <span class="export">"Both paths: " <CsvButton name="sam-paths" csv=paths_csv />
                        // Saved by assets/notebook.js (the loader fetches it on the first click).
                        <button data-notebook data-testid="sam-notebook">"Download notebook"</button></span>
                </figure>
                <controls::Controls config=config step_mode=step_mode surface_key=surface_key pressed=pressed />
            </div>
            <readout::Readouts scene=scene config=config basin_ms=basin.elapsed_ms />
            <basins::BasinMaps config=config preset=current maps=basin />
            <explain::Explain config=config />
        </article>
    }
}
