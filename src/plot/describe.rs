//! Figures in words: the pieces every panel's text alternatives are built from (a number
//! in a short form, a share, a curve's course), pure and host-tested. Each panel's
//! `describe` module composes them from the same data its figures draw.

/// A number in a short readable form, about 3 significant digits, trailing zeros dropped,
/// with a typographic minus: 0.051234 → "0.0512", 12.345 → "12.3", 40 → "40",
/// 1234.4 → "1234", 3e-5 → "0.00003"; below 10⁻⁹ (rounding residues) "0". No exponent
/// notation, which also keeps its formatting code out of the panels that have none.
pub fn num(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() {
        return "not a number".to_owned();
    }
    let s = if a < 1e-9 {
        "0".to_owned()
    } else if a >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        // three significant digits, then no trailing zeros
        let digits = (2.0 - a.log10().floor()).clamp(0.0, 12.0) as usize;
        let s = format!("{x:.digits$}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    s.replace('-', "\u{2212}")
}

/// A share as a whole percentage: 0.634 → "63 %".
pub fn percent(share: f64) -> String {
    format!("{:.0}\u{a0}%", 100.0 * share)
}

/// The course of one curve through `points` (x, y), in words: where it starts and ends
/// and, when they lie in between, its lowest and highest points. Non-finite values are
/// skipped; `None` when no point is finite.
pub fn course(name: &str, x_name: &str, points: &[(f64, f64)]) -> Option<String> {
    let points: Vec<(f64, f64)> = points
        .iter()
        .copied()
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

/// A chart of curves in words: its title, then each curve's course, or that nothing is
/// drawn yet.
pub fn chart(title: &str, x_name: &str, curves: &[(String, Vec<(f64, f64)>)]) -> String {
    let courses: Vec<Option<String>> = curves
        .iter()
        .map(|(name, points)| course(name, x_name, points))
        .collect();
    if courses.iter().all(Option::is_none) {
        return format!("{title}: nothing computed yet.");
    }
    join(std::iter::once(Some(title.to_owned())).chain(courses))
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
        assert_eq!(num(3e-5), "0.00003");
        assert_eq!(num(-2.7e-13), "0");
        assert_eq!(percent(0.634), "63\u{a0}%");
    }

    #[test]
    fn a_course_names_its_ends_and_inner_extremes() {
        let dip = course("risk", "N", &[(1.0, 0.5), (2.0, 0.2), (3.0, 0.9), (4.0, 0.4)]).unwrap();
        assert_eq!(
            dip,
            "risk goes from 0.5 at N 1 to 0.4 at N 4, lowest 0.2 at N 2, highest 0.9 at N 3"
        );
        let falling = course("error", "step", &[(1.0, 4.0), (2.0, 3.0), (3.0, 2.0), (4.0, 1.0)]).unwrap();
        assert_eq!(falling, "error goes from 4 at step 1 to 1 at step 4");
        assert_eq!(course("e", "x", &[(1.0, f64::NAN)]), None);
    }

    #[test]
    fn a_chart_lists_its_curves_or_says_it_is_empty() {
        let curves = vec![("a".to_owned(), vec![(1.0, 2.0), (2.0, 1.0)]), ("b".to_owned(), vec![])];
        assert_eq!(
            chart("Errors", "N", &curves),
            "Errors. a goes from 2 at N 1 to 1 at N 2."
        );
        assert_eq!(chart("Errors", "N", &curves[1..]), "Errors: nothing computed yet.");
    }

    #[test]
    fn join_skips_missing_parts() {
        assert_eq!(join([Some("a.".into()), None, Some("b".into())]), "a. b.");
        assert_eq!(join([None]), "");
    }
}
