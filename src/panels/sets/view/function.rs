//! The function at the inspected point of the plane: f_w against the true function
//! and the training data, with its empirical and true risk.

use super::{draw, SetsView};
use crate::engine::random_features::{target, X_MAX};
use crate::ui::components::export::ExportButtons;
use crate::ui::canvas::use_canvas_draw;
use crate::tex_html;
use leptos::prelude::*;

/// The section.
#[component]
pub fn FunctionView(view: Memo<SetsView>, inspected: Memo<[f64; 2]>) -> impl IntoView {
    let function_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(function_ref, move |canvas| {
        let at = inspected.get();
        view.with(|v| draw::function(canvas, v, &v.slice.lift(at[0], at[1])));
    });

    let inspected_text = move || {
        let p = inspected.get();
        view.with(|v| {
            let (train, test) = v.risks(p);
            // Exact fits come out as ±10⁻¹⁵; show them as the zero they are.
            tex_html!(r"training error $\hat R = \slot$, test risk $R = \slot$", format_args!("{:.4}", train.max(0.0)), format_args!("{test:.4}"))
        })
    };
    let function_csv = move || {
        let p = inspected.get_untracked();
        view.with_untracked(|v| {
            let w = v.slice.lift(p[0], p[1]);
            let mut out = String::from("x,true_function,f_w\n");
            for k in 0..=300 {
                let x = -X_MAX + 2.0 * X_MAX * f64::from(k) / 300.0;
                out.push_str(&format!("{x:.4},{:.6},{:.6}\n", target(x), v.model.predict(&w, x)));
            }
            out
        })
    };

    // The figure in words, from the curves it draws.
    let function_alt = Signal::derive(move || {
        let p = inspected.get();
        view.with(|v| {
            let w = v.slice.lift(p[0], p[1]);
            let xs: Vec<f64> = (0..=300).map(|k| -X_MAX + 2.0 * X_MAX * f64::from(k) / 300.0).collect();
            let f: Vec<f64> = xs.iter().map(|&x| v.model.predict(&w, x)).collect();
            let truth: Vec<f64> = xs.iter().map(|&x| target(x)).collect();
            let (train, risk) = v.risks(p);
            crate::panels::sets::describe::function(&xs, &f, &truth, train, risk)
        })
    });

    view! {
        <section class="function-view">
            <h2>"The function at the inspected point"</h2>
            <p class="look">"Point at the plane, then look how far that parameter's function strays from the truth between the data."</p>
            <canvas node_ref=function_ref class="function-plot" data-testid="sets-function" role="img"
                aria-label="The function of the inspected parameter, the true function and the training data" aria-describedby="sets-function-alt"></canvas>
            <crate::ui::components::describe::FigureText id="sets-function-alt" text=function_alt />
            <p class="caption" data-testid="sets-inspected" inner_html=Signal::derive(inspected_text)></p>
            <ExportButtons canvas=function_ref name="sets-function" csv=function_csv />
        </section>
    }
}
