//! Reusable pieces of the interface, one component per module.

pub mod notices;
pub mod slider;
pub mod toggle;
