//! Panel “SGD restarts”: train one network many times from random initialisations in the compute workers; where its minima land, and the bad global minima of an adversarial start (Liu et al. 2020).

pub mod config;
pub mod notebook;
pub mod describe;
pub mod jobs;
pub mod layout;
pub mod prose;
pub mod verdicts;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "restarts",
    title: "SGD restarts",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "Train one network many times from random starts: do the minima SGD finds generalise, and how do the fits it did not choose compare?";
