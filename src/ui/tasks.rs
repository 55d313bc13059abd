//! Cooperative scheduling on the UI thread: long jobs run in slices and yield between
//! them so the page keeps painting and answering input.

use leptos::prelude::*;

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

/// Runs a scheduled job in a task of its own, once per burst of requests. Each view that
/// draws through one of these draws in its own task, so a change that touches every view
/// never holds the page for the sum of their drawing times. Jobs should read the latest
/// state when they run (untracked), since only the first request of a burst is kept.
#[derive(Clone, Copy)]
pub struct Deferred {
    pending: StoredValue<bool>,
}

impl Default for Deferred {
    fn default() -> Self {
        Deferred::new()
    }
}

impl Deferred {
    /// Nothing scheduled yet.
    pub fn new() -> Deferred {
        Deferred {
            pending: StoredValue::new(false),
        }
    }

    /// Runs `job` in a later task, unless a job is already waiting.
    pub fn schedule(&self, job: impl FnOnce() + 'static) {
        self.schedule_after(0, job);
    }

    /// Runs `job` in a task about `ms` milliseconds from now, unless a job is already
    /// waiting.
    pub fn schedule_after(&self, ms: u64, job: impl FnOnce() + 'static) {
        if self.pending.get_value() {
            return;
        }
        self.pending.set_value(true);
        let pending = self.pending;
        set_timeout(
            move || {
                if pending.try_set_value(false).is_none() {
                    job();
                }
            },
            std::time::Duration::from_millis(ms),
        );
    }
}

/// Runs `job` once the browser has painted the current frame (a task after the next
/// animation frame): for work that must not delay what the student first sees.
pub fn after_first_paint(job: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(job, std::time::Duration::ZERO));
}
