//! Panel "Green set vs magenta set": the classical picture of generalisation, computed
//! exactly for a random-features model, on a slice of parameter space through the
//! minimum-norm interpolant (where gradient descent goes), a bad interpolant and the best
//! parameter; with the function any point of the slice computes.

mod capacity;
mod controls;
mod draw;
mod excess;
mod function;
mod labels;

use crate::engine::random_features::{inside_share, set_grid, PlaneQuadratic, RfModel, Slice};
use crate::engine::rf_minima::descent_endpoints;
use crate::plot::canvas::pointer_position;
use crate::plot::{Field, Frame};
use crate::panels::sets::config::{SetsConfig, FEATURES};
use crate::ui::components::export::ExportButtons;
use crate::ui::components::keys::arrow_step;
use crate::ui::url::use_url_config;
use crate::ui::components::later::later;
use crate::ui::components::readout::JsonReadout;
use crate::ui::canvas::use_canvas_draw;
use crate::{tex_html, tex_text};
use leptos::prelude::*;
use std::sync::{Arc, OnceLock};

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
    outlines: OnceLock<[Vec<Vec<[f32; 2]>>; 2]>,
    inside_share: f64,
    green_level: f64,
    delta: f64,
    /// Gradient descent's end points from the random starts, on the plane, and whether
    /// each lies inside magenta (decided in the full parameter space).
    endpoints: Vec<([f64; 2], bool)>,
    /// Whether every end point has the risk of ● (the data leave free no direction that
    /// changes the function).
    endpoints_one_function: bool,
    /// Whether the bad fit meets the training data and the wrong labels exactly.
    bad_interpolant: bool,
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
        let ends = descent_endpoints(&model, f64::from(c.init_scale), c.seed);
        let gd_risk = model.risk.value(&model.w_gd);
        let endpoints_one_function = ends.iter().all(|w| (model.risk.value(w) - gd_risk).abs() <= 1e-9 * gd_risk);
        let endpoints = ends
            .iter()
            .map(|w| {
                let d = w - &slice.origin;
                ([d.dot(&slice.e1), d.dot(&slice.e2)], model.risk.value(w) <= slice.risk_min + delta)
            })
            .collect();
        SetsView {
            endpoints,
            endpoints_one_function,
            bad_interpolant: model.bad_is_interpolant(),
            inside_share: inside_share(&cells),
            model: Arc::new(model),
            slice: Arc::new(slice),
            window,
            cells,
            outlines: OnceLock::new(),
            green_level: epsilon,
            delta,
        }
    }

    /// The outlines of the green and the magenta set: iso-lines of R̂ and R on the plotted
    /// window, computed when first drawn (in that task, not in the panel's construction).
    fn outlines(&self) -> &[Vec<Vec<[f32; 2]>>; 2] {
        self.outlines.get_or_init(|| self.compute_outlines())
    }

    fn compute_outlines(&self) -> [Vec<Vec<[f32; 2]>>; 2] {
        let [s0, s1, t0, t1] = self.window;
        let iso = |q: &PlaneQuadratic, level: f64| {
            let values = (0..GRID * GRID)
                .map(|k| {
                    let s = s0 + (s1 - s0) * ((k % GRID) as f64 + 0.5) / GRID as f64;
                    let t = t1 - (t1 - t0) * ((k / GRID) as f64 + 0.5) / GRID as f64;
                    q.at(s, t) as f32
                })
                .collect();
            let field = Field {
                n: GRID,
                domain: self.window.map(|v| v as f32),
                values,
            };
            field.iso_lines(&[level as f32])
        };
        let slice = &self.slice;
        [
            iso(&slice.empirical, slice.empirical_min + self.green_level),
            iso(&slice.risk, slice.risk_min + self.delta),
        ]
    }

    /// (R̂, R) at plane point p.
    fn risks(&self, p: [f64; 2]) -> (f64, f64) {
        (self.slice.empirical.at(p[0], p[1]), self.slice.risk.at(p[0], p[1]))
    }

    fn in_magenta(&self, p: [f64; 2]) -> bool {
        self.risks(p).1 <= self.slice.risk_min + self.delta
    }

    /// Share of the random-start end points inside magenta.
    fn gd_inside_share(&self) -> f64 {
        self.endpoints.iter().filter(|e| e.1).count() as f64 / self.endpoints.len().max(1) as f64
    }

    /// How many end points lie beyond the plotted window.
    fn endpoints_off_view(&self) -> usize {
        let [s0, s1, t0, t1] = self.window;
        let inside = |p: [f64; 2]| (s0..=s1).contains(&p[0]) && (t0..=t1).contains(&p[1]);
        self.endpoints.iter().filter(|e| !inside(e.0)).count()
    }
}

/// The panel.
/// The panel's page content, for the shell.
pub fn page() -> impl IntoView {
    Sets()
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
    use_canvas_draw(plane_ref, move |canvas| {
        let at = inspected.get();
        view.with(|v| frame.set_value(draw::plane(canvas, v, at)));
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
                bad_is_interpolant: bool,
                init_scale: f32,
                gd_inside_share: f64,
            }
            serde_json::to_string(&Readout {
                n: c.n,
                p: FEATURES,
                inside_share: v.inside_share,
                gd_in_magenta: v.in_magenta(v.slice.gd),
                bad_in_magenta: v.in_magenta(v.slice.bad),
                bad_is_interpolant: v.bad_interpolant,
                init_scale: c.init_scale,
                gd_inside_share: v.gd_inside_share(),
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
    let starts_text = move || {
        let s = config.with(|c| c.init_scale);
        view.with(|v| {
            let off = match v.endpoints_off_view() {
                0 => String::new(),
                k => format!(" ({k} of them lie beyond the edges of this view)"),
            };
            tex_html!(
                r"The lecture note's third picture, live: gradient descent from \slot random starts $w_0 \sim \mathcal N(0, s^2 I)$, $s = \slot$, and \slot % of its end points lie inside magenta\slot.",
                v.endpoints.len(),
                s,
                format_args!("{:.0}", 100.0 * v.gd_inside_share()),
                off
            )
        })
    };
    let bad_key = move || {
        if view.with(|v| v.bad_interpolant) {
            "✕ bad interpolant"
        } else {
            "✕ least-squares compromise"
        }
    };
    // The legend as one HTML string; only the name of the ✕ follows the model.
    const LEGEND_HEAD: &str = concat!(
        r#"<span class="key green-key">"#,
        tex_text!(r#"▨ green: fits the training data ($\hat R \le \min \hat R + \varepsilon$)"#),
        r#"</span><span class="key magenta-key">"#,
        tex_text!(r#"▢ magenta: low risk ($R \le \min R + \delta$)"#),
        r#"</span><span class="key">● gradient descent from 0  "#
    );
    const LEGEND_TAIL: &str = r#"  ◆ best</span><span class="key">• its ends from random starts, projected on the plane (filled: inside magenta, judged in all 40 dimensions)</span>"#;
    let legend = move || [LEGEND_HEAD, bad_key(), LEGEND_TAIL].concat();
    // The paragraph on the fits follows the model: ✕ and ● are described as they are. HTML
    // (its formulas are MathML from tex_text!): the other pieces hold no markup characters.
    let explain_fits = move || {
        let n = config.with(|c| c.n as usize);
        view.with(|v| {
            let side = |inside: bool| if inside { "inside magenta" } else { "outside magenta" };
            let bad = if v.bad_interpolant {
                format!(
                    "The ✕ fits the training data exactly and also wrong labels at a few extra inputs; it lies {}.",
                    side(v.in_magenta(v.slice.bad))
                )
            } else {
                tex_text!(r"Here $N$ plus the wrongly labelled points outnumber what the $p = 40$ features can fit, so the ✕ is only a least-squares compromise between the data and the wrong labels.")
                    .to_owned()
            };
            let gd = side(v.in_magenta(v.slice.gd));
            let starts = if v.endpoints_one_function {
                tex_text!(r"From random starts $w_0$ it ends at $w_0 + \Phi^+(y - \Phi w_0)$ (the dots): here different parameters that all compute the function of the ●, because the data leave no direction free that would change it.")
            } else {
                tex_text!(r"From random starts $w_0$ it ends at $w_0 + \Phi^+(y - \Phi w_0)$ (the dots): it keeps the part of $w_0$ the data cannot see, so larger starts scatter the dots further through the green set. The plane shows 2 of the 40 directions: a hollow dot can sit over magenta and still lie outside it.")
            };
            let band = if n < FEATURES {
                "With fewer points than parameters the green set becomes a long band: a whole family of exact fits. "
            } else {
                ""
            };
            format!(
                "{band}{bad} Gradient descent started at zero lands on the ●, the smallest-norm fit, which here lies {gd}. \
                 {starts} Point at the plane to see the function any parameter computes."
            )
        })
    };
    // The section in words as one HTML string (one reactive property costs the page less
    // than a view of its paragraphs); only the middle paragraph follows the model.
    const EXPLAIN_HEAD: &str = concat!("<h2>What it shows</h2><p>", tex_text!(r"Every point of the plane is a parameter vector $w$. The green set holds the parameters that fit the training data; the magenta set those with low risk on new data. With many more training points than parameters (drag $N$ well above $p = 40$) the green set shrinks to a thin ellipse, inside the magenta one unless $\varepsilon$ is large or $\delta$ tiny: fitting the data means doing well. That is the classical picture."), "</p><p>");
    const EXPLAIN_TAIL: &str = concat!("</p><p>", tex_text!(r"Near $N \approx p$ the data pin the fit down, but only just: the least-squares fit is ill-conditioned and soaks up the label noise, and its risk peaks (double descent in the number of points at fixed $p$, sample-wise double descent: Nakkiran et al. 2020; Belkin et al. 2019). The chart above shows it against $N$, and how a tiny ridge removes the peak."), "</p>");
    let explain = move || [EXPLAIN_HEAD, &explain_fits(), EXPLAIN_TAIL].concat();
    // The slice in words, for screen readers, updated as the student moves the probe.
    let plane_alt = Signal::derive(move || {
        let probe = inspected.get();
        config.with(|c| {
            view.with(|v| {
                crate::panels::sets::describe::plane(&crate::panels::sets::describe::Plane {
                    slice: &v.slice,
                    epsilon: f64::from(c.epsilon),
                    delta: f64::from(c.delta),
                    inside_share: v.inside_share,
                    bad_interpolant: v.bad_interpolant,
                    endpoints: &v.endpoints,
                    probe,
                })
            })
        })
    });
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
            <header class="panel-intro" inner_html=concat!(
                "<h1>Green set vs magenta set</h1><p class=\"formula\">",
                tex_text!(r#"$f_w(x) = \sum_j w_j \max(0,\, a_j x + b_j)$, $p = 40$ fixed random features. $\hat R(w) = \frac{1}{N}\sum_i \big(f_w(x_i) - y_i\big)^2$, $R(w) = \mathbb{E}_x\big[(f_w(x) - f^*(x))^2\big] + \sigma^2$"#),
                "</p>"
            )></header>
            <div class="sam-layout">
                <figure class="plot-figure">
                    <p class="look" inner_html={move || if config.with(|c| c.n as usize) > FEATURES {
                        tex_text!(r"Look whether the hatched green set stays inside the dashed magenta outline; then drag $N$ below 40.")
                    } else {
                        tex_text!(r"Look at the green band reaching out of the dashed magenta outline; then drag $N$ above 40.")
                    }}></p>
                    <canvas
                        node_ref=plane_ref
                        class="main-plot"
                        tabindex="0"
                        role="img"
                        aria-label="A slice of parameter space with the green set (hatched, solid outline) and the magenta set (tinted, dashed outline). Point or use the arrow keys to inspect a parameter."
                        aria-describedby="sets-plane-alt"
                        data-testid="sets-plane"
                        on:pointermove=on_point
                        on:pointerdown=on_point
                        on:keydown=on_key
                    ></canvas>
                    <figcaption class="legend" inner_html=Signal::derive(legend)></figcaption>
                    <p class="share" data-testid="sets-share">{Signal::derive(share_text)}</p>
                    <p class="shares" data-testid="sets-starts" inner_html=Signal::derive(starts_text)></p>
                    <crate::ui::components::describe::FigureText id="sets-plane-alt" text=plane_alt live=true />
                    <ExportButtons canvas=plane_ref name="sets-slice" csv=plane_csv />
                    // Saved by assets/notebook.js (the loader fetches it on the first click).
                    <button data-notebook data-testid="sets-notebook">"Download notebook"</button>
                </figure>
                <controls::Controls config=config seed=seed />
            </div>
            {later(move || view! { <function::FunctionView view=view inspected=inspected /> })}
            <JsonReadout testid="sets-readout" json=Signal::derive(readout) />
            // Below the fold: each section built in a task of its own after the first paint.
            {later(move || view! { <excess::ExcessRisk config=config /> })}
            {later(move || view! { <capacity::CapacitySweep seed=seed /> })}
            {later(move || view! { <labels::RandomLabels seed=seed /> })}
            <section class="explain prose" inner_html=Signal::derive(explain)></section>
        </article>
    }
}
