//! Reusable pieces of the interface, one component per module.

pub mod describe;
pub mod export;
pub mod keys;
pub mod later;
pub mod math;
pub mod notices;
pub mod readout;
pub mod seed;
pub mod select;
pub mod share;
pub mod slider;
pub mod toggle;
