//! Settings of the infinite-width lab (`?panel=wide`): `view`, `act`, `width`, `n`, `amp`,
//! `t`, `alpha`, `last`, `seed` and `autorun`, clamped with notices.

use crate::engine::wide::train::{checkpoints, TrainSpec};
use crate::engine::wide::Act;
use crate::state::param::Param;
use crate::state::PanelConfig;

/// Which of the three views is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Random nets and the Gaussian process.
    Prior,
    /// Training against the kernel prediction.
    Train,
    /// Laziness against width.
    Lazy,
}

/// The views' URL names, in order.
pub const VIEWS: [&str; 3] = ["prior", "train", "lazy"];

impl View {
    /// The URL name.
    pub fn key(self) -> &'static str {
        match self {
            View::Prior => VIEWS[0],
            View::Train => VIEWS[1],
            View::Lazy => VIEWS[2],
        }
    }

    fn from_key(key: &str) -> Option<View> {
        [View::Prior, View::Train, View::Lazy]
            .into_iter()
            .find(|v| v.key() == key)
    }
}

/// The activations' URL names.
pub const ACTS: [&str; 2] = ["erf", "relu"];

/// The URL name of an activation.
pub fn act_key(act: Act) -> &'static str {
    match act {
        Act::Erf => ACTS[0],
        Act::Relu => ACTS[1],
    }
}

fn act_from_key(key: &str) -> Option<Act> {
    [Act::Erf, Act::Relu].into_iter().find(|a| act_key(*a) == key)
}

/// The lab's URL settings.
#[derive(Clone, Debug, PartialEq)]
pub struct WideConfig {
    /// The view (`view`).
    pub view: View,
    /// Activation φ (`act`).
    pub act: Act,
    /// Hidden width n (`width`).
    pub width: u32,
    /// Training points N (`n`).
    pub n: u32,
    /// Target amplitude A (`amp`).
    pub amp: f32,
    /// The step shown t (`t`), one of `checkpoints(STEPS)`.
    pub t: u32,
    /// Output scale α (`alpha`).
    pub alpha: f32,
    /// Train the last layer only (`last=1`).
    pub last: bool,
    /// Seed of data and networks (`seed`).
    pub seed: u64,
    /// `autorun=1`: start the laziness sweep on load.
    pub autorun: bool,
}

/// Gradient-descent steps of every run.
pub const STEPS: u32 = 1000;
/// Accepted widths.
pub const WIDTH_RANGE: (f64, f64) = (1.0, 4096.0);
/// Accepted numbers of training points.
pub const N_RANGE: (f64, f64) = (2.0, 32.0);
/// Accepted amplitudes.
pub const AMP_RANGE: (f64, f64) = (0.1, 3.0);
/// Accepted output scales.
pub const ALPHA_RANGE: (f64, f64) = (0.1, 10.0);
/// Networks drawn for the prior's histogram.
pub const DRAWS: usize = 2000;
/// The input x₀ of the prior's histogram.
pub const X0: f64 = 1.0;

impl Default for WideConfig {
    fn default() -> Self {
        WideConfig {
            view: View::Prior,
            act: Act::Erf,
            width: 16,
            n: 8,
            amp: 1.0,
            t: STEPS,
            alpha: 1.0,
            last: false,
            seed: 1,
            autorun: false,
        }
    }
}

/// The recorded step nearest to `t`.
pub fn snap_step(t: f64) -> u32 {
    let steps = checkpoints(STEPS as usize);
    steps
        .iter()
        .min_by(|a, b| (**a as f64 - t).abs().total_cmp(&(**b as f64 - t).abs()))
        .map_or(0, |&s| s as u32)
}

impl WideConfig {
    /// The training run these settings describe, at `width`.
    pub fn train_spec(&self, width: u32) -> TrainSpec {
        TrainSpec {
            act: self.act,
            width: width as usize,
            points: self.n as usize,
            amp: f64::from(self.amp),
            alpha: f64::from(self.alpha),
            last_only: self.last,
            seed: self.seed,
            steps: STEPS as usize,
        }
    }
}

impl PanelConfig for WideConfig {
    const PANEL: &'static str = "wide";

    const PARAMS: &'static [&'static Param<Self>] = &[
        &params::VIEW,
        &params::ACT,
        &params::WIDTH,
        &params::N,
        &params::AMP,
        &params::T,
        &params::ALPHA,
        &params::LAST,
        &params::SEED,
        &params::AUTORUN,
    ];
}

/// The lab's URL keys.
pub mod params {
    use super::*;
    use crate::state::knob::{round_significant, round_to, two, whole};
    use crate::state::param::{Scale, Slider};

    type P = Param<WideConfig>;

    /// The view shown.
    pub static VIEW: P = P::choice(
        "view",
        "the view: random nets at initialisation, training, or laziness against width",
        &VIEWS,
        |c| c.view.key(),
        |c, k| c.view = View::from_key(k).unwrap_or(c.view),
    );
    /// Activation.
    pub static ACT: P = P::choice(
        "act",
        "the hidden units' activation",
        &ACTS,
        |c| act_key(c.act),
        |c, k| c.act = act_from_key(k).unwrap_or(c.act),
    );
    /// Hidden width n, on a log scale.
    pub static WIDTH: P = P::whole(
        "width",
        "hidden width n",
        WIDTH_RANGE,
        |c| f64::from(c.width),
        |c, v| c.width = v as u32,
    )
    .slider(&Slider::new("Hidden width n", 0.01).log().shown(whole));
    /// Training points N.
    pub static N: P = P::whole(
        "n",
        "training points",
        N_RANGE,
        |c| f64::from(c.n),
        |c, v| c.n = v as u32,
    )
    .slider(&Slider::new("Training points N", 1.0).shown(whole));
    /// Target amplitude A.
    pub static AMP: P = P::number(
        "amp",
        "amplitude A of the target function",
        AMP_RANGE,
        |c| f64::from(c.amp),
        |c, v| c.amp = v as f32,
    )
    .slider(
        &Slider::new("Target amplitude A", 0.05)
            .rounded(|v| f64::from(round_to(v, 2)))
            .shown(two),
    );
    /// The step shown (the scrubber's position k is the k-th recorded step).
    pub static T: P = P::whole(
        "t",
        "the training step shown (snapped to a recorded step)",
        (0.0, STEPS as f64),
        |c| f64::from(c.t),
        |c, v| c.t = snap_step(v),
    )
    .unit("steps")
    .slider(
        &Slider::new("Step t", 1.0)
            .scale(Scale::Custom {
                to: |t| {
                    checkpoints(STEPS as usize)
                        .iter()
                        .position(|&s| s as f64 == t)
                        .unwrap_or(0) as f64
                },
                from: |k| {
                    checkpoints(STEPS as usize)
                        .get(k.round() as usize)
                        .map_or(f64::from(STEPS), |&s| s as f64)
                },
            })
            .shown(whole),
    );
    /// Output scale α, on a log scale.
    pub static ALPHA: P = P::number(
        "alpha",
        "output scale alpha: the net learns alpha (f - f0), its loss divided by alpha^2 (Chizat, Oyallon and Bach 2019)",
        ALPHA_RANGE,
        |c| f64::from(c.alpha),
        |c, v| c.alpha = v as f32,
    ).slider(&Slider::new(crate::tex_text!(r"Output scale $\alpha$"), 0.05).log().rounded(|v| f64::from(round_significant(v))).shown(two));
    /// Last layer only.
    pub static LAST: P = P::flag("last", "train the last layer only", |c| c.last, |c, v| c.last = v);
    /// Seed.
    pub static SEED: P = P::seed(
        "seed",
        "seed of the data and the networks",
        |c| c.seed as f64,
        |c, v| c.seed = v as u64,
    );
    /// Start when the page loads.
    pub static AUTORUN: P = P::flag(
        "autorun",
        "start the laziness sweep when the page loads",
        |c| c.autorun,
        |c, v| c.autorun = v,
    );

    /// How many steps are recorded (the scrubber's positions).
    pub const RECORDED: usize = 51;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Notices, Query};

    #[test]
    fn the_scrubber_has_one_position_per_recorded_step() {
        assert_eq!(checkpoints(STEPS as usize).len(), params::RECORDED);
        let mut c = WideConfig::default();
        params::T.apply(&mut c, 0.0);
        assert_eq!(c.t, 0);
        params::T.apply(&mut c, (params::RECORDED - 1) as f64);
        assert_eq!(c.t, STEPS);
        params::T.apply(&mut c, 20.0);
        assert_eq!(params::T.position(&c), 20.0);
    }

    #[test]
    fn urls_round_trip_and_bad_values_are_clamped_with_notices() {
        let c = WideConfig {
            view: View::Lazy,
            act: Act::Relu,
            width: 4096,
            n: 12,
            amp: 0.5,
            t: 100,
            alpha: 0.25,
            last: true,
            seed: 9,
            autorun: true,
        };
        let mut q = Query::default();
        c.write_query(&mut q);
        let mut notices = Notices::default();
        assert_eq!(WideConfig::from_query(&Query::parse(&q.encode()), &mut notices), c);
        assert!(notices.0.is_empty());
        let mut notices = Notices::default();
        let bad = WideConfig::from_query(&Query::parse("view=deep&width=100000&t=37&act=tanh"), &mut notices);
        assert_eq!((bad.view, bad.width, bad.act), (View::Prior, 4096, Act::Erf));
        assert!(
            checkpoints(STEPS as usize).contains(&(bad.t as usize)),
            "t snaps to a recorded step"
        );
        assert_eq!(notices.0.len(), 3, "{:?}", notices.0);
    }

    #[test]
    fn the_width_slider_reaches_both_ends() {
        let mut c = WideConfig::default();
        let (lo, hi) = params::WIDTH.bounds();
        params::WIDTH.apply(&mut c, lo);
        assert_eq!(c.width, 1);
        params::WIDTH.apply(&mut c, hi);
        assert_eq!(c.width, 4096);
    }
}
