//! The loss-surface figure in words, its text alternative: where gradient descent's and
//! SAM's paths end as the figure shows them (after every step, or after the steps shown
//! in step mode), near which named minimum, and at what loss; and in step mode, SAM's
//! ascent point against the exact worst point of its ρ-circle. Pure, host-tested.

use super::surfaces::Preset;
use crate::engine::landscape::{SamStep, Trajectory};
use crate::engine::surface::Surface;
use crate::plot::describe::num;
use crate::tex_html;

/// Where one path ends in the figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct End {
    /// The last point shown.
    pub at: [f32; 2],
    /// The training loss there.
    pub loss: f32,
    /// The named minimum it lies near (index into the preset's minima), if any.
    pub minimum: Option<usize>,
    /// The step at which it left the plot, when all steps are shown and it did.
    pub left_at: Option<usize>,
}

/// How near a named minimum an end point must lie to be said to be in it: 5 % of the
/// plotted window's larger side.
fn tolerance(p: &Preset) -> f32 {
    let [x0, x1, y0, y1] = p.domain;
    0.05 * (x1 - x0).max(y1 - y0)
}

/// The end of path `t` as the figure shows it, with `step` the steps shown in step mode.
pub fn end_of(p: &Preset, t: &Trajectory, step: Option<usize>) -> End {
    let shown = step.map_or(t.points.len(), |k| (k + 1).min(t.points.len()));
    let at = t.points[shown - 1];
    let distance = |m: [f32; 2]| (m[0] - at[0]).hypot(m[1] - at[1]);
    let minimum = p
        .minima
        .iter()
        .enumerate()
        .map(|(k, m)| (k, distance(m.0)))
        .filter(|m| m.1 <= tolerance(p))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|m| m.0);
    End {
        at,
        loss: p.surface.value(at),
        minimum,
        left_at: t.left_at.filter(|_| step.is_none()),
    }
}

/// "the flat minimum", "the minimum", "the minimum with w₁, w₂ > 0", "the flattest (w₁ = 0)
/// minimum": a preset's name for a minimum in a sentence.
fn minimum_phrase(name: &str) -> String {
    if name == "minimum" {
        "the minimum".to_owned()
    } else if name.starts_with('w') {
        format!("the minimum with {name}")
    } else {
        format!("the {name} minimum")
    }
}

/// A loss in words: rounding residues below 10⁻⁶ read as 0.
fn loss(l: f32) -> String {
    num(if l.abs() < 1e-6 { 0.0 } else { l.into() })
}

/// Where a path ends, after its name: "ends in the flat minimum, loss 0.0512".
fn ending(p: &Preset, e: &End) -> String {
    if let Some(k) = e.left_at {
        return format!("leaves the plot at step {k}");
    }
    let place = match e.minimum {
        Some(k) => format!("in {}", minimum_phrase(p.minima[k].1)),
        None => format!("at ({}, {}), away from the marked minima", num(e.at[0].into()), num(e.at[1].into())),
    };
    format!("ends {place}, loss {}", loss(e.loss))
}

/// The figure's text alternative.
pub fn describe(p: &Preset, start: [f32; 2], gd: &End, sam: &End, step: Option<usize>) -> String {
    let when = step.map_or(String::new(), |k| format!(" after {k} steps"));
    let from = format!("({}, {})", num(start[0].into()), num(start[1].into()));
    let paths = if gd.minimum.is_some() && gd.minimum == sam.minimum && gd.left_at.is_none() && sam.left_at.is_none() {
        let k = gd.minimum.unwrap_or(0);
        format!(
            "SAM and gradient descent both end in {}{when}, SAM at loss {}, gradient descent at {}",
            minimum_phrase(p.minima[k].1),
            loss(sam.loss),
            loss(gd.loss)
        )
    } else {
        format!("SAM {}{when}; gradient descent {}", ending(p, sam), ending(p, gd))
    };
    format!("Loss surface “{}” with both paths from the start {from}: {paths}.", p.title)
}

/// In step mode: SAM's ascent point w + ε (the worst point of the loss linearised at w)
/// against the exact worst point w + ε* of the circle ‖ε‖ = ρ.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct WorstGap {
    /// The angle between ε and ε*, in degrees; `None` where ε is zero (∇L(w) = 0 or ρ = 0).
    pub angle_deg: Option<f32>,
    /// L(w + ε).
    pub sam_loss: f32,
    /// L(w + ε*).
    pub worst_loss: f32,
}

/// The gap at w, from SAM's step `s` there.
pub fn worst_gap(surface: &Surface, w: [f32; 2], s: &SamStep) -> WorstGap {
    WorstGap {
        angle_deg: s.angle_to_worst(w).map(f32::to_degrees),
        sam_loss: surface.value(s.ascent_point),
        worst_loss: surface.value(s.worst_point),
    }
}

/// Step mode's line under the figure (HTML with MathML): the angle between SAM's ε and the
/// exact worst point, and the loss at both, after `step` steps with radius `rho`.
pub fn worst_sentence(g: &WorstGap, step: usize, rho: f32) -> String {
    let at = match step {
        0 => "At the start:".to_owned(),
        1 => "After 1 step:".to_owned(),
        k => format!("After {k} steps:"),
    };
    match g.angle_deg {
        _ if rho <= 0.0 => tex_html!(r"\slot with $\rho = 0$ there is no circle, and SAM is gradient descent.", at),
        None => tex_html!(
            r"\slot $\nabla L = 0$ here, so SAM's $\varepsilon$ is zero and SAM does not move; the exact worst point of the $\rho$-circle has loss \slot.",
            at,
            loss(g.worst_loss)
        ),
        Some(angle) => tex_html!(
            r"\slot SAM's $\varepsilon$ (linearised) is \slot° from the exact worst point of the $\rho$-circle. Loss at $w + \varepsilon$: \slot; at the exact worst point: \slot.",
            at,
            format_args!("{angle:.1}"),
            loss(g.sam_loss),
            loss(g.worst_loss)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::landscape::trajectory;
    use crate::panels::sam::config::{preset_named, SamConfig};

    fn ends(key: &str, lr: f32, rho: f32, step: Option<usize>) -> (Preset, [f32; 2], End, End) {
        let p = preset_named(key);
        let c = SamConfig {
            lr,
            rho,
            ..SamConfig::defaults(&p)
        };
        let run = c.run(p.surface.data_len().is_some());
        let start = [c.x0, c.y0];
        let [gd, sam] = [false, true].map(|s| end_of(&p, &trajectory(&p.surface, p.domain, start, run, s), step));
        (p, start, gd, sam)
    }

    #[test]
    fn the_bounce_puts_sam_in_the_flat_minimum_and_gd_in_the_sharp_one() {
        let (p, start, gd, sam) = ends("wells", 0.06, 0.05, None);
        assert_eq!(p.minima[gd.minimum.unwrap()].1, "sharp");
        assert_eq!(p.minima[sam.minimum.unwrap()].1, "flat");
        let text = describe(&p, start, &gd, &sam, None);
        assert!(text.contains("SAM ends in the flat minimum, loss "), "{text}");
        assert!(text.contains("gradient descent ends in the sharp minimum, loss "), "{text}");
        // The losses stated are the surface's at the end points.
        assert!(text.contains(&format!("loss {}", loss(p.surface.value(sam.at)))), "{text}");
        assert!(text.contains(&format!("loss {}", loss(p.surface.value(gd.at)))), "{text}");
        assert!(p.surface.value(sam.at) > 0.01, "the flat minimum's loss is not zero");
        assert_eq!(loss(2.7e-13), "0");
        assert!(text.starts_with("Loss surface “Sharp and flat minimum” with both paths from the start (−0.8, 0.6)"), "{text}");
    }

    #[test]
    fn a_small_step_keeps_both_in_the_sharp_well() {
        let (p, start, gd, sam) = ends("wells", 0.01, 0.2, None);
        let text = describe(&p, start, &gd, &sam, None);
        assert!(text.contains("SAM and gradient descent both end in the sharp minimum"), "{text}");
    }

    #[test]
    fn in_step_mode_the_first_points_are_described() {
        let (p, start, gd, sam) = ends("wells", 0.06, 0.05, Some(0));
        // After no step both paths are at the start, near no minimum.
        assert_eq!(gd.at, start);
        assert_eq!(gd.minimum, None);
        let text = describe(&p, start, &gd, &sam, Some(0));
        assert!(text.contains("SAM ends at (−0.8, 0.6), away from the marked minima"), "{text}");
        assert!(text.contains(" after 0 steps"), "{text}");
    }

    #[test]
    fn a_path_that_leaves_the_plot_says_when() {
        let (p, start, gd, sam) = ends("wells", 2.0, 0.05, None);
        let k = gd.left_at.expect("η = 2 leaves the plot");
        let text = describe(&p, start, &gd, &sam, None);
        assert!(text.contains(&format!("gradient descent leaves the plot at step {k}")), "{text}");
    }

    #[test]
    fn step_mode_states_the_angle_and_both_losses() {
        use crate::engine::landscape::sam_step;
        let p = preset_named("wells");
        // One step into the default run: SAM's ε and the exact worst point part by about 56°.
        let w = [-0.376_360_45, 0.176_360_4];
        let s = sam_step(&p.surface, w, 0.06, 0.05);
        let g = worst_gap(&p.surface, w, &s);
        let angle = g.angle_deg.unwrap();
        assert!(angle > 30.0 && g.worst_loss > g.sam_loss, "{g:?}");
        let html = worst_sentence(&g, 1, 0.05);
        assert!(html.starts_with("After 1 step: SAM's "), "{html}");
        assert!(html.contains(&format!(" is {angle:.1}° from the exact worst point of the ")), "{html}");
        assert!(html.contains(&format!(" {}; at the exact worst point: {}.", loss(g.sam_loss), loss(g.worst_loss))), "{html}");
        assert!(html.contains("<math"), "{html}");
        // At a minimum there is no gradient, and with ρ = 0 no circle.
        let at_min = p.minima[0].0;
        let g = worst_gap(&p.surface, at_min, &sam_step(&p.surface, at_min, 0.06, 0.05));
        assert_eq!(g.angle_deg, None);
        let html = worst_sentence(&g, 4, 0.05);
        assert!(html.starts_with("After 4 steps: ") && html.contains(" here, so SAM's "), "{html}");
        let g = worst_gap(&p.surface, w, &sam_step(&p.surface, w, 0.06, 0.0));
        assert!(worst_sentence(&g, 0, 0.0).contains("there is no circle, and SAM is gradient descent"));
    }

    #[test]
    fn minimum_names_read_as_phrases() {
        assert_eq!(minimum_phrase("minimum"), "the minimum");
        assert_eq!(minimum_phrase("w₁, w₂ > 0"), "the minimum with w₁, w₂ > 0");
        assert_eq!(minimum_phrase("flattest (w₁ = 0)"), "the flattest (w₁ = 0) minimum");
    }
}
