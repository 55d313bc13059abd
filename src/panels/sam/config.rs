//! Settings of the sharpness panel (`?panel=sam`).

use crate::state::PanelConfig;
use crate::state::query::{Notices, Query, MAX_SEED};
use super::surfaces::{preset, Preset, Scenario, PRESET_KEYS};
use crate::engine::landscape::RunSettings;

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

/// Accepted ranges.
pub const LR_RANGE: (f32, f32) = (0.0001, 10.0);
/// Accepted ρ.
pub const RHO_RANGE: (f32, f32) = (0.0, 0.5);
/// Accepted numbers of steps.
pub const STEPS_RANGE: (u32, u32) = (1, 1000);
/// Accepted noise σ.
pub const NOISE_RANGE: (f32, f32) = (0.0, 5.0);
/// Accepted minibatch sizes (the data surfaces have 24 points).
pub const BATCH_RANGE: (u32, u32) = (1, 24);

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
    fn from_query(q: &Query, notices: &mut Notices) -> Self {
        let key = q.choice(
            "surface",
            PRESET_KEYS[0],
            |k| PRESET_KEYS.iter().copied().find(|p| *p == k),
            &PRESET_KEYS,
            notices,
        );
        let p = preset(key).expect("a known preset");
        let d = SamConfig::defaults(&p);
        let [x_lo, x_hi, y_lo, y_hi] = p.domain;
        SamConfig {
            surface: key,
            x0: q.number("x0", d.x0, x_lo..=x_hi, notices),
            y0: q.number("y0", d.y0, y_lo..=y_hi, notices),
            lr: q.number("lr", d.lr, LR_RANGE.0..=LR_RANGE.1, notices),
            rho: q.number("rho", d.rho, RHO_RANGE.0..=RHO_RANGE.1, notices),
            steps: q.number("steps", d.steps, STEPS_RANGE.0..=STEPS_RANGE.1, notices),
            sgd: q.flag("sgd", d.sgd, notices),
            noise: q.number("noise", d.noise, NOISE_RANGE.0..=NOISE_RANGE.1, notices),
            noise_seed: q.number("nseed", d.noise_seed, 0..=MAX_SEED, notices),
            batch: q.number("batch", d.batch, BATCH_RANGE.0..=BATCH_RANGE.1, notices),
            test: q.flag("test", d.test, notices),
            basins: q.flag("basins", d.basins, notices),
        }
    }

    fn write_query(&self, q: &mut Query) {
        let d = SamConfig::defaults(&self.preset());
        q.set_unless_default("surface", self.surface, PRESET_KEYS[0]);
        q.set_unless_default("x0", round(self.x0), round(d.x0));
        q.set_unless_default("y0", round(self.y0), round(d.y0));
        q.set_unless_default("lr", self.lr, d.lr);
        q.set_unless_default("rho", self.rho, d.rho);
        q.set_unless_default("steps", self.steps, d.steps);
        q.set_unless_default("sgd", u8::from(self.sgd), 0);
        q.set_unless_default("noise", self.noise, d.noise);
        q.set_unless_default("nseed", self.noise_seed, d.noise_seed);
        q.set_unless_default("batch", self.batch, d.batch);
        q.set_unless_default("test", u8::from(self.test), 0);
        q.set_unless_default("basins", u8::from(self.basins), 0);
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

/// The panel's sliders.
pub mod knobs {
    use super::*;
    use crate::state::knob::{round_to, whole, Knob};

    /// Learning rate η, on a log scale.
    pub const LR: Knob<SamConfig> =
        Knob::<SamConfig>::new(crate::tex_text!(r"Learning rate $\eta$"), "sam-lr", (LR_RANGE.0 as f64, LR_RANGE.1 as f64), 0.01, |c| f64::from(c.lr), |c, v| {
            c.lr = round_to(v, 4).max(LR_RANGE.0)
        })
        .log()
        .shown(|v| format!("{v:.4}"));
    /// SAM's radius ρ.
    pub const RHO: Knob<SamConfig> =
        Knob::<SamConfig>::new(crate::tex_text!(r"SAM radius $\rho$"), "sam-rho", (RHO_RANGE.0 as f64, RHO_RANGE.1 as f64), 0.005, |c| f64::from(c.rho), |c, v| {
            c.rho = round_to(v, 3)
        });
    /// Steps of each path.
    pub const STEPS: Knob<SamConfig> =
        Knob::<SamConfig>::new("Steps", "sam-steps", (STEPS_RANGE.0 as f64, STEPS_RANGE.1 as f64), 1.0, |c| f64::from(c.steps), |c, v| {
            c.steps = v.round() as u32
        })
        .shown(whole);
    /// Gradient noise σ (the slider stops at 2; the URL takes up to 5).
    pub const NOISE: Knob<SamConfig> =
        Knob::<SamConfig>::new(crate::tex_text!(r"Noise $\sigma$"), "sam-noise", (NOISE_RANGE.0 as f64, 2.0), 0.05, |c| f64::from(c.noise), |c, v| {
            c.noise = round_to(v, 2)
        });
    /// Minibatch size on a surface built from data.
    pub const BATCH: Knob<SamConfig> =
        Knob::<SamConfig>::new("Minibatch size b", "sam-batch", (BATCH_RANGE.0 as f64, BATCH_RANGE.1 as f64), 1.0, |c| f64::from(c.batch), |c, v| {
            c.batch = v.round() as u32
        })
        .shown(whole);
    /// Every slider.
    pub const ALL: [&Knob<SamConfig>; 5] = [&LR, &RHO, &STEPS, &NOISE, &BATCH];
}
