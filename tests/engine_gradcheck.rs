//! Backpropagation against central finite differences of an independent f64 forward
//! pass, for every activation, both losses, several shapes, with and without weight decay.

use genlab::engine::rng::{normal, seeded, Stream};
use genlab::engine::{Activation, Loss, Mlp};

/// J(w) = (1/B) Σ_b ℓ(f(x_b; w), y_b) + (λ/2)‖w‖², computed in f64 with naive loops and
/// the exact tanh, independently of the engine's f32 code.
fn objective_f64(mlp: &Mlp, w: &[f64], x: &[f64], y: &[f64], loss: Loss, lambda: f64) -> f64 {
    let n0 = mlp.widths[0];
    let mut total = 0.0;
    for (b, &target) in y.iter().enumerate() {
        let mut a: Vec<f64> = x[b * n0..(b + 1) * n0].to_vec();
        let mut offset = 0;
        for (l, pair) in mlp.widths.windows(2).enumerate() {
            let (n_in, n_out) = (pair[0], pair[1]);
            let bias = offset + n_in * n_out;
            let z: Vec<f64> = (0..n_out)
                .map(|o| w[bias + o] + (0..n_in).map(|i| a[i] * w[offset + i * n_out + o]).sum::<f64>())
                .collect();
            let last = l + 2 == mlp.widths.len();
            a = if last {
                z
            } else {
                z.iter()
                    .map(|&v| match mlp.activation {
                        Activation::Tanh => v.tanh(),
                        Activation::Relu => v.max(0.0),
                        Activation::Linear => v,
                    })
                    .collect()
            };
            offset = bias + n_out;
        }
        let f = a[0];
        total += match loss {
            Loss::Mse => 0.5 * (f - target).powi(2),
            Loss::Logistic => (1.0 + (-target * f).exp()).ln(),
        };
    }
    total / y.len() as f64 + 0.5 * lambda * w.iter().map(|v| v * v).sum::<f64>()
}

fn check(widths: &[usize], activation: Activation, loss: Loss, lambda: f32, seed: u64) {
    let mlp = Mlp::new(widths, activation);
    let mut rng = seeded(seed, Stream::Other(0), 0);
    let mut w = mlp.init(&mut rng);
    // Non-zero biases so that every parameter matters.
    w.iter_mut().for_each(|v| *v += normal(&mut rng, 0.0, 0.1));
    let batch = 5;
    let x: Vec<f32> = (0..batch * widths[0]).map(|_| normal(&mut rng, 0.0, 1.0)).collect();
    let y: Vec<f32> = (0..batch)
        .map(|i| match loss {
            Loss::Mse => normal(&mut rng, 0.0, 1.0),
            Loss::Logistic => [1.0, -1.0][i % 2],
        })
        .collect();

    let mut grad = vec![0.0; w.len()];
    let mut ws = mlp.workspace(batch);
    mlp.loss_and_grad(&w, &x, &y, loss, &mut ws, &mut grad);
    grad.iter_mut().zip(&w).for_each(|(g, wi)| *g += lambda * wi);

    let w64: Vec<f64> = w.iter().map(|&v| f64::from(v)).collect();
    let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let y64: Vec<f64> = y.iter().map(|&v| f64::from(v)).collect();
    let h = 1e-6;
    let scale = grad.iter().fold(0.0f64, |m, g| m.max(f64::from(g.abs())));
    for k in 0..w.len() {
        let (mut plus, mut minus) = (w64.clone(), w64.clone());
        plus[k] += h;
        minus[k] -= h;
        let numeric = (objective_f64(&mlp, &plus, &x64, &y64, loss, f64::from(lambda))
            - objective_f64(&mlp, &minus, &x64, &y64, loss, f64::from(lambda)))
            / (2.0 * h);
        let err = (numeric - f64::from(grad[k])).abs();
        assert!(
            err <= 1e-4 * scale.max(1e-3) + 1e-5 * numeric.abs(),
            "{widths:?} {activation:?} {loss:?} λ={lambda}: ∂J/∂w[{k}] backprop {} vs numeric {numeric}",
            grad[k]
        );
    }
}

#[test]
fn backprop_matches_finite_differences() {
    let shapes: [&[usize]; 4] = [&[2, 1], &[2, 3, 1], &[2, 16, 16, 1], &[1, 8, 5, 4, 1]];
    let mut seed = 0;
    for shape in shapes {
        for activation in Activation::ALL {
            for loss in Loss::ALL {
                for lambda in [0.0, 0.1] {
                    seed += 1;
                    check(shape, activation, loss, lambda, seed);
                }
            }
        }
    }
}
