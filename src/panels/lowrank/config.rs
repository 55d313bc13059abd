//! Settings of the deep-linear-networks panel (`?panel=lowrank`).

use crate::engine::completion::CompletionSpec;
use crate::engine::reparam::LineFit;
use crate::state::param::{Given, Param, Slider, Words};
use crate::state::PanelConfig;

/// Which tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// Matrix completion with deep factorisations (`tab=matrix`, the default).
    Matrix,
    /// One line fitted in two parametrisations (`tab=reparam`).
    Reparam,
}

impl Tab {
    /// The URL name.
    pub fn key(self) -> &'static str {
        match self {
            Tab::Matrix => "matrix",
            Tab::Reparam => "reparam",
        }
    }

    fn from_key(key: &str) -> Option<Tab> {
        [Tab::Matrix, Tab::Reparam].into_iter().find(|t| t.key() == key)
    }
}

/// The panel's URL settings.
#[derive(Clone, Debug, PartialEq)]
pub struct LowrankConfig {
    /// The tab (`tab`).
    pub tab: Tab,
    /// Side n of the matrix (`size`).
    pub size: usize,
    /// Rank r of the ground truth (`rank`).
    pub rank: usize,
    /// Observed entries k (`k`).
    pub k: usize,
    /// Depth of the deepest model (`depth`); the others have depth 1 and 2.
    pub depth: usize,
    /// Scale of the initial product (`init`).
    pub init: f64,
    /// Step cap of each model (`steps`).
    pub steps: usize,
    /// Seed of the ground truth, the observed entries and the initialisation (`seed`).
    pub seed: u64,
    /// Scale s of the second parametrisation f = s·w₃·x + w₄ (`s`).
    pub s: f64,
    /// Gradient descent's start in the plain plane (w₁, w₂) (`w1`, `w2`).
    pub plain_start: [f64; 2],
    /// Gradient descent's start in the scaled plane (w₃, w₄) (`w3`, `w4`).
    pub scaled_start: [f64; 2],
    /// `autorun=1`: show the trained models at once, without the replay.
    pub autorun: bool,
}

/// Accepted matrix sides.
pub const SIZE_RANGE: (f64, f64) = (6.0, 16.0);
/// Accepted ranks (at most half the side).
pub const RANK_RANGE: (f64, f64) = (1.0, 4.0);
/// Accepted depths of the deepest model.
pub const DEPTH_RANGE: (f64, f64) = (3.0, 4.0);
/// Accepted initialisation scales.
pub const INIT_RANGE: (f64, f64) = (1e-4, 1.0);
/// Accepted step caps.
pub const STEPS_RANGE: (f64, f64) = (1_000.0, 100_000.0);
/// Accepted scales s.
pub const S_RANGE: (f64, f64) = (0.1, 100.0);
/// Accepted start coordinates in the parameter planes.
pub const START_RANGE: (f64, f64) = (-1.0, 2.0);

/// Accepted k for side n: every row and column observed (k ≥ n), and at least n entries
/// left to predict.
pub fn k_range(size: usize) -> (usize, usize) {
    (size, size * size - size)
}

impl Default for LowrankConfig {
    fn default() -> Self {
        LowrankConfig {
            tab: Tab::Matrix,
            size: 10,
            rank: 2,
            k: 60,
            depth: 3,
            init: 1e-3,
            steps: 30_000,
            seed: 1,
            s: 10.0,
            plain_start: [0.0, 0.0],
            scaled_start: [0.0, 0.0],
            autorun: false,
        }
    }
}

impl LowrankConfig {
    /// The completion problem.
    pub fn spec(&self) -> CompletionSpec {
        CompletionSpec {
            size: self.size,
            rank: self.rank,
            observed: self.k,
            seed: self.seed,
        }
    }

    /// Depths of the three models.
    pub fn depths(&self) -> [usize; 3] {
        [1, 2, self.depth]
    }

    /// The plain parametrisation f = w₁·x + w₂ and the scaled one f = s·w₃·x + w₄, each
    /// fitted to the point (1, 1).
    pub fn fits(&self) -> [LineFit; 2] {
        [1.0, self.s].map(|scale| LineFit { scale, x: 1.0, y: 1.0 })
    }

    /// Moves k into the range of the current side.
    pub fn clamp_k(&mut self) {
        let (lo, hi) = k_range(self.size);
        self.k = self.k.clamp(lo, hi);
        self.rank = self.rank.min(self.size / 2);
    }
}

impl PanelConfig for LowrankConfig {
    const PANEL: &'static str = "lowrank";

    const PARAMS: &'static [&'static Param<Self>] = &[
        &params::TAB,
        &params::SIZE,
        &params::RANK,
        &params::K,
        &params::DEPTH,
        &params::INIT,
        &params::STEPS,
        &params::SEED,
        &params::S,
        &params::W1,
        &params::W2,
        &params::W3,
        &params::W4,
        &params::AUTORUN,
    ];
}

/// Start points are kept to 3 decimals in links.
pub fn round(v: f64) -> f64 {
    (v * 1e3).round() / 1e3
}

/// The panel's URL keys.
pub mod params {
    use super::*;
    use crate::state::knob::{round_significant, whole};

    type P = Param<LowrankConfig>;

    /// The tab.
    pub static TAB: P = P::choice(
        "tab",
        "the tab: matrix completion, or one line fitted in two parametrisations",
        &["matrix", "reparam"],
        |c| c.tab.key(),
        |c, k| c.tab = Tab::from_key(k).unwrap_or(c.tab),
    );
    /// Side n.
    pub static SIZE: P = P::whole(
        "size",
        "side n of the n x n matrix",
        SIZE_RANGE,
        |c| c.size as f64,
        |c, v| {
            c.size = v as usize;
            c.clamp_k();
        },
    )
    .slider(&Slider::new("Matrix side n", 1.0).shown(whole));
    /// Rank r.
    pub static RANK: P = P::whole(
        "rank",
        "rank r of the true matrix",
        RANK_RANGE,
        |c| c.rank as f64,
        |c, v| c.rank = v as usize,
    )
    .range_given(&Given {
        ends: |c| (RANK_RANGE.0, RANK_RANGE.1.min((c.size / 2) as f64)),
        note: Words::new("1 to 4, at most half the side"),
    })
    .slider(&Slider::new("Rank r of the truth", 1.0).shown(whole));
    /// Observed entries k.
    pub static K: P = P::whole(
        "k",
        "observed entries k",
        (SIZE_RANGE.0, SIZE_RANGE.1 * SIZE_RANGE.1 - SIZE_RANGE.1),
        |c| c.k as f64,
        |c, v| c.k = v as usize,
    )
    .range_given(&Given {
        ends: |c| (k_range(c.size).0 as f64, k_range(c.size).1 as f64),
        note: Words::new("n to n^2 - n (every row and column seen, n entries left to predict)"),
    })
    .slider(&Slider::new("Observed entries k", 1.0).shown(whole));
    /// Depth of the deepest model.
    pub static DEPTH: P = P::whole(
        "depth",
        "depth N of the deepest model (the others have depth 1 and 2)",
        DEPTH_RANGE,
        |c| c.depth as f64,
        |c, v| c.depth = v as usize,
    )
    .slider(&Slider::new("Depth N of the deepest model", 1.0).shown(whole));
    /// Initialisation scale, on a log scale.
    pub static INIT: P = P::double(
        "init",
        "scale of the initial product of the factors",
        INIT_RANGE,
        |c| c.init,
        |c, v| c.init = v,
    )
    .slider(
        &Slider::new("Initialisation scale", 0.1)
            .log()
            .rounded(sig3)
            .shown(scientific),
    );
    /// Step cap.
    pub static STEPS: P = P::whole(
        "steps",
        "most gradient-descent steps of each model",
        STEPS_RANGE,
        |c| c.steps as f64,
        |c, v| c.steps = v as usize,
    )
    .slider(
        &Slider::new("Step cap", 1000.0)
            .rounded(|v| (v / 1000.0).round() * 1000.0)
            .shown(whole),
    );
    /// Seed.
    pub static SEED: P = P::seed(
        "seed",
        "seed of the true matrix, the observed entries and the initialisation",
        |c| c.seed as f64,
        |c, v| c.seed = v as u64,
    );
    /// Scale s of the second parametrisation, on a log scale.
    pub static S: P = P::double(
        "s",
        // plain text: a key's meaning is for the README and the notebooks (Python comments)
        "scale s of the second parametrisation f = s w3 x + w4",
        S_RANGE,
        |c| c.s,
        |c, v| c.s = v,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Scale $s$ in $f = s\,w_3 x + w_4$"), 0.01)
            .log()
            .rounded(sig3)
            .shown(|v| format!("{}", round_significant(v))),
    );
    /// Gradient descent's start w1 in the plain plane.
    pub static W1: P = P::double(
        "w1",
        // plain text: a key's meaning is for the README and the notebooks (Python comments)
        "gradient descent's start w1 (f = w1 x + w2)",
        START_RANGE,
        |c| round(c.plain_start[0]),
        |c, v| c.plain_start[0] = round(v),
    );
    /// Gradient descent's start w2.
    pub static W2: P = P::double(
        "w2",
        "gradient descent's start w2",
        START_RANGE,
        |c| round(c.plain_start[1]),
        |c, v| c.plain_start[1] = round(v),
    );
    /// Gradient descent's start w3 in the scaled plane.
    pub static W3: P = P::double(
        "w3",
        // plain text: a key's meaning is for the README and the notebooks (Python comments)
        "gradient descent's start w3 (f = s w3 x + w4)",
        START_RANGE,
        |c| round(c.scaled_start[0]),
        |c, v| c.scaled_start[0] = round(v),
    );
    /// Gradient descent's start w4.
    pub static W4: P = P::double(
        "w4",
        "gradient descent's start w4",
        START_RANGE,
        |c| round(c.scaled_start[1]),
        |c, v| c.scaled_start[1] = round(v),
    );
    /// Show the trained models at once.
    pub static AUTORUN: P = P::flag(
        "autorun",
        "show the trained models at once, without the replay",
        |c| c.autorun,
        |c, v| c.autorun = v,
    );

    /// `v` to three significant digits, in f64 (so that it reads back from a link exactly).
    pub fn sig3(v: f64) -> f64 {
        let digits = 2 - v.abs().max(1e-12).log10().floor() as i32;
        if digits >= 0 {
            let scale = 10f64.powi(digits);
            (v * scale).round() / scale
        } else {
            let scale = 10f64.powi(-digits);
            (v / scale).round() * scale
        }
    }

    /// 10⁻³ rather than 0.001.
    pub fn scientific(v: f64) -> String {
        let exponent = v.log10().floor();
        let mantissa = v / 10f64.powf(exponent);
        let power = format!("10{}", superscript(exponent as i32));
        if (mantissa - 1.0).abs() < 0.05 {
            power
        } else {
            format!("{mantissa:.1}·{power}")
        }
    }

    fn superscript(k: i32) -> String {
        // plain text: a slider's value is a number in an <output>, written as numbers are
        let digits = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let mut out = String::new();
        if k < 0 {
            out.push('⁻'); // plain text: the number's sign, as above
        }
        for c in k.unsigned_abs().to_string().chars() {
            out.push(digits[c.to_digit(10).unwrap_or(0) as usize]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Notices, Query};

    #[test]
    fn defaults_round_trip_and_leave_an_empty_query() {
        let mut q = Query::default();
        LowrankConfig::default().write_query(&mut q);
        assert_eq!(q.encode(), "");
        let mut n = Notices::default();
        let c = LowrankConfig::from_query(
            &Query::parse("tab=reparam&k=75&depth=4&init=0.01&s=3&w1=0.5&seed=9"),
            &mut n,
        );
        assert!(n.0.is_empty(), "{n:?}");
        let mut q = Query::default();
        c.write_query(&mut q);
        assert_eq!(LowrankConfig::from_query(&q, &mut n), c);
        assert_eq!((c.tab, c.k, c.depth, c.plain_start[0]), (Tab::Reparam, 75, 4, 0.5));
    }

    #[test]
    fn bad_values_are_clamped_with_notices() {
        let mut n = Notices::default();
        let c = LowrankConfig::from_query(&Query::parse("size=6&k=200&rank=4&depth=9&init=5&tab=x"), &mut n);
        assert_eq!((c.k, c.rank, c.depth, c.init, c.tab), (30, 3, 4, 1.0, Tab::Matrix));
        assert_eq!(n.0.len(), 5, "{n:?}");
    }

    #[test]
    fn every_knob_reaches_both_ends_and_stays_valid() {
        for knob in [
            &params::K,
            &params::DEPTH,
            &params::INIT,
            &params::STEPS,
            &params::SIZE,
            &params::RANK,
            &params::S,
        ] {
            let (lo, hi) = knob.bounds();
            for end in [lo, hi] {
                let mut c = LowrankConfig::default();
                knob.apply(&mut c, end);
                let mut q = Query::default();
                c.write_query(&mut q);
                let mut n = Notices::default();
                assert_eq!(LowrankConfig::from_query(&q, &mut n), c, "{}", knob.key);
                assert!(n.0.is_empty(), "{}: {n:?}", knob.key);
            }
        }
        assert_eq!(params::scientific(1e-3), "10⁻³");
        assert_eq!(
            (
                params::sig3(0.012345),
                params::sig3(31.62),
                params::sig3(1e-4),
                params::sig3(12345.0)
            ),
            (0.0123, 31.6, 0.0001, 12300.0)
        );
        assert_eq!(params::scientific(0.02), "2.0·10⁻²");
    }
}
