//! Settings of the infinite-width lab (`?panel=wide`): `view`, `act`, `width`, `n`, `amp`,
//! `t`, `alpha`, `last`, `seed` and `autorun`, clamped with notices.

use crate::engine::wide::train::{checkpoints, TrainSpec};
use crate::engine::wide::Act;
use crate::state::query::{Notices, Query, MAX_SEED};
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
        [View::Prior, View::Train, View::Lazy].into_iter().find(|v| v.key() == key)
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
pub const WIDTH_RANGE: (u32, u32) = (1, 4096);
/// Accepted numbers of training points.
pub const N_RANGE: (u32, u32) = (2, 32);
/// Accepted amplitudes.
pub const AMP_RANGE: (f32, f32) = (0.1, 3.0);
/// Accepted output scales.
pub const ALPHA_RANGE: (f32, f32) = (0.1, 10.0);
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
    fn from_query(q: &Query, notices: &mut Notices) -> Self {
        let d = WideConfig::default();
        let t: u32 = q.number("t", d.t, 0..=STEPS, notices);
        WideConfig {
            view: q.choice("view", d.view, View::from_key, &VIEWS, notices),
            act: q.choice("act", d.act, act_from_key, &ACTS, notices),
            width: q.number("width", d.width, WIDTH_RANGE.0..=WIDTH_RANGE.1, notices),
            n: q.number("n", d.n, N_RANGE.0..=N_RANGE.1, notices),
            amp: q.number("amp", d.amp, AMP_RANGE.0..=AMP_RANGE.1, notices),
            t: snap_step(f64::from(t)),
            alpha: q.number("alpha", d.alpha, ALPHA_RANGE.0..=ALPHA_RANGE.1, notices),
            last: q.flag("last", d.last, notices),
            seed: q.number("seed", d.seed, 0..=MAX_SEED, notices),
            autorun: q.flag("autorun", d.autorun, notices),
        }
    }

    fn write_query(&self, q: &mut Query) {
        let d = WideConfig::default();
        q.set_unless_default("view", self.view.key(), d.view.key());
        q.set_unless_default("act", act_key(self.act), act_key(d.act));
        q.set_unless_default("width", self.width, d.width);
        q.set_unless_default("n", self.n, d.n);
        q.set_unless_default("amp", self.amp, d.amp);
        q.set_unless_default("t", self.t, d.t);
        q.set_unless_default("alpha", self.alpha, d.alpha);
        q.set_unless_default("last", u8::from(self.last), 0);
        q.set_unless_default("seed", self.seed, d.seed);
        q.set_unless_default("autorun", u8::from(self.autorun), 0);
    }
}

/// The lab's sliders.
pub mod knobs {
    use super::*;
    use crate::state::knob::{round_significant, round_to, two, whole, Knob};

    /// Hidden width n, on a log scale.
    pub const WIDTH: Knob<WideConfig> = Knob::<WideConfig>::new(
        "Hidden width n",
        "wide-width",
        (WIDTH_RANGE.0 as f64, WIDTH_RANGE.1 as f64),
        0.01,
        |c| f64::from(c.width),
        |c, v| c.width = v.round() as u32,
    )
    .log()
    .shown(whole);
    /// Training points N.
    pub const N: Knob<WideConfig> =
        Knob::<WideConfig>::new("Training points N", "wide-n", (N_RANGE.0 as f64, N_RANGE.1 as f64), 1.0, |c| f64::from(c.n), |c, v| {
            c.n = v.round() as u32
        })
        .shown(whole);
    /// Target amplitude A.
    pub const AMP: Knob<WideConfig> =
        Knob::<WideConfig>::new("Target amplitude A", "wide-amp", (AMP_RANGE.0 as f64, AMP_RANGE.1 as f64), 0.05, |c| f64::from(c.amp), |c, v| {
            c.amp = round_to(v, 2)
        })
        .shown(two);
    /// Output scale α, on a log scale.
    pub const ALPHA: Knob<WideConfig> = Knob::<WideConfig>::new(
        crate::tex_text!(r"Output scale $\alpha$"),
        "wide-alpha",
        (ALPHA_RANGE.0 as f64, ALPHA_RANGE.1 as f64),
        0.05,
        |c| f64::from(c.alpha),
        |c, v| c.alpha = round_significant(v).clamp(ALPHA_RANGE.0, ALPHA_RANGE.1),
    )
    .log()
    .shown(two);
    /// The time scrubber: position k is the k-th recorded step.
    pub const T: Knob<WideConfig> = Knob::<WideConfig>::new(
        "Step t",
        "wide-t",
        (0.0, (RECORDED - 1) as f64),
        1.0,
        |c| checkpoints(STEPS as usize).iter().position(|&s| s as u32 == c.t).unwrap_or(0) as f64,
        |c, k| c.t = checkpoints(STEPS as usize).get(k.round() as usize).map_or(STEPS, |&s| s as u32),
    )
    .shown(|k| checkpoints(STEPS as usize).get(k.round() as usize).map_or(String::new(), |s| s.to_string()));

    /// How many steps are recorded (the scrubber's positions).
    pub const RECORDED: usize = 51;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scrubber_has_one_position_per_recorded_step() {
        assert_eq!(checkpoints(STEPS as usize).len(), knobs::RECORDED);
        let mut c = WideConfig::default();
        knobs::T.apply(&mut c, 0.0);
        assert_eq!(c.t, 0);
        knobs::T.apply(&mut c, (knobs::RECORDED - 1) as f64);
        assert_eq!(c.t, STEPS);
        knobs::T.apply(&mut c, 20.0);
        assert_eq!(knobs::T.position(&c), 20.0);
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
        assert!(checkpoints(STEPS as usize).contains(&(bad.t as usize)), "t snaps to a recorded step");
        assert_eq!(notices.0.len(), 3, "{:?}", notices.0);
    }

    #[test]
    fn the_width_slider_reaches_both_ends() {
        let mut c = WideConfig::default();
        let (lo, hi) = knobs::WIDTH.bounds();
        knobs::WIDTH.apply(&mut c, lo);
        assert_eq!(c.width, 1);
        knobs::WIDTH.apply(&mut c, hi);
        assert_eq!(c.width, 4096);
    }
}
