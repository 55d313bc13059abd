//! Settings of the green-set/magenta-set panel (`?panel=sets`).

use crate::state::PanelConfig;
use crate::state::query::{Notices, Query, MAX_SEED};
use crate::engine::random_features::RfSpec;

/// The panel's URL settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SetsConfig {
    /// Number of training points N (`n`).
    pub n: u32,
    /// Green-set tolerance ε (`eps`): R̂(w) ≤ min R̂ + ε.
    pub epsilon: f32,
    /// Magenta-set tolerance δ (`delta`): R(w) ≤ min R + δ.
    pub delta: f32,
    /// Label noise σ (`noise`).
    pub noise: f32,
    /// Wrongly labelled extra points the bad interpolant fits (`wrong`).
    pub wrong: u32,
    /// Seed of features and data (`seed`).
    pub seed: u64,
    /// Scale s of the random starts w₀ ~ N(0, s²I) of gradient descent (`s`).
    pub init_scale: f32,
    /// The excess-risk chart adds the fit with a tiny ridge (`ridge=1`).
    pub ridge: bool,
}

/// Number of random features p.
pub const FEATURES: usize = 40;
/// Accepted N.
pub const N_RANGE: (u32, u32) = (2, 200);
/// Accepted ε.
pub const EPS_RANGE: (f32, f32) = (0.001, 0.5);
/// Accepted δ.
pub const DELTA_RANGE: (f32, f32) = (0.005, 2.0);
/// Accepted noise.
pub const NOISE_RANGE: (f32, f32) = (0.0, 0.5);
/// Accepted initialisation scale s.
pub const S_RANGE: (f32, f32) = (0.0, 40.0);
/// Accepted number of wrong points.
pub const WRONG_RANGE: (u32, u32) = (1, 20);

impl Default for SetsConfig {
    fn default() -> Self {
        SetsConfig {
            n: 12,
            epsilon: 0.01,
            delta: 0.1,
            noise: 0.1,
            wrong: 8,
            seed: 1,
            init_scale: 1.0,
            ridge: false,
        }
    }
}

impl SetsConfig {
    /// The experiment these settings describe.
    pub fn spec(&self) -> RfSpec {
        RfSpec {
            features: FEATURES,
            n_train: self.n as usize,
            noise: f64::from(self.noise),
            wrong_points: self.wrong as usize,
            seed: self.seed,
        }
    }
}

impl PanelConfig for SetsConfig {
    fn from_query(q: &Query, notices: &mut Notices) -> Self {
        let d = SetsConfig::default();
        SetsConfig {
            n: q.number("n", d.n, N_RANGE.0..=N_RANGE.1, notices),
            epsilon: q.number("eps", d.epsilon, EPS_RANGE.0..=EPS_RANGE.1, notices),
            delta: q.number("delta", d.delta, DELTA_RANGE.0..=DELTA_RANGE.1, notices),
            noise: q.number("noise", d.noise, NOISE_RANGE.0..=NOISE_RANGE.1, notices),
            wrong: q.number("wrong", d.wrong, WRONG_RANGE.0..=WRONG_RANGE.1, notices),
            seed: q.number("seed", d.seed, 0..=MAX_SEED, notices),
            init_scale: q.number("s", d.init_scale, S_RANGE.0..=S_RANGE.1, notices),
            ridge: q.flag("ridge", d.ridge, notices),
        }
    }

    fn write_query(&self, q: &mut Query) {
        let d = SetsConfig::default();
        q.set_unless_default("n", self.n, d.n);
        q.set_unless_default("eps", self.epsilon, d.epsilon);
        q.set_unless_default("delta", self.delta, d.delta);
        q.set_unless_default("noise", self.noise, d.noise);
        q.set_unless_default("wrong", self.wrong, d.wrong);
        q.set_unless_default("seed", self.seed, d.seed);
        q.set_unless_default("s", self.init_scale, d.init_scale);
        q.set_unless_default("ridge", u8::from(self.ridge), 0);
    }
}

/// The panel's sliders.
pub mod knobs {
    use super::*;
    use crate::state::knob::{round_to, significant, whole, Knob};

    /// Training points N.
    pub const N: Knob<SetsConfig> =
        Knob::<SetsConfig>::new("Training points N", "sets-n", (N_RANGE.0 as f64, N_RANGE.1 as f64), 1.0, |c| f64::from(c.n), |c, v| {
            c.n = v.round() as u32
        })
        .shown(whole);
    /// The green set's tolerance ε.
    pub const EPS: Knob<SetsConfig> =
        Knob::<SetsConfig>::new(crate::tex_text!(r"Green tolerance $\varepsilon$"), "sets-eps", (EPS_RANGE.0 as f64, EPS_RANGE.1 as f64), 0.001, |c| f64::from(c.epsilon), |c, v| {
            c.epsilon = round_to(v, 3)
        });
    /// The magenta set's tolerance δ.
    pub const DELTA: Knob<SetsConfig> =
        Knob::<SetsConfig>::new(crate::tex_text!(r"Magenta tolerance $\delta$"), "sets-delta", (DELTA_RANGE.0 as f64, DELTA_RANGE.1 as f64), 0.005, |c| f64::from(c.delta), |c, v| {
            c.delta = round_to(v, 3)
        });
    /// Label noise σ.
    pub const NOISE: Knob<SetsConfig> =
        Knob::<SetsConfig>::new(crate::tex_text!(r"Label noise $\sigma$"), "sets-noise", (NOISE_RANGE.0 as f64, NOISE_RANGE.1 as f64), 0.01, |c| f64::from(c.noise), |c, v| {
            c.noise = round_to(v, 2)
        });
    /// Wrongly labelled extra points.
    pub const WRONG: Knob<SetsConfig> =
        Knob::<SetsConfig>::new("Wrongly labelled extra points", "sets-wrong", (WRONG_RANGE.0 as f64, WRONG_RANGE.1 as f64), 1.0, |c| f64::from(c.wrong), |c, v| {
            c.wrong = v.round() as u32
        })
        .shown(whole);
    /// Scale of gradient descent's random starts.
    pub const S: Knob<SetsConfig> =
        Knob::<SetsConfig>::new("Scale of the random starts s", "sets-s", (S_RANGE.0 as f64, S_RANGE.1 as f64), 0.1, |c| f64::from(c.init_scale), |c, v| {
            c.init_scale = round_to(v, 1)
        })
        .shown(significant);
    /// Every slider.
    pub const ALL: [&Knob<SetsConfig>; 6] = [&N, &EPS, &DELTA, &NOISE, &WRONG, &S];
}
