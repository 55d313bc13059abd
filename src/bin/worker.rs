//! The compute worker (wasm only): receives a job request, runs it, and posts each update
//! back as a plain JS value. It says "ready" first, because messages sent before its
//! WebAssembly has loaded are lost. It lives in its own binary so that the page's
//! WebAssembly does not carry the training jobs.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn main() {
    wasm::serve();
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn main() {
    eprintln!("the compute worker runs only in a browser");
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod wasm {
    use genlab::engine::jobs::{run, Request, Update};
    use genlab::engine::restarts::{Pipeline, RestartSpec};
    use genlab::engine::{Activation, DatasetKind};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// Installs the message handler and announces readiness.
    pub fn serve() {
        console_error_panic_hook::set_once();
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let replies = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(request) = decode_request(&event.data()) {
                run(&request, |update| {
                    let _ = replies.post_message(&encode_update(&update));
                });
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&JsValue::from_str("ready"));
    }

    fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
        let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
    }

    /// Reads a request (see `ui::worker` for the shapes).
    fn decode_request(data: &JsValue) -> Option<Request> {
        let get = |key: &str| js_sys::Reflect::get(data, &JsValue::from_str(key)).ok();
        let number = |key: &str| get(key).and_then(|v| v.as_f64());
        let numbers = |key: &str| get(key).map(|v| js_sys::Float64Array::new(&v).to_vec());
        let seed = number("seed")? as u64;
        match get("job")?.as_string()?.as_str() {
            "capacity" => Some(Request::Capacity { seed }),
            "labels" => Some(Request::Labels { seed }),
            "restarts" => {
                let spec = RestartSpec {
                    dataset: DatasetKind::from_key(&get("dataset")?.as_string()?)?,
                    n_train: number("n_train")? as usize,
                    n_test: number("n_test")? as usize,
                    noise: number("noise")? as f32,
                    widths: numbers("widths")?.into_iter().map(|w| w as usize).collect(),
                    activation: if get("relu")?.as_bool()? {
                        Activation::Relu
                    } else {
                        Activation::Tanh
                    },
                    lr: number("lr")? as f32,
                    momentum: number("momentum")? as f32,
                    weight_decay: number("weight_decay")? as f32,
                    batch_size: number("batch_size")? as usize,
                    steps: number("steps")? as usize,
                    corruption: number("corruption")? as f32,
                    seed,
                };
                let seeds = numbers("seeds")?.into_iter().map(|s| s as u64).collect();
                let pipelines = get("pipelines")?
                    .as_string()?
                    .split(',')
                    .map(Pipeline::from_key)
                    .collect::<Option<Vec<_>>>()?;
                Some(Request::Restarts { spec, seeds, pipelines })
            }
            _ => None,
        }
    }

    /// Writes an update as a plain JS object (see `ui::worker` for the shapes).
    fn encode_update(update: &Update) -> JsValue {
        let object = js_sys::Object::new();
        match update {
            Update::Width(w) => {
                set(&object, "update", &"width".into());
                set(&object, "width", &(w.width as f64).into());
                set(&object, "seed", &f64::from(w.seed).into());
                set(&object, "train_error", &f64::from(w.train_error).into());
                set(&object, "test_error", &f64::from(w.test_error).into());
            }
            Update::Labels { curves, test_errors } => {
                set(&object, "update", &"labels".into());
                let arrays = js_sys::Array::new();
                for curve in curves {
                    let flat: Vec<f64> = curve.iter().flat_map(|&(s, e)| [s as f64, f64::from(e)]).collect();
                    arrays.push(&js_sys::Float64Array::from(flat.as_slice()));
                }
                set(&object, "curves", &arrays);
                let errors = match test_errors {
                    Some(e) => {
                        js_sys::Float64Array::from(e.iter().map(|&x| f64::from(x)).collect::<Vec<_>>().as_slice())
                            .into()
                    }
                    None => JsValue::NULL,
                };
                set(&object, "test_errors", &errors);
            }
            Update::Restart(r) => {
                set(&object, "update", &"restart".into());
                set(&object, "seed", &(r.seed as f64).into());
                set(&object, "pipeline", &r.pipeline.key().into());
                for (key, value) in [
                    ("train_acc", r.train_acc),
                    ("test_acc", r.test_acc),
                    ("train_loss", r.train_loss),
                    ("test_loss", r.test_loss),
                    ("norm", r.norm),
                    ("sharpness", r.sharpness),
                ] {
                    set(&object, key, &f64::from(value).into());
                }
                set(&object, "probe", &js_sys::Float32Array::from(r.probe.as_slice()).into());
                set(&object, "diverged", &r.diverged.into());
            }
            Update::Done => set(&object, "update", &"done".into()),
            Update::Failed => set(&object, "update", &"failed".into()),
        }
        object.into()
    }
}
