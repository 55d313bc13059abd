//! The panel registry. Adding a panel means adding its module and one entry below;
//! the navigation, the home page and `?panel=…` routing follow from this list.

use leptos::prelude::*;

mod bench;
mod home;
mod restarts;
mod sam;
mod sets;

/// One panel the app can show.
pub struct PanelEntry {
    /// The URL name, `?panel=<id>`.
    pub id: &'static str,
    /// The title in the navigation.
    pub title: &'static str,
    /// One sentence for the home page.
    pub summary: &'static str,
    /// Builds the panel.
    pub view: fn() -> AnyView,
}

/// Every panel; the first is the home page.
pub const PANELS: &[PanelEntry] = &[
    PanelEntry {
        id: "home",
        title: "Home",
        summary: "The question this lab is about.",
        view: || home::Home().into_any(),
    },
    PanelEntry {
        id: "sets",
        title: "Green vs magenta",
        summary: "The classical picture, computed exactly: which parameters fit the data, which generalise, and where gradient descent lands.",
        view: || sets::Sets().into_any(),
    },
    PanelEntry {
        id: "restarts",
        title: "SGD restarts",
        summary: "Train one network a hundred times: every run fits the data, yet SGD's minima mostly generalise. Then meet the bad ones.",
        view: || restarts::Restarts().into_any(),
    },
    PanelEntry {
        id: "sam",
        title: "Sharpness and SAM",
        summary: "Drag a start point on a loss surface and race gradient descent against sharpness-aware minimisation.",
        view: || sam::Sam().into_any(),
    },
    PanelEntry {
        id: "bench",
        title: "Benchmark",
        summary: "How fast this device trains a small network: 10,000 SGD steps, timed.",
        view: || bench::Bench().into_any(),
    },
];

/// The entry for `id`, or the home page's.
pub fn panel_entry(id: &str) -> &'static PanelEntry {
    PANELS.iter().find(|p| p.id == id).unwrap_or(&PANELS[0])
}
