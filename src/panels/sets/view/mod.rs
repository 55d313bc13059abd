//! Panel "Green set vs magenta set": the classical picture of generalisation, computed
//! exactly for a random-features model, on a slice of parameter space through the
//! minimum-norm interpolant (where gradient descent goes), a bad interpolant and the best
//! parameter; with the function any point of the slice computes.

mod capacity;
mod controls;
mod draw;
mod function;
mod labels;

use crate::engine::random_features::{inside_share, set_grid, RfModel, Slice};
use crate::plot::canvas::pointer_position;
use crate::plot::{Field, Frame};
use crate::panels::sets::config::{SetsConfig, FEATURES};
use crate::ui::components::export::ExportButtons;
use crate::ui::components::keys::arrow_step;
use crate::ui::url::use_url_config;
use crate::ui::components::readout::JsonReadout;
use leptos::prelude::*;
use std::sync::Arc;

/// Grid side of the set picture.
const GRID: usize = 300;

/// Everything the plane view draws, derived from the settings.
#[derive(Clone)]
pub struct SetsView {
    model: Arc<RfModel>,
    slice: Arc<Slice>,
    window: [f64; 4],
    /// Cell membership (bit 0 green, bit 1 magenta), GRID², row 0 at the top.
    cells: Vec<u8>,
    green_outline: Vec<Vec<[f32; 2]>>,
    magenta_outline: Vec<Vec<[f32; 2]>>,
    inside_share: f64,
    green_level: f64,
    delta: f64,
}

impl PartialEq for SetsView {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.model, &other.model) && self.cells == other.cells
    }
}

impl SetsView {
    fn new(c: &SetsConfig) -> SetsView {
        let model = RfModel::new(&c.spec());
        let slice = model.slice();
        let window = slice.window();
        let (epsilon, delta) = (f64::from(c.epsilon), f64::from(c.delta));
        let cells = set_grid(&slice, window, GRID, epsilon, delta);
        let field = |f: &dyn Fn(f64, f64) -> f64| {
            let [s0, s1, t0, t1] = window;
            let values = (0..GRID * GRID)
                .map(|k| {
                    let s = s0 + (s1 - s0) * ((k % GRID) as f64 + 0.5) / GRID as f64;
                    let t = t1 - (t1 - t0) * ((k / GRID) as f64 + 0.5) / GRID as f64;
                    f(s, t) as f32
                })
                .collect();
            Field {
                n: GRID,
                domain: window.map(|v| v as f32),
                values,
            }
        };
        let green_outline =
            field(&|s, t| slice.empirical.at(s, t)).iso_lines(&[(slice.empirical_min + epsilon) as f32]);
        let magenta_outline = field(&|s, t| slice.risk.at(s, t)).iso_lines(&[(slice.risk_min + delta) as f32]);
        SetsView {
            inside_share: inside_share(&cells),
            model: Arc::new(model),
            slice: Arc::new(slice),
            window,
            cells,
            green_outline,
            magenta_outline,
            green_level: epsilon,
            delta,
        }
    }

    /// (R̂, R) at plane point p.
    fn risks(&self, p: [f64; 2]) -> (f64, f64) {
        (self.slice.empirical.at(p[0], p[1]), self.slice.risk.at(p[0], p[1]))
    }

    fn in_magenta(&self, p: [f64; 2]) -> bool {
        self.risks(p).1 <= self.slice.risk_min + self.delta
    }
}

/// The panel.
/// The panel's page content, for the shell.
pub fn page() -> AnyView {
    Sets().into_any()
}

#[component]
pub fn Sets() -> impl IntoView {
    let config = use_url_config::<SetsConfig>();
    let view = Memo::new(move |_| config.with(SetsView::new));
    // A memo, so that the random-label runs restart only when the seed changes.
    let seed = Memo::new(move |_| config.with(|c| c.seed));
    // The inspected point of the plane (starts at gradient descent's interpolant).
    // The parameter the student points at, with the settings of the plane it was picked
    // on: a new model means a new plane, and the view falls back to gradient descent's
    // point (derived, so nothing has to reset it).
    let probe = RwSignal::new(None::<(SetsConfig, [f64; 2])>);
    let inspected = Memo::new(move |_| {
        let current = config.get();
        probe
            .with(|p| p.as_ref().filter(|(at, _)| *at == current).map(|p| p.1))
            .unwrap_or_else(|| view.with(|v| v.slice.gd))
    });
    let point_at = move |p: [f64; 2]| probe.set(Some((config.get_untracked(), p)));
    let plane_ref = NodeRef::<leptos::html::Canvas>::new();
    let frame = StoredValue::new(None::<Frame>);
    let size = crate::ui::resize::use_resize();
    Effect::new(move |_| {
        size.track();
        let Some(canvas) = plane_ref.get() else { return };
        let at = inspected.get();
        view.with(|v| frame.set_value(draw::plane(&canvas, v, at)));
    });
    let pointer_to_plane = move |ev: &web_sys::PointerEvent| pointer_position(ev, frame.get_value());
    let on_point = move |ev: web_sys::PointerEvent| {
        if let Some(p) = pointer_to_plane(&ev) {
            point_at([f64::from(p[0]), f64::from(p[1])]);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some((dx, dy)) = arrow_step(&ev) else { return };
        let [s0, s1, t0, t1] = view.with_untracked(|v| v.window);
        let p = inspected.get_untracked();
        point_at([
            p[0] + 0.02 * f64::from(dx) * (s1 - s0),
            p[1] + 0.02 * f64::from(dy) * (t1 - t0),
        ]);
    };

    let readout = move || {
        let c = config.get();
        view.with(|v| {
            /// The testing hook.
            #[derive(serde::Serialize)]
            struct Readout {
                n: u32,
                p: usize,
                inside_share: f64,
                gd_in_magenta: bool,
                bad_in_magenta: bool,
            }
            serde_json::to_string(&Readout {
                n: c.n,
                p: FEATURES,
                inside_share: v.inside_share,
                gd_in_magenta: v.in_magenta(v.slice.gd),
                bad_in_magenta: v.in_magenta(v.slice.bad),
            })
            .unwrap_or_default()
        })
    };
    let share_text = move || {
        view.with(|v| {
            format!(
                "{:.0} % of the visible green set lies inside the magenta set.",
                100.0 * v.inside_share
            )
        })
    };
    let plane_csv = move || {
        view.with_untracked(|v| {
            let [s0, s1, t0, t1] = v.window;
            let mut out = String::from("s,t,empirical_risk,risk,green,magenta\n");
            for row in 0..60 {
                for col in 0..60 {
                    let s = s0 + (s1 - s0) * (col as f64 + 0.5) / 60.0;
                    let t = t1 - (t1 - t0) * (row as f64 + 0.5) / 60.0;
                    let (train, test) = v.risks([s, t]);
                    let green = train <= v.slice.empirical_min + (v.green_level);
                    let magenta = test <= v.slice.risk_min + v.delta;
                    out.push_str(&format!(
                        "{s:.4},{t:.4},{train:.6},{test:.6},{},{}\n",
                        u8::from(green),
                        u8::from(magenta)
                    ));
                }
            }
            out
        })
    };
    view! {
        <article class="sets-panel">
            <header class="panel-intro">
                <h1>"Green set vs magenta set"</h1>
                <p class="formula">
                    "f_w(x) = Σⱼ wⱼ·max(0, aⱼx + bⱼ), p = 40 fixed random features.  R̂(w) = (1/N) Σᵢ (f_w(xᵢ) − yᵢ)²,  R(w) = E_x[(f_w(x) − f*(x))²] + σ²"
                </p>
            </header>
            <div class="sam-layout">
                <figure class="plot-figure">
                    <canvas
                        node_ref=plane_ref
                        class="main-plot"
                        tabindex="0"
                        role="img"
                        aria-label="A slice of parameter space with the green set (hatched, solid outline) and the magenta set (tinted, dashed outline). Point or use the arrow keys to inspect a parameter."
                        data-testid="sets-plane"
                        on:pointermove=on_point
                        on:pointerdown=on_point
                        on:keydown=on_key
                    ></canvas>
                    <figcaption class="legend">
                        <span class="key green-key">"▨ green: fits the training data (R̂ ≤ min R̂ + ε)"</span>
                        <span class="key magenta-key">"▢ magenta: low risk (R ≤ min R + δ)"</span>
                        <span class="key">"● gradient descent  ✕ bad interpolant  ◆ best"</span>
                    </figcaption>
                    <p class="share" data-testid="sets-share">{share_text}</p>
                    <ExportButtons canvas=plane_ref name="sets-slice" csv=plane_csv />
                </figure>
                <controls::Controls config=config seed=seed />
            </div>
            <function::FunctionView view=view inspected=inspected />
            <JsonReadout testid="sets-readout" json=Signal::derive(readout) />
            <capacity::CapacitySweep seed=seed />
            <labels::RandomLabels seed=seed />
            <section class="explain prose">
                <h2>"What it shows"</h2>
                <p>
                    "Every point of the plane is a parameter vector w. The green set holds the parameters that fit the \
                     training data; the magenta set those with low risk on new data. With many more training points \
                     than parameters (drag N well above p = 40) the green set is an ellipse inside the magenta one: \
                     fitting the data means doing well. That is the classical picture."
                </p>
                <p>
                    "With fewer points than parameters the green set becomes a long band: a whole family of exact fits. \
                     Most of it lies outside magenta, like the ✕, which fits the training data perfectly and also some \
                     wrong labels. Yet gradient descent started at zero lands on the ●, the smallest-norm fit, which stays \
                     inside. Point at the plane to see the function any parameter computes."
                </p>
            </section>
        </article>
    }
}
