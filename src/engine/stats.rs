//! Statistics over a set of runs: Spearman's rank correlation and the projection of the
//! runs' functions onto their first two principal components.

use nalgebra::DMatrix;

/// Projects vectors (one per run, e.g. probe outputs) onto their first two principal
/// components: rows of the centred matrix X are mapped to X·[v₁ v₂] with v₁, v₂ the top
/// right singular vectors. Working in function space makes this immune to the
/// permutation symmetry of hidden units.
pub fn principal_plane(rows: &[Vec<f32>]) -> Vec<[f32; 2]> {
    let (n, d) = (rows.len(), rows.first().map_or(0, Vec::len));
    if n < 2 || d < 2 {
        return vec![[0.0, 0.0]; n];
    }
    let mean: Vec<f64> = (0..d)
        .map(|j| rows.iter().map(|r| f64::from(r[j])).sum::<f64>() / n as f64)
        .collect();
    let x = DMatrix::from_fn(n, d, |i, j| f64::from(rows[i][j]) - mean[j]);
    let svd = x.clone().svd(false, true);
    let Some(vt) = svd.v_t else { return vec![[0.0, 0.0]; n] };
    // Singular values come sorted in decreasing order.
    let projected = x * vt.rows(0, 2).transpose();
    (0..n)
        .map(|i| [projected[(i, 0)] as f32, projected[(i, 1)] as f32])
        .collect()
}

/// Spearman's rank correlation of two samples (ties get their average rank).
pub fn spearman(a: &[f32], b: &[f32]) -> f32 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let mean = (n + 1.0) / 2.0;
    let (mut num, mut da, mut db) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        num += (x - mean) * (y - mean);
        da += (x - mean).powi(2);
        db += (y - mean).powi(2);
    }
    if da == 0.0 || db == 0.0 {
        0.0
    } else {
        (num / (da * db).sqrt()) as f32
    }
}

/// Ranks 1..n, ties averaged.
fn ranks(v: &[f32]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
    let mut out = vec![0.0; v.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && v[order[end + 1]] == v[order[start]] {
            end += 1;
        }
        let rank = (start + end) as f64 / 2.0 + 1.0;
        for &i in &order[start..=end] {
            out[i] = rank;
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_monotone_and_reversed_samples() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((spearman(&a, &[2.0, 4.0, 8.0, 16.0, 32.0]) - 1.0).abs() < 1e-6);
        assert!((spearman(&a, &[5.0, 4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-6);
        // A hand-computed case with one tie: ranks (1, 2.5, 2.5, 4) vs (1, 3, 2, 4).
        let rho = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]);
        assert!((rho - 4.5 / (4.5f32 * 5.0).sqrt()).abs() < 1e-6, "{rho}");
    }

    #[test]
    fn principal_plane_finds_the_spread_direction() {
        // Points along (1, 1, 0) with small noise in the third coordinate: the first
        // coordinate of the projection orders them as t does.
        let rows: Vec<Vec<f32>> = (0..10)
            .map(|t| vec![t as f32, t as f32, 0.01 * ((t * 7) % 3) as f32])
            .collect();
        let plane = principal_plane(&rows);
        let first: Vec<f32> = plane.iter().map(|p| p[0]).collect();
        let t: Vec<f32> = (0..10).map(|t| t as f32).collect();
        assert!(spearman(&first, &t).abs() > 0.999);
        assert!(plane.iter().all(|p| p[1].abs() < 0.05));
    }
}
