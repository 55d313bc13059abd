//! The home page: the lecture's question, and the way into each panel.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for the home page.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "home",
    title: "Home",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "The question this lab is about.";
