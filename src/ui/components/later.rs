//! A section mounted after the page's first paint, in a task of its own: what lies below
//! the fold does not hold up the first figure, and each such section's building is a
//! short task rather than part of one long one (total blocking time).

use crate::ui::tasks::after_first_paint;
use leptos::prelude::*;

/// Shows `children` once the browser has painted the page without them.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let shown = RwSignal::new(false);
    after_first_paint(move || {
        let _ = shown.try_set(true);
    });
    move || shown.get().then(|| children())
}
