//! The wide panel's claims in words, pure and host-tested: the laziness chart's slopes,
//! fitted live, with the guide each one is nearest; and whether the widest net ends on
//! the kernel prediction ("the curves merge") or how far from it.
//!
//! The maths behind the guides. In the NTK parametrisation each unit's weights move
//! O(1/√n) while ‖θ₀‖ ~ √n, so ‖θ_T − θ₀‖/‖θ₀‖ falls like n^(−1/2) (Jacot et al. 2018;
//! Lee et al. 2019, who bound the kernel's change by the same O(n^(−1/2)), Theorem 2.1).
//! For a smooth activation the kernel's change is smaller, O(1/n) (Dyer and Gur-Ari 2020,
//! §3): its first-order change averages terms odd in the output weights, which cancel.
//! ReLU's slope φ′ jumps at 0, so every unit whose input crosses 0 changes the kernel by a
//! step; the engine measures a fall between the two rates (tests/engine_wide.rs).

use super::jobs::{fitted, SweepSummary, SLOPE_FROM, WIDEST};
use crate::engine::wide::Act;
use crate::{tex_html, tex_text};

/// The guides' exponents: n^(−1/2) and n^(−1).
pub const GUIDES: [f64; 2] = [-0.5, -1.0];

/// The guide nearest a fitted slope (they split at −¾); None when the slope is more than
/// ¼ from both (above −¼ or below −1¼), when neither fits and none is drawn.
pub fn nearest_guide(slope: f64) -> Option<f64> {
    let g = if slope > -0.75 { GUIDES[0] } else { GUIDES[1] };
    ((slope - g).abs() <= 0.25).then_some(g)
}

/// The line of slope `g` that fits `points` best in log–log (least squares with the slope
/// fixed: log c = mean of log y − g·log x); returns c, the line being c·n^g.
pub fn guide_through(points: &[(f64, f64)], g: f64) -> Option<f64> {
    let logs: Vec<f64> = points
        .iter()
        .filter(|p| p.0 > 0.0 && p.1 > 0.0 && p.1.is_finite())
        .map(|&(w, r)| r.ln() - g * w.ln())
        .collect();
    (!logs.is_empty()).then(|| (logs.iter().sum::<f64>() / logs.len() as f64).exp())
}

/// One dashed guide of the chart: c·n^exponent, drawn beside the curve it fits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guide {
    /// −½ or −1.
    pub exponent: f64,
    /// The factor c.
    pub c: f64,
}

/// The guides of the weights' and the kernel's curves (None where a curve has no slope).
pub fn guides(s: &SweepSummary) -> [Option<Guide>; 2] {
    let one = |slope: Option<f64>, values: &[f64]| {
        let exponent = nearest_guide(slope?)?;
        Some(Guide {
            exponent,
            c: guide_through(&fitted(&s.widths, values), exponent)?,
        })
    };
    [
        one(s.weight_slope, &s.rel_weight_change),
        one(s.kernel_slope, &s.rel_kernel_change),
    ]
}

/// A fitted exponent as printed: two decimals, typographic minus.
pub fn exponent(k: f64) -> String {
    format!("{k:.2}").replace('-', "−")
}

/// A guide's exponent as a formula.
fn guide_tex(g: f64) -> &'static str {
    if g == GUIDES[0] {
        tex_text!(r"$n^{-1/2}$")
    } else {
        tex_text!(r"$n^{-1}$")
    }
}

/// The width with a thousands separator: 4096 → "4,096".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The laziness chart's caption: both slopes as measured, the guide each is nearest, and
/// what the papers say of the kernel's rate for this activation (or that the fit is off it).
pub fn slopes_text(act: Act, s: &SweepSummary) -> Option<String> {
    let kw = s.weight_slope?;
    let last = s.widths.last().copied().unwrap_or(0);
    let mut text = tex_html!(
        r"Fitted over widths \slot to \slot: the weights' change (red) goes like $n^{\slot}$, ",
        SLOPE_FROM,
        thousands(last),
        exponent(kw)
    );
    text.push_str(&near(nearest_guide(kw)));
    let Some(kk) = s.kernel_slope else {
        text.push_str(". Only the last layer trains, so the kernel (the NNGP's) does not change at all.");
        return Some(text);
    };
    let g = nearest_guide(kk);
    text.push_str(&tex_html!(
        r"; the kernel's change (teal) like $n^{\slot}$, ",
        exponent(kk)
    ));
    text.push_str(&near(g));
    text.push_str(". ");
    text.push_str(match (act, g) {
        (Act::Erf, Some(g)) if g == GUIDES[1] => tex_text!(
            r"For a smooth activation such as erf, Dyer and Gur-Ari (2020) show the kernel's change is of order $1/n$, smaller at large widths than the weights' $n^{-1/2}$."
        ),
        (Act::Erf, _) => tex_text!(
            r"Dyer and Gur-Ari (2020) show order $1/n$ for a smooth activation such as erf at large widths; at these settings these widths do not show it yet."
        ),
        (Act::Relu, Some(g)) if g == GUIDES[1] => tex_text!(
            r"At these settings ReLU's kernel change falls nearly as fast as the $1/n$ Dyer and Gur-Ari (2020) show for smooth activations, though ReLU's slope jumps at 0."
        ),
        (Act::Relu, Some(_)) => tex_text!(
            r"ReLU's slope jumps at 0, so each unit whose input crosses 0 changes the kernel by a step: ReLU's kernel change falls more slowly than the $1/n$ Dyer and Gur-Ari (2020) show for smooth activations."
        ),
        (Act::Relu, None) => tex_text!(
            r"At these settings ReLU's kernel change follows neither rate over these widths (Dyer and Gur-Ari's $1/n$ is for smooth activations)."
        ),
    });
    Some(text)
}

/// "near its dashed guide n^g", or that no guide fits.
fn near(g: Option<f64>) -> String {
    match g {
        Some(g) => format!("near its dashed guide {}", guide_tex(g)),
        None => "far from both guides (none drawn)".to_owned(),
    }
}

/// Below this distance (rms over [−1, 1], as a share of the targets' rms) the net's and
/// the kernel prediction's curves count as merged: 1 %, about a line's width at the
/// training figure's scale.
pub const MERGE_BELOW: f64 = 0.01;

/// Whether the widest net merges with the kernel prediction, from its final distance
/// (None: that run diverged).
pub fn merge_text(act: Act, distance: Option<f64>) -> String {
    let name = match act {
        Act::Erf => "erf",
        Act::Relu => "ReLU",
    };
    match distance {
        None => format!("At width {}, the widest here, this run diverged, so it cannot show whether the curves merge.", thousands(WIDEST)),
        Some(d) if d < MERGE_BELOW => format!(
            "At width {}, the widest here, the net ends {:.1}\u{a0}% of the targets' size from the kernel prediction, under the {:.0}\u{a0}% we count as merged: widen the net and the two curves merge.",
            thousands(WIDEST),
            100.0 * d,
            100.0 * MERGE_BELOW
        ),
        Some(d) => format!(
            "Even at width {}, the widest here, the net ends {:.1}\u{a0}% of the targets' size from the kernel prediction, above the {:.0}\u{a0}% we count as merged: with {name} at these settings the curves do not merge here.",
            thousands(WIDEST),
            100.0 * d,
            100.0 * MERGE_BELOW
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panels::wide::config::WIDTH_RANGE;

    #[test]
    fn the_guide_fits_its_curve_and_splits_at_three_quarters() {
        assert_eq!(
            [-0.55, -0.74, -0.76, -1.2, -0.1, 0.3, -1.4].map(nearest_guide),
            [Some(-0.5), Some(-0.5), Some(-1.0), Some(-1.0), None, None, None]
        );
        // Points exactly on 3·n^(−1): the fitted factor is 3.
        let points: Vec<(f64, f64)> = [64.0, 256.0, 1024.0].iter().map(|&w| (w, 3.0 / w)).collect();
        assert!((guide_through(&points, -1.0).unwrap() - 3.0).abs() < 1e-12);
        assert_eq!(guide_through(&[], -1.0), None);
        assert_eq!(
            (thousands(4096), thousands(64), thousands(1_234_567)),
            ("4,096".to_owned(), "64".to_owned(), "1,234,567".to_owned())
        );
        assert_eq!(WIDEST as f64, WIDTH_RANGE.1, "the widest net is the slider's top");
    }

    #[test]
    fn a_slope_far_from_both_guides_gets_none_and_says_so() {
        let widths = vec![16, 64, 256, 1024, 4096];
        let s = SweepSummary {
            rel_weight_change: widths.iter().map(|&w| 4.0 / (w as f64).sqrt()).collect(),
            rel_kernel_change: widths.iter().map(|&w| 0.01 * (w as f64).powf(-0.1)).collect(),
            net_vs_kernel: vec![0.1; 5],
            weight_slope: Some(-0.5),
            kernel_slope: Some(-0.1),
            widths,
        };
        let [w, k] = guides(&s);
        assert!((w.unwrap().c - 4.0).abs() < 1e-9 && w.unwrap().exponent == -0.5);
        assert_eq!(k, None);
        let text = slopes_text(Act::Relu, &s).unwrap();
        assert!(
            text.contains("far from both guides") && text.contains("follows neither rate"),
            "{text}"
        );
    }

    #[test]
    fn the_merge_sentence_says_merge_only_below_the_threshold() {
        assert!(
            merge_text(Act::Erf, Some(0.002)).contains("0.2\u{a0}%")
                && merge_text(Act::Erf, Some(0.002)).contains("curves merge")
        );
        let apart = merge_text(Act::Relu, Some(0.0285));
        assert!(
            apart.contains("2.9\u{a0}%") && apart.contains("do not merge"),
            "{apart}"
        );
        assert!(merge_text(Act::Erf, None).contains("diverged"));
    }
}
