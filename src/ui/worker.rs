//! Starting the compute worker and talking to it. Each job gets a fresh worker, so a
//! job is cancelled by dropping its handle (which terminates the worker). Messages are
//! the panel's own request and update types, encoded by `crate::jobs` (postcard bytes in
//! a transferred `Uint8Array`); "ready", "done" and "failed" are plain strings.

use crate::jobs::{decode, encode, JobEvent};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// A running job; dropping it stops the worker.
pub struct JobHandle {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for JobHandle {
    fn drop(&mut self) {
        // Unhook first: a message already queued must not reach the dropped closure.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The compute worker's entry script, beside the page (assets/worker-boot.js; Trunk writes
/// the worker's glue and module unhashed next to it).
const WORKER_URL: &str = "./worker-boot.js";

/// Starts job `request` of panel `panel` in a new worker; `on_event` hears every update
/// (on the page's thread, between its other work), then `Done`, or `Failed` if the
/// worker cannot load its code (say, offline before it was ever fetched), crashes or
/// refuses the request, or sends an update that does not decode. Returns None if the
/// browser cannot start a worker at all.
pub fn start<Q: Serialize, U: DeserializeOwned + 'static>(
    panel: &str,
    request: &Q,
    on_event: impl Fn(JobEvent<U>) + 'static,
) -> Option<JobHandle> {
    start_encoded(
        panel,
        &encode(request),
        Rc::new(move |event| {
            on_event(match event {
                JobEvent::Update(bytes) => decode(&bytes).map_or(JobEvent::Failed, JobEvent::Update),
                JobEvent::Done => JobEvent::Done,
                JobEvent::Failed => JobEvent::Failed,
            })
        }),
    )
}

/// `start` with the request already encoded and the updates left encoded: one copy of the
/// worker's lifecycle for every job type of the page.
pub fn start_encoded(panel: &str, request: &[u8], on_event: Rc<dyn Fn(JobEvent<Vec<u8>>)>) -> Option<JobHandle> {
    let worker = Worker::new(WORKER_URL).ok()?;
    let sender = worker.clone();
    let message = js_sys::Array::of2(&panel.into(), &js_sys::Uint8Array::from(request));
    let report = Rc::clone(&on_event);
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let event = match data.as_string().as_deref() {
            Some("ready") => {
                let _ = sender.post_message(&message);
                return;
            }
            Some("done") => JobEvent::Done,
            Some(_) => JobEvent::Failed,
            None => JobEvent::Update(js_sys::Uint8Array::new(&data).to_vec()),
        };
        report(event);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        on_event(JobEvent::Failed);
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(JobHandle {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}
