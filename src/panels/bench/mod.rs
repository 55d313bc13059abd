//! Panel “Benchmark”: times workloads W1 and W5 (DESIGN.md) in this browser, and the
//! page's ceiling for dense arithmetic.

pub mod ceiling;
pub mod config;
pub mod w5;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod view;

/// The registry's entry for this panel.
pub const INFO: super::PanelInfo = super::PanelInfo {
    id: "bench",
    title: "Benchmark",
};

/// One sentence for the home page (kept out of `INFO`, so only the home page links it).
pub const SUMMARY: &str = "How fast this device trains a small network: 10,000 SGD steps, timed.";
