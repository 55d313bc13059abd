//! The resize hook: a counter that ticks whenever the window changes size, for canvas
//! effects to track (a canvas's backing store follows its CSS size, see `plot::canvas::fit`).

use leptos::prelude::*;

/// A signal bumped on every window resize; the listener goes with the calling view.
pub fn use_resize() -> ReadSignal<u32> {
    let (size, set_size) = signal(0u32);
    let listener = window_event_listener(leptos::ev::resize, move |_| set_size.update(|s| *s += 1));
    on_cleanup(move || listener.remove());
    size
}
