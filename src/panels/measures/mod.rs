//! Panel “Generalisation measures”: a small live replication of Jiang et al. 2020 (which quantity predicts the generalisation gap, ranked by Kendall's τ and the granulated Ψ) with Dziugaite et al. 2020's coupled pairs.

pub mod captions;
pub mod config;
pub mod notebook;
pub mod jobs;
pub mod presets;
pub mod table;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "measures",
    title: "Generalisation measures",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "Train a population of small networks to the same training loss and rank forty years of generalisation measures by how well they predict the gap, against a random control.";
