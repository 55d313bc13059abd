//! Pure URL state shared by every panel: the query string, notices about bad values,
//! which panel is shown and whether it is embedded. Each panel's own settings live in its
//! folder (`panels::<id>::config`). No web crate is used here, but for the browser's own
//! number parser in `decimal` (for decimals too long for its exact fast path).

pub mod app;
pub mod decimal;
pub mod host;
pub mod knob;
pub mod param;
pub mod query;
pub mod share;
pub mod shortcuts;

pub use app::{AppState, Panel, PanelConfig};
pub use query::{Notices, Query};
