//! The colours every figure shares, in one place (pure: CSS strings for the canvas and
//! RGB triples for plotters, see `plot::canvas::rgb`).

/// One colour, as RGB and as the CSS string of the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    /// Red, green, blue.
    pub rgb: (u8, u8, u8),
    /// `#rrggbb`.
    pub css: &'static str,
}

/// Text, outlines and markers.
pub const INK: Colour = Colour {
    rgb: (27, 36, 48),
    css: "#1b2430",
};

/// Axis labels and tick labels.
pub const AXIS_TEXT: Colour = Colour {
    rgb: (60, 70, 85),
    css: "#3c4655",
};

/// Light grid lines.
pub const GRID: Colour = Colour {
    rgb: (238, 240, 244),
    css: "#eef0f4",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_and_rgb_name_the_same_colour() {
        for c in [INK, AXIS_TEXT, GRID] {
            let (r, g, b) = c.rgb;
            assert_eq!(c.css, format!("#{r:02x}{g:02x}{b:02x}"));
        }
    }
}
