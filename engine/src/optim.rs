//! Optimisers over a flat parameter vector: SGD with momentum and weight decay, and
//! sharpness-aware minimisation (SAM, Foret et al. 2021) wrapped around it.
//!
//! An optimiser sees the objective only through a gradient oracle
//! `grad_at(w, g) -> R̂(w)` that writes ∇R̂(w) into g, so the same code trains an MLP on
//! minibatches and walks an analytic 2-D loss surface.

use serde::{Deserialize, Serialize};

/// Settings of one optimiser.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimiserConfig {
    /// Learning rate η.
    pub lr: f32,
    /// Heavy-ball momentum μ ∈ [0, 1): v ← μ·v + g, w ← w − η·v.
    pub momentum: f32,
    /// L2 weight decay λ: the objective becomes R̂(w) + (λ/2)‖w‖², so g ← g + λ·w.
    pub weight_decay: f32,
    /// SAM radius ρ; `None` is plain (stochastic) gradient descent.
    pub sam_rho: Option<f32>,
}

impl OptimiserConfig {
    /// Plain gradient descent with learning rate `lr`.
    pub fn sgd(lr: f32) -> Self {
        OptimiserConfig {
            lr,
            momentum: 0.0,
            weight_decay: 0.0,
            sam_rho: None,
        }
    }

    /// SAM with radius `rho` around gradient descent with learning rate `lr`.
    pub fn sam(lr: f32, rho: f32) -> Self {
        OptimiserConfig {
            sam_rho: Some(rho),
            ..Self::sgd(lr)
        }
    }
}

/// What SAM did in one step, for drawing its mechanism.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SamProbe {
    /// ε = ρ·g/‖g‖, the ascent direction scaled to the ball's radius.
    pub epsilon: Vec<f32>,
    /// ∇R̂(w + ε), the gradient SAM actually steps along.
    pub ascent_grad: Vec<f32>,
}

/// An optimiser's running state (momentum buffer and scratch space).
#[derive(Clone, Debug)]
pub struct Optimiser {
    /// The settings.
    pub config: OptimiserConfig,
    velocity: Vec<f32>,
    grad: Vec<f32>,
    perturbed: Vec<f32>,
}

impl Optimiser {
    /// A fresh optimiser for `dim` parameters.
    pub fn new(config: OptimiserConfig, dim: usize) -> Self {
        Optimiser {
            config,
            velocity: vec![0.0; dim],
            grad: vec![0.0; dim],
            perturbed: vec![0.0; dim],
        }
    }

    /// One update of `w`; returns R̂(w) before the step. With SAM (Foret et al. 2021,
    /// eq. 2–3) the step direction is g = ∇R̂(w + ε) with ε = ρ·∇R̂(w)/‖∇R̂(w)‖ — the
    /// gradient at the worst nearby point to first order — and the step is taken from w.
    /// If `probe` is given, SAM records ε and ∇R̂(w + ε) in it.
    pub fn step(
        &mut self,
        w: &mut [f32],
        mut grad_at: impl FnMut(&[f32], &mut [f32]) -> f32,
        probe: Option<&mut SamProbe>,
    ) -> f32 {
        let c = self.config;
        let loss = grad_at(w, &mut self.grad);
        if let Some(rho) = c.sam_rho {
            let norm = self.grad.iter().map(|g| g * g).sum::<f32>().sqrt();
            let scale = if norm > 0.0 { rho / norm } else { 0.0 };
            for ((p, &wi), &g) in self.perturbed.iter_mut().zip(w.iter()).zip(&self.grad) {
                *p = wi + scale * g;
            }
            if let Some(probe) = probe {
                probe.epsilon = self.grad.iter().map(|g| scale * g).collect();
                grad_at(&self.perturbed, &mut self.grad);
                probe.ascent_grad = self.grad.clone();
            } else {
                grad_at(&self.perturbed, &mut self.grad);
            }
        }
        for ((wi, g), v) in w.iter_mut().zip(self.grad.iter_mut()).zip(self.velocity.iter_mut()) {
            *g += c.weight_decay * *wi;
            *v = c.momentum * *v + *g;
            *wi -= c.lr * *v;
        }
        loss
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R̂(w) = ½ Σ a_i (w_i − c_i)², ∇R̂ = a ⊙ (w − c).
    fn quadratic(a: &'static [f32], c: &'static [f32]) -> impl FnMut(&[f32], &mut [f32]) -> f32 {
        move |w, g| {
            let mut loss = 0.0;
            for i in 0..w.len() {
                g[i] = a[i] * (w[i] - c[i]);
                loss += 0.5 * a[i] * (w[i] - c[i]).powi(2);
            }
            loss
        }
    }

    #[test]
    fn gradient_descent_converges_to_the_minimum_of_a_convex_quadratic() {
        for momentum in [0.0, 0.9] {
            let mut opt = Optimiser::new(
                OptimiserConfig {
                    momentum,
                    ..OptimiserConfig::sgd(0.1)
                },
                3,
            );
            let mut w = vec![5.0, -4.0, 0.0];
            for _ in 0..500 {
                opt.step(&mut w, quadratic(&[1.0, 4.0, 0.5], &[1.0, 2.0, -3.0]), None);
            }
            for (wi, ci) in w.iter().zip([1.0, 2.0, -3.0]) {
                assert!((wi - ci).abs() < 1e-4, "momentum {momentum}: {w:?}");
            }
        }
    }

    #[test]
    fn weight_decay_shrinks_the_minimum_towards_zero() {
        // ½(w − 2)² + (λ/2)w² has its minimum at 2/(1 + λ).
        let mut opt = Optimiser::new(
            OptimiserConfig {
                weight_decay: 1.0,
                ..OptimiserConfig::sgd(0.1)
            },
            1,
        );
        let mut w = vec![0.0];
        for _ in 0..500 {
            opt.step(&mut w, quadratic(&[1.0], &[2.0]), None);
        }
        assert!((w[0] - 1.0).abs() < 1e-4, "{w:?}");
    }

    #[test]
    fn sam_step_follows_the_formula_on_a_quadratic() {
        // For R̂ = ½ Σ a_i w_i²: g = a ⊙ w, ε = ρ g/‖g‖, w' = w − η a ⊙ (w + ε).
        let (lr, rho) = (0.1f32, 0.5f32);
        let w0 = [1.0f32, 2.0];
        let a = [3.0f32, 0.5];
        let g = [a[0] * w0[0], a[1] * w0[1]];
        let norm = (g[0] * g[0] + g[1] * g[1]).sqrt();
        let expect: Vec<f32> = (0..2)
            .map(|i| w0[i] - lr * a[i] * (w0[i] + rho * g[i] / norm))
            .collect();
        let mut opt = Optimiser::new(OptimiserConfig::sam(lr, rho), 2);
        let mut w = w0.to_vec();
        let mut probe = SamProbe::default();
        let loss = opt.step(&mut w, quadratic(&[3.0, 0.5], &[0.0, 0.0]), Some(&mut probe));
        assert!((loss - 0.5 * (3.0 + 0.5 * 4.0)).abs() < 1e-6);
        for i in 0..2 {
            assert!((w[i] - expect[i]).abs() < 1e-6, "{w:?} vs {expect:?}");
            assert!((probe.epsilon[i] - rho * g[i] / norm).abs() < 1e-6);
        }
    }
}
