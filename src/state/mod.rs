//! Pure URL state shared by every panel: the query string, notices about bad values,
//! which panel is shown and whether it is embedded. Each panel's own settings live in its
//! folder (`panels::<id>::config`). No web crate is used here.

pub mod app;
pub mod host;
pub mod knob;
pub mod query;
pub mod share;
pub mod shortcuts;

pub use app::{AppState, Panel, PanelConfig};
pub use query::{Notices, Query};
