//! Panel “Sharpness and SAM”: gradient descent and sharpness-aware minimisation (Foret et al. 2021) on draggable 2-D loss surfaces.

pub mod config;
pub mod describe;
pub mod notebook;
pub mod surfaces;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "sam",
    title: "Sharpness and SAM",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "Drag a start point on a loss surface and race gradient descent against sharpness-aware minimisation.";
