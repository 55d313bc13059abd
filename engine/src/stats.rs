//! Statistics over a set of runs: Spearman's rank correlation and the projection of the
//! runs' functions onto their first two principal components.

/// Projects vectors (one per run, e.g. probe outputs) onto their first two principal
/// components: rows of the centred matrix X are mapped to X·[v₁ v₂], where v₁, v₂ are
/// the top eigenvectors of XᵀX, found by subspace iteration V ← orth(XᵀX·V) (Golub & Van
/// Loan §8.2.4). That costs O(n·d) per sweep instead of a full SVD, so the page can redo
/// it while results stream in. Working in function space makes the map immune to the
/// permutation symmetry of hidden units. Signs are fixed so that each axis points
/// towards the mean function, which keeps the picture steady as runs are added.
pub fn principal_plane(rows: &[Vec<f32>]) -> Vec<[f32; 2]> {
    let (n, d) = (rows.len(), rows.first().map_or(0, Vec::len));
    if n < 2 || d < 2 {
        return vec![[0.0, 0.0]; n];
    }
    // Plain loops over two columns rather than nalgebra's general matrix product: the
    // restarts page runs this and would otherwise download the product's code for it.
    let mean: Vec<f64> = (0..d)
        .map(|j| rows.iter().map(|r| f64::from(r[j])).sum::<f64>() / n as f64)
        .collect();
    let x: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| r.iter().zip(&mean).map(|(&v, m)| f64::from(v) - m).collect())
        .collect();
    // X·V: each row's coordinates on the two columns of V.
    let project = |v: &[Vec<f64>; 2]| -> Vec<[f64; 2]> { x.iter().map(|r| [dot(r, &v[0]), dot(r, &v[1])]).collect() };
    // A fixed, generic start: the fractional parts of two Weyl sequences.
    let mut v: [Vec<f64>; 2] = [0, 1].map(|k| {
        (0..d)
            .map(|j| ((j + 1) as f64 * (0.618_034 + 0.796_9 * k as f64)).fract() - 0.5)
            .collect()
    });
    for _ in 0..SWEEPS {
        // V ← orth(Xᵀ·(X·V)).
        let y = project(&v);
        let next = [0, 1].map(|k| {
            (0..d)
                .map(|j| x.iter().zip(&y).map(|(r, yi)| r[j] * yi[k]).sum())
                .collect()
        });
        v = orthonormal_columns(next);
    }
    for column in &mut v {
        if dot(column, &mean) < 0.0 {
            column.iter_mut().for_each(|c| *c = -*c);
        }
    }
    project(&v).into_iter().map(|p| [p[0] as f32, p[1] as f32]).collect()
}

/// Subspace-iteration sweeps: the error shrinks like (λ₃/λ₂)^SWEEPS.
const SWEEPS: usize = 60;

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Gram–Schmidt on two columns (a zero column stays zero).
fn orthonormal_columns([first, second]: [Vec<f64>; 2]) -> [Vec<f64>; 2] {
    let unit = |mut c: Vec<f64>| {
        let norm = dot(&c, &c).sqrt();
        if norm > 0.0 {
            c.iter_mut().for_each(|v| *v /= norm);
        }
        c
    };
    let first = unit(first);
    let along = dot(&first, &second);
    let second = unit(second.iter().zip(&first).map(|(s, f)| s - along * f).collect());
    [first, second]
}

/// Counts of `values` in `bins` equal bins over [lo, hi] (values outside are clamped
/// into the end bins; NaN is skipped).
pub fn histogram(values: impl IntoIterator<Item = f32>, lo: f32, hi: f32, bins: usize) -> Vec<usize> {
    let mut counts = vec![0; bins];
    for v in values.into_iter().filter(|v| !v.is_nan()) {
        counts[bin_of(v, lo, hi, bins)] += 1;
    }
    counts
}

/// The bin of value v in `bins` equal bins over [lo, hi], clamped to the ends.
pub fn bin_of(v: f32, lo: f32, hi: f32, bins: usize) -> usize {
    let t = ((v - lo) / (hi - lo) * bins as f32).floor();
    (t.max(0.0) as usize).min(bins - 1)
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

/// Mid-ranks 1..n, ties averaged: rank(vᵢ) = #{j : vⱼ < vᵢ} + (#{j : vⱼ = vᵢ} + 1)/2.
/// Counted directly (n² comparisons for the few hundred runs a panel ranks), which keeps
/// a sort's code out of the pages that show a correlation.
fn ranks(v: &[f32]) -> Vec<f64> {
    v.iter()
        .map(|x| {
            let below = v.iter().filter(|y| *y < x).count();
            let equal = v.iter().filter(|y| *y == x).count();
            below as f64 + (equal as f64 + 1.0) / 2.0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

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

    #[test]
    fn principal_plane_agrees_with_the_svd() {
        // Rows with a dominant, a middle and small directions (pseudo-random, fixed).
        let rows: Vec<Vec<f32>> = (0..40)
            .map(|i| {
                let (a, b) = (((i * 37) % 17) as f32 - 8.0, ((i * 11) % 7) as f32 - 3.0);
                (0..30)
                    .map(|j| a * ((j as f32) * 0.3).sin() + b * ((j as f32) * 0.7).cos() + 0.1 * (((i * j) % 5) as f32))
                    .collect()
            })
            .collect();
        let plane = principal_plane(&rows);
        let mean: Vec<f64> = (0..30)
            .map(|j| rows.iter().map(|r| f64::from(r[j])).sum::<f64>() / 40.0)
            .collect();
        let x = DMatrix::from_fn(40, 30, |i, j| f64::from(rows[i][j]) - mean[j]);
        let svd = x.clone().svd(false, true);
        let reference = x * svd.v_t.unwrap().rows(0, 2).transpose();
        for k in 0..2 {
            // Same axis up to sign.
            let dot: f64 = (0..40).map(|i| f64::from(plane[i][k]) * reference[(i, k)]).sum();
            let sign = dot.signum();
            for i in 0..40 {
                assert!(
                    (f64::from(plane[i][k]) - sign * reference[(i, k)]).abs() < 1e-3,
                    "axis {k}, row {i}"
                );
            }
        }
    }

    #[test]
    fn histogram_counts_clamps_and_skips_nan() {
        let counts = histogram([0.0, 0.05, 0.1, 0.55, 0.99, 1.0, 1.7, -3.0, f32::NAN], 0.0, 1.0, 10);
        assert_eq!(counts, vec![3, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
        assert_eq!(counts.iter().sum::<usize>(), 8);
    }
}
