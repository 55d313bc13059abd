//! Panel “Deep linear networks”: the same functions, different parametrisations, different answers: matrix completion by deep factorisations (Arora, Cohen, Hu and Luo 2019) and one line fitted two ways.

pub mod config;
pub mod notebook;
pub mod describe;
pub mod heat;
pub mod jobs;
pub mod sweep;
pub mod trace;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "lowrank",
    title: "Deep linear networks",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "One model class, three depths: watch deeper factorisations fill in a low-rank matrix that a single matrix never can.";
