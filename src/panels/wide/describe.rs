//! The wide panel's prior figure in words, its text alternative: how many random nets'
//! functions it draws and how many of their values stay inside the Gaussian process's
//! ±2σ band, from the same arrays the figure draws. Pure, host-tested.

use crate::plot::describe::{num, percent};

/// The sample functions over `grid` against the band ±`band` (2√K(x, x) at each point).
pub fn samples(grid: &[f64], band: &[f32], samples: &[Vec<f32>]) -> String {
    let (Some(&lo), Some(&hi)) = (grid.first(), grid.last()) else {
        return "No random nets drawn yet.".to_owned();
    };
    let values = samples.iter().flat_map(|s| s.iter().zip(band));
    let total = values.clone().count();
    let inside = values.filter(|(v, b)| v.abs() <= **b).count();
    let widest = band.iter().copied().fold(0.0f32, f32::max);
    let narrowest = band.iter().copied().fold(f32::INFINITY, f32::min);
    format!(
        "{} random nets' functions over x from {} to {}: {} of their values lie inside the shaded ±2σ band of the \
         Gaussian process, whose half-width runs from {} to {}.",
        samples.len(),
        num(lo),
        num(hi),
        percent(inside as f64 / total.max(1) as f64),
        num(narrowest.into()),
        num(widest.into())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panels::wide::jobs::the_grid;

    #[test]
    fn the_share_inside_the_band_is_counted() {
        let grid = the_grid();
        let band = vec![1.0f32; grid.len()];
        let half = grid.len() / 2;
        // One function inside everywhere, one outside on half of the grid.
        let a = vec![0.5f32; grid.len()];
        let b: Vec<f32> = (0..grid.len()).map(|g| if g < half { 2.0 } else { -0.5 }).collect();
        let text = samples(&grid, &band, &[a, b]);
        let share = (2 * grid.len() - half) as f64 / (2 * grid.len()) as f64;
        assert_eq!(
            text,
            format!(
                "2 random nets' functions over x from −1.5 to 1.5: {} of their values lie inside the shaded ±2σ band of \
                 the Gaussian process, whose half-width runs from 1 to 1.",
                percent(share)
            )
        );
        assert_eq!(samples(&[], &[], &[]), "No random nets drawn yet.");
    }
}
