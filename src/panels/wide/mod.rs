//! Panel “Infinite width”: random wide nets become a Gaussian process, wide nets train like their kernel, and their weights barely move.

pub mod claims;
pub mod config;
pub mod notebook;
pub mod describe;
pub mod jobs;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "wide",
    title: "Infinite width",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "Make a network wider and watch it turn into a kernel method: random nets become a Gaussian process, training becomes kernel regression, and the weights barely move.";
