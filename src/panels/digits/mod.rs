//! Panel “Real digits”: Zhang et al.'s experiments on real handwritten digits, live: networks
//! fit random labels, shuffled and random pixels and noise, and SGD from a random start
//! still finds a fit that generalises.

pub mod config;
pub mod notebook;
pub mod jobs;
pub mod prose;
pub mod study;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "digits",
    title: "Real digits",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "Train a network on real handwritten digits with true labels, random labels or pure noise: it fits them all, and yet from a random start it learns the digits.";
