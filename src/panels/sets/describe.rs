//! The sets panel's figures in words, their text alternatives: the slice of parameter
//! space (how much of green lies in magenta, where the marked fits and the inspected
//! point lie) and the function at the inspected point, from the same quantities the
//! figures draw. Pure, host-tested.

use crate::engine::random_features::Slice;
use crate::plot::describe::{num, percent};

/// An error in words: exact fits come out as ±10⁻¹⁵ and read as the 0 they are.
fn error(e: f64) -> String {
    num(if e.abs() < 1e-9 { 0.0 } else { e })
}

/// Where a plane point lies: "inside" or "outside" each set.
fn sets_of(slice: &Slice, p: [f64; 2], epsilon: f64, delta: f64) -> String {
    let side = |inside: bool| if inside { "inside" } else { "outside" };
    let green = slice.empirical.at(p[0], p[1]) <= slice.empirical_min + epsilon;
    let magenta = slice.risk.at(p[0], p[1]) <= slice.risk_min + delta;
    format!("{} green and {} magenta", side(green), side(magenta))
}

/// What the slice shows now.
pub struct Plane<'a> {
    /// The slice drawn.
    pub slice: &'a Slice,
    /// ε and δ, the sets' margins.
    pub epsilon: f64,
    /// δ.
    pub delta: f64,
    /// Share of the visible green cells that are magenta.
    pub inside_share: f64,
    /// Whether ✕ is an exact fit of the data and the wrong labels.
    pub bad_interpolant: bool,
    /// Gradient descent's ends from random starts and whether each is in magenta.
    pub endpoints: &'a [([f64; 2], bool)],
    /// The inspected point.
    pub probe: [f64; 2],
}

/// The slice's text alternative.
pub fn plane(v: &Plane) -> String {
    let (s, e, d) = (v.slice, v.epsilon, v.delta);
    let bad = if v.bad_interpolant { "the bad interpolant ✕" } else { "the least-squares compromise ✕" };
    let inside = v.endpoints.iter().filter(|p| p.1).count();
    let (train, risk) = (s.empirical.at(v.probe[0], v.probe[1]), s.risk.at(v.probe[0], v.probe[1]));
    format!(
        "A slice of parameter space: {} of the visible green set lies inside the magenta set. \
         Gradient descent's fit ● lies {}; {bad} lies {}; the best parameter ◆ lies {}. \
         Of {} ends from random starts, {inside} lie inside magenta. \
         The inspected point ({}, {}) has training error {} and risk {}, {}.",
        percent(v.inside_share),
        sets_of(s, s.gd, e, d),
        sets_of(s, s.bad, e, d),
        sets_of(s, s.best, e, d),
        v.endpoints.len(),
        num(v.probe[0]),
        num(v.probe[1]),
        error(train),
        num(risk),
        sets_of(s, v.probe, e, d),
    )
}

/// The function view's text alternative, from the curves it draws: f_w and the true
/// function f* at the same inputs `xs`.
pub fn function(xs: &[f64], f: &[f64], truth: &[f64], train: f64, risk: f64) -> String {
    let gap = xs
        .iter()
        .zip(f.iter().zip(truth))
        .map(|(&x, (&a, &b))| (x, (a - b).abs()))
        .fold((0.0, -1.0), |m, p| if p.1 > m.1 { p } else { m });
    format!(
        "The function of the inspected parameter against the true function: they differ most at x = {}, by {}; \
         training error {}, risk {}.",
        num(gap.0),
        num(gap.1),
        error(train),
        num(risk)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::random_features::{inside_share, set_grid, target, RfModel};
    use crate::panels::sets::config::SetsConfig;

    #[test]
    fn the_slice_text_places_each_mark_in_its_sets() {
        let c = SetsConfig::default();
        let model = RfModel::new(&c.spec());
        let slice = model.slice();
        let (e, d) = (f64::from(c.epsilon), f64::from(c.delta));
        let cells = set_grid(&slice, slice.window(), 100, e, d);
        let endpoints = [([0.0, 0.0], true), ([1.0, 1.0], false)];
        let [_, s1, _, t1] = slice.window();
        let corner = [s1, t1];
        let v = Plane {
            slice: &slice,
            epsilon: e,
            delta: d,
            inside_share: inside_share(&cells),
            bad_interpolant: model.bad_is_interpolant(),
            endpoints: &endpoints,
            probe: slice.gd,
        };
        let text = plane(&v);
        // Gradient descent's fit interpolates: it is green; the best parameter is magenta.
        assert!(text.contains("Gradient descent's fit ● lies inside green"), "{text}");
        assert!(text.contains("green and inside magenta. Of 2"), "the best parameter is magenta: {text}");
        assert!(text.contains("Of 2 ends from random starts, 1 lie inside magenta"), "{text}");
        assert!(text.contains(&format!("{} of the visible green set", percent(inside_share(&cells)))), "{text}");
        assert!(text.contains(&format!("has training error 0 and risk {}, inside green", num(slice.risk.at(0.0, 0.0)))), "{text}");
        // A far corner of the window fits nothing: outside green, with a large error.
        let far = plane(&Plane { probe: corner, ..v });
        assert!(far.contains(&format!("The inspected point ({}, {})", num(corner[0]), num(corner[1]))), "{far}");
        assert!(far.ends_with("outside green and outside magenta."), "{far}");
    }

    #[test]
    fn the_function_text_finds_the_largest_gap() {
        let xs = [-1.0, 0.0, 1.0];
        let truth: Vec<f64> = xs.iter().map(|&x| target(x)).collect();
        let f = [truth[0] + 0.1, truth[1] - 0.5, truth[2]];
        let text = function(&xs, &f, &truth, -1e-15, 0.25);
        assert_eq!(
            text,
            "The function of the inspected parameter against the true function: they differ most at x = 0, by 0.5; \
             training error 0, risk 0.25."
        );
    }
}
