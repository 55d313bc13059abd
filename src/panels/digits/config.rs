//! Settings of the real-digits lab (`?panel=digits`): `view`, `show`, `n`, `hidden`,
//! `width`, `lr`, `mom`, `batch`, `steps`, `wd`, `runs`, `seed` and `autorun`, clamped
//! with notices.

use crate::engine::digits::{Condition, NetSetup};
use crate::state::param::{Param, Slider};
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
pub const N_RANGE: (f64, f64) = (200.0, 1500.0);
/// Accepted hidden layers.
pub const HIDDEN_RANGE: (f64, f64) = (1.0, 3.0);
/// Accepted widths.
pub const WIDTH_RANGE: (f64, f64) = (16.0, 512.0);
/// Accepted learning rates.
pub const LR_RANGE: (f64, f64) = (0.001, 1.0);
/// Accepted momentum.
pub const MOM_RANGE: (f64, f64) = (0.0, 0.99);
/// Accepted batch sizes.
pub const BATCH_RANGE: (f64, f64) = (10.0, 500.0);
/// Accepted step caps.
pub const STEPS_RANGE: (f64, f64) = (100.0, 30_000.0);
/// Accepted weight decay.
pub const WD_RANGE: (f64, f64) = (0.0, 0.01);
/// Accepted restarts of each kind.
pub const RUNS_RANGE: (f64, f64) = (2.0, 20.0);

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

impl PanelConfig for DigitsConfig {
    const PANEL: &'static str = "digits";

    const PARAMS: &'static [&'static Param<Self>] = &[
        &params::VIEW,
        &params::SHOW,
        &params::N,
        &params::HIDDEN,
        &params::WIDTH,
        &params::LR,
        &params::MOM,
        &params::BATCH,
        &params::STEPS,
        &params::WD,
        &params::RUNS,
        &params::SEED,
        &params::AUTORUN,
    ];
}

/// The lab's URL keys.
pub mod params {
    use super::*;
    use crate::state::knob::{round_significant, significant, two, whole};

    type P = Param<DigitsConfig>;

    /// The experiment shown.
    pub static VIEW: P = P::choice(
        "view",
        "the experiment: fit five kinds of data, label corruption, regularisers, random against adversarial starts",
        &["fit", "corrupt", "reg", "starts"],
        |c| c.view.key(),
        |c, k| c.view = View::from_key(k).unwrap_or(c.view),
    );
    /// Whose training images the grid shows.
    pub static SHOW: P = P::choice(
        "show",
        "whose training images the grid shows, labels as given",
        &["true", "random_labels", "shuffled_pixels", "random_pixels", "gaussian"],
        |c| c.show.key(),
        |c, k| c.show = Condition::from_key(k).unwrap_or(c.show),
    );
    /// Training images.
    pub static N: P = P::whole(
        "n",
        "training images",
        N_RANGE,
        |c| c.net.n_train as f64,
        |c, v| c.net.n_train = v as usize,
    )
    .slider(
        &Slider::new("Training images", 100.0)
            .rounded(|v| (v / 100.0).round() * 100.0)
            .shown(whole),
    );
    /// Hidden layers.
    pub static HIDDEN: P = P::whole(
        "hidden",
        "hidden layers",
        HIDDEN_RANGE,
        |c| c.net.hidden as f64,
        |c, v| c.net.hidden = v as usize,
    )
    .slider(&Slider::new("Hidden layers", 1.0).shown(whole));
    /// Width of each hidden layer.
    pub static WIDTH: P = P::whole(
        "width",
        "units in each hidden layer",
        WIDTH_RANGE,
        |c| c.net.width as f64,
        |c, v| c.net.width = v as usize,
    )
    .slider(
        &Slider::new("Width of each hidden layer", 16.0)
            .rounded(|v| (v / 16.0).round() * 16.0)
            .shown(whole),
    );
    /// Learning rate.
    pub static LR: P = P::number(
        "lr",
        "learning rate eta of SGD",
        LR_RANGE,
        |c| f64::from(c.net.lr),
        |c, v| c.net.lr = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Learning rate $\eta$"), 0.05)
            .log()
            .rounded(|v| f64::from(round_significant(v)))
            .shown(significant),
    );
    /// Momentum.
    pub static MOM: P = P::number(
        "mom",
        "momentum mu of SGD",
        MOM_RANGE,
        |c| f64::from(c.net.momentum),
        |c, v| c.net.momentum = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Momentum $\mu$"), 0.01)
            .rounded(|v| (v * 100.0).round() / 100.0)
            .shown(two),
    );
    /// Batch size.
    pub static BATCH: P = P::whole(
        "batch",
        "minibatch size",
        BATCH_RANGE,
        |c| c.net.batch as f64,
        |c, v| c.net.batch = v as usize,
    )
    .slider(
        &Slider::new("Batch size", 10.0)
            .rounded(|v| (v / 10.0).round() * 10.0)
            .shown(whole),
    );
    /// The step cap.
    pub static STEPS: P = P::whole(
        "steps",
        "most SGD steps of each run (it stops once every training label is fitted)",
        STEPS_RANGE,
        |c| c.net.max_steps as f64,
        |c, v| c.net.max_steps = v as usize,
    )
    .slider(
        &Slider::new("Step cap", 100.0)
            .rounded(|v| (v / 100.0).round() * 100.0)
            .shown(whole),
    );
    /// Weight decay where it is on.
    pub static WD: P = P::number(
        "wd",
        "weight decay lambda where the regularisers are on",
        WD_RANGE,
        |c| f64::from(c.wd),
        |c, v| c.wd = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Weight decay $\lambda$ (when on)"), 0.0001)
            .rounded(|v| (v * 1e4).round() / 1e4)
            .shown(|v| format!("{v:.4}")),
    );
    /// Restarts of each kind.
    pub static RUNS: P = P::whole(
        "runs",
        "restarts of each kind in the random-against-adversarial view",
        RUNS_RANGE,
        |c| f64::from(c.runs),
        |c, v| c.runs = v as u32,
    )
    .slider(&Slider::new("Restarts of each kind", 1.0).shown(whole));
    /// Seed.
    pub static SEED: P = P::seed(
        "seed",
        "seed of the training images drawn, the labels and the networks",
        |c| c.net.seed as f64,
        |c, v| c.net.seed = v as u64,
    );
    /// Start when the page loads.
    pub static AUTORUN: P = P::flag(
        "autorun",
        "start the shown experiment when the page loads",
        |c| c.autorun,
        |c, v| c.autorun = v,
    );

    /// The network's sliders, in the order shown.
    pub const NET: [&P; 7] = [&N, &HIDDEN, &WIDTH, &LR, &MOM, &BATCH, &STEPS];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Notices, Query};

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
        assert_eq!(c.net.n_train as f64, N_RANGE.0);
        assert_eq!(c.net.hidden as f64, HIDDEN_RANGE.1);
        assert_eq!(c.net.width as f64, WIDTH_RANGE.1);
        assert_eq!(c.net.lr, LR_RANGE.0 as f32);
        assert_eq!(c.net.momentum, MOM_RANGE.1 as f32);
        assert_eq!(c.net.batch as f64, BATCH_RANGE.0);
        assert_eq!(c.wd, WD_RANGE.1 as f32);
        assert_eq!(f64::from(c.runs), RUNS_RANGE.1);
        assert_eq!(n.0.len(), 12, "{:?}", n.0);
    }

    #[test]
    fn every_knob_stays_in_range_at_both_ends() {
        for knob in params::NET.into_iter().chain([&params::WD, &params::RUNS]) {
            let (lo, hi) = knob.bounds();
            for p in [lo, hi, lo - 1.0, hi + 1.0] {
                let mut c = DigitsConfig::default();
                knob.apply(&mut c, p);
                let mut q = Query::default();
                c.write_query(&mut q);
                let (back, notices) = read(&q.encode());
                assert!(notices.0.is_empty(), "{}: {notices:?}", knob.key);
                assert_eq!(back, c);
            }
        }
    }
}
