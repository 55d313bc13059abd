//! The URL query string as an ordered list of key–value pairs, and tolerant typed reads
//! from it: a value that is missing keeps its default, one that does not parse is
//! ignored with a notice, one out of range is clamped with a notice. Nothing panics.

use std::fmt::Display;
use std::ops::RangeInclusive;

/// Largest seed accepted in a URL: seeds fit exactly in a JavaScript number.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// Parsed `?key=value&…` pairs, in order, percent-decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

/// Messages for the student about URL values that were ignored or changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notices(pub Vec<String>);

impl Notices {
    /// Adds one message.
    pub fn push(&mut self, message: String) {
        self.0.push(message);
    }
}

impl Query {
    /// Parses a query string, with or without its leading `?`.
    pub fn parse(search: &str) -> Self {
        let raw = search.strip_prefix('?').unwrap_or(search);
        Query {
            pairs: form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    /// The query string without `?` (empty when there are no pairs).
    pub fn encode(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.pairs)
            .finish()
    }

    /// Every key–value pair, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The last value given for `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Sets `key` to `value`, replacing earlier values.
    pub fn set(&mut self, key: &str, value: impl Display) {
        self.remove(key);
        self.pairs.push((key.to_owned(), value.to_string()));
    }

    /// Removes every value of `key`.
    pub fn remove(&mut self, key: &str) {
        self.pairs.retain(|(k, _)| k != key);
    }

    /// Sets `key` unless `value` equals `default`, in which case the key is removed:
    /// links stay short and only say what differs from the defaults.
    pub fn set_unless_default<T: PartialEq + Display>(&mut self, key: &str, value: T, default: T) {
        if value == default {
            self.remove(key);
        } else {
            self.set(key, value);
        }
    }

    /// A number in `range`: missing gives `default`; unparsable or non-finite gives
    /// `default` with a notice; out of range is clamped to the range with a notice.
    pub fn number<T>(&self, key: &str, default: T, range: RangeInclusive<T>, notices: &mut Notices) -> T
    where
        T: PartialOrd + Copy + Display + IsFinite,
    {
        let Some(raw) = self.get(key) else { return default };
        match T::parse_number(raw.trim()) {
            Some(v) if v.is_finite_number() => {
                let clamped = if v < *range.start() {
                    *range.start()
                } else if v > *range.end() {
                    *range.end()
                } else {
                    return v;
                };
                notices.push(format!(
                    "{key}={raw} is outside {}…{}; using {clamped}.",
                    range.start(),
                    range.end()
                ));
                clamped
            }
            _ => {
                notices.push(format!("{key}={raw} is not a valid number; using {default}."));
                default
            }
        }
    }

    /// A flag given as `1`/`0` (also `true`/`false`); anything else keeps `default`
    /// with a notice.
    pub fn flag(&self, key: &str, default: bool, notices: &mut Notices) -> bool {
        match self.get(key).map(str::trim) {
            None => default,
            Some("1" | "true" | "yes" | "on") => true,
            Some("0" | "false" | "no" | "off") => false,
            Some(raw) => {
                notices.push(format!("{key}={raw} should be 1 or 0; using {}.", u8::from(default)));
                default
            }
        }
    }

    /// One of a fixed set of named choices, looked up by `from_key`; an unknown name
    /// keeps `default` with a notice listing the valid ones.
    pub fn choice<T: Copy>(
        &self,
        key: &str,
        default: T,
        from_key: impl Fn(&str) -> Option<T>,
        names: &[&str],
        notices: &mut Notices,
    ) -> T {
        let Some(raw) = self.get(key) else { return default };
        from_key(raw.trim()).unwrap_or_else(|| {
            notices.push(format!(
                "{key}={raw} is not one of {}; using the default.",
                names.join(", ")
            ));
            default
        })
    }
}

/// Numbers read from a link: floats through `state::decimal` (as `str::parse` reads them,
/// without its large tables), integers through `str::parse`. Numbers that can be NaN or
/// infinite answer honestly; integers are always finite.
pub trait IsFinite: Sized {
    /// Whether the value is a finite number.
    fn is_finite_number(&self) -> bool;
    /// The number written in `s`, if it is one.
    fn parse_number(s: &str) -> Option<Self>;
}

impl IsFinite for f32 {
    fn is_finite_number(&self) -> bool {
        self.is_finite()
    }
    fn parse_number(s: &str) -> Option<Self> {
        super::decimal::parse_f32(s)
    }
}

impl IsFinite for f64 {
    fn is_finite_number(&self) -> bool {
        self.is_finite()
    }
    fn parse_number(s: &str) -> Option<Self> {
        super::decimal::parse_f64(s)
    }
}

macro_rules! always_finite {
    ($($t:ty),*) => { $(impl IsFinite for $t {
        fn is_finite_number(&self) -> bool { true }
        fn parse_number(s: &str) -> Option<Self> { s.parse().ok() }
    })* };
}
always_finite!(u32, u64, usize, i32);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decodes_and_encodes() {
        let q = Query::parse("?panel=bench&seed=3&note=a%20b&seed=4");
        assert_eq!(q.get("panel"), Some("bench"));
        assert_eq!(q.get("seed"), Some("4"), "the last value wins");
        assert_eq!(q.get("note"), Some("a b"));
        assert_eq!(Query::parse(&q.encode()), q);
    }

    #[test]
    fn numbers_are_clamped_or_ignored_with_a_notice() {
        let q = Query::parse("lr=5&rho=-1&steps=abc&seed=7&nan=NaN");
        let mut n = Notices::default();
        assert_eq!(q.number("lr", 0.1f32, 0.0..=1.0, &mut n), 1.0);
        assert_eq!(q.number("rho", 0.1f32, 0.0..=1.0, &mut n), 0.0);
        assert_eq!(q.number("steps", 300u32, 1..=1000, &mut n), 300);
        assert_eq!(q.number("nan", 0.5f32, 0.0..=1.0, &mut n), 0.5);
        assert_eq!(q.number("seed", 1u64, 0..=u64::MAX, &mut n), 7);
        assert_eq!(q.number("absent", 2u64, 0..=9, &mut n), 2);
        assert_eq!(n.0.len(), 4, "{n:?}");
        assert!(n.0[0].contains("lr=5") && n.0[0].contains("using 1"));
    }

    #[test]
    fn defaults_are_left_out_of_links() {
        let mut q = Query::default();
        q.set_unless_default("seed", 1, 1);
        q.set_unless_default("lr", 0.5, 0.1);
        assert_eq!(q.encode(), "lr=0.5");
    }
}
