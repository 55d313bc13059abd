//! The canvas hook: a canvas redrawn whenever what its drawing reads changes or its own
//! element changes size (observed with a `ResizeObserver`, so a canvas that appears, or
//! whose column narrows without the window resizing, is redrawn too). The drawing sizes
//! the backing store for the device pixel ratio with `plot::canvas::fit` and works in
//! CSS pixels, the unit pointer input uses.

use super::tasks::Deferred;
use super::viewport::{use_near_viewport, use_resize_reports, NEAR};
use crate::plot::canvas::remember_css_size;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, ResizeObserverSize};

/// A counter that ticks whenever `node`'s element changes size after it was first laid
/// out; the observer goes with the calling view.
pub fn use_element_resize(node: NodeRef<Canvas>) -> ReadSignal<u32> {
    let (ticks, set_ticks) = signal(0u32);
    // The first report only tells the size the first drawing already used.
    let seen_first = Cell::new(false);
    use_resize_reports(node, move |entry| {
        // The print layout resizes canvases; redrawn then, they would print blank (the
        // bitmap clears at once, the drawing lands later). On paper the screen's bitmap is
        // scaled instead, and afterwards the screen's size comes back unchanged.
        if super::print::is_printing() {
            return;
        }
        // Each report also leaves the element's border-box size on it for `fit`, which
        // then reads it without forcing a layout.
        if let Ok(size) = entry.border_box_size().get(0).dyn_into::<ResizeObserverSize>() {
            remember_css_size(&entry.target(), size.inline_size(), size.block_size());
        }
        if seen_first.replace(true) {
            set_ticks.update(|t| *t += 1);
        }
    });
    // Projector mode redraws every canvas at its new scale.
    if let Some(actions) = use_context::<super::actions::PanelActions>() {
        Effect::new(move |first: Option<()>| {
            actions.projector.track();
            if first.is_some() {
                set_ticks.update(|t| *t += 1);
            }
        });
    }
    ticks
}

/// Draws on `node` once its element comes near the screen (see `viewport`), in a task of
/// its own, and again whenever a signal `draw` reads changes or the element is resized
/// while it stays near (what `draw` returns, such as `None` for "nothing to draw yet", is
/// dropped). A figure below the fold costs nothing until the student scrolls towards it,
/// and the first drawings of a panel's figures, with the computations they read, run as
/// one short task each rather than as one long task with the panel's construction. A
/// figure that scrolls away and back is drawn afresh; on paper every figure is drawn.
pub fn use_canvas_draw<R>(node: NodeRef<Canvas>, draw: impl Fn(&HtmlCanvasElement) -> R + 'static) {
    // One copy of the hook's code serves every figure.
    draw_when_near(
        node,
        Box::new(move |canvas, _| {
            let _ = draw(canvas);
        }),
    );
}

/// `use_canvas_draw` for a figure fed by a job's streamed reports: `inputs` is read (and
/// tracked) where the report lands, and a redraw runs in a task of its own just after.
/// Drawn in the report's task, the first font change of the drawing would force the
/// browser to restyle the report's DOM updates there and then, holding the page for both.
/// The first drawing, when the figure comes near or the page is printed, is immediate.
pub fn use_canvas_draw_after<T: 'static>(
    node: NodeRef<Canvas>,
    inputs: impl Fn() -> T + 'static,
    draw: impl Fn(&HtmlCanvasElement, &T) + 'static,
) {
    let latest = StoredValue::new_local(None::<T>);
    let later = Deferred::new();
    let draw = Rc::new(draw);
    draw_when_near(
        node,
        Box::new(move |canvas, redraw| {
            let now = inputs();
            if !redraw {
                return draw(canvas, &now);
            }
            latest.set_value(Some(now));
            let (canvas, draw) = (canvas.clone(), Rc::clone(&draw));
            later.schedule(move || {
                latest.try_with_value(|v| v.as_ref().map(|v| draw(&canvas, v)));
            });
        }),
    );
}

/// Calls `draw(canvas, redraw)` as `use_canvas_draw` describes; `redraw` is false for the
/// first drawing after the figure came near (or the page is about to print: every figure
/// is near then, see `use_near_viewport`).
fn draw_when_near(node: NodeRef<Canvas>, draw: Box<dyn Fn(&HtmlCanvasElement, bool)>) {
    let resized = use_element_resize(node);
    let near = use_near_viewport(node, NEAR);
    let (due, set_due) = signal(false);
    Effect::new(move |_| {
        if near.get() && super::print::is_printing() {
            // Drawn before the page is laid out for paper.
            set_due.set(true);
        } else if near.get() {
            set_timeout(
                move || {
                    set_due.try_set(true);
                },
                std::time::Duration::ZERO,
            );
        } else {
            set_due.set(false);
        }
    });
    Effect::new(move |was_due: Option<bool>| {
        if !due.get() {
            return false;
        }
        resized.track();
        if let Some(canvas) = node.get() {
            draw(&canvas, was_due == Some(true));
        }
        true
    });
}
