//! Figures in words: the pieces every panel's text alternatives are built from (a number
//! in a short form, a share, a curve's course), pure and host-tested. Each panel's
//! `describe` module composes them from the same data its figures draw.

/// A number in a short readable form, about 3 significant digits, trailing zeros dropped,
/// with a typographic minus: 0.051234 → "0.0512", 12.345 → "12.3", 40 → "40",
/// 1234.4 → "1234", 3e-5 → "3.0e−5".
pub fn num(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() {
        return "not a number".to_owned();
    }
    let s = if a >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else if a < 0.001 {
        format!("{x:.1e}")
    } else {
        // three significant digits, then no trailing zeros
        let digits = (2.0 - a.log10().floor()).max(0.0) as usize;
        let s = format!("{x:.digits$}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    s.replace('-', "\u{2212}")
}

/// A share as a whole percentage: 0.634 → "63 %".
pub fn percent(share: f64) -> String {
    format!("{:.0}\u{a0}%", 100.0 * share)
}

/// The course of one curve y(x) over its points, in words: where it starts and ends and,
/// when they lie in between, its lowest and highest points. Non-finite values are
/// skipped; `None` when no point is finite.
pub fn course(name: &str, x_name: &str, xs: &[f64], ys: &[f64]) -> Option<String> {
    let points: Vec<(f64, f64)> = xs
        .iter()
        .zip(ys)
        .map(|(&x, &y)| (x, y))
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    let (&first, &last) = (points.first()?, points.last()?);
    let lowest = points.iter().copied().fold(first, |m, p| if p.1 < m.1 { p } else { m });
    let highest = points.iter().copied().fold(first, |m, p| if p.1 > m.1 { p } else { m });
    let at = |p: (f64, f64)| format!("{} at {x_name} {}", num(p.1), num(p.0));
    let mut s = format!("{name} goes from {} to {}", at(first), at(last));
    let inner = |p: (f64, f64)| p != first && p != last;
    if inner(lowest) {
        s.push_str(&format!(", lowest {}", at(lowest)));
    }
    if inner(highest) {
        s.push_str(&format!(", highest {}", at(highest)));
    }
    Some(s)
}

/// The sentences of `parts` that exist, joined into one text ending in a full stop.
pub fn join(parts: impl IntoIterator<Item = Option<String>>) -> String {
    let mut out = parts
        .into_iter()
        .flatten()
        .map(|s| s.trim_end_matches('.').to_owned())
        .collect::<Vec<_>>()
        .join(". ");
    if !out.is_empty() {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_about_three_significant_digits() {
        assert_eq!(num(0.051234), "0.0512");
        assert_eq!(num(0.91), "0.91");
        assert_eq!(num(40.0), "40");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(1234.4), "1234");
        assert_eq!(num(-2.5), "−2.5");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(3e-5), "3.0e−5");
        assert_eq!(percent(0.634), "63\u{a0}%");
    }

    #[test]
    fn a_course_names_its_ends_and_inner_extremes() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        let dip = course("risk", "N", &xs, &[0.5, 0.2, 0.9, 0.4]).unwrap();
        assert_eq!(
            dip,
            "risk goes from 0.5 at N 1 to 0.4 at N 4, lowest 0.2 at N 2, highest 0.9 at N 3"
        );
        let falling = course("error", "step", &xs, &[4.0, 3.0, 2.0, 1.0]).unwrap();
        assert_eq!(falling, "error goes from 4 at step 1 to 1 at step 4");
        assert_eq!(course("e", "x", &[1.0], &[f64::NAN]), None);
    }

    #[test]
    fn join_skips_missing_parts() {
        assert_eq!(join([Some("a.".into()), None, Some("b".into())]), "a. b.");
        assert_eq!(join([None]), "");
    }
}
