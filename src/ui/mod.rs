//! The Leptos user interface (wasm only): the app shell, shared components, panels.

pub mod components;
pub mod panels;
pub mod panic_overlay;
pub mod tasks;
pub mod url;
pub mod worker;

mod app;

pub use app::App;
