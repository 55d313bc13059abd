//! Settings of the deep-linear-networks panel (`?panel=lowrank`).

use crate::engine::completion::CompletionSpec;
use crate::engine::reparam::LineFit;
use crate::state::query::{Notices, Query, MAX_SEED};
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
pub const SIZE_RANGE: (usize, usize) = (6, 16);
/// Accepted ranks (at most half the side).
pub const RANK_RANGE: (usize, usize) = (1, 4);
/// Accepted depths of the deepest model.
pub const DEPTH_RANGE: (usize, usize) = (3, 4);
/// Accepted initialisation scales.
pub const INIT_RANGE: (f64, f64) = (1e-4, 1.0);
/// Accepted step caps.
pub const STEPS_RANGE: (usize, usize) = (1_000, 100_000);
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
    fn from_query(q: &Query, notices: &mut Notices) -> Self {
        let d = LowrankConfig::default();
        let size = q.number("size", d.size, SIZE_RANGE.0..=SIZE_RANGE.1, notices);
        let (k_lo, k_hi) = k_range(size);
        let start = |key: &str, notices: &mut Notices| q.number(key, 0.0, START_RANGE.0..=START_RANGE.1, notices);
        LowrankConfig {
            tab: q.choice("tab", d.tab, Tab::from_key, &["matrix", "reparam"], notices),
            size,
            rank: q.number("rank", d.rank, RANK_RANGE.0..=RANK_RANGE.1.min(size / 2), notices),
            k: q.number("k", d.k.clamp(k_lo, k_hi), k_lo..=k_hi, notices),
            depth: q.number("depth", d.depth, DEPTH_RANGE.0..=DEPTH_RANGE.1, notices),
            init: q.number("init", d.init, INIT_RANGE.0..=INIT_RANGE.1, notices),
            steps: q.number("steps", d.steps, STEPS_RANGE.0..=STEPS_RANGE.1, notices),
            seed: q.number("seed", d.seed, 0..=MAX_SEED, notices),
            s: q.number("s", d.s, S_RANGE.0..=S_RANGE.1, notices),
            plain_start: [start("w1", notices), start("w2", notices)],
            scaled_start: [start("w3", notices), start("w4", notices)],
            autorun: q.flag("autorun", d.autorun, notices),
        }
    }

    fn write_query(&self, q: &mut Query) {
        let d = LowrankConfig::default();
        q.set_unless_default("tab", self.tab.key(), d.tab.key());
        q.set_unless_default("size", self.size, d.size);
        q.set_unless_default("rank", self.rank, d.rank);
        q.set_unless_default("k", self.k, d.k);
        q.set_unless_default("depth", self.depth, d.depth);
        q.set_unless_default("init", self.init, d.init);
        q.set_unless_default("steps", self.steps, d.steps);
        q.set_unless_default("seed", self.seed, d.seed);
        q.set_unless_default("s", self.s, d.s);
        let starts = self.plain_start.iter().chain(&self.scaled_start);
        for (key, v) in ["w1", "w2", "w3", "w4"].into_iter().zip(starts) {
            q.set_unless_default(key, round(*v), 0.0);
        }
        q.set_unless_default("autorun", u8::from(self.autorun), 0);
    }
}

/// Start points are kept to 3 decimals in links.
pub fn round(v: f64) -> f64 {
    (v * 1e3).round() / 1e3
}

/// The panel's sliders.
pub mod knobs {
    use super::*;
    use crate::state::knob::{round_significant, whole, Knob};

    /// Observed entries k (the range follows the side; `clamp_k` keeps k inside it).
    pub const K: Knob<LowrankConfig> = Knob::<LowrankConfig>::new(
        "Observed entries k",
        "lowrank-k",
        (SIZE_RANGE.0 as f64, (SIZE_RANGE.1 * SIZE_RANGE.1 - SIZE_RANGE.1) as f64),
        1.0,
        |c| c.k as f64,
        |c, v| {
            c.k = v.round() as usize;
            c.clamp_k();
        },
    )
    .shown(whole);
    /// Depth of the deepest model.
    pub const DEPTH: Knob<LowrankConfig> = Knob::<LowrankConfig>::new(
        "Depth N of the deepest model",
        "lowrank-depth",
        (DEPTH_RANGE.0 as f64, DEPTH_RANGE.1 as f64),
        1.0,
        |c| c.depth as f64,
        |c, v| c.depth = v.round() as usize,
    )
    .shown(whole);
    /// Initialisation scale, on a log scale.
    pub const INIT: Knob<LowrankConfig> = Knob::<LowrankConfig>::new(
        "Initialisation scale",
        "lowrank-init",
        INIT_RANGE,
        0.1,
        |c| c.init,
        |c, v| c.init = sig3(v),
    )
    .log()
    .shown(scientific);
    /// Step cap.
    pub const STEPS: Knob<LowrankConfig> = Knob::<LowrankConfig>::new(
        "Step cap",
        "lowrank-steps",
        (STEPS_RANGE.0 as f64, STEPS_RANGE.1 as f64),
        1000.0,
        |c| c.steps as f64,
        |c, v| c.steps = (v / 1000.0).round() as usize * 1000,
    )
    .shown(whole);
    /// Side n.
    pub const SIZE: Knob<LowrankConfig> = Knob::<LowrankConfig>::new(
        "Matrix side n",
        "lowrank-size",
        (SIZE_RANGE.0 as f64, SIZE_RANGE.1 as f64),
        1.0,
        |c| c.size as f64,
        |c, v| {
            c.size = v.round() as usize;
            c.clamp_k();
        },
    )
    .shown(whole);
    /// Rank r.
    pub const RANK: Knob<LowrankConfig> = Knob::<LowrankConfig>::new(
        "Rank r of the truth",
        "lowrank-rank",
        (RANK_RANGE.0 as f64, RANK_RANGE.1 as f64),
        1.0,
        |c| c.rank as f64,
        |c, v| c.rank = (v.round() as usize).min(c.size / 2),
    )
    .shown(whole);
    /// Scale s of the second parametrisation, on a log scale.
    pub const S: Knob<LowrankConfig> = Knob::<LowrankConfig>::new(
        crate::tex_text!(r"Scale $s$ in $f = s\,w_3 x + w_4$"),
        "lowrank-s",
        S_RANGE,
        0.01,
        |c| c.s,
        |c, v| c.s = sig3(v),
    )
    .log()
    .shown(|v| format!("{}", round_significant(v)));

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

    #[test]
    fn defaults_round_trip_and_leave_an_empty_query() {
        let mut q = Query::default();
        LowrankConfig::default().write_query(&mut q);
        assert_eq!(q.encode(), "");
        let mut n = Notices::default();
        let c = LowrankConfig::from_query(&Query::parse("tab=reparam&k=75&depth=4&init=0.01&s=3&w1=0.5&seed=9"), &mut n);
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
        for knob in [&knobs::K, &knobs::DEPTH, &knobs::INIT, &knobs::STEPS, &knobs::SIZE, &knobs::RANK, &knobs::S] {
            for end in [knob.bounds().0, knob.bounds().1] {
                let mut c = LowrankConfig::default();
                knob.apply(&mut c, end);
                let mut q = Query::default();
                c.write_query(&mut q);
                let mut n = Notices::default();
                assert_eq!(LowrankConfig::from_query(&q, &mut n), c, "{}", knob.label);
                assert!(n.0.is_empty(), "{}: {n:?}", knob.label);
            }
        }
        assert_eq!(knobs::scientific(1e-3), "10⁻³");
        assert_eq!((knobs::sig3(0.012345), knobs::sig3(31.62), knobs::sig3(1e-4), knobs::sig3(12345.0)), (0.0123, 31.6, 0.0001, 12300.0));
        assert_eq!(knobs::scientific(0.02), "2.0·10⁻²");
    }
}
