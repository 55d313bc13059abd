//! Colours of the matrix heatmaps: a diverging map, blue for negative entries, white for
//! zero, red for positive, symmetric about zero so that equal entries look equal in every
//! heatmap of one problem; and the colours of the three models and the reference.

use crate::plot::palette::Colour;

/// Depth 1, depth 2 and the deepest model (Okabe–Ito: blue, orange, bluish green).
pub const MODEL_COLOURS: [Colour; 3] = [
    Colour { rgb: (0, 114, 178), css: "#0072b2" },
    Colour { rgb: (230, 159, 0), css: "#e69f00" },
    Colour { rgb: (0, 158, 115), css: "#009e73" },
];

/// The minimum nuclear norm completion (reddish purple).
pub const NUCLEAR_COLOUR: Colour = Colour { rgb: (204, 121, 167), css: "#cc79a7" };

/// The colour of value `v` on a scale whose ends are ±`limit`, as `rgb(r,g,b)`.
pub fn diverging(v: f64, limit: f64) -> String {
    let (r, g, b) = diverging_rgb(v, limit);
    format!("rgb({r},{g},{b})")
}

/// The colour of `v` on ±`limit` as RGB: white at 0, #2166ac at −limit, #b2182b at +limit.
pub fn diverging_rgb(v: f64, limit: f64) -> (u8, u8, u8) {
    let t = if limit > 0.0 { (v / limit).clamp(-1.0, 1.0) } else { 0.0 };
    let end = if t < 0.0 { (33.0, 102.0, 172.0) } else { (178.0, 24.0, 43.0) };
    let a = t.abs();
    let mix = |e: f64| (255.0 + (e - 255.0) * a).round() as u8;
    (mix(end.0), mix(end.1), mix(end.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_white_the_ends_are_blue_and_red_and_beyond_is_clamped() {
        assert_eq!(diverging_rgb(0.0, 2.0), (255, 255, 255));
        assert_eq!(diverging_rgb(-2.0, 2.0), (33, 102, 172));
        assert_eq!(diverging_rgb(5.0, 2.0), (178, 24, 43));
        assert_eq!(diverging(1.0, 0.0), "rgb(255,255,255)");
        let (r, _, b) = diverging_rgb(1.0, 2.0);
        assert!(r > b);
        for c in MODEL_COLOURS.iter().chain([&NUCLEAR_COLOUR]) {
            let (r, g, b) = c.rgb;
            assert_eq!(c.css, format!("#{r:02x}{g:02x}{b:02x}"));
        }
    }
}
