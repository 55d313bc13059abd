//! Where a point's label goes: above and to the right of the point, or, where that would
//! cut it off at the plot's edge, left of it and below (below, so that it does not run into
//! the label of a point to its left on the same line, which sits above).

/// A label's anchor: the text's left or right end (`align_right`) at `x`, its baseline at `y`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    /// Horizontal anchor, pixels.
    pub x: f64,
    /// Baseline, pixels.
    pub y: f64,
    /// Whether `x` is the text's right end (the label sits left of the point).
    pub align_right: bool,
}

/// The label of `width` × `height` pixels for the point `at`, `gap` pixels away from it,
/// inside the plot `[left, right, top, bottom]` (pixels, y downwards).
pub fn place(at: (f64, f64), width: f64, height: f64, gap: f64, plot: [f64; 4]) -> Placement {
    let [_, right, top, bottom] = plot;
    let align_right = at.0 + gap + width > right;
    let x = if align_right { at.0 - gap } else { at.0 + gap };
    let fits_above = at.1 - gap - height >= top;
    let fits_below = at.1 + gap + height <= bottom;
    let below = if align_right {
        fits_below || !fits_above
    } else {
        !fits_above
    };
    let y = if below { at.1 + gap + height } else { at.1 - gap };
    Placement { x, y, align_right }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLOT: [f64; 4] = [40.0, 400.0, 10.0, 300.0];

    #[test]
    fn a_label_with_room_sits_above_and_right_of_its_point() {
        assert_eq!(
            place((100.0, 150.0), 80.0, 13.0, 9.0, PLOT),
            Placement {
                x: 109.0,
                y: 141.0,
                align_right: false
            }
        );
    }

    #[test]
    fn near_the_right_edge_the_label_ends_left_of_its_point_below_it_and_stays_inside() {
        // "✕ compromise" at the plot's right: drawn rightwards it would end at 479 px > 400.
        let p = place((390.0, 150.0), 80.0, 13.0, 9.0, PLOT);
        assert!(p.align_right);
        assert!(p.x - 80.0 >= PLOT[0] && p.x <= PLOT[1], "{p:?}");
        // Below the point: clear of a label above a point to its left on the same line.
        assert!(p.y - 13.0 > 150.0, "{p:?}");
        // In the bottom corner it goes above instead.
        let corner = place((390.0, 295.0), 80.0, 13.0, 9.0, PLOT);
        assert!(corner.y <= 295.0 && corner.y <= PLOT[3], "{corner:?}");
    }

    #[test]
    fn near_the_top_the_label_goes_below_its_point() {
        let p = place((100.0, 15.0), 80.0, 13.0, 9.0, PLOT);
        assert!(p.y - 13.0 >= PLOT[2], "{p:?}");
        assert!(p.y > 15.0);
    }
}
