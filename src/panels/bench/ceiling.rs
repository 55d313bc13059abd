//! The page's ceiling for dense f32 arithmetic, the yardstick of W5's GFLOP/s: C = A·B for
//! n × n matrices, 2n³ floating-point operations, written directly with WebAssembly SIMD
//! (`core::arch::wasm32` f32x4 intrinsics) in the SIMD build and as plain loops elsewhere.
//!
//! The SIMD kernel packs B into panels of 8 columns (panel p holds B[k][8p..8p+8] for
//! k = 0..n, contiguous) and computes C in 4 × 8 tiles: C[i+r][8p..8p+8] = Σ_k A[i+r][k]·
//! B[k][8p..8p+8], eight f32x4 sums held in registers across the loop over k, each step a
//! broadcast of A[i+r][k] times two vectors of the panel. simd128 has no fused
//! multiply–add, so each lane's step is a multiply and an add.

use serde::{Deserialize, Serialize};

/// The matrices' size n.
pub const N: usize = 256;
/// Timed groups of GROUP products (the fastest group counts: a ceiling).
pub const REPS: usize = 10;
/// Products per timed group (a product takes about a millisecond, and the page's clock
/// may tick only every 0.1 ms).
pub const GROUP: usize = 8;
/// Untimed groups first.
const WARMUP: usize = 3;

/// What the ceiling measured, in the JSON shape scripts/w5-bench.mjs reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ceiling {
    /// The matrices are n × n.
    pub n: usize,
    /// Timed groups of GROUP products.
    pub reps: usize,
    /// Milliseconds per product in the fastest group.
    pub best_ms: f64,
    /// 2n³ / best time, in 10⁹ floating-point operations per second.
    pub gflops: f64,
    /// Whether the SIMD kernel ran (the SIMD build) or the plain loops.
    pub simd: bool,
    /// Largest |C − C_plain| against the plain loops: the kernel computes the product.
    pub max_error: f32,
}

/// Whether this build has the SIMD kernel.
pub const SIMD: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// C = A·B, all n × n row-major (`packed`: scratch for B's panels). Never inlined: the
/// browser compiles a WebAssembly function with its optimising tier only for later calls
/// (a running call keeps its baseline code), so each product must be a call of its own.
#[inline(never)]
pub fn matmul(a: &[f32], b: &[f32], c: &mut [f32], n: usize, packed: &mut Vec<f32>) {
    assert!(
        a.len() == n * n && b.len() == n * n && c.len() == n * n,
        "n by n matrices"
    );
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if n % 8 == 0 {
        pack(b, n, packed);
        return simd::tiles(a, packed, c, n);
    }
    let _ = packed;
    plain(a, b, c, n);
}

/// C = A·B by plain loops in i, k, j order (row k of B streams into row i of C).
pub fn plain(a: &[f32], b: &[f32], c: &mut [f32], n: usize) {
    for (a_row, c_row) in a.chunks_exact(n).zip(c.chunks_exact_mut(n)) {
        c_row.fill(0.0);
        for (&aik, b_row) in a_row.iter().zip(b.chunks_exact(n)) {
            for (cij, &bkj) in c_row.iter_mut().zip(b_row) {
                *cij += aik * bkj;
            }
        }
    }
}

/// B's panels of 8 columns: packed[(p·n + k)·8 + j] = B[k][8p + j].
pub fn pack(b: &[f32], n: usize, packed: &mut Vec<f32>) {
    packed.clear();
    for p in 0..n / 8 {
        for row in b.chunks_exact(n) {
            packed.extend_from_slice(&row[8 * p..8 * p + 8]);
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

    /// The 4 × 8 tiles of C from A and B's panels (n a multiple of 8).
    pub fn tiles(a: &[f32], packed: &[f32], c: &mut [f32], n: usize) {
        assert!(n % 8 == 0 && a.len() == n * n && packed.len() == n * n && c.len() == n * n);
        for p in 0..n / 8 {
            let panel = packed[p * 8 * n..].as_ptr();
            for i in (0..n).step_by(4) {
                let rows = [0, 1, 2, 3].map(|r| a[(i + r) * n..].as_ptr());
                let zero = f32x4_splat(0.0);
                let mut acc = [zero; 8];
                let [mut c00, mut c01, mut c10, mut c11, mut c20, mut c21, mut c30, mut c31] = acc;
                for k in 0..n {
                    // SAFETY: k < n, so 8k + 7 < 8n (the panel's length from `panel`) and
                    // each row pointer reads its row's entry k (the asserts above).
                    unsafe {
                        let b0 = v128_load(panel.add(8 * k) as *const v128);
                        let b1 = v128_load(panel.add(8 * k + 4) as *const v128);
                        let a0 = f32x4_splat(*rows[0].add(k));
                        c00 = f32x4_add(c00, f32x4_mul(a0, b0));
                        c01 = f32x4_add(c01, f32x4_mul(a0, b1));
                        let a1 = f32x4_splat(*rows[1].add(k));
                        c10 = f32x4_add(c10, f32x4_mul(a1, b0));
                        c11 = f32x4_add(c11, f32x4_mul(a1, b1));
                        let a2 = f32x4_splat(*rows[2].add(k));
                        c20 = f32x4_add(c20, f32x4_mul(a2, b0));
                        c21 = f32x4_add(c21, f32x4_mul(a2, b1));
                        let a3 = f32x4_splat(*rows[3].add(k));
                        c30 = f32x4_add(c30, f32x4_mul(a3, b0));
                        c31 = f32x4_add(c31, f32x4_mul(a3, b1));
                    }
                }
                acc = [c00, c01, c10, c11, c20, c21, c30, c31];
                for (r, pair) in acc.chunks_exact(2).enumerate() {
                    let out = &mut c[(i + r) * n + 8 * p..(i + r) * n + 8 * p + 8];
                    // SAFETY: `out` holds 8 floats, two unaligned v128 stores.
                    unsafe {
                        v128_store(out.as_mut_ptr() as *mut v128, pair[0]);
                        v128_store(out.as_mut_ptr().add(4) as *mut v128, pair[1]);
                    }
                }
            }
        }
    }
}

/// Times REPS groups of GROUP products of N × N matrices after WARMUP untimed groups, by
/// `now` (a clock in ms), and checks the last product against the plain loops.
pub fn measure(now: &mut dyn FnMut() -> f64) -> Ceiling {
    // Entries in [−1, 1] from a fixed pattern: the values do not change the speed.
    let fill = |s: f32| -> Vec<f32> { (0..N * N).map(|k| (k as f32 * s).sin()).collect() };
    let (a, b) = (fill(0.37), fill(0.11));
    let (mut c, mut packed) = (vec![0.0; N * N], Vec::with_capacity(N * N));
    let mut best = f64::INFINITY;
    for rep in 0..WARMUP + REPS {
        let t0 = now();
        for _ in 0..GROUP {
            matmul(&a, &b, &mut c, N, &mut packed);
        }
        let ms = (now() - t0) / GROUP as f64;
        if rep >= WARMUP {
            best = best.min(ms);
        }
    }
    let mut check = vec![0.0; N * N];
    plain(&a, &b, &mut check, N);
    let max_error = c.iter().zip(&check).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
    Ceiling {
        n: N,
        reps: REPS,
        best_ms: best,
        gflops: 2.0 * (N * N * N) as f64 / best / 1e6,
        simd: SIMD,
        max_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_product_and_the_panels_are_right() {
        let n = 16;
        let a: Vec<f32> = (0..n * n).map(|k| (k % 7) as f32 - 3.0).collect();
        let b: Vec<f32> = (0..n * n).map(|k| (k % 5) as f32 * 0.5).collect();
        let (mut c, mut packed) = (vec![9.0; n * n], Vec::new());
        matmul(&a, &b, &mut c, n, &mut packed);
        for i in 0..n {
            for j in 0..n {
                let want: f32 = (0..n).map(|k| a[i * n + k] * b[k * n + j]).sum();
                assert_eq!(c[i * n + j], want, "C[{i}][{j}]");
            }
        }
        pack(&b, n, &mut packed);
        assert_eq!(packed.len(), n * n);
        assert_eq!(packed[(n + 3) * 8 + 5], b[3 * n + 8 + 5], "panel 1, row 3, column 13");
    }

    #[test]
    fn measure_counts_two_n_cubed_over_the_fastest_product() {
        // A clock that advances 1 ms per reading: every group takes 1 ms.
        let mut t = 0.0;
        let ceiling = measure(&mut || {
            t += 1.0;
            t
        });
        assert_eq!(
            (ceiling.best_ms, ceiling.n, ceiling.simd),
            (1.0 / GROUP as f64, N, false)
        );
        assert!((ceiling.gflops - 2.0 * 256f64.powi(3) * GROUP as f64 / 1e6).abs() < 1e-9);
        assert!(ceiling.max_error < 1e-3, "{}", ceiling.max_error);
    }
}
