//! Every URL key of a panel, declared once (issue #27): its name, what it means, what it
//! accepts, its unit and, for a setting with a slider, how the slider shows it. A panel's
//! `PanelConfig::PARAMS` lists them; from that list come reading a link (clamping with a
//! notice), writing one (defaults left out), the sliders (`ui::components::slider`), the
//! README's key tables (checked by `tests/state_url.rs`) and each notebook's parameter
//! cell (`crate::notebook::settings_cell`).

use super::knob::three;
use super::query::{Notices, Query, MAX_SEED};

/// One URL key of config `C`.
pub struct Param<C: 'static> {
    /// The key in the link (`?lr=0.1`).
    pub key: &'static str,
    /// What it sets, in one line of plain text (README, notebooks).
    pub meaning: Words,
    /// What the value is counted in, if anything ("steps", "points").
    pub unit: Words,
    /// What values it takes and where they live in the config.
    pub kind: Kind<C>,
    /// The slider that moves it, if it has one.
    pub slider: Option<&'static Slider>,
}

/// The values a key takes.
pub enum Kind<C: 'static> {
    /// A number in a range.
    Number {
        /// Smallest and largest accepted value.
        range: Range<C>,
        /// How a link holds it: an integer, an f32 or an f64.
        link: &'static Link,
        /// Reads the field.
        get: fn(&C) -> f64,
        /// Writes the field.
        set: fn(&mut C, f64),
    },
    /// On or off, written 1 or 0.
    Flag {
        /// Reads the field.
        get: fn(&C) -> bool,
        /// Writes the field.
        set: fn(&mut C, bool),
    },
    /// One of a fixed list of names.
    Choice {
        /// Every accepted name.
        names: &'static [&'static str],
        /// The name of the field's value.
        get: fn(&C) -> &'static str,
        /// Sets the field to the value called by one of `names`.
        set: fn(&mut C, &str),
    },
    /// Free text with its own reader (a list of names, say).
    Text {
        /// What it accepts, in words.
        accepts: Words,
        /// The field as the link writes it.
        get: fn(&C) -> String,
        /// Reads the link's text into the field, with notices for what it cannot use.
        set: fn(&mut C, &str, &mut Notices),
    },
}

/// How a number is kept (and so written in a link).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Num {
    /// An integer.
    Whole,
    /// An f32.
    Single,
    /// An f64.
    Double,
}

/// How a link reads and writes one kind of number: through function pointers, so that a
/// page links the parsing and printing of only the kinds of number its keys use.
pub struct Link {
    number: Num,
    read: fn(&Query, &str, f64, (f64, f64), &mut Notices) -> f64,
    write: fn(f64) -> String,
}

const WHOLE: Link = Link {
    number: Num::Whole,
    // Seeds: a range's f32 top rounds 2^53 - 1 up, so the largest exact seed caps it.
    read: |q, key, default, (lo, hi), notices| {
        q.number(key, default as u64, lo as u64..=(hi as u64).min(MAX_SEED), notices) as f64
    },
    write: |v| (v as u64).to_string(),
};
const SINGLE: Link = Link {
    number: Num::Single,
    read: |q, key, default, (lo, hi), notices| f64::from(q.number(key, default as f32, lo as f32..=hi as f32, notices)),
    write: |v| (v as f32).to_string(),
};
const DOUBLE: Link = Link {
    number: Num::Double,
    read: |q, key, default, (lo, hi), notices| q.number(key, default, decimal(lo)..=decimal(hi), notices),
    write: |v| v.to_string(),
};

/// The f64 written as the f32 `v` is (0.0001 rather than 0.000099999997): the ends of a
/// range are kept as f32s, and an f64 setting is clamped to what the declaration says.
fn decimal(v: f64) -> f64 {
    super::decimal::parse_f64(&(v as f32).to_string()).unwrap_or(v)
}

/// The accepted values of a number: from `lo` to `hi` (kept as f32s, which hold every
/// range here and keep each key's record small in the pages), or, when `given`, a part of
/// that which depends on keys read before this one (in `PanelConfig::PARAMS`' order).
pub struct Range<C: 'static> {
    /// The smallest value (ever).
    pub lo: f32,
    /// The largest value (ever).
    pub hi: f32,
    /// The range given the keys read before, and that range in words.
    pub given: Option<&'static Given<C>>,
}

/// A range that depends on other keys.
pub struct Given<C> {
    /// The ends for a config whose earlier keys are read.
    pub ends: fn(&C) -> (f64, f64),
    /// The range in words (README, notebooks).
    pub note: Words,
}

/// Words about a key that only the README, the notebooks (built by the compute worker)
/// and the tests read: in a build without the `texts` feature (the pages, see
/// index.html) they are left out, and the type takes no room.
#[derive(Clone, Copy)]
pub struct Words {
    #[cfg(feature = "texts")]
    text: &'static str,
}

impl Words {
    /// `text`, kept only with the `texts` feature.
    pub const fn new(text: &'static str) -> Self {
        let _ = text;
        Words {
            #[cfg(feature = "texts")]
            text,
        }
    }

    /// The words (empty without the `texts` feature).
    pub const fn get(self) -> &'static str {
        #[cfg(feature = "texts")]
        return self.text;
        #[cfg(not(feature = "texts"))]
        ""
    }
}

/// How a slider's position maps to the value it sets.
#[derive(Clone, Copy)]
pub enum Scale {
    /// The position is the value.
    Linear,
    /// The position is the value's logarithm (learning rates).
    Log,
    /// The position is `to(value)`, the value `from(position)` (a scrubber over recorded
    /// steps, say).
    Custom {
        /// Position of a value.
        to: fn(f64) -> f64,
        /// Value at a position.
        from: fn(f64) -> f64,
    },
}

impl Scale {
    fn position(self, value: f64) -> f64 {
        match self {
            Scale::Linear => value,
            Scale::Log => value.log10(),
            Scale::Custom { to, .. } => to(value),
        }
    }

    fn value(self, position: f64) -> f64 {
        match self {
            Scale::Linear => position,
            Scale::Log => 10f64.powf(position),
            Scale::Custom { from, .. } => from(position),
        }
    }
}

impl Slider {
    /// A linear slider labelled `label`, its value shown with three decimals.
    pub const fn new(label: &'static str, step: f64) -> Self {
        Slider {
            label,
            step,
            scale: Scale::Linear,
            format: three,
            max: f32::INFINITY,
            round: same,
        }
    }

    /// The same slider moving the value's logarithm (`step` in decades).
    pub const fn log(self) -> Self {
        self.scale(Scale::Log)
    }

    /// The same slider with positions mapped to values by `scale`.
    pub const fn scale(self, scale: Scale) -> Self {
        Slider { scale, ..self }
    }

    /// The same slider showing its value with `format`.
    pub const fn shown(self, format: fn(f64) -> String) -> Self {
        Slider { format, ..self }
    }

    /// The same slider keeping `round(v)` for a position `v` (the precision of a link).
    pub const fn rounded(self, round: fn(f64) -> f64) -> Self {
        Slider { round, ..self }
    }

    /// The same slider stopping at `max` (a link may go further).
    pub const fn slider_max(self, max: f32) -> Self {
        Slider { max, ..self }
    }
}

/// How a slider shows a number.
#[derive(Clone, Copy)]
pub struct Slider {
    /// The label above it, as HTML (`tex_text!` when it names a variable).
    pub label: &'static str,
    /// Granularity of its position (in decades on a log scale).
    pub step: f64,
    /// How its position maps to the value.
    pub scale: Scale,
    /// How the value is written next to the label.
    pub format: fn(f64) -> String,
    /// Where the slider stops (below the largest value a link may give, or infinite).
    pub max: f32,
    /// The value kept for a slider position (the precision a link keeps).
    pub round: fn(f64) -> f64,
}

macro_rules! copy {
    ($($t:ident),*) => {$(
        impl<C: 'static> Clone for $t<C> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<C: 'static> Copy for $t<C> {}
    )*};
}
copy!(Param, Kind, Range);

impl<C: 'static> Range<C> {
    /// The ends for `config` (whose earlier keys are read).
    pub fn ends(&self, config: &C) -> (f64, f64) {
        self.given
            .map_or((f64::from(self.lo), f64::from(self.hi)), |g| (g.ends)(config))
    }
}

impl<C: 'static> Param<C> {
    const fn new(key: &'static str, meaning: &'static str, kind: Kind<C>) -> Self {
        Param {
            key,
            meaning: Words::new(meaning),
            unit: Words::new(""),
            kind,
            slider: None,
        }
    }

    /// A number kept as `number` from `range.0` to `range.1`.
    const fn numeric(
        key: &'static str,
        meaning: &'static str,
        number: Num,
        range: (f64, f64),
        get: fn(&C) -> f64,
        set: fn(&mut C, f64),
    ) -> Self {
        let range = Range {
            lo: range.0 as f32,
            hi: range.1 as f32,
            given: None,
        };
        let link = match number {
            Num::Whole => &WHOLE,
            Num::Single => &SINGLE,
            Num::Double => &DOUBLE,
        };
        Self::new(key, meaning, Kind::Number { range, link, get, set })
    }

    /// A number kept as an f32, from `range.0` to `range.1`.
    pub const fn number(
        key: &'static str,
        meaning: &'static str,
        range: (f64, f64),
        get: fn(&C) -> f64,
        set: fn(&mut C, f64),
    ) -> Self {
        Self::numeric(key, meaning, Num::Single, range, get, set)
    }

    /// A number kept as an f64, from `range.0` to `range.1`.
    pub const fn double(
        key: &'static str,
        meaning: &'static str,
        range: (f64, f64),
        get: fn(&C) -> f64,
        set: fn(&mut C, f64),
    ) -> Self {
        Self::numeric(key, meaning, Num::Double, range, get, set)
    }

    /// A whole number from `range.0` to `range.1`.
    pub const fn whole(
        key: &'static str,
        meaning: &'static str,
        range: (f64, f64),
        get: fn(&C) -> f64,
        set: fn(&mut C, f64),
    ) -> Self {
        Self::numeric(key, meaning, Num::Whole, range, get, set)
    }

    /// A seed: any whole number a JavaScript number holds exactly.
    pub const fn seed(key: &'static str, meaning: &'static str, get: fn(&C) -> f64, set: fn(&mut C, f64)) -> Self {
        Self::whole(key, meaning, (0.0, MAX_SEED as f64), get, set)
    }

    /// A switch, 1 or 0 in a link.
    pub const fn flag(key: &'static str, meaning: &'static str, get: fn(&C) -> bool, set: fn(&mut C, bool)) -> Self {
        Self::new(key, meaning, Kind::Flag { get, set })
    }

    /// One of `names`.
    pub const fn choice(
        key: &'static str,
        meaning: &'static str,
        names: &'static [&'static str],
        get: fn(&C) -> &'static str,
        set: fn(&mut C, &str),
    ) -> Self {
        Self::new(key, meaning, Kind::Choice { names, get, set })
    }

    /// Free text read by `set`.
    pub const fn text(
        key: &'static str,
        meaning: &'static str,
        accepts: &'static str,
        get: fn(&C) -> String,
        set: fn(&mut C, &str, &mut Notices),
    ) -> Self {
        Self::new(
            key,
            meaning,
            Kind::Text {
                accepts: Words::new(accepts),
                get,
                set,
            },
        )
    }

    /// The same, counted in `unit`.
    pub const fn unit(self, unit: &'static str) -> Self {
        Param {
            unit: Words::new(unit),
            ..self
        }
    }

    /// The same number over the part of its range that `given` allows (which depends on
    /// keys read before this one); the range declared first is the widest.
    pub const fn range_given(self, given: &'static Given<C>) -> Self {
        match self.kind {
            Kind::Number { range, link, get, set } => Param {
                kind: Kind::Number {
                    range: Range {
                        given: Some(given),
                        ..range
                    },
                    link,
                    get,
                    set,
                },
                ..self
            },
            _ => self,
        }
    }

    /// The same number moved by `slider`.
    pub const fn slider(self, slider: &'static Slider) -> Self {
        Param {
            slider: Some(slider),
            ..self
        }
    }

    /// Reads this key from `q` into `config`, whose earlier keys are read; `defaults` are
    /// the defaults given those keys. A missing key keeps the default; a bad one keeps it
    /// with a notice; a number out of range is clamped with a notice.
    pub fn read(&self, q: &Query, defaults: &C, config: &mut C, notices: &mut Notices) {
        let key = self.key;
        match self.kind {
            Kind::Number {
                range, link, get, set, ..
            } => {
                let (lo, hi) = range.ends(config);
                let default = get(defaults).clamp(lo, hi);
                set(config, (link.read)(q, key, default, (lo, hi), notices));
            }
            Kind::Flag { get, set } => set(config, q.flag(key, get(defaults), notices)),
            Kind::Choice { names, get, set } => {
                let name = q.choice(
                    key,
                    get(defaults),
                    |k| names.iter().copied().find(|n| *n == k),
                    names,
                    notices,
                );
                set(config, name);
            }
            Kind::Text { get, set, .. } => match q.get(key) {
                Some(raw) => set(config, raw, notices),
                None => set(config, &get(defaults), notices),
            },
        }
    }

    /// The value as a link writes it.
    pub fn value(&self, config: &C) -> String {
        match self.kind {
            Kind::Number { link, get, .. } => (link.write)(get(config)),
            Kind::Flag { get, .. } => u8::from(get(config)).to_string(),
            Kind::Choice { get, .. } => get(config).to_owned(),
            Kind::Text { get, .. } => get(config),
        }
    }

    /// The value as Python writes it: an int, a float (the f32's shortest text), True or
    /// False, or a string.
    pub fn python(&self, config: &C) -> String {
        match self.kind {
            Kind::Number { link, get, .. } if link.number == Num::Single => format!("{:?}", get(config) as f32),
            Kind::Number { link, get, .. } if link.number == Num::Double => format!("{:?}", get(config)),
            Kind::Flag { get, .. } => if get(config) { "True" } else { "False" }.to_owned(),
            Kind::Choice { .. } | Kind::Text { .. } => format!("{:?}", self.value(config)),
            _ => self.value(config),
        }
    }

    /// What the key accepts, in words ("0.001 to 2", "moons, circles", "0 or 1").
    pub fn accepts(&self, config: &C) -> String {
        let unit = match self.unit.get() {
            "" => String::new(),
            unit => format!(" {unit}"),
        };
        match self.kind {
            Kind::Number {
                range: Range { given: Some(g), .. },
                ..
            } => format!("{}{unit}", g.note.get()),
            Kind::Number { range, link, .. } => {
                let (lo, hi) = range.ends(config);
                let hi = match link.number {
                    _ if hi >= MAX_SEED as f64 => "2^53 - 1".to_owned(),
                    Num::Whole => (hi as u64).to_string(),
                    _ => (hi as f32).to_string(),
                };
                format!("{} to {hi}{unit}", lo as f32)
            }
            Kind::Flag { .. } => "1 or 0".to_owned(),
            Kind::Choice { names, .. } => names.join(", "),
            Kind::Text { accepts, .. } => accepts.get().to_owned(),
        }
    }
}

/// Reads every key of `params` from `q`, in order, starting from `base` (the config of
/// all defaults); `defaults_given(config)` gives the defaults once earlier keys are read.
pub fn read_all<C: 'static>(
    params: &[&Param<C>],
    q: &Query,
    base: C,
    defaults_given: fn(&C) -> C,
    notices: &mut Notices,
) -> C {
    let mut config = base;
    for p in params {
        let defaults = defaults_given(&config);
        p.read(q, &defaults, &mut config, notices);
    }
    config
}

/// Writes every key of `params` into `q`, leaving out those equal to `defaults` (so links
/// say only what differs).
pub fn write_all<C: 'static>(params: &[&Param<C>], config: &C, defaults: &C, q: &mut Query) {
    for p in params {
        q.set_unless_default(p.key, p.value(config), p.value(defaults));
    }
}

/// A slider's position and value.
impl<C: 'static> Param<C> {
    fn scale_of(&self) -> Scale {
        self.slider.map_or(Scale::Linear, |s| s.scale)
    }

    /// The slider's ends, in position units.
    pub fn bounds(&self) -> (f64, f64) {
        let Kind::Number { range, .. } = self.kind else {
            return (0.0, 1.0);
        };
        // The minimum as written (1e-4, not the f32's 9.99999997e-5): a slider's positions
        // are its minimum plus whole steps, and must land on round values.
        let hi = f64::from(self.slider.map_or(range.hi, |s| range.hi.min(s.max)));
        let lo = decimal(f64::from(range.lo));
        (self.scale_of().position(lo), self.scale_of().position(hi))
    }

    /// The slider's position for `config`.
    pub fn position(&self, config: &C) -> f64 {
        let Kind::Number { get, .. } = self.kind else {
            return 0.0;
        };
        self.scale_of().position(get(config))
    }

    /// Moves `config`'s field to slider position `position`, keeping the value rounded as
    /// a link keeps it.
    pub fn apply(&self, config: &mut C, position: f64) {
        let Kind::Number { set, range, link, .. } = self.kind else {
            return;
        };
        let v = self.slider.map_or(same as fn(f64) -> f64, |s| s.round)(self.scale_of().value(position));
        let (lo, hi) = range.ends(config);
        set(
            config,
            if link.number == Num::Whole { v.round() } else { v }.clamp(lo, hi),
        );
    }

    /// The value at `position`, as the label shows it.
    pub fn label_at(&self, position: f64) -> String {
        self.slider
            .map_or_else(String::new, |s| (s.format)(s.scale.value(position)))
    }
}

/// The value itself (a slider that keeps every position).
fn same(v: f64) -> f64 {
    v
}

/// The README's table of a panel's URL keys (Markdown): key, meaning, default, accepted.
pub fn markdown_table<C: super::PanelConfig>(panel: &str) -> String {
    let d = C::default();
    let mut out = format!("### `?panel={panel}`\n\n| Key | Meaning | Default | Accepts |\n|---|---|---|---|\n");
    for p in C::PARAMS {
        let default = p.value(&d);
        let default = if default.is_empty() {
            "(none)".to_owned()
        } else {
            format!("`{default}`")
        };
        out.push_str(&format!(
            "| `{}` | {} | {default} | {} |\n",
            p.key,
            p.meaning.get(),
            p.accepts(&d)
        ));
    }
    out
}
