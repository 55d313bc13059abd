//! Decimal numbers from links and sliders, read as `str::parse` reads them, without the
//! standard library's parser: its table of powers of five (about 10 KB, incompressible)
//! would be fetched by every panel's page.
//!
//! The accepted text is Rust's decimal grammar, `[+-]? (d+ [.d*] | .d+) ([eE] [+-]? d+)?`
//! (`inf` and `nan` are refused; they are not finite, so callers refuse them anyway). A
//! number with few significant digits and a small exponent is converted exactly as the
//! standard library does (Clinger's fast path: one correctly rounded multiplication or
//! division by an exact power of ten). Any other, rare in a link, goes to the standard
//! library on the host and to the browser's own correctly rounded parser in the page,
//! which the page lends (`use_browser_parser`).

/// Exact powers of ten as `f64` (10²² is the largest one that is exact).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// A decimal split into sign, significant digits (when at most 19) and power of ten.
#[derive(Debug, PartialEq)]
struct Decimal {
    negative: bool,
    /// The significant digits as an integer, `None` when there are more than 19.
    digits: Option<u64>,
    /// The value is `digits × 10^exponent` (saturating for absurd exponents).
    exponent: i64,
}

impl Decimal {
    /// Splits `s`, or `None` when `s` is not a decimal of Rust's grammar.
    fn parse(s: &str) -> Option<Decimal> {
        let b = s.as_bytes();
        let mut i = 0;
        let negative = b.first() == Some(&b'-');
        if matches!(b.first(), Some(b'-' | b'+')) {
            i = 1;
        }
        let (mut digits, mut count, mut seen, mut exponent) = (0u64, 0u32, false, 0i64);
        let mut push = |d: u8, exponent: &mut i64, after_point: bool| {
            seen = true;
            if digits == 0 && d == 0 {
                // Leading zeros are not significant.
                if after_point {
                    *exponent -= 1;
                }
                return;
            }
            count += 1;
            if count <= 19 {
                digits = digits * 10 + u64::from(d);
                if after_point {
                    *exponent -= 1;
                }
            } else if !after_point {
                *exponent += 1;
            }
        };
        while i < b.len() && b[i].is_ascii_digit() {
            push(b[i] - b'0', &mut exponent, false);
            i += 1;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                push(b[i] - b'0', &mut exponent, true);
                i += 1;
            }
        }
        if !seen {
            return None;
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            i += 1;
            let minus = b.get(i) == Some(&b'-');
            if matches!(b.get(i), Some(b'-' | b'+')) {
                i += 1;
            }
            let start = i;
            let mut e: i64 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                e = e.saturating_mul(10).saturating_add(i64::from(b[i] - b'0'));
                i += 1;
            }
            if i == start {
                return None;
            }
            exponent = exponent.saturating_add(if minus { -e } else { e });
        }
        (i == b.len()).then_some(Decimal {
            negative,
            digits: (count <= 19).then_some(digits),
            exponent,
        })
    }

    /// The exact conversion when the digits and the power of ten are both exact in
    /// floating point with `bits` bits of mantissa and powers up to `10^max_pow`.
    fn fast(&self, bits: u32, max_pow: i64) -> Option<(f64, bool, usize)> {
        let digits = self.digits?;
        (digits < (1 << bits) && self.exponent.abs() <= max_pow)
            .then(|| (digits as f64, self.exponent < 0, self.exponent.unsigned_abs() as usize))
    }
}

/// `s` as an `f64`, the same value as `s.parse::<f64>()` for every decimal; `None` for
/// text that is not a decimal (and for `inf`, `nan`).
pub fn parse_f64(s: &str) -> Option<f64> {
    let d = Decimal::parse(s)?;
    let Some((w, divide, k)) = d.fast(53, 22) else {
        return slow(s);
    };
    let v = if divide { w / POW10[k] } else { w * POW10[k] };
    Some(if d.negative { -v } else { v })
}

/// `s` as an `f32`, the same value as `s.parse::<f32>()` for a decimal of at most seven
/// significant digits and a power of ten up to 10¹⁰; longer ones are rounded through
/// `f64`, which can differ from the direct rounding by one step of `f32` only for a
/// number that lies within 2⁻⁵³ of the midpoint between two `f32`s.
pub fn parse_f32(s: &str) -> Option<f32> {
    let d = Decimal::parse(s)?;
    let Some((w, divide, k)) = d.fast(24, 10) else {
        return parse_f64(s).map(|v| v as f32);
    };
    let (w, p) = (w as f32, POW10[k] as f32);
    let v = if divide { w / p } else { w * p };
    Some(if d.negative { -v } else { v })
}

/// The correctly rounded parser for the rare decimals off the fast path. The page lends
/// the browser's (`use_browser_parser`, from `ui`), so that this module stays pure and
/// the standard library's tables stay out of the page; on the host it is the standard
/// library's.
static SLOW: std::sync::OnceLock<fn(&str) -> Option<f64>> = std::sync::OnceLock::new();

/// Sets the parser for decimals off the fast path (the page's is the browser's
/// `parseFloat`); the first call wins.
pub fn use_browser_parser(parse: fn(&str) -> Option<f64>) {
    let _ = SLOW.set(parse);
}

fn slow(s: &str) -> Option<f64> {
    match SLOW.get() {
        Some(parse) => parse(s),
        None => standard(s),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn standard(s: &str) -> Option<f64> {
    s.parse().ok()
}

/// In the page the browser's parser is always set (`ui::app::start`) before any link is read.
#[cfg(target_arch = "wasm32")]
fn standard(_: &str) -> Option<f64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same_f64(s: &str) {
        let ours = parse_f64(s);
        let std = s.parse::<f64>().ok();
        assert_eq!(ours.map(f64::to_bits), std.map(f64::to_bits), "{s}");
    }

    fn same_f32(s: &str) {
        let ours = parse_f32(s);
        let std = s.parse::<f32>().ok();
        assert_eq!(ours.map(f32::to_bits), std.map(f32::to_bits), "{s}");
    }

    #[test]
    fn reads_what_links_and_sliders_hold_as_the_standard_library_does() {
        for s in [
            "0",
            "-0",
            "+0",
            "1",
            "0.05",
            "-0.3",
            "1e-3",
            "2.5E+2",
            "1.",
            ".5",
            "+.5",
            "007",
            "0.1",
            "0.2",
            "0.30000000000000004",
            "123456789012345678901234",
            "1e22",
            "1e23",
            "9007199254740993",
            "4.9e-324",
            "1e-400",
            "1e400",
            "1e99999999999999999999",
            "0.000000000000000000000001",
            "3.4028235e38",
            "1.17549435e-38",
            "16777217",
            "0.1234567",
            "12345.678",
            "1e10",
            "1e11",
        ] {
            same_f64(s);
            same_f32(s);
        }
    }

    #[test]
    fn refuses_what_is_not_a_decimal() {
        for s in [
            "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "--1", "+-1", "1 ", " 1", "0x10", "1_000", "inf", "-inf",
            "NaN", "infinity", "1,5", "١", "1e5x",
        ] {
            assert_eq!(parse_f64(s), None, "{s}");
            assert_eq!(parse_f32(s), None, "{s}");
            assert!(
                s.parse::<f64>().map_or(true, |v| !v.is_finite()),
                "std reads {s} as a finite number"
            );
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_library_on_short_decimals(
            int in 0u64..10_000_000, frac in 0u64..10_000_000, places in 0usize..8, e in -30i32..30, neg: bool
        ) {
            let frac = format!("{frac:07}");
            let s = format!("{}{int}.{}e{e}", if neg { "-" } else { "" }, &frac[..places]);
            same_f64(&s);
            same_f32(&s);
        }

        #[test]
        fn agrees_with_the_standard_library_on_any_value_it_prints(bits: u64) {
            let v = f64::from_bits(bits);
            prop_assume!(v.is_finite());
            same_f64(&v.to_string());
            same_f64(&format!("{v:e}"));
            if (v as f32).is_finite() {
                same_f32(&format!("{:e}", v as f32));
            }
        }
    }
}
