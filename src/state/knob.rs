//! How sliders show their values and round them to what a link keeps (`state::param`
//! declares each slider with its URL key).

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
    fn rounding_keeps_what_a_url_shows() {
        assert_eq!(round_significant(0.031_622_7), 0.0316);
        assert_eq!(round_significant(123.456), 123.0);
        assert_eq!(round_to(0.123_456, 3), 0.123);
    }
}
