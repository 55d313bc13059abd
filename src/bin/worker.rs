//! The compute worker (wasm only): receives `[panel, request bytes]`, runs that panel's
//! job (`genlab::panels::run_job`) and posts each encoded update back as a transferred
//! `Uint8Array`, then "done" (or "failed: why"). It says "ready" first, because messages
//! sent before its WebAssembly has loaded are lost.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let message = js_sys::Array::from(&event.data());
        let panel = message.get(0).as_string().unwrap_or_default();
        let request = js_sys::Uint8Array::new(&message.get(1)).to_vec();
        let outcome = genlab::panels::run_job(&panel, &request, &mut |update| {
            let bytes = js_sys::Uint8Array::from(update.as_slice());
            let _ = replies.post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()));
        });
        let last = match outcome {
            Ok(()) => "done".to_owned(),
            Err(why) => format!("failed: {why}"),
        };
        let _ = replies.post_message(&JsValue::from_str(&last));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn main() {
    eprintln!("the compute worker runs only in a browser");
}
