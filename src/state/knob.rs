//! A slider as data: its label, range, scale and the config field it moves. Each panel
//! lists its knobs in its `config` module (pure, so a host test can move every knob to
//! both ends and check the URL round trip); `ui::components::slider::Knob` draws one.

/// One slider bound to a field of config `C`.
pub struct Knob<C> {
    /// The label shown above the slider, as HTML (`tex_text!` when it names a variable).
    pub label: &'static str,
    /// Smallest and largest value.
    pub range: (f64, f64),
    /// Granularity of the slider's position (in decades when `log`).
    pub step: f64,
    /// Whether the slider moves the value's logarithm (learning rates).
    pub log: bool,
    /// How the value is written next to the label.
    pub format: fn(f64) -> String,
    /// `data-testid` of the input.
    pub testid: &'static str,
    /// Reads the field.
    pub get: fn(&C) -> f64,
    /// Writes the field (rounding as the URL keeps it).
    pub set: fn(&mut C, f64),
}

impl<C> Knob<C> {
    /// A linear slider over `range` moving the field read by `get` and written by `set`,
    /// its value shown with three decimals.
    pub const fn new(
        label: &'static str,
        testid: &'static str,
        range: (f64, f64),
        step: f64,
        get: fn(&C) -> f64,
        set: fn(&mut C, f64),
    ) -> Self {
        Knob {
            label,
            range,
            step,
            log: false,
            format: three,
            testid,
            get,
            set,
        }
    }

    /// The same slider moving the value's logarithm (`step` in decades).
    pub const fn log(self) -> Self {
        Knob { log: true, ..self }
    }

    /// The same slider showing its value with `format`.
    pub const fn shown(self, format: fn(f64) -> String) -> Self {
        Knob { format, ..self }
    }

    /// The slider's ends, in position units.
    pub fn bounds(&self) -> (f64, f64) {
        if self.log {
            (self.range.0.log10(), self.range.1.log10())
        } else {
            self.range
        }
    }

    /// The slider's position for `config`.
    pub fn position(&self, config: &C) -> f64 {
        let v = (self.get)(config);
        if self.log {
            v.log10()
        } else {
            v
        }
    }

    /// Moves `config`'s field to slider position `position`.
    pub fn apply(&self, config: &mut C, position: f64) {
        let v = if self.log { 10f64.powf(position) } else { position };
        (self.set)(config, v.clamp(self.range.0, self.range.1));
    }

    /// The value at `position`, as the label shows it.
    pub fn label_at(&self, position: f64) -> String {
        (self.format)(if self.log { 10f64.powf(position) } else { position })
    }
}

/// A whole number.
pub fn whole(v: f64) -> String {
    format!("{v:.0}")
}

/// Two decimals.
pub fn two(v: f64) -> String {
    format!("{v:.2}")
}

/// Three decimals.
pub fn three(v: f64) -> String {
    format!("{v:.3}")
}

/// A share as a percentage.
pub fn percent(v: f64) -> String {
    format!("{:.0} %", 100.0 * v)
}

/// Three significant digits.
pub fn significant(v: f64) -> String {
    format!("{}", round_significant(v))
}

/// `v` rounded to three significant digits (so that URLs stay short).
pub fn round_significant(v: f64) -> f32 {
    let scale = 10f64.powi(2 - v.abs().max(1e-9).log10().floor() as i32);
    ((v * scale).round() / scale) as f32
}

/// `v` rounded to `decimals` decimals.
pub fn round_to(v: f64, decimals: i32) -> f32 {
    let scale = 10f64.powi(decimals);
    ((v * scale).round() / scale) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_knobs_move_the_logarithm() {
        let knob = Knob::<f32>::new(
            "η",
            "t",
            (1e-3, 1.0),
            0.01,
            |c| f64::from(*c),
            |c, v| *c = round_significant(v),
        )
        .log()
        .shown(significant);
        assert_eq!(knob.bounds(), (-3.0, 0.0));
        let mut lr = 0.1f32;
        assert!((knob.position(&lr) + 1.0).abs() < 1e-6);
        knob.apply(&mut lr, -2.0);
        assert_eq!(lr, 0.01);
        knob.apply(&mut lr, 5.0);
        assert_eq!(lr, 1.0, "clamped to the range");
        assert_eq!(knob.label_at(-1.5), "0.0316");
    }

    #[test]
    fn rounding_keeps_what_a_url_shows() {
        assert_eq!(round_significant(0.031_622_7), 0.0316);
        assert_eq!(round_significant(123.456), 123.0);
        assert_eq!(round_to(0.123_456, 3), 0.123);
    }
}
