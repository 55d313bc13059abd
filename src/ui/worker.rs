//! Starting the compute worker and talking to it. Each job gets a fresh worker, so a
//! job is cancelled by dropping its handle (which terminates the worker).

use crate::engine::jobs::{Request, Update, WidthResult};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// A running job; dropping it stops the worker.
pub struct JobHandle {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
}

impl Drop for JobHandle {
    fn drop(&mut self) {
        // Unhook first: a message already queued must not reach the dropped closure.
        self.worker.set_onmessage(None);
        self.worker.terminate();
    }
}

/// Starts `request` in a new worker; `on_update` hears every update (on the page's
/// thread, between its other work). Returns None if the browser cannot start a worker.
pub fn start(request: Request, on_update: impl Fn(Update) + 'static) -> Option<JobHandle> {
    // Trunk writes the worker as `worker.js` (no-modules wasm-bindgen) + `worker_bg.wasm`
    // next to index.html; a small loader script boots it inside the worker.
    let base = web_sys::window()?.location().href().ok()?;
    let base = base
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit_once('/')
        .map(|(dir, _)| dir.to_owned())?;
    let loader = format!("importScripts('{base}/worker.js'); wasm_bindgen('{base}/worker_bg.wasm');");
    let parts = js_sys::Array::of1(&loader.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let worker = Worker::new(&url).ok()?;
    let sender = worker.clone();
    let request = encode_request(&request);
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if data.as_string().as_deref() == Some("ready") {
            let _ = sender.post_message(&request);
        } else if let Some(update) = decode_update(&data) {
            on_update(update);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some(JobHandle {
        worker,
        _on_message: on_message,
    })
}

// Messages are plain JS objects read and written field by field: cheaper for the page's
// download than a serialisation library, and numbers cross as numbers.

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn number(object: &JsValue, key: &str) -> f64 {
    get(object, key).as_f64().unwrap_or(f64::NAN)
}

/// `{job: "capacity" | "labels", seed}`.
fn encode_request(request: &Request) -> JsValue {
    let (job, seed) = match *request {
        Request::Capacity { seed } => ("capacity", seed),
        Request::Labels { seed } => ("labels", seed),
    };
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"job".into(), &job.into());
    let _ = js_sys::Reflect::set(&object, &"seed".into(), &(seed as f64).into());
    object.into()
}

/// Reads `{update: "width", width, seed, train_error, test_error}`,
/// `{update: "labels", curves: [[step, error, step, error, …], …], test_errors: [...] | null}`
/// or `{update: "done"}` (written by the worker binary).
fn decode_update(data: &JsValue) -> Option<Update> {
    match get(data, "update").as_string()?.as_str() {
        "width" => Some(Update::Width(WidthResult {
            width: number(data, "width") as usize,
            seed: number(data, "seed") as u32,
            train_error: number(data, "train_error") as f32,
            test_error: number(data, "test_error") as f32,
        })),
        "labels" => {
            let curves = js_sys::Array::from(&get(data, "curves"))
                .iter()
                .map(|c| {
                    let flat = js_sys::Float64Array::new(&c).to_vec();
                    flat.chunks_exact(2).map(|p| (p[0] as usize, p[1] as f32)).collect()
                })
                .collect();
            let errors = get(data, "test_errors");
            let test_errors = (!errors.is_null()).then(|| {
                js_sys::Float64Array::new(&errors)
                    .to_vec()
                    .into_iter()
                    .map(|e| e as f32)
                    .collect()
            });
            Some(Update::Labels { curves, test_errors })
        }
        "done" => Some(Update::Done),
        _ => None,
    }
}
