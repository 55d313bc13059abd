//! The numbers at each path's end point, the divergence message, and the JSON readout
//! automated checks read.

use super::Scene;
use crate::engine::landscape::{sharpness, top_eigenvalue, Trajectory};
use crate::panels::sam::config::SamConfig;
use crate::panels::sam::describe::WorstGap;
use crate::ui::components::readout::JsonReadout;
use leptos::prelude::*;

/// Figures for one path.
#[derive(Clone, Copy, PartialEq)]
#[derive(serde::Serialize)]
struct EndFigures {
    end: [f32; 2],
    loss: f32,
    test_loss: f32,
    grad_norm: f32,
    sharpness: f32,
    /// SAM's own objective at the end point: max over ‖ε‖ ≤ ρ of L(w + ε).
    sam_objective: f32,
    lambda_max: f32,
    /// η·λ_max: below 2, gradient descent is stable in this well.
    eta_lambda: f32,
    diverged: bool,
    left_at: Option<usize>,
}

fn figures(scene: &Scene, t: &Trajectory) -> EndFigures {
    let shown = scene.step.map_or(t.points.len(), |k| (k + 1).min(t.points.len()));
    let end = t.points[shown - 1];
    let surface = &scene.preset.surface;
    let (loss, g) = surface.value_grad(end);
    let shift = scene.preset.test_shift;
    let left_at = t.left_at.filter(|_| scene.step.is_none());
    let lambda_max = top_eigenvalue(surface, end);
    let sharpness = sharpness(surface, end, scene.rho);
    EndFigures {
        end,
        loss,
        test_loss: surface.value([end[0] - shift[0], end[1] - shift[1]]),
        grad_norm: (g[0] * g[0] + g[1] * g[1]).sqrt(),
        sharpness,
        sam_objective: loss + sharpness,
        lambda_max,
        eta_lambda: scene.lr * lambda_max,
        diverged: left_at.is_some(),
        left_at,
    }
}

/// The readout table and messages.
#[component]
pub fn Readouts(scene: Memo<Scene>, config: RwSignal<SamConfig>, basin_ms: RwSignal<Option<f64>>) -> impl IntoView {
    let both = Memo::new(move |_| scene.with(|s| [figures(s, &s.gd), figures(s, &s.sam)]));
    let json = move || {
        let [gd, sam] = both.get();
        /// The testing hook.
        #[derive(serde::Serialize)]
        struct Readout {
            gd: EndFigures,
            sam: EndFigures,
            /// In step mode: SAM's ε against the exact worst point of the ρ-circle.
            worst: Option<WorstGap>,
            basin_ms: Option<f64>,
        }
        let worst = scene.with(|s| s.mechanism.as_ref().map(|m| m.2));
        serde_json::to_string(&Readout {
            gd,
            sam,
            worst,
            basin_ms: basin_ms.get(),
        })
        .unwrap_or_default()
    };
    let warnings = move || {
        let [gd, sam] = both.get();
        let lr = config.with(|c| c.lr);
        [("Gradient descent", gd.left_at), ("SAM", sam.left_at)]
            .into_iter()
            .filter_map(|(name, left)| left.map(|k| crate::tex_html!(r"\slot left the plot at step \slot: the learning rate $\eta = \slot$ is too large for this surface (it needs $\eta\,\lambda_{\max} < 2$). Lower $\eta$ or move the start.", name, k, lr)))
            .map(|m| view! { <p class="error" role="alert" data-testid="sam-diverged" inner_html=m></p> })
            .collect_view()
    };
    let row = move |k: usize, name: &'static str, class: &'static str| {
        view! {
            <tr class=class>
                <th scope="row">{name}</th>
                <td>{move || { let f = both.get()[k]; format!("({:.3}, {:.3})", f.end[0], f.end[1]) }}</td>
                <td>{move || format!("{:.4}", both.get()[k].loss)}</td>
                <td class:dim=move || !config.with(|c| c.test)>{move || format!("{:.4}", both.get()[k].test_loss)}</td>
                <td>{move || format!("{:.3}", both.get()[k].grad_norm)}</td>
                <td>{move || format!("{:.4}", both.get()[k].sharpness)}</td>
                <td>{move || format!("{:.4}", both.get()[k].sam_objective)}</td>
                <td>{move || format!("{:.2}", both.get()[k].lambda_max)}</td>
                <td>{move || format!("{:.2}", both.get()[k].eta_lambda)}</td>
            </tr>
        }
    };
    view! {
        <section class="readouts">
            {warnings}
            <p class="look" inner_html=crate::tex_text!(r"Look at $\eta\,\lambda_{\max}$ against 2: gradient descent can stay in a well only while it is below 2.")></p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Where each method ends">
                <table class="figures">
                    // Static: one HTML string costs the page less than a view of its cells.
                    // Headers that are only a formula also name it in words (axe reads no MathML as text).
                    <thead inner_html=concat!(
                        r#"<tr><th scope="col"><span class="sr-only">path</span></th><th>end point</th><th>loss</th><th>test loss</th>"#,
                        r#"<th><span class="sr-only">gradient norm </span><span>"#, crate::tex!(r"\lVert \nabla L \rVert"), "</span></th>",
                        // plain text: a tooltip (title attribute) cannot hold MathML
                        r#"<th title="max over ‖ε‖ ≤ ρ of L(w + ε) − L(w)">"#, crate::tex_text!(r"sharpness ($\rho$)"), "</th>",
                        // plain text: a tooltip (title attribute) cannot hold MathML
                        r#"<th title="SAM's objective: max over ‖ε‖ ≤ ρ of L(w + ε)"><span class="sr-only">SAM's objective </span><span>"#, crate::tex!(r"\max L(w + \varepsilon)"), "</span></th>",
                        r#"<th title="largest eigenvalue of the Hessian"><span class="sr-only">top curvature </span><span>"#, crate::tex!(r"\lambda_{\max}"), "</span></th>",
                        // plain text: a tooltip (title attribute) cannot hold MathML
                        r#"<th title="gradient descent is stable in a well while η·λ_max &lt; 2">"#, crate::tex_text!(r"$\eta\,\lambda_{\max}$ (vs 2)"), "</th></tr>"
                    )></thead>
                    <tbody>
                        {row(0, "GD", "gd")}
                        {row(1, "SAM", "sam")}
                    </tbody>
                </table>
            </div>
            <JsonReadout testid="sam-readout" json=Signal::derive(json) />
        </section>
    }
}
