//! The Leptos user interface kit (wasm only): the app shell every panel's page mounts,
//! shared components, the compute-worker transport and worker pools, URL state, scheduling helpers.

pub mod actions;
pub mod batch;
pub mod canvas;
pub mod components;
pub mod host;
pub mod job;
pub mod panic_overlay;
pub mod pool;
pub mod present;
pub mod print;
pub mod runner;
pub mod tasks;
pub mod url;
pub mod viewport;
pub mod worker;

mod app;

pub use app::{href, start};
/// The pages' allocator crate (used by `panel_page!`).
pub use talc;
