//! Settings of the benchmark page (`?panel=bench`).

use crate::state::PanelConfig;
use crate::state::query::{Notices, Query, MAX_SEED};

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
    fn from_query(query: &Query, notices: &mut Notices) -> Self {
        let d = BenchConfig::default();
        BenchConfig {
            seed: query.number("seed", d.seed, 0..=MAX_SEED, notices),
            autorun: query.flag("autorun", d.autorun, notices),
        }
    }

    fn write_query(&self, query: &mut Query) {
        let d = BenchConfig::default();
        query.set_unless_default("seed", self.seed, d.seed);
        query.set_unless_default("autorun", u8::from(self.autorun), u8::from(d.autorun));
    }
}
