//! The table: τ, Ψ and per-axis ψ of every measure, the worst axis of its coupled pairs,
//! and the random band; a row's name picks the measure the figures show.

use crate::engine::measures::{Axis, Measure};
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
    let rows = move || {
        let t = table.get();
        let chosen = config.with(|c| c.measure);
        let axes = axes();
        let top = t.band.psi.1;
        t.rows
            .iter()
            .map(|(m, r)| {
                let m = *m;
                let worst = match r.worst() {
                    Some((a, share)) => format!("{} ({:.0}\u{a0}%)", a.label(), 100.0 * share),
                    None => "—".to_owned(),
                };
                let class = match (m == chosen, r.psi.is_finite() && r.psi > top && m != Measure::Random) {
                    (true, true) => "current above",
                    (true, false) => "current",
                    (false, true) => "above",
                    _ => "",
                };
                let cells = axes.iter().map(|a: &Axis| view! { <td>{signed(r.per_axis[a.index()])}</td> }).collect_view();
                view! {
                    <tr class=class data-measure=m.key()>
                        <th scope="row">
                            // The name in words for screen readers and axe (which reads no MathML as text).
                            <button type="button" class="link" on:click=move |_| config.update(|c| c.measure = m)>
                                <span class="sr-only">{m.label()}</span>
                                <span aria-hidden="true" inner_html=math_label(m)></span>
                            </button>
                        </th>
                        <td>{signed(r.tau)}</td>
                        <td class="psi">{signed(r.psi)}</td>
                        {cells}
                        <td class="worst">{worst}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let band = move || {
        let t = table.get();
        let n = config.with(|c| c.varying().len());
        view! {
            <tr class="band">
                <th scope="row">"random orderings (95 %)"</th>
                <td>{format!("{}…{}", signed(t.band.tau.0), signed(t.band.tau.1))}</td>
                <td>{format!("{}…{}", signed(t.band.psi.0), signed(t.band.psi.1))}</td>
                <td colspan=n + 1></td>
            </tr>
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Every measure: τ, Ψ and per-axis ψ">
            <table class="figures measures-table" data-testid="measures-table">
                <thead>
                    <tr>
                        <th scope="col">"measure"</th>
                        // plain text: a header needs text (axe reads no MathML as text), and one letter looks alike
                        <th scope="col">"τ"</th>
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
