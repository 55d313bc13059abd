//! Settings of the benchmark page (`?panel=bench`).

use crate::state::param::Param;
use crate::state::PanelConfig;

/// The benchmark page's URL settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenchConfig {
    /// Seed of W1's data, initialisation and minibatch order.
    pub seed: u64,
    /// `autorun=1`: start the benchmark as soon as the page loads.
    pub autorun: bool,
}

impl Default for BenchConfig {
    fn default() -> Self {
        BenchConfig {
            seed: 1,
            autorun: false,
        }
    }
}

impl PanelConfig for BenchConfig {
    const PANEL: &'static str = "bench";

    const PARAMS: &'static [&'static Param<Self>] = &[
        &Param::seed(
            "seed",
            "seed of W1's data, initialisation and minibatch order",
            |c: &BenchConfig| c.seed as f64,
            |c, v| c.seed = v as u64,
        ),
        &Param::flag(
            "autorun",
            "start the benchmark when the page loads",
            |c: &BenchConfig| c.autorun,
            |c, v| c.autorun = v,
        ),
    ];
}
