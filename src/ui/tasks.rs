//! Cooperative scheduling on the UI thread: long jobs run in slices and yield between
//! them so the page keeps painting and answering input.

use leptos::prelude::window;

/// Resolves on the browser's next macrotask, after it has had a chance to paint.
pub async fn next_frame() {
    sleep_ms(0).await;
}

/// Resolves after about `ms` milliseconds.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since the page started, from the high-resolution timer.
pub fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}
