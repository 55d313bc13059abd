//! Panel “Green vs magenta”: the green set (parameters that fit the data) against the magenta set (low test risk), computed exactly for a random-features model; the width and random-label sweeps.

pub mod config;
pub mod describe;
pub mod jobs;
pub mod notebook;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "sets",
    title: "Green vs magenta",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "The classical picture, computed exactly: which parameters fit the data, which generalise, and where gradient descent lands.";
