//! Curvature of the training loss at a point w: the largest eigenvalue λ_max of the
//! Hessian H = ∇²L(w), a scale-aware variant, and the layer rescaling of Dinh et al. 2017
//! ("Sharp minima can generalize for deep nets") that changes λ_max but not the function.
//!
//! λ_max is found by power iteration, v ← Hv/‖Hv‖, on exact Hessian–vector products:
//! Hv is the derivative of the gradient along v, d/dt ∇L(w + tv) at t = 0, computed by
//! pushing that derivative (written R{·}) through the forward and backward passes
//! (Pearlmutter 1994, "Fast exact multiplication by the Hessian"). Exact matters for
//! ReLU networks, whose gradient jumps at every kink: a finite difference of the gradient
//! would measure those jumps, at a size set by the step, rather than the curvature.

use crate::activation::Activation;
use crate::data::Dataset;
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::train::param_norm;

/// Power-iteration sweeps at most.
pub const MAX_SWEEPS: usize = 30;
/// Stop once λ changes by less than this fraction between sweeps.
const TOLERANCE: f32 = 1e-3;

/// φ′ and φ″ at a hidden unit, from its output a = φ(z) (ReLU's kink counts as flat).
fn derivatives(act: Activation, a: f32) -> (f32, f32) {
    match act {
        // tanh′ = 1 − a², tanh″ = −2a(1 − a²).
        Activation::Tanh => (1.0 - a * a, -2.0 * a * (1.0 - a * a)),
        Activation::Relu => (if a > 0.0 { 1.0 } else { 0.0 }, 0.0),
        Activation::Linear => (1.0, 0.0),
    }
}

/// ℓ′ and ℓ″ of the loss at output f and label y.
fn loss_derivatives(loss: Loss, f: f32, y: f32) -> (f32, f32) {
    let d = loss.derivative(f, y);
    match loss {
        Loss::Mse => (d, 1.0),
        // ℓ′ = −y·σ(−yf), so σ(−yf) = −y·ℓ′ and ℓ″ = σ(−yf)·(1 − σ(−yf)) (y² = 1).
        Loss::Logistic => {
            let s = -y * d;
            (d, s * (1.0 - s))
        }
    }
}

/// Hv for the mean loss over `data` at w, written into `out`. Per example, with layer l
/// mapping a to z = Wᵀa + b, the forward pass carries R{z} = Vᵀa + WᵀR{a} + V_b and
/// R{a} = φ′(z)·R{z}; the backward pass carries R{δ} from R{δ_L} = ℓ″·R{f} through
/// R{δ_prev} = (V δ + W R{δ}) ⊙ φ′ + (W δ) ⊙ φ″ ⊙ R{z}, and R{∂L/∂W} = R{a} δᵀ + a R{δ}ᵀ.
pub fn hessian_vector(mlp: &Mlp, w: &[f32], v: &[f32], data: &Dataset, loss: Loss, out: &mut [f32]) {
    let depth = mlp.depth();
    let widths = &mlp.widths;
    // Offsets of each layer's W and b in the flat vector.
    let mut offsets = Vec::with_capacity(depth);
    let mut at = 0;
    for l in 0..depth {
        offsets.push((at, at + widths[l] * widths[l + 1]));
        at += (widths[l] + 1) * widths[l + 1];
    }
    out.fill(0.0);
    let inv_n = 1.0 / data.len().max(1) as f32;
    // Per layer input a_l and R{a_l} (l = 0..depth), and R{z_l}.
    let mut a: Vec<Vec<f32>> = widths.iter().map(|&n| vec![0.0; n]).collect();
    let mut ra: Vec<Vec<f32>> = widths.iter().map(|&n| vec![0.0; n]).collect();
    let mut rz: Vec<Vec<f32>> = widths.iter().map(|&n| vec![0.0; n]).collect();
    let widest = widths.iter().copied().max().unwrap_or(1);
    let (mut delta, mut rdelta) = (vec![0.0f32; widest], vec![0.0f32; widest]);
    let (mut prev, mut rprev) = (vec![0.0f32; widest], vec![0.0f32; widest]);
    for k in 0..data.len() {
        a[0].copy_from_slice(data.input(k));
        ra[0].fill(0.0);
        for l in 0..depth {
            let (n_out, (wo, bo)) = (widths[l + 1], offsets[l]);
            let hidden = l + 1 < depth;
            // z = b + Σ_i a_i W_i·, R{z} = V_b + Σ_i (a_i V_i· + R{a_i} W_i·), row by row of W.
            let (below, above) = a.split_at_mut(l + 1);
            let (z, r) = (&mut above[0][..n_out], &mut rz[l + 1][..n_out]);
            z.copy_from_slice(&w[bo..bo + n_out]);
            r.copy_from_slice(&v[bo..bo + n_out]);
            let rows = w[wo..bo].chunks_exact(n_out).zip(v[wo..bo].chunks_exact(n_out));
            for ((w_row, v_row), (&ai, &rai)) in rows.zip(below[l].iter().zip(&ra[l])) {
                for (((zo, ro), &wio), &vio) in z.iter_mut().zip(r.iter_mut()).zip(w_row).zip(v_row) {
                    *zo += ai * wio;
                    *ro += ai * vio + rai * wio;
                }
            }
            for ((zo, &ro), rao) in z.iter_mut().zip(r.iter()).zip(ra[l + 1].iter_mut()) {
                let slope = if hidden {
                    *zo = mlp.activation.apply(*zo);
                    derivatives(mlp.activation, *zo).0
                } else {
                    1.0
                };
                *rao = slope * ro;
            }
        }
        let (d1, d2) = loss_derivatives(loss, a[depth][0], data.y[k]);
        delta[0] = d1 * inv_n;
        rdelta[0] = d2 * rz[depth][0] * inv_n;
        for l in (0..depth).rev() {
            let (n_in, n_out, (wo, bo)) = (widths[l], widths[l + 1], offsets[l]);
            let (d, rd) = (&delta[..n_out], &rdelta[..n_out]);
            // R{∂L/∂W_io} = R{a_i} δ_o + a_i R{δ_o}, and for l > 0 the sums e_i = W_i·δ and
            // R{e_i} = V_i·δ + W_i·R{δ} that carry δ one layer down.
            let rows = w[wo..bo].chunks_exact(n_out).zip(v[wo..bo].chunks_exact(n_out));
            let outs = out[wo..bo].chunks_exact_mut(n_out);
            for (i, ((w_row, v_row), out_row)) in rows.zip(outs).enumerate() {
                let (ai, rai) = (a[l][i], ra[l][i]);
                let (mut e, mut re) = (0.0, 0.0);
                for ((((o, &dd), &rdd), &wio), &vio) in out_row.iter_mut().zip(d).zip(rd).zip(w_row).zip(v_row) {
                    *o += rai * dd + ai * rdd;
                    e += wio * dd;
                    re += vio * dd + wio * rdd;
                }
                if l > 0 {
                    let (d1, d2) = derivatives(mlp.activation, ai);
                    prev[i] = e * d1;
                    rprev[i] = re * d1 + e * d2 * rz[l][i];
                }
            }
            for (o, &rdd) in out[bo..bo + n_out].iter_mut().zip(rd) {
                *o += rdd;
            }
            if l > 0 {
                delta[..n_in].copy_from_slice(&prev[..n_in]);
                rdelta[..n_in].copy_from_slice(&rprev[..n_in]);
            }
        }
    }
}

/// λ_max of D·H·D on `data` at `w`, with D = diag(`scale`) (all ones: the Hessian itself).
/// Power iteration converges to the eigenvalue of largest magnitude; at a minimum H is
/// positive semi-definite, so that is λ_max.
fn top_eigenvalue(mlp: &Mlp, w: &[f32], data: &Dataset, loss: Loss, scale: &[f32]) -> f32 {
    let p = w.len();
    // A fixed, generic start: every direction present.
    let mut v: Vec<f32> = (0..p).map(|i| 1.0 + 0.5 * ((i as f32) * 0.618).sin()).collect();
    normalise(&mut v);
    let (mut dv, mut u) = (vec![0.0f32; p], vec![0.0f32; p]);
    let mut lambda = 0.0f32;
    for _ in 0..MAX_SWEEPS {
        // u = D·H·(D v).
        dv.iter_mut().zip(&v).zip(scale).for_each(|((d, x), s)| *d = s * x);
        hessian_vector(mlp, w, &dv, data, loss, &mut u);
        u.iter_mut().zip(scale).for_each(|(x, s)| *x *= s);
        // Rayleigh quotient vᵀu with ‖v‖ = 1.
        let next: f32 = v.iter().zip(&u).map(|(a, b)| a * b).sum();
        std::mem::swap(&mut v, &mut u);
        if !normalise(&mut v) || !next.is_finite() {
            return if next.is_finite() { next } else { 0.0 };
        }
        let settled = (next - lambda).abs() <= TOLERANCE * next.abs();
        lambda = next;
        if settled {
            break;
        }
    }
    lambda
}

/// v ← v/‖v‖; false if v is zero or not finite.
fn normalise(v: &mut [f32]) -> bool {
    let n = param_norm(v);
    if n > 0.0 && n.is_finite() {
        v.iter_mut().for_each(|x| *x /= n);
        true
    } else {
        false
    }
}

/// λ_max of the Hessian of the mean training loss at w.
pub fn lambda_max(mlp: &Mlp, w: &[f32], data: &Dataset, loss: Loss) -> f32 {
    top_eigenvalue(mlp, w, data, loss, &vec![1.0; w.len()])
}

/// The scale-aware λ_max: the top eigenvalue of diag(|w|)·H·diag(|w|), the curvature
/// felt by a relative change of every weight (the normalisation of adaptive sharpness,
/// Kwon et al. 2021, "ASAM"). If a positive diagonal rescaling w ↦ Sw leaves the function
/// unchanged, H becomes S⁻¹HS⁻¹ and diag(|Sw|) = S·diag(|w|), so this number stays the
/// same: it cannot be moved by Dinh's trick.
pub fn lambda_scaled(mlp: &Mlp, w: &[f32], data: &Dataset, loss: Loss) -> f32 {
    let scale: Vec<f32> = w.iter().map(|x| x.abs()).collect();
    top_eigenvalue(mlp, w, data, loss, &scale)
}

/// Dinh et al.'s rescaling: layer 1 (W₁ and b₁) multiplied by α, the next layer's
/// weights W₂ divided by α (its bias b₂ untouched). ReLU is positively homogeneous,
/// relu(αz) = α·relu(z) for α > 0, so a ReLU network computes exactly the same function
/// afterwards; a tanh network does not.
pub fn rescale_layers(mlp: &Mlp, w: &[f32], alpha: f32) -> Vec<f32> {
    let mut out = w.to_vec();
    if mlp.depth() < 2 {
        return out;
    }
    let (n0, n1, n2) = (mlp.widths[0], mlp.widths[1], mlp.widths[2]);
    let layer1 = (n0 + 1) * n1;
    out[..layer1].iter_mut().for_each(|x| *x *= alpha);
    out[layer1..layer1 + n1 * n2].iter_mut().for_each(|x| *x /= alpha);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use crate::rng::{seeded, Stream};
    use nalgebra::DMatrix;

    #[test]
    fn power_iteration_finds_the_top_eigenvalue_of_a_known_hessian() {
        // A linear model f(x) = wᵀx + b with the squared loss has H = (1/n) Σ x̃x̃ᵀ, x̃ = (x, 1).
        let mlp = Mlp::new(&[2, 1], Activation::Linear);
        let data = Dataset::generate(crate::DatasetKind::Moons, 30, 0.1, &mut seeded(4, Stream::Data, 0));
        let h = DMatrix::from_fn(3, 3, |i, j| {
            (0..data.len())
                .map(|k| {
                    let x = [data.x[2 * k], data.x[2 * k + 1], 1.0];
                    f64::from(x[i] * x[j])
                })
                .sum::<f64>()
                / data.len() as f64
        });
        let exact = h.symmetric_eigenvalues().max() as f32;
        let w = [0.3, -0.2, 0.1];
        let found = lambda_max(&mlp, &w, &data, Loss::Mse);
        assert!((found - exact).abs() < 1e-3 * exact, "found {found}, exact {exact}");
    }

    #[test]
    fn hessian_vector_products_match_differences_of_the_gradient_for_tanh() {
        // A smooth network: (∇L(w + εv) − ∇L(w − εv)) / 2ε → Hv as ε → 0.
        let mlp = Mlp::new(&[2, 5, 4, 1], Activation::Tanh);
        let data = Dataset::generate(crate::DatasetKind::Moons, 12, 0.1, &mut seeded(4, Stream::Data, 0));
        let w = mlp.init(&mut seeded(3, Stream::Init, 0));
        let v: Vec<f32> = (0..w.len()).map(|i| ((i * 7 % 11) as f32 - 5.0) / 5.0).collect();
        let mut hv = vec![0.0; w.len()];
        hessian_vector(&mlp, &w, &v, &data, Loss::Logistic, &mut hv);
        let eps = 1e-2f32;
        let mut ws = mlp.workspace(data.len());
        let grad = |sign: f32, ws: &mut crate::mlp::Workspace| {
            let moved: Vec<f32> = w.iter().zip(&v).map(|(a, b)| a + sign * eps * b).collect();
            let mut g = vec![0.0; w.len()];
            mlp.loss_and_grad(&moved, &data.x, &data.y, Loss::Logistic, ws, &mut g);
            g
        };
        let (gp, gm) = (grad(1.0, &mut ws), grad(-1.0, &mut ws));
        let scale = param_norm(&hv);
        for i in 0..w.len() {
            let fd = (gp[i] - gm[i]) / (2.0 * eps);
            assert!((fd - hv[i]).abs() < 2e-3 * scale, "entry {i}: {fd} vs {}", hv[i]);
        }
    }

    #[test]
    fn rescaling_a_relu_network_keeps_its_outputs() {
        let mlp = Mlp::new(&[2, 8, 8, 1], Activation::Relu);
        let w = mlp.init(&mut seeded(2, Stream::Init, 0));
        let scaled = rescale_layers(&mlp, &w, 10.0);
        assert_ne!(w, scaled);
        let x = [0.3, -0.7, 1.2, 0.4, -1.0, -1.0];
        let mut ws = mlp.workspace(3);
        let a = mlp.forward(&w, &x, &mut ws).to_vec();
        let b = mlp.forward(&scaled, &x, &mut ws).to_vec();
        for (p, q) in a.iter().zip(&b) {
            assert!((p - q).abs() < 1e-5 * p.abs().max(1.0), "{a:?} vs {b:?}");
        }
    }
}
