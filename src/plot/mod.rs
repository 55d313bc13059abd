//! Pure plotting helpers: sampling a loss onto a grid, colouring it with a perceptually
//! uniform colour map, iso-lines, and the map between data and pixel coordinates. The
//! `canvas` submodule (wasm only) puts these on an HTML canvas.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod canvas;
pub mod describe;
pub mod label;
pub mod palette;

use crate::engine::surface::Surface;

/// A function sampled on an n × n grid over a window, row 0 at the top (largest w₂).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Grid size n.
    pub n: usize,
    /// The window [w₁ min, w₁ max, w₂ min, w₂ max].
    pub domain: [f32; 4],
    /// n² values, row-major.
    pub values: Vec<f32>,
}

impl Field {
    /// Samples L(w − shift) at the centres of an n × n grid over `domain`.
    pub fn sample(surface: &Surface, domain: [f32; 4], n: usize, shift: [f32; 2]) -> Field {
        let [x0, x1, y0, y1] = domain;
        let mut values = Vec::with_capacity(n * n);
        for row in 0..n {
            let w2 = y1 - (y1 - y0) * (row as f32 + 0.5) / n as f32;
            for col in 0..n {
                let w1 = x0 + (x1 - x0) * (col as f32 + 0.5) / n as f32;
                values.push(surface.value([w1 - shift[0], w2 - shift[1]]));
            }
        }
        Field { n, domain, values }
    }

    /// Smallest and largest finite value.
    pub fn range(&self) -> (f32, f32) {
        self.values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            })
    }

    /// How high v sits in the field, in [0, 1], on a logarithmic scale above the minimum
    /// (t = log(1 + (v − min)/s) / log(1 + (max − min)/s) with s = (max − min)/200), so
    /// the shape of low, flat regions stays visible next to steep walls.
    pub fn level(&self, v: f32, (lo, hi): (f32, f32)) -> f32 {
        let s = ((hi - lo) / 200.0).max(f32::MIN_POSITIVE);
        ((1.0 + (v - lo).max(0.0) / s).ln() / (1.0 + (hi - lo) / s).ln()).clamp(0.0, 1.0)
    }

    /// RGBA pixels (n × n) coloured with viridis: low loss dark, high loss yellow. The
    /// colour map is read from a table of 1,024 steps (an 8-bit channel cannot show finer
    /// ones), not evaluated per pixel.
    pub fn rgba(&self) -> Vec<u8> {
        const STEPS: usize = 1024;
        let table: Vec<[u8; 4]> = (0..STEPS)
            .map(|k| {
                let c = colorous::VIRIDIS.eval_continuous(k as f64 / (STEPS - 1) as f64);
                [c.r, c.g, c.b, 255]
            })
            .collect();
        let range = self.range();
        self.values
            .iter()
            .flat_map(|&v| table[(self.level(v, range) * (STEPS - 1) as f32).round() as usize])
            .collect()
    }

    /// Iso-lines at `count` levels evenly spaced on the same log scale as `rgba`, as
    /// polylines in data coordinates.
    pub fn contours(&self, count: usize) -> Vec<Vec<[f32; 2]>> {
        let (lo, hi) = self.range();
        let s = ((hi - lo) / 200.0).max(f32::MIN_POSITIVE);
        let top = (1.0 + (hi - lo) / s).ln();
        let thresholds: Vec<f32> = (1..=count)
            .map(|k| lo + s * ((top * k as f32 / (count + 1) as f32).exp() - 1.0))
            .collect();
        self.iso_lines(&thresholds)
    }

    /// Iso-lines {w : value(w) = τ} for each threshold τ, as polylines in data coordinates
    /// (marching squares, the `contour` crate).
    pub fn iso_lines(&self, thresholds: &[f32]) -> Vec<Vec<[f32; 2]>> {
        let [x0, x1, y0, y1] = self.domain;
        let step = [(x1 - x0) / self.n as f32, (y1 - y0) / self.n as f32];
        // Grid row r is at w₂ = y1 − (r + ½)·step, so the builder's y step is negative.
        let builder = contour::ContourBuilder::new(self.n, self.n, true)
            .x_origin(x0 + 0.5 * step[0])
            .x_step(step[0])
            .y_origin(y1 - 0.5 * step[1])
            .y_step(-step[1]);
        let Ok(lines) = builder.lines(&self.values, thresholds) else {
            return Vec::new();
        };
        // The builder closes rings along the window's edge; keep only the true iso-lines
        // by cutting each ring where it runs along the edge.
        let (lo_x, hi_x) = (x0 + 0.5 * step[0] + 1e-4 * step[0], x1 - 0.5 * step[0] - 1e-4 * step[0]);
        let (lo_y, hi_y) = (y0 + 0.5 * step[1] + 1e-4 * step[1], y1 - 0.5 * step[1] - 1e-4 * step[1]);
        let interior = |p: &[f32; 2]| p[0] > lo_x && p[0] < hi_x && p[1] > lo_y && p[1] < hi_y;
        let mut paths = Vec::new();
        for line in &lines {
            for ring in &line.geometry().0 {
                let mut current: Vec<[f32; 2]> = Vec::new();
                for c in &ring.0 {
                    let p = [c.x, c.y];
                    if interior(&p) {
                        current.push(p);
                    } else if current.len() > 1 {
                        paths.push(std::mem::take(&mut current));
                    } else {
                        current.clear();
                    }
                }
                if current.len() > 1 {
                    paths.push(current);
                }
            }
        }
        paths
    }
}

/// The affine map between a data window and a pixel rectangle (y grows downwards in
/// pixels, upwards in data).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Data window [w₁ min, w₁ max, w₂ min, w₂ max].
    pub domain: [f32; 4],
    /// Pixel rectangle [left, right, top, bottom].
    pub pixels: [f64; 4],
}

impl Frame {
    /// Pixel position of data point w.
    pub fn to_pixels(&self, w: [f32; 2]) -> (f64, f64) {
        let [x0, x1, y0, y1] = self.domain.map(f64::from);
        let [l, r, t, b] = self.pixels;
        (
            l + (f64::from(w[0]) - x0) / (x1 - x0) * (r - l),
            t + (y1 - f64::from(w[1])) / (y1 - y0) * (b - t),
        )
    }

    /// The same frame with its pixel rectangle scaled by `k` (CSS pixels × device pixel
    /// ratio = backing-store pixels).
    pub fn scaled(&self, k: f64) -> Frame {
        Frame {
            pixels: self.pixels.map(|p| p * k),
            ..*self
        }
    }

    /// Data point at pixel (x, y), clamped to the window.
    pub fn to_data(&self, x: f64, y: f64) -> [f32; 2] {
        let [x0, x1, y0, y1] = self.domain;
        let [l, r, t, b] = self.pixels;
        let u = ((x - l) / (r - l)).clamp(0.0, 1.0) as f32;
        let v = ((y - t) / (b - t)).clamp(0.0, 1.0) as f32;
        [x0 + u * (x1 - x0), y1 - v * (y1 - y0)]
    }
}

/// The indices 0..n in the order `before` sorts them (stably: ties keep their order).
/// Every figure that orders its marks sorts through this one function, by binary
/// insertion (a few hundred marks at most), so the page links no sort of its own beside
/// the one plotters brings (each differently typed sort costs the download about 3 KB).
pub fn order(n: usize, before: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        let at = order.partition_point(|&j| before(j, i).is_le());
        order.insert(at, i);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::surface::{Basins, Bowl};

    fn bowl() -> Surface {
        Surface::Basins(Basins {
            bowls: vec![Bowl {
                centre: [0.0, 0.0],
                curvature: 2.0,
                floor: 0.0,
            }],
            softness: 0.02,
        })
    }

    #[test]
    fn frame_round_trips_and_flips_y() {
        let f = Frame {
            domain: [-1.0, 1.0, -2.0, 2.0],
            pixels: [10.0, 110.0, 20.0, 220.0],
        };
        assert_eq!(f.to_pixels([-1.0, 2.0]), (10.0, 20.0));
        assert_eq!(f.to_pixels([1.0, -2.0]), (110.0, 220.0));
        let (x, y) = f.to_pixels([0.25, -0.5]);
        let back = f.to_data(x, y);
        assert!((back[0] - 0.25).abs() < 1e-6 && (back[1] + 0.5).abs() < 1e-6);
        assert_eq!(f.to_data(-50.0, 1e9), [-1.0, -2.0], "clamped to the window");
    }

    #[test]
    fn order_sorts_indices_by_the_comparison() {
        let keys = [3.0f32, -1.0, 2.0, -1.0];
        let by_key = order(4, &|i, j| keys[i].total_cmp(&keys[j]).then(i.cmp(&j)));
        assert_eq!(by_key, vec![1, 3, 2, 0]);
        assert!(order(0, &|i, j| i.cmp(&j)).is_empty());
        // Ties keep their order; the result is the library's stable sort's.
        let keys: Vec<u32> = (0..200u32).map(|k| (k * 7919) % 13).collect();
        let mut expected: Vec<usize> = (0..keys.len()).collect();
        expected.sort_by_key(|&i| keys[i]);
        assert_eq!(order(keys.len(), &|i, j| keys[i].cmp(&keys[j])), expected);
    }

    #[test]
    fn field_is_darkest_at_the_minimum() {
        let field = Field::sample(&bowl(), [-1.0, 1.0, -1.0, 1.0], 21, [0.0, 0.0]);
        let rgba = field.rgba();
        let brightness = |i: usize| rgba[4 * i] as u32 + rgba[4 * i + 1] as u32 + rgba[4 * i + 2] as u32;
        let centre = 10 * 21 + 10;
        assert!((0..21 * 21).all(|i| brightness(i) >= brightness(centre)));
        assert!(brightness(0) > brightness(centre) + 200);
    }

    #[test]
    fn the_colour_table_matches_viridis_to_within_one_step_of_a_channel() {
        let field = Field::sample(&bowl(), [-1.0, 1.0, -1.0, 1.0], 50, [0.0, 0.0]);
        let (rgba, range) = (field.rgba(), field.range());
        for (i, &v) in field.values.iter().enumerate() {
            let c = colorous::VIRIDIS.eval_continuous(f64::from(field.level(v, range)));
            for (got, want) in rgba[4 * i..4 * i + 3].iter().zip([c.r, c.g, c.b]) {
                assert!(got.abs_diff(want) <= 1, "pixel {i}: {got} vs {want}");
            }
            assert_eq!(rgba[4 * i + 3], 255);
        }
    }

    #[test]
    fn contours_of_a_bowl_are_circles_around_its_centre() {
        let field = Field::sample(&bowl(), [-1.0, 1.0, -1.0, 1.0], 60, [0.0, 0.0]);
        let lines = field.contours(4);
        assert!(!lines.is_empty());
        for line in &lines {
            let radii: Vec<f32> = line.iter().map(|p| (p[0] * p[0] + p[1] * p[1]).sqrt()).collect();
            let (lo, hi) = radii.iter().fold((f32::MAX, 0.0f32), |(a, b), &r| (a.min(r), b.max(r)));
            assert!(hi - lo < 0.05, "not a circle: radii {lo}..{hi}");
        }
    }
}
