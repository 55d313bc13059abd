//! Basin maps (workload W3): for every start on a grid (120 × 120 on the analytic surfaces), which minimum gradient
//! descent reaches and which SAM reaches. Computed in slices of a few milliseconds on the
//! UI thread, restarted whenever η, ρ, the steps or the surface change.

use crate::engine::landscape::RunSettings;
use crate::panels::sam::surfaces::Preset;
use crate::plot::canvas::{circle, context, draw_rgba, fit};
use crate::plot::Frame;
use crate::panels::sam::config::SamConfig;
use crate::ui::tasks::{next_frame, now_ms};
use crate::ui::canvas::use_canvas_draw;
use crate::ui::components::export::CsvButton;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;
use leptos::task::spawn_local;

/// Colours of minimum 0, minimum 1, and "left the plot" (Okabe–Ito vermilion, bluish
/// green, grey).
const CATEGORY: [[u8; 3]; 3] = [[213, 94, 0], [0, 158, 115], [170, 170, 170]];

/// The maps and the job computing them.
#[derive(Clone, Copy)]
pub struct BasinJob {
    /// GD's and SAM's maps (minimum index per start, 255 = left the plot), when done.
    pub maps: RwSignal<Option<(Vec<u8>, Vec<u8>)>>,
    /// Share of the grid done, 0–1.
    pub progress: RwSignal<f32>,
    /// Wall time of the last complete computation.
    pub elapsed_ms: RwSignal<Option<f64>>,
}

/// Starts (and restarts) the basin-map job whenever the settings that shape it change.
pub fn use_basin_maps(config: RwSignal<SamConfig>, preset: Memo<Preset>) -> BasinJob {
    let job = BasinJob {
        maps: RwSignal::new(None),
        progress: RwSignal::new(0.0),
        elapsed_ms: RwSignal::new(None),
    };
    let key = Memo::new(move |_| config.with(|c| (c.basins, c.surface, c.lr, c.rho, c.steps)));
    let generation = StoredValue::new(0u64);
    // Paused with the page (`ui::actions`): slices wait while the gate is closed.
    let actions = use_context::<crate::ui::actions::PanelActions>();
    Effect::new(move |_| {
        let (on, ..) = key.get();
        generation.update_value(|g| *g += 1);
        // The old maps stay up while new ones are computed, so a moving slider does not
        // make them flicker; the progress bar says they are being redone.
        job.progress.set(0.0);
        if !on {
            job.maps.set(None);
            return;
        }
        let mine = generation.get_value();
        let c = config.get_untracked();
        spawn_local(async move {
            let preset = preset.get_untracked();
            // Basin maps use exact gradients: one map per algorithm, not per noise draw.
            let run = RunSettings {
                noise: 0.0,
                batch: 0,
                ..c.run(false)
            };
            let t0 = now_ms();
            let n = preset.basin_grid;
            let mut maps = [vec![0u8; n * n], vec![0u8; n * n]];
            let mut rows_per_slice = 2;
            for (k, map) in maps.iter_mut().enumerate() {
                let mut row = 0;
                while row < n {
                    let end = (row + rows_per_slice).min(n);
                    let slice_start = now_ms();
                    preset.basin_rows(n, run, k == 1, row..end, &mut map[row * n..end * n]);
                    // Aim for slices of about 16 ms: long enough to keep the overhead low,
                    // short enough that dragging and typing stay smooth.
                    let took = (now_ms() - slice_start).max(0.1);
                    rows_per_slice = ((rows_per_slice as f64 * 16.0 / took) as usize).clamp(1, 60);
                    row = end;
                    job.progress.set(((k * n + row) as f32) / (2 * n) as f32);
                    next_frame().await;
                    if let Some(a) = actions {
                        a.wait_go().await;
                    }
                    if generation.get_value() != mine {
                        return;
                    }
                }
            }
            let [gd, sam] = maps;
            job.elapsed_ms.set(Some(now_ms() - t0));
            job.maps.set(Some((gd, sam)));
            job.progress.set(1.0);
        });
    });
    job
}

fn rgba(map: &[u8]) -> Vec<u8> {
    map.iter()
        .flat_map(|&m| {
            let [r, g, b] = CATEGORY[usize::from(m).min(2)];
            [r, g, b, 255]
        })
        .collect()
}

/// Share of starts that end at minimum `k`.
fn share(map: &[u8], k: u8) -> f32 {
    map.iter().filter(|&&m| m == k).count() as f32 / map.len().max(1) as f32
}

/// The two maps side by side, with the start point marked, a legend and the shares.
#[component]
pub fn BasinMaps(config: RwSignal<SamConfig>, preset: Memo<Preset>, maps: BasinJob) -> impl IntoView {
    let gd_ref = NodeRef::<leptos::html::Canvas>::new();
    let sam_ref = NodeRef::<leptos::html::Canvas>::new();
    // Each map: its pixels stretched over the canvas, and the start point ringed.
    let draw_map = move |canvas: &HtmlCanvasElement, which: usize| {
        let c = config.get();
        let domain = preset.with(|p| p.domain);
        maps.maps.with(|m| {
            let Some(pair) = m else { return };
            let map = if which == 0 { &pair.0 } else { &pair.1 };
            let (w, h, dpr) = fit(canvas);
            let Some(ctx) = context(canvas) else { return };
            let n = (map.len() as f64).sqrt() as u32;
            draw_rgba(&ctx, &rgba(map), n, (0.0, 0.0, w * dpr, h * dpr), false);
            let frame = Frame {
                domain,
                pixels: [0.0, w * dpr, 0.0, h * dpr],
            };
            let at = frame.to_pixels([c.x0, c.y0]);
            circle(&ctx, at, 5.0 * dpr, None, Some(("#111", 3.5 * dpr)));
            circle(&ctx, at, 5.0 * dpr, None, Some(("#fff", 1.8 * dpr)));
        });
    };
    use_canvas_draw(gd_ref, move |canvas| draw_map(canvas, 0));
    use_canvas_draw(sam_ref, move |canvas| draw_map(canvas, 1));
    let names = move || preset.with(|p| p.minima.iter().map(|m| m.1).collect::<Vec<_>>());
    let shares = move || {
        let names = names();
        maps.maps.with(|m| {
            m.as_ref().map(|(gd, sam)| {
                names
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        format!(
                            "{n}: GD {:.0} %, SAM {:.0} %",
                            100.0 * share(gd, k as u8),
                            100.0 * share(sam, k as u8)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
        })
    };
    let finished = move || maps.progress.get() >= 1.0;
    // Both maps as numbers: each start and the minimum each path reaches.
    let csv = move || {
        let (domain, names) = preset.with_untracked(|p| (p.domain, p.minima.iter().map(|m| m.1).collect::<Vec<_>>()));
        maps.maps.with_untracked(|m| {
            let mut out = String::from("w1,w2,gd_minimum,sam_minimum\n");
            let Some((gd, sam)) = m else { return out };
            let n = (gd.len() as f64).sqrt() as usize;
            let name = |k: u8| names.get(usize::from(k)).copied().unwrap_or("left the plot");
            for (i, (&g, &s)) in gd.iter().zip(sam).enumerate() {
                let (row, col) = (i / n.max(1), i % n.max(1));
                let w1 = domain[0] + (domain[1] - domain[0]) * (col as f32 + 0.5) / n as f32;
                let w2 = domain[3] - (domain[3] - domain[2]) * (row as f32 + 0.5) / n as f32;
                out.push_str(&format!("{w1},{w2},{},{}\n", name(g), name(s)));
            }
            out
        })
    };
    view! {
        <Show when=move || config.with(|c| c.basins)>
            <section class="basins" data-testid="sam-basins-view">
                <h2>"Where does each start end?"</h2>
                <p class="caption">
                    {move || format!(
                        "Every pixel is a start point, coloured by the minimum its path reaches after {} steps (exact gradients). The white ring is your start.",
                        config.with(|c| c.steps)
                    )}
                </p>
                <p class="look">"Look at where the two maps differ in colour: from those starts SAM ends in another minimum than gradient descent."</p>
                <progress
                    max="1"
                    prop:value=move || maps.progress.get()
                    class:done=finished
                    aria-label="Basin maps computed"
                ></progress>
                <div class="basin-pair">
                    <figure>
                        <canvas node_ref=gd_ref class="basin-map" data-testid="basin-gd" role="img"
                            aria-label="Basin map of gradient descent: each start coloured by the minimum it reaches" aria-describedby="basin-shares"></canvas>
                        <figcaption class="key gd">"● gradient descent"</figcaption>
                    </figure>
                    <figure>
                        <canvas node_ref=sam_ref class="basin-map" data-testid="basin-sam" role="img"
                            aria-label="Basin map of SAM: each start coloured by the minimum it reaches" aria-describedby="basin-shares"></canvas>
                        <figcaption class="key sam">"▲ SAM"</figcaption>
                    </figure>
                </div>
                <p class="basin-legend">
                    {move || names().into_iter().enumerate().map(|(k, n)| {
                        let [r, g, b] = CATEGORY[k.min(1)];
                        view! { <span><i style=format!("background:rgb({r},{g},{b})")></i>{n}</span> }
                    }).collect_view()}
                    <span><i style="background:rgb(170,170,170)"></i>"left the plot"</span>
                </p>
                <p class="export"><CsvButton name="sam-basins" csv=csv /></p>
                <p class="shares" id="basin-shares" data-testid="basin-shares">{move || shares().map(|s| format!("Share of starts ending in each minimum: {s}"))}</p>
            </section>
        </Show>
    }
}
