//! The benchmark page's W5 section: fetches the digits, trains the real-digits lab's
//! network at both sizes in slices of about 30 ms (only the steps are timed, not the
//! pauses between slices), then times the SIMD matrix product that is the page's ceiling,
//! and shows a table and its JSON (`bench-w5`, which scripts/w5-bench.mjs reads).

use crate::engine::digits::Digits;
use crate::panels::bench::ceiling::{self, Ceiling};
use crate::panels::bench::w5::{slice_steps, Report, Size, Spec, Timing, W5};
use crate::ui::tasks::{next_frame, now_ms, sleep_ms};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where W5 is.
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Running(String),
    Done(Report),
    Failed(String),
}

/// The W5 section; `busy`: whether W1 is running (W5 waits for it), `running` is set while
/// W5 runs.
#[component]
pub fn W5Section(busy: Signal<bool>, running: RwSignal<bool>) -> impl IntoView {
    let status = RwSignal::new(Status::Idle);
    let start = move || {
        if running.get_untracked() || busy.get_untracked() {
            return;
        }
        running.set(true);
        spawn_local(async move {
            status.set(match run(status).await {
                Ok(report) => Status::Done(report),
                Err(message) => Status::Failed(message),
            });
            running.set(false);
        });
    };
    let (small, large) = (Spec::of(Size::Default), Spec::of(Size::Large));
    let net = |s: &Spec| format!("{}-{}-10, batch {}", s.inputs, s.width, s.batch);
    view! {
        <h2>"W5: the real-digits network"</h2>
        <p>
            {format!(
                "Workload W5: the real-digits lab's ReLU network ({}) and a large one ({}) learn {} digits by \
                 softmax cross-entropy and SGD with momentum {}, learning rate {}: {} and {} timed steps after a \
                 warm-up; GFLOP/s against a plain SIMD {n} by {n} by {n} matrix product in this page. \
                 scripts/w5-bench.mjs trains the same networks in TensorFlow.js here for comparison.",
                net(&small), net(&large), crate::panels::bench::w5::TRAIN, small.momentum, small.lr,
                small.steps, large.steps, n = ceiling::N,
            )}
        </p>
        <div class="controls">
            <button type="button" data-testid="bench-w5-run" disabled=move || running.get() || busy.get()
                on:click=move |_| start()>
                {move || if running.get() { "Running…" } else { "Run W5" }}
            </button>
            <span class="status" role="status">
                {move || match status.get() {
                    Status::Running(what) => what,
                    _ => String::new(),
                }}
            </span>
        </div>
        {move || match status.get() {
            Status::Done(report) => report_view(&report).into_any(),
            Status::Failed(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            _ => ().into_any(),
        }}
    }
}

/// The table, the ceiling and the JSON.
fn report_view(report: &Report) -> impl IntoView {
    let rows = report
        .sizes
        .iter()
        .map(|t| {
            view! {
                <tr>
                    <td>{format!("{}-{}-10, batch {}", t.spec.inputs, t.spec.width, t.spec.batch)}</td>
                    <td>{t.spec.steps}</td>
                    <td>{format!("{:.0}", t.ms)}</td>
                    <td>{format!("{:.0}", t.steps_per_s)}</td>
                    <td>{format!("{:.2}", t.gflops)}</td>
                </tr>
            }
        })
        .collect_view();
    let c = &report.ceiling;
    let json = serde_json::to_string(report).unwrap_or_default();
    view! {
        <table class="runs" data-testid="bench-w5-table">
            <thead>
                <tr>
                    <th>"Network"</th>
                    <th>"steps"</th>
                    <th>"ms"</th>
                    <th>"steps/s"</th>
                    <th>"GFLOP/s"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p>
            {format!(
                "Ceiling: a {n} by {n} by {n} matrix product ({}) at {:.2} GFLOP/s, in the fastest of {} groups of {}.",
                if c.simd { "WebAssembly SIMD" } else { "plain loops: this browser has no SIMD build" },
                c.gflops,
                c.reps,
                ceiling::GROUP,
                n = c.n,
            )}
        </p>
        <details>
            <summary>"W5 as JSON"</summary>
            <pre data-testid="bench-w5">{json}</pre>
        </details>
    }
}

/// Fetches the digits, times both sizes, then the ceiling.
async fn run(status: RwSignal<Status>) -> Result<Report, String> {
    status.set(Status::Running("fetching the digits".into()));
    let digits = Digits::decode(&fetch_bytes("digits.bin").await?)?;
    let mut sizes = Vec::new();
    for size in [Size::Default, Size::Large] {
        status.set(Status::Running(format!("{size:?} size: warming up").to_lowercase()));
        next_frame().await;
        let mut w5 = W5::new(&digits, size);
        let (warmup, steps) = (w5.spec.warmup, w5.spec.steps);
        let warm_ms = in_slices(&mut w5, warmup, 1).await;
        // As W1: let the browser's optimised code land before timing.
        sleep_ms(300).await;
        status.set(Status::Running(
            format!("{size:?} size: {steps} timed steps").to_lowercase(),
        ));
        let ms = in_slices(&mut w5, steps, slice_steps(warm_ms / warmup.max(1) as f64)).await;
        sizes.push(Timing::new(w5.spec.clone(), ms, w5.loss));
    }
    status.set(Status::Running("the ceiling".into()));
    next_frame().await;
    let ceiling: Ceiling = ceiling::measure(&mut now_ms);
    Ok(Report { sizes, ceiling })
}

/// Takes `steps` steps in slices (the first of `first` steps, then about 30 ms each),
/// yielding to the browser between them; returns the milliseconds of the steps alone.
async fn in_slices(w5: &mut W5, steps: usize, first: usize) -> f64 {
    let (mut done, mut ms, mut slice) = (0, 0.0, first.max(1));
    while done < steps {
        let k = slice.min(steps - done);
        ms += w5.train(k, &mut now_ms);
        done += k;
        slice = slice_steps(ms / done as f64);
        next_frame().await;
    }
    ms
}

/// The bytes at `url`, beside the page (the service worker serves them offline).
async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let fail = |why: JsValue| format!("the digits could not be loaded ({why:?})");
    let response = JsFuture::from(window().fetch_with_str(url)).await.map_err(fail)?;
    let get = |key: &str| js_sys::Reflect::get(&response, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if get("ok") != JsValue::TRUE {
        return Err(format!("the digits could not be loaded (status {:?})", get("status")));
    }
    let read: js_sys::Function = get("arrayBuffer").dyn_into().map_err(fail)?;
    let buffer = JsFuture::from(js_sys::Promise::from(read.call0(&response).map_err(fail)?))
        .await
        .map_err(fail)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
