//! A multilayer perceptron whose parameters live in one flat vector w ∈ ℝᴾ.
//!
//! Layer l maps a_{l−1} ∈ ℝ^{n_{l−1}} to z_l = W_lᵀ a_{l−1} + b_l and a_l = φ(z_l) (the
//! last layer is linear: a_L = z_L). In w, layer l stores W_l as an n_{l−1} × n_l
//! row-major block followed by b_l. Keeping every parameter in one vector makes SAM's
//! perturbation, restarts, loss slices and norms plain vector operations.

use crate::activation::Activation;
use crate::loss::{softmax_cross_entropy, Loss};
use crate::rng::{normal, Rng};
use serde::{Deserialize, Serialize};

/// The architecture: layer widths n₀ (input), …, n_L (output) and the hidden activation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mlp {
    /// n₀, n₁, …, n_L; at least two entries, all positive.
    pub widths: Vec<usize>,
    /// φ, applied after every layer but the last.
    pub activation: Activation,
}

/// Preallocated buffers for batched passes of up to `capacity` examples.
pub struct Workspace {
    capacity: usize,
    /// a_l for l = 0..=L, each capacity × n_l (a_0 is the input batch).
    activations: Vec<Vec<f32>>,
    /// ∂R/∂z_l for l = 1..=L (index l − 1), each capacity × n_l.
    deltas: Vec<Vec<f32>>,
    /// Scratch for one layer's Wᵀ.
    transposed: Vec<f32>,
    /// A zero bias as wide as the widest layer.
    zeros: Vec<f32>,
}

impl Workspace {
    /// The largest batch these buffers hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

impl Mlp {
    /// An MLP with the given widths and hidden activation.
    pub fn new(widths: &[usize], activation: Activation) -> Self {
        assert!(
            widths.len() >= 2 && widths.iter().all(|&n| n > 0),
            "bad widths {widths:?}"
        );
        Mlp {
            widths: widths.to_vec(),
            activation,
        }
    }

    /// Number of layers L (weight matrices).
    pub fn depth(&self) -> usize {
        self.widths.len() - 1
    }

    /// P = Σ_l (n_{l−1} + 1)·n_l.
    pub fn param_count(&self) -> usize {
        self.widths.windows(2).map(|p| (p[0] + 1) * p[1]).sum()
    }

    /// Multiply–adds of one forward pass for one example: Σ_l n_{l−1}·n_l.
    pub fn macs_per_example(&self) -> usize {
        self.widths.windows(2).map(|p| p[0] * p[1]).sum()
    }

    /// Floating-point operations of one training step on a batch of `batch`
    /// examples: 2 per multiply–add forward and 4 backward (input and weight gradients).
    pub fn flops_per_step(&self, batch: usize) -> f64 {
        6.0 * (self.macs_per_example() * batch) as f64
    }

    /// Offsets of W_l and b_l in w for layer index `l` (0-based).
    fn layer_offsets(&self, l: usize) -> (usize, usize) {
        let start: usize = self.widths[..=l].windows(2).map(|p| (p[0] + 1) * p[1]).sum();
        (start, start + self.widths[l] * self.widths[l + 1])
    }

    /// Random initial parameters: W_l entries i.i.d. N(0, g²/n_{l−1}) with g² = 2 for
    /// ReLU (He et al. 2015) and 1 otherwise (LeCun), biases zero.
    pub fn init(&self, rng: &mut Rng) -> Vec<f32> {
        let gain2 = if self.activation == Activation::Relu { 2.0 } else { 1.0 };
        let mut w = Vec::with_capacity(self.param_count());
        for pair in self.widths.windows(2) {
            let std = (gain2 / pair[0] as f32).sqrt();
            w.extend((0..pair[0] * pair[1]).map(|_| normal(rng, 0.0, std)));
            w.extend(std::iter::repeat_n(0.0, pair[1]));
        }
        w
    }

    /// Buffers for batches of up to `capacity` examples.
    pub fn workspace(&self, capacity: usize) -> Workspace {
        let capacity = capacity.max(1);
        Workspace {
            capacity,
            activations: self.widths.iter().map(|&n| vec![0.0; capacity * n]).collect(),
            deltas: self.widths[1..].iter().map(|&n| vec![0.0; capacity * n]).collect(),
            transposed: vec![0.0; self.widths.windows(2).map(|p| p[0] * p[1]).max().unwrap_or(0)],
            zeros: vec![0.0; self.widths.iter().copied().max().unwrap_or(0)],
        }
    }

    /// Forward pass of a batch (`x`: batch × n₀ row-major) through parameters `w`;
    /// returns the outputs, batch × n_L, held in the workspace.
    pub fn forward<'a>(&self, w: &[f32], x: &[f32], ws: &'a mut Workspace) -> &'a [f32] {
        let n0 = self.widths[0];
        let batch = x.len() / n0;
        debug_assert_eq!(w.len(), self.param_count());
        assert!(batch <= ws.capacity, "batch {batch} exceeds workspace {}", ws.capacity);
        ws.activations[0][..x.len()].copy_from_slice(x);
        for l in 0..self.depth() {
            let (n_in, n_out) = (self.widths[l], self.widths[l + 1]);
            let (wo, bo) = self.layer_offsets(l);
            let (weights, bias) = (&w[wo..bo], &w[bo..bo + n_out]);
            let (before, after) = ws.activations.split_at_mut(l + 1);
            let (input, output) = (&before[l], &mut after[0]);
            affine_rows(&input[..batch * n_in], weights, bias, &mut output[..batch * n_out]);
            if l + 1 < self.depth() {
                self.activation.apply_all(&mut output[..batch * n_out]);
            }
        }
        &ws.activations[self.depth()][..batch * self.widths[self.depth()]]
    }

    /// Mean loss R̂ = (1/B) Σ_b ℓ(f(x_b), y_b) over a batch, and its gradient ∂R̂/∂w
    /// written into `grad` (overwritten) by backpropagation (see `backward`), starting
    /// from δ_L = ∂ℓ/∂f / B. Requires a scalar output (n_L = 1).
    pub fn loss_and_grad(
        &self,
        w: &[f32],
        x: &[f32],
        y: &[f32],
        loss: Loss,
        ws: &mut Workspace,
        grad: &mut [f32],
    ) -> f32 {
        assert_eq!(self.widths[self.depth()], 1, "losses need a scalar output");
        let batch = y.len();
        let inv_b = 1.0 / batch as f32;
        self.forward(w, x, ws);
        let mut total = 0.0;
        {
            let out = &ws.activations[self.depth()];
            let delta = &mut ws.deltas[self.depth() - 1];
            for b in 0..batch {
                total += loss.value(out[b], y[b]);
                delta[b] = loss.derivative(out[b], y[b]) * inv_b;
            }
        }
        self.backward(w, batch, ws, grad);
        total * inv_b
    }

    /// Mean softmax cross-entropy R̂ = (1/B) Σ_b −log softmax(f(x_b))_{y_b} over a batch
    /// with class labels y_b ∈ {0, …, n_L − 1}, its gradient written into `grad`
    /// (overwritten), and the number of examples whose largest output is their label
    /// (ties go to the lowest class). Per example ∂ℓ/∂f = softmax(f) − e_y, so
    /// δ_L = (softmax(f) − e_y) / B; `loss::softmax_cross_entropy` computes both stably.
    pub fn softmax_loss_and_grad(
        &self,
        w: &[f32],
        x: &[f32],
        labels: &[u8],
        ws: &mut Workspace,
        grad: &mut [f32],
    ) -> (f32, usize) {
        let classes = self.widths[self.depth()];
        let batch = labels.len();
        let inv_b = 1.0 / batch as f32;
        self.forward(w, x, ws);
        let (mut total, mut correct) = (0.0, 0);
        {
            let out = &ws.activations[self.depth()][..batch * classes];
            let delta = &mut ws.deltas[self.depth() - 1][..batch * classes];
            for ((f, d), &y) in out
                .chunks_exact(classes)
                .zip(delta.chunks_exact_mut(classes))
                .zip(labels)
            {
                total += softmax_cross_entropy(f, usize::from(y), d);
                d.iter_mut().for_each(|v| *v *= inv_b);
                correct += usize::from(argmax(f) == usize::from(y));
            }
        }
        self.backward(w, batch, ws, grad);
        (total * inv_b, correct)
    }

    /// Backpropagation from δ_L (already in the workspace, with the forward pass's
    /// activations) to `grad` (overwritten): ∂R̂/∂W_l = a_{l−1} δ_lᵀ, ∂R̂/∂b_l = Σ_b δ_l,
    /// δ_{l−1} = (W_l δ_l) ⊙ φ′(z_{l−1}).
    fn backward(&self, w: &[f32], batch: usize, ws: &mut Workspace, grad: &mut [f32]) {
        grad.fill(0.0);
        for l in (0..self.depth()).rev() {
            let (n_in, n_out) = (self.widths[l], self.widths[l + 1]);
            let (wo, bo) = self.layer_offsets(l);
            let (g_weights, g_bias) = grad[wo..bo + n_out].split_at_mut(bo - wo);
            let input = &ws.activations[l];
            let (lower, upper) = ws.deltas.split_at_mut(l);
            let delta = &upper[0];
            for b in 0..batch {
                add_assign(g_bias, &delta[b * n_out..(b + 1) * n_out]);
            }
            accumulate_outer(&input[..batch * n_in], &delta[..batch * n_out], g_weights, n_in, n_out);
            if l > 0 {
                // δ_{l−1} = (W_l δ_l) ⊙ φ′: with Wᵀ laid out row-major this is the same
                // register-blocked kernel as the forward pass.
                transpose(&w[wo..bo], n_in, n_out, &mut ws.transposed);
                let zero = &ws.zeros[..n_in];
                let below = &mut lower[l - 1][..batch * n_in];
                affine_rows(&delta[..batch * n_out], &ws.transposed, zero, below);
                self.activation.multiply_by_derivative(below, &input[..batch * n_in]);
            }
        }
    }
}

/// The index of the largest entry (the first of equal ones): the predicted class.
pub fn argmax(f: &[f32]) -> usize {
    let mut best = 0;
    for (k, &v) in f.iter().enumerate() {
        if v > f[best] {
            best = k;
        }
    }
    best
}

/// `affine` for every row of a batch (a: B × n_in, out: B × n_out), two rows at a time so
/// that each loaded row of W serves two examples.
#[inline(always)]
fn affine_rows(a: &[f32], w: &[f32], bias: &[f32], out: &mut [f32]) {
    let (n_in, n_out) = (w.len() / bias.len().max(1), bias.len());
    let mut a_pairs = a.chunks_exact(2 * n_in);
    let mut out_pairs = out.chunks_exact_mut(2 * n_out);
    for (a2, out2) in (&mut a_pairs).zip(&mut out_pairs) {
        let (a0, a1) = a2.split_at(n_in);
        let (out0, out1) = out2.split_at_mut(n_out);
        let mut o = 0;
        while o + 16 <= n_out {
            affine_pair_block::<16>([a0, a1], w, bias, [&mut *out0, &mut *out1], o);
            o += 16;
        }
        while o + 4 <= n_out {
            affine_pair_block::<4>([a0, a1], w, bias, [&mut *out0, &mut *out1], o);
            o += 4;
        }
        if o < n_out {
            affine(a0, w, bias, out0);
            affine(a1, w, bias, out1);
        }
    }
    for (a_row, out_row) in a_pairs
        .remainder()
        .chunks_exact(n_in)
        .zip(out_pairs.into_remainder().chunks_exact_mut(n_out))
    {
        affine(a_row, w, bias, out_row);
    }
}

/// Columns o..o+N of `affine` for two examples at once.
#[inline(always)]
fn affine_pair_block<const N: usize>(a: [&[f32]; 2], w: &[f32], bias: &[f32], out: [&mut [f32]; 2], o: usize) {
    let n_out = bias.len();
    let init: [f32; N] = bias[o..o + N].try_into().expect("block");
    let (mut acc0, mut acc1) = (init, init);
    for ((a0, a1), row) in a[0].iter().zip(a[1]).zip(w.chunks_exact(n_out)) {
        let row: &[f32; N] = row[o..o + N].try_into().expect("block");
        for k in 0..N {
            acc0[k] += a0 * row[k];
            acc1[k] += a1 * row[k];
        }
    }
    out[0][o..o + N].copy_from_slice(&acc0);
    out[1][o..o + N].copy_from_slice(&acc1);
}

/// out = biasᵀ + aᵀW for one example: out_o = b_o + Σ_i a_i·W_io, W row-major n_in × n_out.
/// Columns are done in register blocks of 16, then 4, then one at a time.
#[inline(always)]
fn affine(a: &[f32], w: &[f32], bias: &[f32], out: &mut [f32]) {
    let n_out = out.len();
    if n_out == 1 {
        out[0] = bias[0] + dot(a, w);
        return;
    }
    let mut o = 0;
    while o + 16 <= n_out {
        affine_block::<16>(a, w, bias, out, o);
        o += 16;
    }
    while o + 4 <= n_out {
        affine_block::<4>(a, w, bias, out, o);
        o += 4;
    }
    while o < n_out {
        affine_block::<1>(a, w, bias, out, o);
        o += 1;
    }
}

/// Columns o..o+N of `affine`, with the N sums held in registers across the loop over i.
#[inline(always)]
fn affine_block<const N: usize>(a: &[f32], w: &[f32], bias: &[f32], out: &mut [f32], o: usize) {
    let n_out = out.len();
    let mut acc: [f32; N] = bias[o..o + N].try_into().expect("block");
    for (ai, row) in a.iter().zip(w.chunks_exact(n_out)) {
        let row: &[f32; N] = row[o..o + N].try_into().expect("block");
        for k in 0..N {
            acc[k] += ai * row[k];
        }
    }
    out[o..o + N].copy_from_slice(&acc);
}

/// G += Σ_b a_b δ_bᵀ, the weight gradient of a layer: a is B × n_in, δ is B × n_out,
/// G is n_in × n_out, all row-major. Blocked over columns like `affine`.
#[inline(always)]
fn accumulate_outer(a: &[f32], delta: &[f32], g: &mut [f32], n_in: usize, n_out: usize) {
    if n_out == 1 {
        // G is a column: G += Σ_b δ_b a_b.
        for (a_b, &d) in a.chunks_exact(n_in).zip(delta) {
            for (gi, &ai) in g.iter_mut().zip(a_b) {
                *gi += d * ai;
            }
        }
        return;
    }
    for (i, g_row) in g.chunks_exact_mut(n_out).enumerate() {
        let mut o = 0;
        while o + 16 <= n_out {
            outer_block::<16>(a, delta, g_row, i, n_in, o);
            o += 16;
        }
        while o + 4 <= n_out {
            outer_block::<4>(a, delta, g_row, i, n_in, o);
            o += 4;
        }
        while o < n_out {
            outer_block::<1>(a, delta, g_row, i, n_in, o);
            o += 1;
        }
    }
}

/// Columns o..o+N of row i of `accumulate_outer`, summed in registers over the batch.
#[inline(always)]
fn outer_block<const N: usize>(a: &[f32], delta: &[f32], g_row: &mut [f32], i: usize, n_in: usize, o: usize) {
    let n_out = g_row.len();
    let mut acc: [f32; N] = g_row[o..o + N].try_into().expect("block");
    for (a_b, d_b) in a.chunks_exact(n_in).zip(delta.chunks_exact(n_out)) {
        let d: &[f32; N] = d_b[o..o + N].try_into().expect("block");
        for k in 0..N {
            acc[k] += a_b[i] * d[k];
        }
    }
    g_row[o..o + N].copy_from_slice(&acc);
}

/// y ← y + x.
#[inline(always)]
fn add_assign(y: &mut [f32], x: &[f32]) {
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi += xi;
    }
}

/// xᵀy, summed in eight interleaved partial sums so the compiler can use SIMD lanes.
#[inline(always)]
fn dot(x: &[f32], y: &[f32]) -> f32 {
    const LANES: usize = 8;
    let mut lanes = [0.0f32; LANES];
    let (xc, yc) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let tail: f32 = xc.remainder().iter().zip(yc.remainder()).map(|(a, b)| a * b).sum();
    for (a, b) in xc.zip(yc) {
        for k in 0..LANES {
            lanes[k] += a[k] * b[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// out = Wᵀ for W row-major rows × cols (out is cols × rows, row-major).
fn transpose(w: &[f32], rows: usize, cols: usize, out: &mut Vec<f32>) {
    out.resize(rows * cols, 0.0);
    for (r, row) in w.chunks_exact(cols).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            out[c * rows + r] = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{seeded, Stream};

    #[test]
    fn parameter_count_and_layout() {
        let mlp = Mlp::new(&[2, 16, 16, 1], Activation::Tanh);
        assert_eq!(mlp.param_count(), 3 * 16 + 17 * 16 + 17);
        assert_eq!(mlp.init(&mut seeded(1, Stream::Init, 0)).len(), mlp.param_count());
        assert_eq!(mlp.layer_offsets(1), (48, 48 + 256));
        // W1 of DESIGN.md: 182.4 MFLOP for 10,000 steps of batch 10.
        assert_eq!(mlp.flops_per_step(10) * 10_000.0, 182.4e6);
    }

    #[test]
    fn linear_network_computes_the_matrix_product() {
        // f(x) = W2ᵀ(W1ᵀx + b1) + b2 with hand-picked numbers.
        let mlp = Mlp::new(&[2, 2, 1], Activation::Linear);
        let w = [1.0, 2.0, 3.0, 4.0, 0.5, -0.5, 1.0, 2.0, 0.25];
        let mut ws = mlp.workspace(2);
        let out = mlp.forward(&w, &[1.0, 1.0, 0.0, 2.0], &mut ws).to_vec();
        // Example 1: hidden (1+3+0.5, 2+4−0.5) = (4.5, 5.5), out 4.5 + 2·5.5 + 0.25.
        // Example 2: hidden (6+0.5, 8−0.5) = (6.5, 7.5), out 6.5 + 2·7.5 + 0.25.
        assert_eq!(out, vec![15.75, 21.75]);
    }

    #[test]
    fn kernels_handle_widths_that_are_not_multiples_of_the_block() {
        // out = bias + aᵀW against a plain triple loop, for widths around the block sizes.
        for n_out in [1, 3, 4, 7, 16, 21, 37] {
            let n_in = 3;
            let w: Vec<f32> = (0..n_in * n_out).map(|k| (k as f32 * 0.37).sin()).collect();
            let bias: Vec<f32> = (0..n_out).map(|k| k as f32).collect();
            let a = [0.5, -1.0, 2.0];
            let mut out = vec![0.0; n_out];
            affine(&a, &w, &bias, &mut out);
            for o in 0..n_out {
                let expect = bias[o] + (0..n_in).map(|i| a[i] * w[i * n_out + o]).sum::<f32>();
                assert!((out[o] - expect).abs() < 1e-5);
            }
            let mut t = Vec::new();
            transpose(&w, n_in, n_out, &mut t);
            assert!((0..n_in).all(|i| (0..n_out).all(|o| t[o * n_in + i] == w[i * n_out + o])));
        }
    }
}
