//! The end of training in numbers: a table per model, the JSON readout the tests read
//! (`lowrank-readout`), and the CSV of every recorded frame.

use super::super::config::LowrankConfig;
use super::super::jobs::Update;
use super::super::trace::Training;
use crate::ui::runner::{Runner, Status};
use crate::ui::components::readout::JsonReadout;
use leptos::prelude::*;

/// One model at the end of its training.
#[derive(serde::Serialize)]
struct ModelEnd {
    depth: usize,
    rel_test_error: f64,
    effective_rank: f64,
    steps: usize,
    converged: bool,
}

/// The testing hook.
#[derive(serde::Serialize)]
struct Json {
    k: usize,
    init: f64,
    models: Vec<ModelEnd>,
    nuclear: Option<NuclearEnd>,
    done: bool,
}

#[derive(serde::Serialize)]
struct NuclearEnd {
    rel_test_error: f64,
}

fn ends(t: &Training, depths: &[usize; 3]) -> Vec<ModelEnd> {
    t.models
        .iter()
        .zip(depths)
        .filter_map(|(tr, &depth)| {
            tr.last().map(|f| ModelEnd {
                depth,
                rel_test_error: f.rel_test_error,
                effective_rank: f.effective_rank,
                steps: f.step,
                converged: tr.outcome.is_some_and(|o| o.converged),
            })
        })
        .collect()
}

/// The table and the JSON readout.
#[component]
pub fn Readout(config: RwSignal<LowrankConfig>, runner: Runner<Training, Update>) -> impl IntoView {
    let training = runner.state;
    let json = move || {
        let (k, init, depths) = config.with(|c| (c.k, c.init, c.depths()));
        training.with(|t| {
            serde_json::to_string(&Json {
                k,
                init,
                models: ends(t, &depths),
                nuclear: t.nuclear.as_ref().map(|n| NuclearEnd { rel_test_error: n.rel_test_error }),
                done: matches!(runner.status.get(), Status::Done(_)) && t.complete(),
            })
            .unwrap_or_default()
        })
    };
    let rows = move || {
        let depths = config.with(LowrankConfig::depths);
        training.with(|t| {
            ends(t, &depths)
                .into_iter()
                .enumerate()
                .map(|(m, e)| {
                    view! {
                        <tr class=format!("m{m}")>
                            <th scope="row">{format!("depth {}", e.depth)}</th>
                            <td>{format!("{:.3}", e.rel_test_error)}</td>
                            <td>{format!("{:.2}", e.effective_rank)}</td>
                            <td>{e.steps}</td>
                            <td>{if e.converged { "yes" } else { "no" }}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let nuclear = move || training.with(|t| t.nuclear.as_ref().map_or("…".to_owned(), |n| format!("{:.3}", n.rel_test_error)));
    view! {
        <section class="readouts">
            <div class="table-scroll" tabindex="0" role="region" aria-label="The models compared">
                <table class="figures">
                    // Static: one HTML string costs the page less than a view of its cells.
                    <thead inner_html=concat!(
                        r#"<tr><th scope="col"><span class="sr-only">model</span></th>"#,
                        // plain text: a tooltip (title attribute) cannot hold MathML
                        r#"<th title="‖W − M‖ over the unobserved entries / ‖M‖ over them">error on unobserved</th>"#,
                        // plain text: a tooltip (title attribute) cannot hold MathML
                        r#"<th title="exp(H(σ/Σσ))">effective rank</th><th>steps</th>"#,
                        // plain text: a tooltip (title attribute) cannot hold MathML
                        r#"<th title="loss below 10⁻⁷·‖M on Ω‖²">converged</th></tr>"#
                    )></thead>
                    <tbody>
                        {rows}
                        <tr class="nuclear">
                            <th scope="row">"min nuclear norm"</th>
                            <td>{nuclear}</td>
                            <td></td>
                            <td></td>
                            <td></td>
                        </tr>
                    </tbody>
                </table>
            </div>
            <JsonReadout testid="lowrank-readout" json=Signal::derive(json) />
        </section>
    }
}

/// Every recorded frame as CSV: depth, step, loss, error, effective rank, σ₁…σ_n.
pub fn csv(t: &Training, depths: &[usize; 3]) -> String {
    let mut out = String::from("depth,step,loss,rel_test_error,effective_rank,singular_values\n");
    for (trace, depth) in t.models.iter().zip(depths) {
        for f in &trace.frames {
            let sv: Vec<String> = f.singular_values.iter().map(|s| s.to_string()).collect();
            out.push_str(&format!("{depth},{},{},{},{},{}\n", f.step, f.loss, f.rel_test_error, f.effective_rank, sv.join(" ")));
        }
    }
    if let Some(n) = &t.nuclear {
        out.push_str(&format!("nuclear,,,{},,\n", n.rel_test_error));
    }
    out
}
