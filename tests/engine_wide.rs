//! The infinite-width lab's engine: closed-form kernels against the empirical Jacobian
//! Gram matrix and Monte-Carlo covariances, gradients against finite differences, the
//! kernel flow against explicit iteration, and the claims the panel makes (wide nets
//! train like their kernel; relative weight change ∝ n^(−½), the kernel's ∝ n^(−1) for erf
//! and slower for ReLU; the widest net merges with its kernel or the text says how far
//! apart; the prior's shape).

use genlab::engine::wide::data::Data;
use genlab::engine::wide::prior::{draws_at, sample_functions, summarise, PriorSpec};
use genlab::engine::wide::regression::KernelFlow;
use genlab::engine::wide::train::{checkpoints, final_figures, log_log_slope, Run, TrainSpec};
use genlab::engine::wide::{grid, Act, Kernels, WideNet, SIGMA_B, SIGMA_W};
use genlab::panels::wide::claims::{guides, merge_text, slopes_text, MERGE_BELOW};
use genlab::panels::wide::config::WideConfig;
use genlab::panels::wide::jobs::{run, summarise_sweep, Request, SweepSummary, Update, SWEEP_RUNS};

fn kernels(act: Act) -> Kernels {
    Kernels {
        act,
        sigma_w: SIGMA_W,
        sigma_b: SIGMA_B,
    }
}

fn spec(act: Act, width: usize, steps: usize) -> TrainSpec {
    TrainSpec {
        act,
        width,
        points: 8,
        amp: 1.0,
        alpha: 1.0,
        last_only: false,
        seed: 1,
        steps,
    }
}

fn the_grid() -> Vec<f64> {
    grid(-1.5, 1.5, 81)
}

#[test]
fn analytic_ntk_and_nngp_match_the_empirical_gram_at_width_16384() {
    // The default training inputs: ‖J·Jᵀ − Θ‖_F / ‖Θ‖_F (the empirical kernel of one draw
    // fluctuates by O(1/√n) around its mean).
    let xs = Data::new(8, 1.0, 1).x;
    for act in [Act::Erf, Act::Relu] {
        let k = kernels(act);
        let net = WideNet::from_pool(&k, 16_384, 3, 0);
        for (last_only, name) in [(false, "NTK"), (true, "NNGP")] {
            let gram = net.empirical_kernel(&xs, last_only);
            let exact = nalgebra::DMatrix::from_fn(8, 8, |i, j| {
                if last_only {
                    k.nngp(xs[i], xs[j])
                } else {
                    k.ntk(xs[i], xs[j])
                }
            });
            let error = (&gram - &exact).norm() / exact.norm();
            let worst = (&gram - &exact).amax() / exact.amax();
            println!("{act:?} {name}: ‖J·Jᵀ − closed form‖_F/‖closed form‖_F = {error:.4} (largest entry {worst:.4})");
            assert!(error < 0.02, "{act:?} {name}: {error}");
            // A wrong closed form fails: the NTK without its hidden-layer term, or the NNGP without σ_b².
            let wrong = if last_only {
                exact.add_scalar(-SIGMA_B * SIGMA_B)
            } else {
                nalgebra::DMatrix::from_fn(8, 8, |i, j| k.nngp(xs[i], xs[j]))
            };
            assert!((&gram - &wrong).norm() / wrong.norm() > 0.05);
        }
    }
}

#[test]
fn nngp_kernel_matches_a_monte_carlo_covariance_within_4_standard_errors() {
    let pairs = [(-1.0, 1.0), (0.5, 0.5), (-0.3, 0.8), (1.2, 1.0)];
    for act in [Act::Erf, Act::Relu] {
        let k = kernels(act);
        for width in [1, 16] {
            let draws = 20_000;
            let nets: Vec<WideNet> = (0..draws).map(|m| WideNet::from_pool(&k, width, 5, m)).collect();
            for &(x, y) in &pairs {
                let products: Vec<f64> = nets.iter().map(|n| n.eval(x) * n.eval(y)).collect();
                let mean = products.iter().sum::<f64>() / draws as f64;
                let var = products.iter().map(|p| (p - mean).powi(2)).sum::<f64>() / (draws as f64 - 1.0);
                let se = (var / draws as f64).sqrt();
                let exact = k.nngp(x, y);
                assert!(
                    (mean - exact).abs() < 4.0 * se,
                    "{act:?} n={width} ({x},{y}): MC {mean} vs K {exact} (se {se})"
                );
            }
        }
    }
}

#[test]
fn a_wrong_kernel_fails_the_monte_carlo_check() {
    // The check can fail: σ_w off by 10 % moves K(1, 1) by many standard errors.
    let k = kernels(Act::Erf);
    let wrong = Kernels {
        sigma_w: 1.1 * SIGMA_W,
        ..k
    };
    let nets: Vec<WideNet> = (0..20_000).map(|m| WideNet::from_pool(&k, 8, 5, m)).collect();
    let products: Vec<f64> = nets.iter().map(|n| n.eval(1.0).powi(2)).collect();
    let mean = products.iter().sum::<f64>() / products.len() as f64;
    let sd = (products.iter().map(|p| (p - mean).powi(2)).sum::<f64>() / products.len() as f64).sqrt();
    assert!((mean - wrong.nngp(1.0, 1.0)).abs() > 4.0 * sd / (products.len() as f64).sqrt());
}

#[test]
fn gradients_match_finite_differences() {
    for act in [Act::Erf, Act::Relu] {
        let net = WideNet::from_pool(&kernels(act), 5, 2, 0);
        for x in [-0.7, 0.2, 1.1] {
            let g = net.gradient(x);
            let p = net.params();
            let n = net.width();
            for (k, &gk) in g.iter().enumerate() {
                let h = 1e-6;
                let shifted = |d: f64| {
                    let mut q = p.clone();
                    q[k] += d;
                    let m = WideNet {
                        u: q[..n].to_vec(),
                        b: q[n..2 * n].to_vec(),
                        v: q[2 * n..3 * n].to_vec(),
                        c: q[3 * n],
                        ..net.clone()
                    };
                    m.eval(x)
                };
                let fd = (shifted(h) - shifted(-h)) / (2.0 * h);
                assert!(
                    (fd - gk).abs() < 1e-5 * (1.0 + gk.abs()),
                    "{act:?} x={x} θ[{k}]: {gk} vs {fd}"
                );
            }
        }
    }
}

#[test]
fn the_training_step_follows_the_gradient_of_the_loss() {
    // One step of Run::step equals θ − η·(1/(Nα))·Σᵢ rᵢ·∇f(xᵢ), built from `gradient`.
    for last_only in [false, true] {
        let s = TrainSpec {
            alpha: 0.5,
            last_only,
            ..spec(Act::Erf, 7, 1)
        };
        let mut run = Run::new(&s, &the_grid());
        let before = run.net().clone();
        let eta = run.eta();
        let f0: Vec<f64> = run.data.x.iter().map(|&x| before.eval(x)).collect();
        run.step();
        run.step();
        // After one step g ≠ 0; check the second against the formula.
        let mut once = Run::new(&s, &the_grid());
        once.step();
        let net1 = once.net().clone();
        let mut expected = net1.params();
        let n = net1.width();
        for (i, &x) in run.data.x.iter().enumerate() {
            let r = s.alpha * (net1.eval(x) - f0[i]) - run.data.y[i];
            for (k, g) in net1.gradient(x).iter().enumerate() {
                if !last_only || k >= 2 * n {
                    expected[k] -= eta * r * g / (s.points as f64 * s.alpha);
                }
            }
        }
        for (a, b) in run.net().params().iter().zip(&expected) {
            assert!((a - b).abs() < 1e-10, "last_only={last_only}: {a} vs {b}");
        }
    }
}

#[test]
fn a_wider_net_is_the_narrower_one_plus_units() {
    let k = kernels(Act::Relu);
    let small = WideNet::from_pool(&k, 10, 4, 2);
    let big = WideNet::from_pool(&k, 40, 4, 2);
    assert_eq!(small.c, big.c);
    assert_eq!(small.u[..], big.u[..10]);
    assert_eq!(small.v[..], big.v[..10]);
}

#[test]
fn the_kernel_flow_matches_explicit_iteration_and_interpolates() {
    let k = kernels(Act::Erf);
    let data = Data::new(8, 1.0, 1);
    let flow = KernelFlow::new(|a, b| k.ntk(a, b), &data.x, &data.y, &data.x);
    // f_{t+1} = f_t − (η/N)·Θ·(f_t − y) from 0.
    let mut f = vec![0.0; 8];
    for t in 1..=25 {
        let r: Vec<f64> = f.iter().zip(&data.y).map(|(a, b)| a - b).collect();
        f = (0..8)
            .map(|i| f[i] - flow.rate() * (0..8).map(|j| k.ntk(data.x[i], data.x[j]) * r[j]).sum::<f64>())
            .collect();
        let closed = flow.at(t);
        for i in 0..8 {
            assert!((closed[i] - f[i]).abs() < 1e-9, "t={t}: {} vs {}", closed[i], f[i]);
        }
    }
    assert!(flow.at(0).iter().all(|v| *v == 0.0));
    for (a, b) in flow.at(usize::MAX).iter().zip(&data.y) {
        assert!((a - b).abs() < 1e-8, "the limit interpolates: {a} vs {b}");
    }
}

#[test]
fn stratified_points_cover_every_cell() {
    let d = Data::new(8, 0.5, 9);
    for (k, x) in d.x.iter().enumerate() {
        assert!(*x > -1.0 + 0.25 * k as f64 && *x < -1.0 + 0.25 * (k + 1) as f64);
    }
    assert!((d.y[3] - 0.5 * (std::f64::consts::PI * d.x[3]).sin()).abs() < 1e-12);
}

#[test]
fn checkpoints_are_increasing_and_end_at_t() {
    let c = checkpoints(1000);
    assert_eq!((c[0], c[1], *c.last().unwrap()), (0, 1, 1000));
    assert!(c.windows(2).all(|w| w[0] < w[1]));
    assert!(c.len() > 30 && c.len() < 70);
}

#[test]
fn a_wide_net_trains_like_its_kernel_and_a_narrow_one_does_not() {
    let g = the_grid();
    let wide = final_figures(&spec(Act::Erf, 4096, 1000), &g).expect("converges");
    let narrow = final_figures(&spec(Act::Erf, 64, 1000), &g).expect("converges");
    println!(
        "net vs kernel: width 64 {:.4}, width 4096 {:.4}",
        narrow.net_vs_kernel, wide.net_vs_kernel
    );
    assert!(wide.net_vs_kernel < 0.01, "{}", wide.net_vs_kernel);
    assert!(narrow.net_vs_kernel > 4.0 * wide.net_vs_kernel);
    assert!(wide.loss < 0.01 * 0.5, "trained: loss {}", wide.loss);
}

#[test]
fn relative_weight_change_falls_like_one_over_root_width() {
    let g = the_grid();
    let mut weights = Vec::new();
    for width in [64, 256, 1024, 4096] {
        let s = final_figures(&spec(Act::Erf, width, 1000), &g).expect("converges");
        println!(
            "width {width}: weight {:.4} kernel {:.5} net-vs-kernel {:.4}",
            s.rel_weight_change, s.rel_kernel_change, s.net_vs_kernel
        );
        weights.push((width as f64, s.rel_weight_change));
    }
    let slope = log_log_slope(&weights).unwrap();
    println!("slope {slope:.3}");
    assert!((-0.6..=-0.4).contains(&slope), "{slope}");
}

#[test]
fn training_the_last_layer_only_leaves_the_kernel_and_follows_nngp_regression() {
    let g = the_grid();
    let s = final_figures(
        &TrainSpec {
            last_only: true,
            ..spec(Act::Erf, 2048, 1000)
        },
        &g,
    )
    .unwrap();
    assert_eq!(s.rel_kernel_change, 0.0);
    assert!(s.net_vs_kernel < 0.05, "{}", s.net_vs_kernel);
}

#[test]
fn a_small_output_scale_moves_the_weights_further() {
    let g = the_grid();
    let lazy = final_figures(
        &TrainSpec {
            alpha: 4.0,
            ..spec(Act::Erf, 256, 1000)
        },
        &g,
    )
    .unwrap();
    let base = final_figures(&spec(Act::Erf, 256, 1000), &g).unwrap();
    let rich = final_figures(
        &TrainSpec {
            alpha: 0.25,
            ..spec(Act::Erf, 256, 1000)
        },
        &g,
    )
    .unwrap();
    println!(
        "alpha 4: {:.4} {:.4}; 1: {:.4} {:.4}; 0.25: {:.4} {:.4}",
        lazy.rel_weight_change,
        lazy.net_vs_kernel,
        base.rel_weight_change,
        base.net_vs_kernel,
        rich.rel_weight_change,
        rich.net_vs_kernel
    );
    assert!(rich.rel_weight_change > 2.0 * base.rel_weight_change);
    assert!(base.rel_weight_change > 2.0 * lazy.rel_weight_change);
    assert!(rich.net_vs_kernel > 2.0 * lazy.net_vs_kernel);
    // Even a narrow net is lazy at a large α: its weights barely move.
    let narrow_lazy = final_figures(
        &TrainSpec {
            alpha: 10.0,
            ..spec(Act::Erf, 16, 1000)
        },
        &g,
    )
    .unwrap();
    let narrow = final_figures(&spec(Act::Erf, 16, 1000), &g).unwrap();
    println!(
        "width 16: α 10 {:.4} {:.4}; α 1 {:.4} {:.4}",
        narrow_lazy.rel_weight_change, narrow_lazy.net_vs_kernel, narrow.rel_weight_change, narrow.net_vs_kernel
    );
    assert!(narrow_lazy.rel_weight_change < 0.25 * narrow.rel_weight_change);
    // What the laziness text says of a small α: weights and kernel move more at every
    // width of the sweep; the distance to the kernel prediction grows from a few hundred up.
    for width in [16, 64, 256, 1024, 4096] {
        let small = final_figures(
            &TrainSpec {
                alpha: 0.3,
                ..spec(Act::Erf, width, 1000)
            },
            &g,
        )
        .unwrap();
        let one = final_figures(&spec(Act::Erf, width, 1000), &g).unwrap();
        println!(
            "width {width}: α 0.3 {:.4} {:.4} {:.4}; α 1 {:.4} {:.4} {:.4}",
            small.rel_weight_change,
            small.rel_kernel_change,
            small.net_vs_kernel,
            one.rel_weight_change,
            one.rel_kernel_change,
            one.net_vs_kernel
        );
        assert!(small.rel_weight_change > 2.0 * one.rel_weight_change, "width {width}");
        assert!(small.rel_kernel_change > 2.0 * one.rel_kernel_change, "width {width}");
        if width >= 256 {
            assert!(small.net_vs_kernel > 1.2 * one.net_vs_kernel, "width {width}");
        }
    }
}

#[test]
fn the_prior_keeps_its_variance_and_loses_its_kurtosis() {
    for (act, at_one) in [(Act::Relu, 5.0), (Act::Erf, 0.3)] {
        let k = kernels(act);
        let mut kurtosis = Vec::new();
        for width in [1, 64] {
            let p = PriorSpec {
                act,
                width,
                seed: 1,
                draws: 4000,
                x0: 1.0,
            };
            let d = summarise(draws_at(&p, |_| {}), k.nngp(1.0, 1.0), 40);
            println!(
                "{act:?} width {width}: kurtosis {:.2}, KS {:.3}, var {:.3} vs K {:.3}",
                d.excess_kurtosis, d.ks, d.sample_variance, d.variance_k
            );
            assert!(
                (d.sample_variance / d.variance_k - 1.0).abs() < 0.15,
                "variance is K at every width"
            );
            assert_eq!(d.counts.iter().sum::<u32>(), 4000);
            kurtosis.push((d.excess_kurtosis, d.ks));
        }
        assert!(kurtosis[0].0 > at_one, "{act:?} width 1 kurtosis {}", kurtosis[0].0);
        assert!(kurtosis[1].0.abs() < 0.5, "{act:?} width 64 kurtosis {}", kurtosis[1].0);
        assert!(
            kurtosis[1].1 < 1.36 / 4000f64.sqrt() * 1.5,
            "{act:?} KS at width 64 {}",
            kurtosis[1].1
        );
        assert!(kurtosis[0].1 > kurtosis[1].1);
    }
    let p = PriorSpec {
        act: Act::Erf,
        width: 3,
        seed: 1,
        draws: 10,
        x0: 1.0,
    };
    let f = sample_functions(&p, &[1.0], 2);
    assert_eq!(f[0][0], draws_at(&p, |_| {})[0], "samples and draws share pools");
}

#[test]
fn the_fast_erf_is_within_its_bound() {
    for k in -400..=400 {
        let h = k as f64 / 80.0;
        let (value, slope) = genlab::engine::wide::kernels::erf_and_slope(h);
        // erf h = (2/√π)·∫₀ʰ e^(−s²) ds by Simpson's rule on 2,000 intervals.
        let m = 2000;
        let f = |s: f64| (-s * s).exp();
        let step = h / m as f64;
        let simpson: f64 = (0..=m)
            .map(|i| {
                f(i as f64 * step)
                    * if i == 0 || i == m {
                        1.0
                    } else if i % 2 == 1 {
                        4.0
                    } else {
                        2.0
                    }
            })
            .sum::<f64>()
            * step
            / 3.0;
        let exact = 2.0 / std::f64::consts::PI.sqrt() * simpson;
        assert!((value - exact).abs() < 2e-7, "erf({h}): {value} vs {exact}");
        assert!((slope - 2.0 / std::f64::consts::PI.sqrt() * (-h * h).exp()).abs() < 1e-15);
    }
}

/// The laziness sweep the panel runs at its defaults with activation `act`.
fn default_sweep(act: Act, last: bool) -> SweepSummary {
    let config = WideConfig {
        act,
        last,
        ..WideConfig::default()
    };
    let mut points = Vec::new();
    run(&Request::Sweep(config.train_spec(1)), &mut |u| {
        if let Update::Sweep(p) = u {
            points.push(p);
        }
    });
    assert_eq!(points.len(), SWEEP_RUNS);
    summarise_sweep(&points)
}

#[test]
fn the_kernels_change_falls_like_one_over_n_for_erf_and_near_one_over_root_n_for_relu() {
    // The laziness chart's caption over the panel's default widths and seeds: the weights'
    // change falls like n^(−½) for both; the kernel's like n^(−1) for erf (Dyer and Gur-Ari
    // 2020, smooth activations) and near n^(−½) for ReLU. The ranges do not overlap.
    let erf = default_sweep(Act::Erf, false);
    let relu = default_sweep(Act::Relu, false);
    for (name, s) in [("erf", &erf), ("ReLU", &relu)] {
        println!(
            "{name}: weights {:?} slope {:.3}; kernel {:?} slope {:.3}; net vs kernel {:?}",
            s.rel_weight_change,
            s.weight_slope.unwrap(),
            s.rel_kernel_change,
            s.kernel_slope.unwrap(),
            s.net_vs_kernel
        );
        assert!(
            (-0.62..=-0.4).contains(&s.weight_slope.unwrap()),
            "{name} weights {:?}",
            s.weight_slope
        );
    }
    let (ke, kr) = (erf.kernel_slope.unwrap(), relu.kernel_slope.unwrap());
    assert!((-1.15..=-0.78).contains(&ke), "erf kernel {ke}");
    assert!((-0.72..=-0.45).contains(&kr), "ReLU kernel {kr}");
    // The guides drawn: n^(−½) beside both weights' curves, n^(−1) beside erf's kernel
    // curve, n^(−½) beside ReLU's; the caption names the rate for each activation.
    let exponents = |s: &SweepSummary| guides(s).map(|g| g.unwrap().exponent);
    assert_eq!(exponents(&erf), [-0.5, -1.0]);
    assert_eq!(exponents(&relu), [-0.5, -0.5]);
    let (te, tr) = (
        slopes_text(Act::Erf, &erf).unwrap(),
        slopes_text(Act::Relu, &relu).unwrap(),
    );
    assert!(
        te.contains("For a smooth activation such as erf, Dyer and Gur-Ari (2020) show"),
        "{te}"
    );
    assert!(
        tr.contains("ReLU's slope jumps at 0") && tr.contains("falls more slowly"),
        "{tr}"
    );
    // Training only the last layer leaves the kernel unchanged: no kernel slope, and the
    // caption says so.
    let last = default_sweep(Act::Erf, true);
    assert_eq!(last.kernel_slope, None);
    assert!(slopes_text(Act::Erf, &last).unwrap().contains("does not change at all"));
}

#[test]
fn the_curves_merge_at_the_widest_width_for_erf_and_stay_apart_for_relu() {
    // The training view's sentence at the defaults: erf's widest net ends under 1 % from
    // the kernel prediction ("merge"), ReLU's stays above it and the text says how far.
    let mut seen = Vec::new();
    for act in [Act::Erf, Act::Relu] {
        let config = WideConfig {
            act,
            ..WideConfig::default()
        };
        let mut distance = None;
        run(&Request::Widest(config.train_spec(1)), &mut |u| {
            if let Update::Widest(d) = u {
                distance = d;
            }
        });
        let d = distance.expect("the widest run converges");
        let text = merge_text(act, Some(d));
        println!("{act:?}: {d:.4}: {text}");
        seen.push((d, text));
    }
    assert!(seen[0].0 < MERGE_BELOW, "erf {}", seen[0].0);
    assert!(seen[0].1.contains("the two curves merge"));
    assert!(seen[1].0 > 1.5 * MERGE_BELOW, "ReLU {}", seen[1].0);
    assert!(seen[1].1.contains(&format!("{:.1}\u{a0}%", 100.0 * seen[1].0)) && seen[1].1.contains("do not merge"));
}
