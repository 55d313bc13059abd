//! Starting the compute worker and talking to it. Each job gets a fresh worker, so a
//! job is cancelled by dropping its handle (which terminates the worker).

use crate::engine::jobs::{Request, Update, WidthResult};
use crate::engine::restarts::{Pipeline, RunResult};
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

/// Starts `request` in a new worker; `on_update` hears every update (on the page's
/// thread, between its other work), and `Update::Failed` if the worker cannot load its
/// code (say, offline before it was ever fetched) or crashes. Returns None if the browser
/// cannot start a worker at all.
pub fn start(request: Request, on_update: impl Fn(Update) + 'static) -> Option<JobHandle> {
    let on_update = std::rc::Rc::new(on_update);
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
    let report = on_update.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let on_update = &report;
        let data = event.data();
        if data.as_string().as_deref() == Some("ready") {
            let _ = sender.post_message(&request);
        } else if let Some(update) = decode_update(&data) {
            on_update(update);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        on_update(Update::Failed);
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(JobHandle {
        worker,
        _on_message: on_message,
        _on_error: on_error,
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

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

/// `{job: "capacity" | "labels", seed}`, or for restarts `{job: "restarts", seed,
/// dataset, n_train, n_test, noise, widths: [...], relu, lr, momentum, weight_decay,
/// batch_size, steps, corruption, seeds: [...], pipelines: "sgd,adversarial,…"}`.
fn encode_request(request: &Request) -> JsValue {
    let object = js_sys::Object::new();
    let number = |key: &str, v: f64| set(&object, key, &v.into());
    match request {
        Request::Capacity { seed } => {
            set(&object, "job", &"capacity".into());
            number("seed", *seed as f64);
        }
        Request::Labels { seed } => {
            set(&object, "job", &"labels".into());
            number("seed", *seed as f64);
        }
        Request::Restarts { spec, seeds, pipelines } => {
            set(&object, "job", &"restarts".into());
            number("seed", spec.seed as f64);
            set(&object, "dataset", &spec.dataset.key().into());
            number("n_train", spec.n_train as f64);
            number("n_test", spec.n_test as f64);
            number("noise", f64::from(spec.noise));
            let widths: Vec<f64> = spec.widths.iter().map(|&w| w as f64).collect();
            set(&object, "widths", &js_sys::Float64Array::from(widths.as_slice()).into());
            set(
                &object,
                "relu",
                &(spec.activation == crate::engine::Activation::Relu).into(),
            );
            number("lr", f64::from(spec.lr));
            number("momentum", f64::from(spec.momentum));
            number("weight_decay", f64::from(spec.weight_decay));
            number("batch_size", spec.batch_size as f64);
            number("steps", spec.steps as f64);
            number("corruption", f64::from(spec.corruption));
            let seeds: Vec<f64> = seeds.iter().map(|&s| s as f64).collect();
            set(&object, "seeds", &js_sys::Float64Array::from(seeds.as_slice()).into());
            let names: Vec<&str> = pipelines.iter().map(|p| p.key()).collect();
            set(&object, "pipelines", &names.join(",").into());
        }
    }
    object.into()
}

/// Reads `{update: "width", width, seed, train_error, test_error}`,
/// `{update: "labels", curves: [[step, error, step, error, …], …], test_errors: [...] | null}`
/// `{update: "restart", seed, pipeline, train_acc, test_acc, train_loss, test_loss, norm,
/// sharpness, probe: Float32Array, diverged}` or `{update: "done"}` (written by the
/// worker binary).
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
        "restart" => Some(Update::Restart(RunResult {
            seed: number(data, "seed") as u64,
            pipeline: Pipeline::from_key(&get(data, "pipeline").as_string()?)?,
            train_acc: number(data, "train_acc") as f32,
            test_acc: number(data, "test_acc") as f32,
            train_loss: number(data, "train_loss") as f32,
            test_loss: number(data, "test_loss") as f32,
            norm: number(data, "norm") as f32,
            sharpness: number(data, "sharpness") as f32,
            probe: js_sys::Float32Array::new(&get(data, "probe")).to_vec(),
            diverged: get(data, "diverged").as_bool().unwrap_or(true),
        })),
        "done" => Some(Update::Done),
        _ => None,
    }
}
