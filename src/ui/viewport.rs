//! Whether an element is on screen or near it (an `IntersectionObserver`), so that work a
//! student cannot see yet (a figure below the fold, a live figure further down the
//! lecture) waits until they scroll towards it.

use leptos::html::ElementType;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// How far beyond the screen an element still counts as near: half a screen above and
/// below, so a figure is usually drawn before it scrolls into view.
const NEAR: &str = "50% 0px";

/// Whether `node`'s element is within half a screen's height of the viewport, kept up to
/// date as the page scrolls, resizes or hides the element (a hidden element is not near).
/// Starts `false` and turns `true` after the first layout for an element on screen. The
/// observer goes with the calling view. Without IntersectionObserver, always `true`.
pub fn use_near_viewport<E>(node: NodeRef<E>) -> ReadSignal<bool>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let (near, set_near) = signal(false);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // One element is observed: its latest entry is its state now.
        if let Some(last) = entries.iter().last() {
            set_near.set(last.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
        }
    });
    let options = IntersectionObserverInit::new();
    options.set_root_margin(NEAR);
    let Ok(observer) = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) else {
        set_near.set(true);
        return near;
    };
    let observer = Rc::new((observer, callback));
    let watching = SendWrapper::new(Rc::clone(&observer));
    Effect::new(move |_| {
        if let Some(element) = node.get() {
            watching.0.observe(element.unchecked_ref::<Element>());
        }
    });
    let owned = SendWrapper::new(observer);
    // Disconnect before the callback is dropped, so it is never called after.
    on_cleanup(move || owned.0.disconnect());
    near
}
