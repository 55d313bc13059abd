//! View 2: the net trained by full-batch gradient descent next to the closed-form kernel
//! prediction at the same step t (Lee et al. 2019), with a time scrubber; and, from a run
//! of the widest net, whether the two curves merge (`claims::merge_text`).

use super::draw::{self, Curve, KERNEL, NET};
use super::{status_text, Results};
use crate::engine::wide::train::Snapshot;
use crate::panels::wide::claims::merge_text;
use crate::panels::wide::config::{params, WideConfig};
use crate::panels::wide::jobs::{the_grid, Request, Update, WIDEST};
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::ExportButtons;
use crate::ui::components::slider::Knob;
use crate::ui::job::{use_job, Job, JobStatus, FAILURE};
use crate::{tex_html, tex_text};
use leptos::prelude::*;

/// The widest net's final distance to the kernel prediction: None until it reports, then
/// Some(None) if it diverged.
type Widest = Option<Option<f64>>;

/// The view.
#[component]
pub fn TrainView(config: RwSignal<WideConfig>, job: Job<Results>, shown: Memo<Option<Snapshot>>) -> impl IntoView {
    let grid = the_grid();
    // The same run at the widest width, in a second worker; the width slider leaves its
    // request alone, so it runs again only when the other settings change.
    let widest = use_job(
        super::super::INFO.id,
        move || Request::Widest(config.with(|c| c.train_spec(WIDEST as u32))),
        |w: &mut Widest, update| {
            if let Update::Widest(d) = update {
                *w = Some(d);
            }
        },
    );
    let merge = move || match (widest.status.get(), widest.state.get()) {
        (JobStatus::Failed, _) => FAILURE.to_owned(),
        (_, Some(d)) => merge_text(config.with(|c| c.act), d),
        _ => format!(
            "Training the widest net ({}) in a worker…",
            crate::panels::wide::claims::thousands(WIDEST)
        ),
    };
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let at = grid.clone();
    use_canvas_draw(canvas_ref, move |canvas| {
        let Some(s) = shown.get() else { return };
        job.state.with(|r| {
            let curves = [
                Curve {
                    values: &s.kernel,
                    colour: KERNEL,
                    width: 2.5,
                    dashed: true,
                },
                Curve {
                    values: &s.net,
                    colour: NET,
                    width: 2.5,
                    dashed: false,
                },
            ];
            draw::functions(canvas, &at, None, &curves, (&r.data.0, &r.data.1));
        })
    });
    let kernel_name = move || {
        if config.with(|c| c.last) {
            tex_text!(r"$K$ (NNGP: only the last layer trains)")
        } else {
            tex_text!(r"$\Theta$ (NTK)")
        }
    };
    let figures = move || {
        let c = config.get();
        let diverged = job.state.with(|r| r.diverged);
        if let Some(t) = diverged {
            return tex_html!(
                r"This run diverged after \slot steps. The step $\eta = N/\lambda_{\max}$ is tuned to the infinite-width kernel; somewhere along the way the loss surface of this net of width \slot was sharper than that ($\eta$ times its top curvature above 2), so the steps overshot. Try a wider net or a larger $\alpha$.",
                t,
                c.width
            );
        }
        shown.get().map_or_else(
            || "Training in a worker…".to_owned(),
            |s| {
                tex_html!(
                    r"Step $t = \slot$: loss \slot; distance between the net and the kernel prediction over $[-1, 1]$ \slot % of the targets' size; weights moved \slot % of their size, the empirical kernel \slot %. $\eta = N/\lambda_{\max} = \slot$.",
                    s.t,
                    format_args!("{:.2e}", s.loss),
                    format_args!("{:.1}", 100.0 * s.net_vs_kernel),
                    format_args!("{:.2}", 100.0 * s.rel_weight_change),
                    format_args!("{:.2}", 100.0 * s.rel_kernel_change),
                    format_args!("{:.3}", job.state.with(|r| r.eta))
                )
            },
        )
    };
    let csv = move || {
        let mut out = String::from("x,net,kernel_prediction\n");
        if let Some(s) = shown.get_untracked() {
            for (g, x) in grid.iter().enumerate() {
                out.push_str(&format!("{x:.4},{},{}\n", s.net[g], s.kernel[g]));
            }
        }
        out
    };
    view! {
        <figure class="function-figure">
            <canvas node_ref=canvas_ref class="function-plot" role="img" data-testid="wide-train-canvas"
                aria-label="The trained network (solid) and the kernel prediction (dashed) at step t, with the training points."
                aria-describedby="wide-train-figures"></canvas>
            <p class="look" data-testid="wide-train-look">"Look at the gap between the solid net and the dashed kernel curve, then widen the net."</p>
            <figcaption class="legend">
                <span class="key net-key">"━ the net, trained by gradient descent"</span>
                <span class="key kernel-key">"┅ kernel prediction with "<span inner_html=kernel_name></span></span>
                <span class="key">"● training points"</span>
            </figcaption>
            <ExportButtons canvas=canvas_ref name="wide-training" csv=csv />
        </figure>
        <Knob config=config knob=&params::T />
        <p class="shares" id="wide-train-figures" data-testid="wide-train-figures" inner_html=figures></p>
        <p class="shares" data-testid="wide-merge">{merge}</p>
        <p class="shares">{status_text(job, "Training in a worker…")}</p>
        <details class="prose view-text why" data-testid="wide-train-why">
            <summary>"Why?"</summary>
            <p inner_html=tex_text!(r#"Both start from $f \equiv 0$ (the net's output at initialisation is subtracted, which leaves its gradients unchanged) and take full-batch gradient-descent steps on the squared loss with $\eta = N/\lambda_{\max}(\Theta)$ ($K$ in place of $\Theta$ when only the last layer trains). The dashed curve is the closed form $f_t(x) = \Theta(x, X)\,\Theta^{-1}\big(I - (I - \eta\Theta/N)^t\big)\,y$: what a net of infinite width does (Jacot et al. 2018; Lee et al. 2019). Scrub $t$ to watch both learn; the line above says whether the widest net here ends on the dashed curve."#)></p>
        </details>
    }
}
