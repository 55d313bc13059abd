//! Whether an element is on screen or near it (an `IntersectionObserver`), so that work a
//! student cannot see yet (a figure below the fold, a live figure further down the
//! lecture) waits until they scroll towards it; and when an element changes size (a
//! `ResizeObserver`).

use leptos::html::ElementType;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{
    Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit, ResizeObserver,
    ResizeObserverEntry,
};

/// Near for a figure drawn on the page: within half a screen above or below it, so a
/// figure is usually drawn before it scrolls into view.
pub const NEAR: &str = "50% 0px";
/// Near for work that is heavy to start (a whole panel in a frame): within a tenth of a
/// screen below it.
pub const ABOUT_TO_SHOW: &str = "0px 0px 10% 0px";

/// Whether `node`'s element is on screen or within `margin` of it (a CSS margin around the
/// viewport: `NEAR`, `ABOUT_TO_SHOW`), kept up to date as the page scrolls, resizes or
/// hides the element (a hidden element is not near). Starts `false` and turns `true` after
/// the first layout for an element on screen. The observer goes with the calling view.
/// Without IntersectionObserver, always `true`; while the page prints, too (every figure
/// is on paper).
pub fn use_near_viewport<E>(node: NodeRef<E>, margin: &str) -> Signal<bool>
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
    options.set_root_margin(margin);
    let printing = super::print::printing();
    let near = Signal::derive(move || near.get() || printing.get());
    let Ok(observer) = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) else {
        set_near.set(true);
        return near;
    };
    watch_while_mounted(
        node,
        observer,
        callback,
        IntersectionObserver::observe,
        IntersectionObserver::disconnect,
    );
    near
}

/// Calls `report` with each `ResizeObserver` entry of `node`'s element: once after its
/// first layout and whenever its size changes. The browser reports after layout and
/// before painting, so reading the element's geometry in `report` forces no extra layout.
/// The observer goes with the calling view.
pub fn use_resize_reports<E>(node: NodeRef<E>, report: impl Fn(ResizeObserverEntry) + 'static)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        entries
            .iter()
            .filter_map(|e| e.dyn_into::<ResizeObserverEntry>().ok())
            .for_each(&report);
    });
    let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    watch_while_mounted(
        node,
        observer,
        callback,
        ResizeObserver::observe,
        ResizeObserver::disconnect,
    );
}

/// Has `observer` watch `node`'s element once it is mounted, keeping `callback` alive;
/// when the calling view goes away the observer is disconnected before the callback is
/// dropped, so it is never called after.
fn watch_while_mounted<E, O: 'static, C: 'static>(
    node: NodeRef<E>,
    observer: O,
    callback: C,
    observe: fn(&O, &Element),
    disconnect: fn(&O),
) where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let observer = Rc::new((observer, callback));
    let watching = SendWrapper::new(Rc::clone(&observer));
    Effect::new(move |_| {
        if let Some(element) = node.get() {
            observe(&watching.0, element.unchecked_ref::<Element>());
        }
    });
    let owned = SendWrapper::new(observer);
    on_cleanup(move || disconnect(&owned.0));
}
