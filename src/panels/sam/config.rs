//! Settings of the sharpness panel (`?panel=sam`).

use super::surfaces::{preset, Preset, Scenario, PRESET_KEYS};
use crate::engine::landscape::RunSettings;
use crate::state::param::{Given, Param, Slider, Words};
use crate::state::PanelConfig;

/// The sharpness panel's URL settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SamConfig {
    /// Surface preset (`surface=wells|valley|ravine|tanh|linear|linear10`).
    pub surface: &'static str,
    /// Start point w₁ (`x0`), within the preset's window.
    pub x0: f32,
    /// Start point w₂ (`y0`).
    pub y0: f32,
    /// Learning rate η (`lr`).
    pub lr: f32,
    /// SAM radius ρ (`rho`).
    pub rho: f32,
    /// Number of steps (`steps`).
    pub steps: u32,
    /// Stochastic gradients on (`sgd=1`): minibatches of `batch` points on a surface
    /// built from data, isotropic noise of size σ (`noise`) on the others; seed `nseed`.
    pub sgd: bool,
    /// σ of the gradient noise.
    pub noise: f32,
    /// Seed of the gradient noise and of the minibatches.
    pub noise_seed: u64,
    /// Minibatch size on a surface built from data (`batch`).
    pub batch: u32,
    /// Overlay the test loss (`test=1`).
    pub test: bool,
    /// Show the basin maps (`basins=1`).
    pub basins: bool,
}

/// Accepted learning rates.
pub const LR_RANGE: (f64, f64) = (0.0001, 10.0);
/// Accepted ρ.
pub const RHO_RANGE: (f64, f64) = (0.0, 0.5);
/// Accepted numbers of steps.
pub const STEPS_RANGE: (f64, f64) = (1.0, 1000.0);
/// Accepted noise σ.
pub const NOISE_RANGE: (f64, f64) = (0.0, 5.0);
/// Accepted minibatch sizes (the data surfaces have 24 points).
pub const BATCH_RANGE: (f64, f64) = (1.0, 24.0);

impl SamConfig {
    /// The defaults of a preset.
    pub fn defaults(p: &Preset) -> Self {
        SamConfig {
            surface: p.key,
            x0: p.start[0],
            y0: p.start[1],
            lr: p.lr,
            rho: 0.05,
            steps: 300,
            sgd: false,
            noise: 0.5,
            noise_seed: 1,
            batch: 4,
            test: false,
            basins: false,
        }
    }

    /// The preset these settings use.
    pub fn preset(&self) -> Preset {
        preset_named(self.surface)
    }

    /// These settings with a ready-made scenario's surface, start, η and ρ (the display
    /// toggles stay as they are).
    pub fn with_scenario(&self, scenario: &Scenario) -> SamConfig {
        SamConfig {
            lr: scenario.lr,
            rho: scenario.rho,
            test: self.test,
            basins: self.basins,
            ..SamConfig::defaults(&preset_named(scenario.surface))
        }
    }

    /// The optimisers' settings: with `sgd` on, minibatches on a surface built from data
    /// (`is_data`), isotropic gradient noise on an analytic one.
    pub fn run(&self, is_data: bool) -> RunSettings {
        RunSettings {
            lr: self.lr,
            rho: self.rho,
            steps: self.steps as usize,
            noise: if self.sgd && !is_data { self.noise } else { 0.0 },
            noise_seed: self.noise_seed,
            batch: if self.sgd && is_data { self.batch as usize } else { 0 },
        }
    }
}

impl Default for SamConfig {
    fn default() -> Self {
        Self::defaults(&preset_named(PRESET_KEYS[0]))
    }
}

impl PanelConfig for SamConfig {
    const PANEL: &'static str = "sam";

    const PARAMS: &'static [&'static Param<Self>] = &[
        &params::SURFACE,
        &params::X0,
        &params::Y0,
        &params::LR,
        &params::RHO,
        &params::STEPS,
        &params::SGD,
        &params::NOISE,
        &params::NSEED,
        &params::BATCH,
        &params::TEST,
        &params::BASINS,
    ];

    /// The surface's defaults (start, learning rate); the surface's own default is the first.
    fn defaults_given(&self) -> Self {
        SamConfig {
            surface: PRESET_KEYS[0],
            ..SamConfig::defaults(&self.preset())
        }
    }
}

/// The preset called `key`, or the first one.
pub fn preset_named(key: &str) -> Preset {
    preset(key).unwrap_or_else(|| preset(PRESET_KEYS[0]).expect("the first preset exists"))
}

/// Start points are kept to 4 decimals in links (a dragged point has no more meaning).
pub fn round(v: f32) -> f32 {
    (v * 1e4).round() / 1e4
}

/// The panel's URL keys.
pub mod params {
    use super::*;
    use crate::state::knob::{round_to, whole};

    type P = Param<SamConfig>;

    /// The surface.
    pub static SURFACE: Param<SamConfig> = P::choice(
        "surface",
        "the loss surface",
        &PRESET_KEYS,
        |c| c.surface,
        |c, k| c.surface = preset_named(k).key,
    );
    /// Start point w1.
    pub static X0: Param<SamConfig> = P::number(
        "x0",
        "start point w1",
        (0.0, 0.0),
        |c| f64::from(round(c.x0)),
        |c, v| c.x0 = round(v as f32),
    )
    .range_given(&Given {
        ends: |c| (f64::from(c.preset().domain[0]), f64::from(c.preset().domain[1])),
        note: Words::new("within the surface's window"),
    });
    /// Start point w2.
    pub static Y0: Param<SamConfig> = P::number(
        "y0",
        "start point w2",
        (0.0, 0.0),
        |c| f64::from(round(c.y0)),
        |c, v| c.y0 = round(v as f32),
    )
    .range_given(&Given {
        ends: |c| (f64::from(c.preset().domain[2]), f64::from(c.preset().domain[3])),
        note: Words::new("within the surface's window"),
    });
    /// Learning rate η, on a log scale.
    pub static LR: Param<SamConfig> = P::number(
        "lr",
        "learning rate eta",
        LR_RANGE,
        |c| f64::from(c.lr),
        |c, v| c.lr = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Learning rate $\eta$"), 0.01)
            .log()
            .rounded(|v| f64::from(round_to(v, 4)))
            .shown(|v| format!("{v:.4}")),
    );
    /// SAM's radius ρ.
    pub static RHO: Param<SamConfig> = P::number(
        "rho",
        "SAM radius rho",
        RHO_RANGE,
        |c| f64::from(c.rho),
        |c, v| c.rho = v as f32,
    )
    .slider(&Slider::new(crate::tex_text!(r"SAM radius $\rho$"), 0.005).rounded(|v| f64::from(round_to(v, 3))));
    /// Steps of each path.
    pub static STEPS: Param<SamConfig> = P::whole(
        "steps",
        "steps of each path",
        STEPS_RANGE,
        |c| f64::from(c.steps),
        |c, v| c.steps = v as u32,
    )
    .slider(&Slider::new("Steps", 1.0).shown(whole));
    /// Stochastic gradients.
    pub static SGD: Param<SamConfig> = P::flag(
        "sgd",
        "stochastic gradients: minibatches on a surface built from data, noise on the others",
        |c| c.sgd,
        |c, v| c.sgd = v,
    );
    /// Gradient noise σ (the slider stops at 2).
    pub static NOISE: Param<SamConfig> = P::number(
        "noise",
        "standard deviation sigma of the gradient noise",
        NOISE_RANGE,
        |c| f64::from(c.noise),
        |c, v| c.noise = v as f32,
    )
    .slider(
        &Slider::new(crate::tex_text!(r"Noise $\sigma$"), 0.05)
            .slider_max(2.0)
            .rounded(|v| f64::from(round_to(v, 2))),
    );
    /// Seed of the noise and the minibatches.
    pub static NSEED: Param<SamConfig> = P::seed(
        "nseed",
        "seed of the noise and the minibatches",
        |c| c.noise_seed as f64,
        |c, v| c.noise_seed = v as u64,
    );
    /// Minibatch size on a surface built from data.
    pub static BATCH: Param<SamConfig> = P::whole(
        "batch",
        "minibatch size on a surface built from data (24 points)",
        BATCH_RANGE,
        |c| f64::from(c.batch),
        |c, v| c.batch = v as u32,
    )
    .slider(&Slider::new("Minibatch size b", 1.0).shown(whole));
    /// The test loss overlay.
    pub static TEST: Param<SamConfig> = P::flag(
        "test",
        "draw the test loss (the surface shifted)",
        |c| c.test,
        |c, v| c.test = v,
    );
    /// The basin maps.
    pub static BASINS: Param<SamConfig> = P::flag(
        "basins",
        "draw the basin maps: where each start ends",
        |c| c.basins,
        |c, v| c.basins = v,
    );
}
