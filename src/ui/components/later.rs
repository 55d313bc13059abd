//! A part of a view built after the page's first paint, in a task of its own: what lies
//! below the fold does not hold up the first figure, and each such part's building is a
//! short task rather than part of one long one (total blocking time).

use crate::ui::tasks::after_first_paint;
use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};

/// `build`'s view, built once the browser has painted the page without it and mounted
/// where `later` stands (before an empty `<template>` marker). Mounted by hand (the shell
/// builds each panel so too): behind a reactive closure or as an `AnyView` the page would
/// also link code to rebuild the part in place, which never runs. It lives as long as the
/// calling view.
pub fn later<V: IntoView + 'static>(build: impl FnOnce() -> V + 'static) -> impl IntoView {
    let marker = NodeRef::<leptos::html::Template>::new();
    let owner = Owner::current();
    after_first_paint(move || {
        let (Some(owner), Some(marker)) = (owner, marker.get_untracked()) else {
            return;
        };
        let Some(parent) = marker.parent_element() else {
            return;
        };
        owner.with(|| {
            let mut view = untrack(build).into_view().build();
            view.mount(&parent, Some(marker.as_ref()));
            StoredValue::new_local(view);
        });
    });
    view! { <template node_ref=marker></template> }
}
