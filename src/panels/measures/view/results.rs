//! The table: τ, the seeds above their band, Ψ and per-axis ψ of every measure, the worst
//! axis of its coupled pairs, and the random band; a row's name picks the measure the
//! figures show; bold rows beat the random control by the rule over seeds.

use crate::engine::measures::seeds::{side, Side};
use crate::engine::measures::{Measure, Ranking};
use crate::panels::measures::config::MeasuresConfig;
use crate::panels::measures::table::{math_label, signed, Table};
use crate::tex_html;
use leptos::prelude::*;
use std::sync::Arc;

/// The table of every measure.
#[component]
pub fn ResultsTable(table: Memo<Arc<Table>>, config: RwSignal<MeasuresConfig>) -> impl IntoView {
    let axes = move || config.with(MeasuresConfig::varying);
    let head = move || {
        axes()
            .into_iter()
            .map(|a| view! { <th scope="col" title=a.label() inner_html=tex_html!(r"$\psi$ \slot", a.key())></th> })
            .collect_view()
    };
    // The rows are built once, in `Measure::ALL` order; as nets stream in only their
    // cells' text and classes change, so a report never re-parses the names' MathML.
    let rows = Measure::ALL
        .into_iter()
        .map(|m| {
            let ranking = move || table.with(|t| t.of(m).cloned());
            let cell = move |value: fn(&Ranking) -> f32| move || ranking().map_or_else(String::new, |r| signed(value(&r)));
            let class = move || {
                let above = table.with(|t| t.beats(m));
                match (config.with(|c| c.measure) == m, above) {
                    (true, true) => "current above",
                    (true, false) => "current",
                    (false, true) => "above",
                    _ => "",
                }
            };
            // Seeds whose τ lies above their band, of the seeds judged.
            let above_of = move || {
                table.with(|t| match t.judged(m) {
                    Some(j) if !t.seeds.is_empty() => {
                        let above = t.seeds.iter().zip(&j.taus).filter(|(b, tau)| side(**tau, b.tau) == Side::Above).count();
                        format!("{above} of {}", t.seeds.len())
                    }
                    _ => "—".to_owned(),
                })
            };
            let worst = move || match ranking().and_then(|r| r.worst()) {
                Some((a, share)) => format!("{} ({:.0}\u{a0}%)", a.label(), 100.0 * share),
                None => "—".to_owned(),
            };
            let cells = move || {
                axes()
                    .into_iter()
                    .map(|a| view! { <td>{move || ranking().map_or_else(String::new, |r| signed(r.per_axis[a.index()]))}</td> })
                    .collect_view()
            };
            view! {
                <tr class=class data-measure=m.key()>
                    <th scope="row">
                        // The name in words for screen readers and axe (which reads no MathML as text).
                        <button type="button" class="link" on:click=move |_| config.update(|c| c.measure = m)>
                            <span class="sr-only">{m.label()}</span>
                            <span aria-hidden="true" inner_html=math_label(m)></span>
                        </button>
                    </th>
                    <td>{cell(|r| r.tau)}</td>
                    <td class="seeds">{above_of}</td>
                    <td class="psi">{cell(|r| r.psi)}</td>
                    {cells}
                    <td class="worst">{worst}</td>
                </tr>
            }
        })
        .collect_view();
    let band = move || {
        let t = table.get();
        let n = config.with(|c| c.varying().len());
        view! {
            <tr class="band">
                <th scope="row">"random orderings (95 %)"</th>
                <td>{format!("{}…{}", signed(t.band.tau.0), signed(t.band.tau.1))}</td>
                <td></td>
                <td>{format!("{}…{}", signed(t.band.psi.0), signed(t.band.psi.1))}</td>
                <td colspan=n + 1></td>
            </tr>
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Every measure: τ, seeds above band, Ψ and per-axis ψ">
            <table class="figures measures-table" data-testid="measures-table">
                <thead>
                    <tr>
                        <th scope="col">"measure"</th>
                        // plain text: a header needs text (axe reads no MathML as text), and one letter looks alike
                        <th scope="col">"τ"</th>
                        <th scope="col">"seeds above band"</th>
                        <th scope="col">"Ψ"</th> // plain text: as above
                        {head}
                        <th scope="col">"worst pairs"</th>
                    </tr>
                </thead>
                <tbody>{rows}{band}</tbody>
            </table>
        </div>
    }
}
