//! Pure app state: which panel is shown, each panel's settings, and their round trip
//! through the URL query (`?panel=bench&seed=3`). No web crate is used here.

pub mod app;
pub mod bench;
pub mod query;
pub mod restarts;
pub mod sam;
pub mod sets;

pub use app::{AppState, Panel};
pub use query::{Notices, Query};
