//! Tab “Matrix completion”: the ground truth with its observed entries, three
//! factorisations of depth 1, 2 and N trained in the compute worker, replayed with a
//! scrubber, their curves, the nuclear norm reference and the k-sweep.

use super::super::config::LowrankConfig;
use super::super::heat::MODEL_COLOURS;
use super::super::jobs::{Request, Start};
use super::super::trace::Training;
use super::charts::{draw_curves, draw_spectrum};
use super::heatmaps::MatrixFigure;
use super::playback::Playback;
use super::{controls, explain, readout, sweep};
use crate::panels::lowrank::describe;
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::describe::FigureText;
use crate::ui::components::export::ExportButtons;
use crate::ui::runner::{Runner, Status};
use crate::ui::tasks::after_first_paint;
use leptos::prelude::*;

/// A new setting restarts training after this pause (a slider drag is one restart).
const RESTART_DELAY_MS: u64 = 150;

/// The tab.
#[component]
pub fn Matrix(config: RwSignal<LowrankConfig>) -> impl IntoView {
    let depths = Memo::new(move |_| config.with(LowrankConfig::depths));
    let request = Memo::new(move |_| config.with(|c| train_request(c, Vec::new())));
    let runner = Runner::new(Training::fold);
    let playback = Playback::new();
    let autorun = config.with_untracked(|c| c.autorun);

    // Train once the page has painted, and again (after a pause) when a setting changes.
    let painted = RwSignal::new(false);
    after_first_paint(move || {
        let _ = painted.try_set(true);
    });
    let ticket = StoredValue::new(0u64);
    let actions = crate::ui::actions::use_actions();
    // The value is the request last started (None: none yet). Only a new request restarts
    // training: the gate reopening (run/pause, a slide shown again) is not a change.
    Effect::new(move |started: Option<Option<Request>>| {
        let r = request.get();
        let started = started.flatten();
        // Not before the first paint, nor in an embed before it is asked to run (or printed:
        // a quick training, drawn for paper).
        let asked = actions.allowed.get() || crate::ui::print::printing().get();
        if !painted.get() || (started.is_none() && !asked) {
            return None;
        }
        if started.as_ref() == Some(&r) {
            return started;
        }
        playback.end();
        if started.is_none() {
            runner.start(super::super::INFO.id, &r);
            return Some(r);
        }
        ticket.update_value(|t| *t += 1);
        let mine = ticket.get_value();
        runner.stop();
        set_timeout(
            move || {
                if ticket.try_get_value() == Some(mine) {
                    runner.start(super::super::INFO.id, &request.get_untracked());
                }
            },
            std::time::Duration::from_millis(RESTART_DELAY_MS),
        );
        Some(r)
    });
    // A finished training replays once (not with autorun=1, which shows the end at once).
    Effect::new(move |_| {
        if matches!(runner.status.get(), Status::Done(_)) && !autorun && !crate::ui::print::is_printing() {
            playback.play();
        }
    });

    // The shell's run/pause: pausing stops training or the replay; running continues a
    // paused training, trains when nothing is trained yet, else replays.
    actions.run_pause(
        move || matches!(runner.status.get(), Status::Running(..)) || playback.playing.get(),
        move |on| {
            if !on {
                runner.stop();
                playback.playing.set(false);
                return;
            }
            match runner.status.get_untracked() {
                Status::Done(_) => playback.toggle(),
                Status::Stopped => resume(config, runner),
                Status::Failed | Status::Running(_) => runner.start(super::super::INFO.id, &request.get_untracked()),
                // The training effect above starts it now that the gate is open.
                Status::Idle => {}
            }
        },
    );
    let training = runner.state;
    let problem = Memo::new(move |_| training.with(|t| t.problem.clone()));
    let last = Memo::new(move |_| training.with(Training::last_step));
    let shown = Memo::new(move |_| playback.step(last.get()));
    let model_figure = move |m: usize| {
        let frame = move || training.with(|t| t.models.get(m).and_then(|tr| tr.at(shown.get()).cloned()));
        let values = Signal::derive(move || frame().map(|f| f.w));
        let title = Signal::derive(move || format!("depth {}", depths.get()[m]));
        let caption = Signal::derive(move || {
            frame().map_or_else(
                || "not trained yet".to_owned(),
                |f| {
                    format!(
                        "error {:.3} · eff. rank {:.2} · step {}",
                        f.rel_test_error, f.effective_rank, f.step
                    )
                },
            )
        });
        view! { <MatrixFigure problem=problem values=values title=title caption=caption testid=format!("lowrank-w{m}") class=["m0", "m1", "m2"][m] /> }
    };
    let truth_values =
        Signal::derive(move || problem.with(|p| p.as_ref().map(|p| p.truth.iter().map(|&x| x as f32).collect())));
    let nuclear_values = Signal::derive(move || training.with(|t| t.nuclear.as_ref().map(|n| n.w.clone())));
    let nuclear_caption = Signal::derive(move || {
        training.with(|t| {
            t.nuclear
                .as_ref()
                .map_or("computing…".to_owned(), |n| format!("error {:.3}", n.rel_test_error))
        })
    });

    let spectrum_refs: [NodeRef<leptos::html::Canvas>; 3] = std::array::from_fn(|_| NodeRef::new());
    for (m, node) in spectrum_refs.into_iter().enumerate() {
        use_canvas_draw(node, move |canvas| {
            let (s, l) = (shown.get(), last.get());
            training.with(|t| t.models.get(m).map(|tr| draw_spectrum(canvas, tr, &t.truth, m, l, s)));
        });
    }
    let error_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(error_ref, move |canvas| {
        let s = shown.get();
        training.with(|t| {
            let nuclear = t.nuclear.as_ref().map(|n| n.rel_test_error);
            draw_curves(
                canvas,
                t,
                |f| f.rel_test_error,
                0.0..1.2,
                "error on unobserved",
                nuclear,
                s,
            )
        });
    });
    let rank_ref = NodeRef::<leptos::html::Canvas>::new();
    use_canvas_draw(rank_ref, move |canvas| {
        let s = shown.get();
        let n = config.with(|c| c.size) as f32;
        training.with(|t| {
            let truth = (!t.truth.is_empty()).then(|| crate::engine::completion::effective_rank(&t.truth));
            draw_curves(canvas, t, |f| f.effective_rank, 1.0..n, "effective rank", truth, s)
        });
    });
    let csv = move || training.with_untracked(|t| readout::csv(t, &depths.get_untracked()));

    // The charts in words (lowrank::describe), read by screen readers through aria-describedby.
    let error_alt = Signal::derive(move || {
        let d = depths.get();
        training.with(|t| {
            let nuclear = t.nuclear.as_ref().map(|n| ("minimum nuclear norm", n.rel_test_error));
            describe::curves(
                t,
                &d,
                "Relative error on the unobserved entries",
                |f| f.rel_test_error,
                nuclear,
            )
        })
    });
    let rank_alt = Signal::derive(move || {
        let d = depths.get();
        training.with(|t| {
            let truth =
                (!t.truth.is_empty()).then(|| ("the truth's", crate::engine::completion::effective_rank(&t.truth)));
            describe::curves(t, &d, "Effective rank", |f| f.effective_rank, truth)
        })
    });
    let spectrum = move |m: usize| {
        let alt = Signal::derive(move || {
            let (s, d) = (shown.get(), depths.get()[m]);
            training.with(|t| {
                t.models.get(m).map_or_else(
                    || "Not trained yet.".to_owned(),
                    |tr| describe::spectrum(tr, &t.truth, d, s),
                )
            })
        });
        let id = ["lowrank-sv0-alt", "lowrank-sv1-alt", "lowrank-sv2-alt"][m];
        view! {
            <figure class=format!("chart-figure m{m}")>
                <canvas node_ref=spectrum_refs[m] class="chart small" data-testid=format!("lowrank-sv{m}") role="img"
                    aria-label="Singular values of the depth's product matrix against the step, the truth's dashed" aria-describedby=id></canvas>
                <FigureText id=id text=alt />
                <figcaption>{move || format!("depth {}: singular values (dashed: the truth's)", depths.get()[m])}</figcaption>
            </figure>
        }
    };
    let legend = (0..3)
        .map(|m| view! { <span><i style=format!("background:{}", MODEL_COLOURS[m].css)></i>{move || format!("depth {}", depths.get()[m])}</span> })
        .collect_view();

    view! {
        <section class="lowrank-matrix">
            <controls::Controls config=config runner=runner playback=playback last=last />
            <p class="look" data-testid="lowrank-look-matrices">"Look at the cells without an outline: where does each depth's matrix match the truth?"</p>
            <div class="matrix-row">
                <MatrixFigure problem=problem values=truth_values title=Signal::derive(move || format!("truth M (rank {})", config.with(|c| c.rank)))
                    caption=Signal::derive(move || format!("{} of {} entries observed (outlined)", config.with(|c| c.k), config.with(|c| c.size * c.size)))
                    testid="lowrank-truth".to_owned() class="truth" />
                {model_figure(0)}
                {model_figure(1)}
                {model_figure(2)}
                <MatrixFigure problem=problem values=nuclear_values title="min nuclear norm" caption=nuclear_caption testid="lowrank-nuclear".to_owned() class="nuclear" />
            </div>
            <p class="model-legend">{legend}<span><i class="dashed"></i>"min nuclear norm (soft-impute)"</span></p>
            <p class="look" data-testid="lowrank-look-curves">"Look where each curve ends against its dashed reference, then drag k below the degrees of freedom."</p>
            <div class="chart-pair">
                <figure class="chart-figure">
                    <canvas node_ref=error_ref class="chart" data-testid="lowrank-error" role="img"
                        aria-label="Relative error on the unobserved entries against the step for each depth" aria-describedby="lowrank-error-alt"></canvas>
                    <FigureText id="lowrank-error-alt" text=error_alt />
                    <figcaption>"Relative error on the unobserved entries (dashed: minimum nuclear norm)"</figcaption>
                </figure>
                <figure class="chart-figure">
                    <canvas node_ref=rank_ref class="chart" data-testid="lowrank-rank" role="img"
                        aria-label="Effective rank against the step for each depth" aria-describedby="lowrank-rank-alt"></canvas>
                    <FigureText id="lowrank-rank-alt" text=rank_alt />
                    <figcaption inner_html=crate::tex_text!(r"Effective rank $\exp\!\big(H(\sigma/\textstyle\sum_i \sigma_i)\big)$ (dashed: the truth's)")></figcaption>
                </figure>
            </div>
            <p class="look" data-testid="lowrank-look-spectra">"Count the singular values that climb to the dashed truth: do they climb one at a time?"</p>
            <div class="chart-triple">{spectrum(0)}{spectrum(1)}{spectrum(2)}</div>
            <ExportButtons canvas=error_ref name="lowrank-training" csv=csv />
            // Saved by assets/notebook.js (the loader fetches it on the first click).
            <button data-notebook data-testid="lowrank-notebook">"Download notebook"</button>
            <readout::Readout config=config runner=runner />
            <explain::Explain config=config training=training />
            <sweep::SweepSection config=config />
        </section>
    }
}

/// The training job of settings `c`, each model starting where `from` says (empty: fresh).
pub(super) fn train_request(c: &LowrankConfig, from: Vec<Start>) -> Request {
    Request::Train {
        spec: c.spec(),
        depths: c.depths().to_vec(),
        init: c.init,
        steps: c.steps,
        from,
    }
}

/// Continues a paused training from each model's last checkpoint, keeping every frame
/// shown (a report's frames never pass its checkpoint).
pub(super) fn resume(config: RwSignal<LowrankConfig>, runner: Runner<Training, super::super::jobs::Update>) {
    let from = runner.state.try_update(|t| t.resume(3)).unwrap_or_default();
    let request = config.with_untracked(|c| train_request(c, from));
    runner.resume(super::super::INFO.id, &request);
}
