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

    /// Reads `{job: "capacity" | "labels", seed}` (see `ui::worker`).
    fn decode_request(data: &JsValue) -> Option<Request> {
        let get = |key: &str| js_sys::Reflect::get(data, &JsValue::from_str(key)).ok();
        let seed = get("seed")?.as_f64()? as u64;
        match get("job")?.as_string()?.as_str() {
            "capacity" => Some(Request::Capacity { seed }),
            "labels" => Some(Request::Labels { seed }),
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
            Update::Done => set(&object, "update", &"done".into()),
        }
        object.into()
    }
}
