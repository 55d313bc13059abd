//! genlab: watch why deep networks generalise, with small networks trained live in the
//! browser.
//!
//! Import rules (enforced by the build: the web crates exist only for wasm32):
//! - `engine` — pure numerics (the `genlab-engine` crate, re-exported); std, rand,
//!   nalgebra, serde and libm only.
//! - `state`  — pure panel configuration and URL codec; may import `engine`.
//! - `plot`   — pure scales and colour helpers; its `canvas` submodule (wasm only)
//!   draws onto HTML canvases.
//! - `ui`     — (wasm only) Leptos components and panels; may import everything above.

pub use genlab_engine as engine;
pub mod plot;
pub mod state;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod ui;
