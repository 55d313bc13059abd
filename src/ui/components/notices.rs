//! A dismissible bar listing URL values that were ignored or clamped.

use crate::state::Notices;
use leptos::prelude::*;

/// Shows `notices` (if any) with a button that clears them.
#[component]
pub fn NoticeBar(notices: RwSignal<Notices>) -> impl IntoView {
    view! {
        <Show when=move || notices.with(|n| !n.0.is_empty())>
            <div class="notice-bar" role="status" data-testid="url-notices">
                <ul>
                    {move || notices.get().0.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
                <button type="button" class="quiet" aria-label="Dismiss" on:click=move |_| notices.set(Notices::default())>
                    "×"
                </button>
            </div>
        </Show>
    }
}
