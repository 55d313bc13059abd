//! Settings of the real-digits lab (`?panel=digits`): `view`, `show`, `n`, `hidden`,
//! `width`, `lr`, `mom`, `batch`, `steps`, `wd`, `runs`, `seed` and `autorun`, clamped
//! with notices.

use crate::engine::digits::{Condition, NetSetup};
use crate::state::query::{Notices, Query, MAX_SEED};
use crate::state::PanelConfig;

/// The lab's four experiments, one tab each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Zhang et al. Figure 1a: five kinds of data, all fitted.
    Fit,
    /// Figure 1b–c: label corruption from 0 to 1.
    Corrupt,
    /// Table 1–2: weight decay and shifted images on and off.
    Reg,
    /// The note's picture: random starts against an adversarial start.
    Starts,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 4] = [View::Fit, View::Corrupt, View::Reg, View::Starts];

    /// The URL name.
    pub fn key(self) -> &'static str {
        match self {
            View::Fit => "fit",
            View::Corrupt => "corrupt",
            View::Reg => "reg",
            View::Starts => "starts",
        }
    }

    fn from_key(key: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.key() == key)
    }
}

/// The lab's URL settings.
#[derive(Clone, Debug, PartialEq)]
pub struct DigitsConfig {
    /// The experiment shown (`view`).
    pub view: View,
    /// Whose training images the grid shows, labels as given (`show`).
    pub show: Condition,
    /// The network and its training (`n`, `hidden`, `width`, `lr`, `mom`, `batch`,
    /// `steps`, `seed`).
    pub net: NetSetup,
    /// Weight decay λ where the regularisers are on (`wd`).
    pub wd: f32,
    /// Restarts of each kind in the good-and-bad-fits view (`runs`).
    pub runs: u32,
    /// `autorun=1`: start the shown experiment when the page loads.
    pub autorun: bool,
}

/// Accepted training-set sizes (the adversarial start needs as many extra images again).
pub const N_RANGE: (usize, usize) = (200, 1500);
/// Accepted hidden layers.
pub const HIDDEN_RANGE: (usize, usize) = (1, 3);
/// Accepted widths.
pub const WIDTH_RANGE: (usize, usize) = (16, 512);
/// Accepted learning rates.
pub const LR_RANGE: (f32, f32) = (0.001, 1.0);
/// Accepted momentum.
pub const MOM_RANGE: (f32, f32) = (0.0, 0.99);
/// Accepted batch sizes.
pub const BATCH_RANGE: (usize, usize) = (10, 500);
/// Accepted step caps.
pub const STEPS_RANGE: (usize, usize) = (100, 30_000);
/// Accepted weight decay.
pub const WD_RANGE: (f32, f32) = (0.0, 0.01);
/// Accepted restarts of each kind.
pub const RUNS_RANGE: (u32, u32) = (2, 20);

/// Weight decay where the regularisers are on, by default.
pub const DEFAULT_WD: f32 = 5e-4;
/// Restarts of each kind by default.
pub const DEFAULT_RUNS: u32 = 4;

impl Default for DigitsConfig {
    fn default() -> Self {
        DigitsConfig {
            view: View::Fit,
            show: Condition::RandomLabels,
            net: NetSetup::default_lab(),
            wd: DEFAULT_WD,
            runs: DEFAULT_RUNS,
            autorun: false,
        }
    }
}

fn condition_from_key(key: &str) -> Option<Condition> {
    Condition::ALL.into_iter().find(|c| c.key() == key)
}

impl PanelConfig for DigitsConfig {
    fn from_query(q: &Query, notices: &mut Notices) -> Self {
        let d = DigitsConfig::default();
        let (dn, views, shows) = (&d.net, View::ALL.map(View::key), Condition::ALL.map(Condition::key));
        DigitsConfig {
            view: q.choice("view", d.view, View::from_key, &views, notices),
            show: q.choice("show", d.show, condition_from_key, &shows, notices),
            net: NetSetup {
                n_train: q.number("n", dn.n_train, N_RANGE.0..=N_RANGE.1, notices),
                hidden: q.number("hidden", dn.hidden, HIDDEN_RANGE.0..=HIDDEN_RANGE.1, notices),
                width: q.number("width", dn.width, WIDTH_RANGE.0..=WIDTH_RANGE.1, notices),
                lr: q.number("lr", dn.lr, LR_RANGE.0..=LR_RANGE.1, notices),
                momentum: q.number("mom", dn.momentum, MOM_RANGE.0..=MOM_RANGE.1, notices),
                batch: q.number("batch", dn.batch, BATCH_RANGE.0..=BATCH_RANGE.1, notices),
                max_steps: q.number("steps", dn.max_steps, STEPS_RANGE.0..=STEPS_RANGE.1, notices),
                seed: q.number("seed", dn.seed, 0..=MAX_SEED, notices),
            },
            wd: q.number("wd", d.wd, WD_RANGE.0..=WD_RANGE.1, notices),
            runs: q.number("runs", d.runs, RUNS_RANGE.0..=RUNS_RANGE.1, notices),
            autorun: q.flag("autorun", d.autorun, notices),
        }
    }

    fn write_query(&self, q: &mut Query) {
        let d = DigitsConfig::default();
        let (n, dn) = (&self.net, &d.net);
        q.set_unless_default("view", self.view.key(), d.view.key());
        q.set_unless_default("show", self.show.key(), d.show.key());
        q.set_unless_default("n", n.n_train, dn.n_train);
        q.set_unless_default("hidden", n.hidden, dn.hidden);
        q.set_unless_default("width", n.width, dn.width);
        q.set_unless_default("lr", n.lr, dn.lr);
        q.set_unless_default("mom", n.momentum, dn.momentum);
        q.set_unless_default("batch", n.batch, dn.batch);
        q.set_unless_default("steps", n.max_steps, dn.max_steps);
        q.set_unless_default("wd", self.wd, d.wd);
        q.set_unless_default("runs", self.runs, d.runs);
        q.set_unless_default("seed", n.seed, dn.seed);
        q.set_unless_default("autorun", u8::from(self.autorun), u8::from(d.autorun));
    }
}

/// The lab's sliders.
pub mod knobs {
    use super::*;
    use crate::state::knob::{round_significant, significant, two, whole, Knob};

    /// `usize` fields from a slider position, rounded to `step`.
    fn rounded(v: f64, step: f64) -> usize {
        ((v / step).round() * step) as usize
    }

    /// Training images.
    pub const N: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        "Training images",
        "digits-n",
        (N_RANGE.0 as f64, N_RANGE.1 as f64),
        100.0,
        |c| c.net.n_train as f64,
        |c, v| c.net.n_train = rounded(v, 100.0),
    )
    .shown(whole);
    /// Hidden layers.
    pub const HIDDEN: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        "Hidden layers",
        "digits-hidden",
        (HIDDEN_RANGE.0 as f64, HIDDEN_RANGE.1 as f64),
        1.0,
        |c| c.net.hidden as f64,
        |c, v| c.net.hidden = rounded(v, 1.0),
    )
    .shown(whole);
    /// Width of each hidden layer.
    pub const WIDTH: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        "Width of each hidden layer",
        "digits-width",
        (WIDTH_RANGE.0 as f64, WIDTH_RANGE.1 as f64),
        16.0,
        |c| c.net.width as f64,
        |c, v| c.net.width = rounded(v, 16.0),
    )
    .shown(whole);
    /// Learning rate.
    pub const LR: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        crate::tex_text!(r"Learning rate $\eta$"),
        "digits-lr",
        (LR_RANGE.0 as f64, LR_RANGE.1 as f64),
        0.05,
        |c| f64::from(c.net.lr),
        |c, v| c.net.lr = round_significant(v),
    )
    .log()
    .shown(significant);
    /// Momentum.
    pub const MOM: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        crate::tex_text!(r"Momentum $\mu$"),
        "digits-mom",
        (MOM_RANGE.0 as f64, MOM_RANGE.1 as f64),
        0.01,
        |c| f64::from(c.net.momentum),
        |c, v| c.net.momentum = ((v * 100.0).round() / 100.0) as f32,
    )
    .shown(two);
    /// Batch size.
    pub const BATCH: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        "Batch size",
        "digits-batch",
        (BATCH_RANGE.0 as f64, BATCH_RANGE.1 as f64),
        10.0,
        |c| c.net.batch as f64,
        |c, v| c.net.batch = rounded(v, 10.0),
    )
    .shown(whole);
    /// The step cap.
    pub const STEPS: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        "Step cap",
        "digits-steps",
        (STEPS_RANGE.0 as f64, STEPS_RANGE.1 as f64),
        100.0,
        |c| c.net.max_steps as f64,
        |c, v| c.net.max_steps = rounded(v, 100.0),
    )
    .shown(whole);
    /// Weight decay where it is on.
    pub const WD: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        crate::tex_text!(r"Weight decay $\lambda$ (when on)"),
        "digits-wd",
        (WD_RANGE.0 as f64, WD_RANGE.1 as f64),
        0.0001,
        |c| f64::from(c.wd),
        |c, v| c.wd = ((v * 1e4).round() / 1e4) as f32,
    )
    .shown(|v| format!("{v:.4}"));
    /// Restarts of each kind.
    pub const RUNS: Knob<DigitsConfig> = Knob::<DigitsConfig>::new(
        "Restarts of each kind",
        "digits-runs",
        (RUNS_RANGE.0 as f64, RUNS_RANGE.1 as f64),
        1.0,
        |c| f64::from(c.runs),
        |c, v| c.runs = v.round() as u32,
    )
    .shown(whole);
    /// The network's sliders, in the order shown.
    pub const NET: [&Knob<DigitsConfig>; 7] = [&N, &HIDDEN, &WIDTH, &LR, &MOM, &BATCH, &STEPS];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(query: &str) -> (DigitsConfig, Notices) {
        let mut notices = Notices::default();
        (DigitsConfig::from_query(&Query::parse(query), &mut notices), notices)
    }

    #[test]
    fn defaults_round_trip_to_an_empty_query() {
        let mut q = Query::default();
        DigitsConfig::default().write_query(&mut q);
        assert_eq!(q.encode(), "");
        assert_eq!(read("").0, DigitsConfig::default());
    }

    #[test]
    fn every_setting_round_trips() {
        let c = DigitsConfig {
            view: View::Starts,
            show: Condition::Gaussian,
            net: NetSetup {
                n_train: 700,
                hidden: 2,
                width: 96,
                lr: 0.02,
                momentum: 0.5,
                batch: 40,
                max_steps: 2500,
                seed: 9,
            },
            wd: 0.002,
            runs: 6,
            autorun: true,
        };
        let mut q = Query::default();
        c.write_query(&mut q);
        let (back, notices) = read(&q.encode());
        assert_eq!(back, c);
        assert!(notices.0.is_empty(), "{notices:?}");
    }

    #[test]
    fn bad_values_are_clamped_or_replaced_with_notices() {
        let (c, n) =
            read("view=nope&show=zz&n=5&hidden=9&width=4096&lr=-1&mom=2&batch=0&steps=1e9&wd=1&runs=99&seed=-3");
        assert_eq!(c.view, View::Fit);
        assert_eq!(c.show, Condition::RandomLabels);
        assert_eq!(c.net.n_train, N_RANGE.0);
        assert_eq!(c.net.hidden, HIDDEN_RANGE.1);
        assert_eq!(c.net.width, WIDTH_RANGE.1);
        assert_eq!(c.net.lr, LR_RANGE.0);
        assert_eq!(c.net.momentum, MOM_RANGE.1);
        assert_eq!(c.net.batch, BATCH_RANGE.0);
        assert_eq!(c.wd, WD_RANGE.1);
        assert_eq!(c.runs, RUNS_RANGE.1);
        assert_eq!(n.0.len(), 12, "{:?}", n.0);
    }

    #[test]
    fn every_knob_stays_in_range_at_both_ends() {
        for knob in knobs::NET.into_iter().chain([&knobs::WD, &knobs::RUNS]) {
            let (lo, hi) = knob.bounds();
            for p in [lo, hi, lo - 1.0, hi + 1.0] {
                let mut c = DigitsConfig::default();
                knob.apply(&mut c, p);
                let mut q = Query::default();
                c.write_query(&mut q);
                let (back, notices) = read(&q.encode());
                assert!(notices.0.is_empty(), "{}: {notices:?}", knob.label);
                assert_eq!(back, c);
            }
        }
    }
}
