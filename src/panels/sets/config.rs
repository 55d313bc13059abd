//! Settings of the green-set/magenta-set panel (`?panel=sets`).

use crate::engine::random_features::RfSpec;
use crate::state::param::{Param, Slider};
use crate::state::PanelConfig;

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
pub const N_RANGE: (f64, f64) = (2.0, 200.0);
/// Accepted ε.
pub const EPS_RANGE: (f64, f64) = (0.001, 0.5);
/// Accepted δ.
pub const DELTA_RANGE: (f64, f64) = (0.005, 2.0);
/// Accepted noise.
pub const NOISE_RANGE: (f64, f64) = (0.0, 0.5);
/// Accepted initialisation scale s.
pub const S_RANGE: (f64, f64) = (0.0, 40.0);
/// Accepted number of wrong points.
pub const WRONG_RANGE: (f64, f64) = (1.0, 20.0);

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
    const PANEL: &'static str = "sets";

    const PARAMS: &'static [&'static Param<Self>] = &[
        &params::N,
        &params::EPS,
        &params::DELTA,
        &params::NOISE,
        &params::WRONG,
        &params::SEED,
        &params::S,
        &params::RIDGE,
    ];
}

/// The panel's URL keys.
pub mod params {
    use super::*;
    use crate::state::knob::{round_to, significant, whole};

    type P = Param<SetsConfig>;

    /// Training points N.
    pub static N: P = P::whole(
        "n",
        "training points",
        N_RANGE,
        |c| f64::from(c.n),
        |c, v| c.n = v as u32,
    )
    .slider(&Slider::new("Training points N", 1.0).shown(whole));
    /// The green set's tolerance ε.
    pub static EPS: P = P::number(
        "eps",
        "green tolerance: the green set is R_hat(w) <= min R_hat + eps",
        EPS_RANGE,
        |c| f64::from(c.epsilon),
        |c, v| c.epsilon = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Green tolerance $\varepsilon$"), 0.001).rounded(|v| f64::from(round_to(v, 3))),
    );
    /// The magenta set's tolerance δ.
    pub static DELTA: P = P::number(
        "delta",
        "magenta tolerance: the magenta set is R(w) <= min R + delta",
        DELTA_RANGE,
        |c| f64::from(c.delta),
        |c, v| c.delta = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Magenta tolerance $\delta$"), 0.005).rounded(|v| f64::from(round_to(v, 3))),
    );
    /// Label noise σ.
    pub static NOISE: P = P::number(
        "noise",
        "standard deviation sigma of the label noise",
        NOISE_RANGE,
        |c| f64::from(c.noise),
        |c, v| c.noise = v as f32,
    )
    .slider(&Slider::new(crate::tex_text!(r"Label noise $\sigma$"), 0.01).rounded(|v| f64::from(round_to(v, 2))));
    /// Wrongly labelled extra points.
    pub static WRONG: P = P::whole(
        "wrong",
        "extra inputs with wrong labels that the bad fit also fits",
        WRONG_RANGE,
        |c| f64::from(c.wrong),
        |c, v| c.wrong = v as u32,
    )
    .unit("points")
    .slider(&Slider::new("Wrongly labelled extra points", 1.0).shown(whole));
    /// Seed.
    pub static SEED: P = P::seed(
        "seed",
        "seed of the features, the data and the random starts",
        |c| c.seed as f64,
        |c, v| c.seed = v as u64,
    );
    /// Scale of gradient descent's random starts.
    pub static S: P = P::number(
        "s",
        "scale s of gradient descent's random starts w0 ~ N(0, s^2 I)",
        S_RANGE,
        |c| f64::from(c.init_scale),
        |c, v| c.init_scale = v as f32,
    )
    .slider(
        &Slider::new("Scale of the random starts s", 0.1)
            .rounded(|v| f64::from(round_to(v, 1)))
            .shown(significant),
    );
    /// The ridge in the excess-risk chart.
    pub static RIDGE: P = P::flag(
        "ridge",
        "the excess-risk chart adds the fit with a tiny ridge",
        |c| c.ridge,
        |c, v| c.ridge = v,
    );
}
