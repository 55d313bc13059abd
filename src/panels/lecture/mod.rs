//! Panel “The lecture”: the lecture's argument as a page of short sections, each with a live
//! figure (another panel's page in a frame, created when the section scrolls into view).

pub mod sections;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "lecture",
    title: "The lecture",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "The argument from start to finish, in short sections, each with its live figure.";
