//! The claims the sharpness panel makes, checked on the engine.

use genlab::engine::landscape::{
    hessian, sam_step, sharpness, top_eigenvalue, trajectory, worst_on_circle, RunSettings,
};
use genlab::engine::surface::{Basins, Bowl, Surface};
use genlab::panels::sam::config::SamConfig;
use genlab::panels::sam::surfaces::{built_from_data, preset, title, Preset, PRESET_KEYS, SCENARIOS};

fn defaults(p: &Preset) -> RunSettings {
    RunSettings {
        lr: p.lr,
        rho: 0.05,
        steps: 300,
        noise: 0.0,
        noise_seed: 1,
        batch: 0,
    }
}

fn distance(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

#[test]
fn with_the_defaults_gd_ends_in_the_sharp_well_and_sam_in_the_flat_one() {
    let p = preset("wells").unwrap();
    let gd = trajectory(&p.surface, p.domain, p.start, defaults(&p), false);
    let sam = trajectory(&p.surface, p.domain, p.start, defaults(&p), true);
    assert_eq!(gd.points.len(), 301);
    assert!(distance(gd.end(), p.minima[0].0) < 1e-3, "GD ended at {:?}", gd.end());
    assert!(distance(sam.end(), p.minima[1].0) < 0.1, "SAM ended at {:?}", sam.end());
}

/// Share of the 120 × 120 starts whose run ends at the flat minimum.
fn flat_share(p: &Preset, run: RunSettings, sam: bool) -> f32 {
    let n = 120;
    let mut map = vec![0u8; n * n];
    p.basin_rows(n, run, sam, 0..n, &mut map);
    map.iter().filter(|&&m| m == 1).count() as f32 / (n * n) as f32
}

#[test]
fn sams_flat_basin_is_larger_than_gds_and_grows_with_rho() {
    let p = preset("wells").unwrap();
    let run = defaults(&p);
    let gd = flat_share(&p, run, false);
    let sam_small = flat_share(&p, RunSettings { rho: 0.01, ..run }, true);
    let sam = flat_share(&p, run, true);
    assert!(gd < 0.95, "GD flat share {gd}");
    assert!(
        sam_small >= gd && sam > sam_small,
        "GD {gd}, SAM ρ=0.01 {sam_small}, SAM ρ=0.05 {sam}"
    );
    assert!(sam > 0.99, "SAM flat share {sam}");
}

/// The small-step control (the panel's basin-map paragraph): at η = 0.01 nothing
/// bounces, and SAM's flat basin is no larger than gradient descent's at any ρ shown; a
/// wider ρ even shrinks it a little (the ρ-ball reaches over the ridge both ways). At
/// η = 0.06 SAM reaches the flat minimum from almost every start.
#[test]
fn at_a_small_step_sams_flat_basin_is_no_larger_than_gds() {
    let p = preset("wells").unwrap();
    let run = RunSettings {
        lr: 0.01,
        ..defaults(&p)
    };
    let gd = flat_share(&p, run, false);
    let sam: Vec<f32> = [0.05, 0.2, 0.4]
        .iter()
        .map(|&rho| flat_share(&p, RunSettings { rho, ..run }, true))
        .collect();
    for (rho, share) in [0.05, 0.2, 0.4].iter().zip(&sam) {
        assert!(*share <= gd + 0.005, "η 0.01: GD {gd}, SAM ρ={rho} {share}");
    }
    assert!(sam[2] < sam[0], "ρ 0.4 {} vs ρ 0.05 {}", sam[2], sam[0]);
    // A real basin either way: not a map that sends everything to one minimum.
    assert!(gd > 0.5 && gd < 0.95, "GD flat share {gd}");
    assert!(flat_share(&p, defaults(&p), true) > 0.99);
}

#[test]
fn sharpness_on_a_quadratic_matches_its_closed_form() {
    // L = (a/2)‖w‖²: max_{‖ε‖≤ρ} L(w + ε) − L(w) = a·ρ·‖w‖ + a·ρ²/2.
    let a = 4.0;
    let bowl = Surface::Basins(Basins {
        bowls: vec![Bowl {
            centre: [0.0, 0.0],
            curvature: a,
            floor: 0.0,
        }],
        softness: 0.02,
    });
    let (w, rho) = ([0.3, 0.4], 0.1);
    let exact = a * rho * 0.5 + 0.5 * a * rho * rho;
    assert!((sharpness(&bowl, w, rho) - exact).abs() < 1e-3);
}

#[test]
fn hessian_eigenvalues_match_hand_computed_ones() {
    let wells = preset("wells").unwrap();
    assert!((top_eigenvalue(&wells.surface, wells.minima[0].0) - 30.0).abs() < 0.1);
    assert!((top_eigenvalue(&wells.surface, wells.minima[1].0) - 3.0).abs() < 0.05);
    let valley = preset("ravine").unwrap();
    assert!((top_eigenvalue(&valley.surface, [0.3, -0.7]) - 20.0).abs() < 0.1);
}

#[test]
fn sam_step_parts_are_consistent() {
    let p = preset("wells").unwrap();
    let w = [-0.5, 0.3];
    let s = sam_step(&p.surface, w, 0.06, 0.05);
    let norm = (s.grad[0].powi(2) + s.grad[1].powi(2)).sqrt();
    assert!((distance(s.ascent_point, w) - 0.05).abs() < 1e-5);
    assert!((s.ascent_point[0] - w[0] - 0.05 * s.grad[0] / norm).abs() < 1e-5);
    assert!((s.next[0] - (w[0] - 0.06 * s.ascent_grad[0])).abs() < 1e-6);
}

/// The highest loss on the circle ‖ε‖ = ρ around w among `n` evenly spaced angles (a brute
/// force check of `worst_on_circle`).
fn brute_worst(surface: &Surface, w: [f32; 2], rho: f32, n: usize) -> f32 {
    (0..n)
        .map(|k| {
            let t = std::f64::consts::TAU * k as f64 / n as f64;
            let e = [(f64::from(rho) * t.cos()) as f32, (f64::from(rho) * t.sin()) as f32];
            surface.value([w[0] + e[0], w[1] + e[1]])
        })
        .fold(f32::NEG_INFINITY, f32::max)
}

/// Step mode's exact worst point (◆) against SAM's linearised ε (white arrow): on every
/// preset, from points across its window and at radii up to the slider's 0.5, the exact
/// point lies on the ρ-circle, its loss is at least that of SAM's ascent point w + ε (which
/// is on the same circle) and at least the best of 4,096 evenly spaced angles. A search
/// that stopped at a local maximum, or missed the circle, fails this.
#[test]
fn the_exact_worst_point_is_no_lower_than_sams_ascent_point_or_any_angle() {
    for key in PRESET_KEYS {
        let p = preset(key).unwrap();
        let [x0, x1, y0, y1] = p.domain;
        // ρ in the units of the window: the slider's 0.05–0.5 on a window 3 wide.
        let unit = (x1 - x0).min(y1 - y0) / 3.0;
        let mut differ = 0;
        for i in 0..5 {
            for j in 0..5 {
                let w = [
                    x0 + (x1 - x0) * (i as f32 + 0.5) / 5.0,
                    y0 + (y1 - y0) * (j as f32 + 0.5) / 5.0,
                ];
                for rho in [0.05, 0.2, 0.5].map(|r| r * unit) {
                    let s = sam_step(&p.surface, w, 0.01, rho);
                    let worst = p.surface.value(s.worst_point);
                    let sams = p.surface.value(s.ascent_point);
                    let tol = 1e-6 * worst.abs().max(1.0);
                    assert!(
                        (distance(s.worst_point, w) - rho).abs() < 1e-5 * rho.max(1.0),
                        "{key} at {w:?}, ρ {rho}: off the circle"
                    );
                    assert!(
                        worst >= sams - tol,
                        "{key} at {w:?}, ρ {rho}: exact {worst} < SAM's {sams}"
                    );
                    let brute = brute_worst(&p.surface, w, rho, 4096);
                    assert!(
                        worst >= brute - tol,
                        "{key} at {w:?}, ρ {rho}: exact {worst} < brute force {brute}"
                    );
                    if s.angle_to_worst(w).is_some_and(|a| a > 0.05) {
                        differ += 1;
                    }
                }
            }
        }
        // Every preset curves somewhere: SAM's ε misses the worst point by more than 3°.
        assert!(differ > 0, "{key}: SAM's ε is the worst point everywhere");
    }
}

/// Where the curvature matters the two points differ: across the long narrow valley the
/// loss curves 100 times faster than along it, so near its floor, where the gradient runs
/// half along it, the circle's highest point turns from the gradient towards the steep
/// side; the exact point is then clearly higher.
#[test]
fn on_the_narrow_valley_the_exact_worst_point_turns_away_from_the_gradient() {
    let p = preset("ravine").unwrap();
    // One unit along the floor (v = 1), 0.01 across it (u): ∇L has equal parts 0.2 and 0.2.
    let (c, s) = (0.5f32.cos(), 0.5f32.sin());
    let (w, rho) = ([c - 0.01 * s, s + 0.01 * c], 0.3);
    let s = sam_step(&p.surface, w, p.lr, rho);
    let angle = s.angle_to_worst(w).unwrap().to_degrees();
    let (worst, sams) = (p.surface.value(s.worst_point), p.surface.value(s.ascent_point));
    assert!(angle > 10.0, "angle {angle}°");
    assert!(worst > sams + 0.05, "exact {worst}, SAM's {sams}");
    // And on the sharp-and-flat wells, at the point where a wide ρ stalls SAM.
    let p = preset("wells").unwrap();
    let run = RunSettings {
        lr: 0.01,
        rho: 0.4,
        ..defaults(&p)
    };
    let end = trajectory(&p.surface, p.domain, p.start, run, true).end();
    let s = sam_step(&p.surface, end, run.lr, run.rho);
    let angle = s.angle_to_worst(end).unwrap().to_degrees();
    let (worst, sams) = (p.surface.value(s.worst_point), p.surface.value(s.ascent_point));
    assert!(
        angle > 10.0 && worst > sams + 0.05,
        "stall point: angle {angle}°, exact {worst}, SAM's {sams}"
    );
}

/// Where the loss is the same in every direction (an isotropic bowl, or the valley with
/// equal curvatures) the linearised worst point is the exact one: the gradient points
/// straight away from the centre, and so does the circle's highest point.
#[test]
fn on_an_isotropic_quadratic_sams_epsilon_is_the_exact_worst_point() {
    let bowl = Surface::Basins(Basins {
        bowls: vec![Bowl {
            centre: [0.2, -0.1],
            curvature: 5.0,
            floor: 0.0,
        }],
        softness: 0.02,
    });
    let round_valley = Surface::Valley {
        across: 2.0,
        along: 2.0,
        angle: 0.5,
    };
    for surface in [&bowl, &round_valley] {
        for w in [[1.0f32, 0.4], [-0.7, -1.1], [0.3, 0.9]] {
            for rho in [0.05, 0.3] {
                let s = sam_step(surface, w, 0.01, rho);
                let angle = s.angle_to_worst(w).unwrap();
                assert!(angle < 1e-3, "{w:?}, ρ {rho}: angle {angle}");
                assert!((surface.value(s.worst_point) - surface.value(s.ascent_point)).abs() < 1e-5);
            }
        }
    }
    // With ρ = 0 there is no circle, and at a minimum no gradient: no angle either way.
    assert_eq!(worst_on_circle(&bowl, [1.0, 0.4], 0.0), [0.0, 0.0]);
    assert_eq!(sam_step(&bowl, [1.0, 0.4], 0.01, 0.0).angle_to_worst([1.0, 0.4]), None);
    assert_eq!(
        sam_step(&bowl, [0.2, -0.1], 0.01, 0.1).angle_to_worst([0.2, -0.1]),
        None
    );
}

/// The test loss is the training loss shifted by δ (an assumption, Keskar et al. 2017):
/// at a minimum w* the rise is L(w* − δ) − L(w*) ≈ ½·δᵀ∇²L(w*)·δ, so it follows the
/// curvature there. Checked on every preset against the Hessian the readout shows, and
/// the sharp well of "wells" pays more than the flat one by about the ratio of their
/// curvatures along δ.
/// The surface menu lists titles without building the presets: every key has its own title,
/// the one its preset carries.
#[test]
fn every_preset_has_a_distinct_menu_title() {
    let titles: Vec<&str> = PRESET_KEYS.iter().map(|k| title(k)).collect();
    for (key, t) in PRESET_KEYS.iter().zip(&titles) {
        assert!(!t.is_empty(), "{key} has no title");
        assert_eq!(preset(key).unwrap().title, *t);
        assert_eq!(
            titles.iter().filter(|u| *u == t).count(),
            1,
            "{key}: title {t} repeated"
        );
    }
}

#[test]
fn the_test_loss_rise_at_each_minimum_follows_its_curvature() {
    for key in PRESET_KEYS {
        let p = preset(key).unwrap();
        let d = p.test_shift;
        for &(m, name) in &p.minima {
            let rise = p.surface.value([m[0] - d[0], m[1] - d[1]]) - p.surface.value(m);
            let h = hessian(&p.surface, m, 1e-3);
            let quadratic = 0.5 * (h[(0, 0)] * d[0] * d[0] + 2.0 * h[(0, 1)] * d[0] * d[1] + h[(1, 1)] * d[1] * d[1]);
            // Within 15 % (plus a floor for the soft-min and the data models' cubic terms).
            assert!(
                (rise - quadratic).abs() < 0.15 * quadratic.abs() + 2e-3,
                "{key}/{name}: rise {rise}, ½δᵀHδ {quadratic}"
            );
        }
    }
    let p = preset("wells").unwrap();
    let rise = |m: [f32; 2]| p.surface.value([m[0] - p.test_shift[0], m[1] - p.test_shift[1]]) - p.surface.value(m);
    let ratio = rise(p.minima[0].0) / rise(p.minima[1].0);
    let curvatures = top_eigenvalue(&p.surface, p.minima[0].0) / top_eigenvalue(&p.surface, p.minima[1].0);
    assert!(
        (ratio / curvatures - 1.0).abs() < 0.2,
        "rise ratio {ratio}, curvature ratio {curvatures}"
    );
}

#[test]
fn a_huge_learning_rate_leaves_the_plot_and_says_when() {
    let p = preset("wells").unwrap();
    let t = trajectory(
        &p.surface,
        p.domain,
        p.start,
        RunSettings {
            lr: 5.0,
            ..defaults(&p)
        },
        false,
    );
    let step = t.left_at.expect("leaves the plot");
    assert!(step < 10);
    assert_eq!(t.points.len(), step);
}

#[test]
fn reparametrising_keeps_the_functions_but_changes_the_path() {
    let (one, ten) = (preset("linear").unwrap(), preset("linear10").unwrap());
    // The same function: L₁₀(w₁/10, w₂) = L₁(w₁, w₂).
    for w in [[0.3f32, -0.2], [1.2, 0.9]] {
        assert!((one.surface.value(w) - ten.surface.value([w[0] / 10.0, w[1]])).abs() < 1e-5);
    }
    // A hundred times the curvature along w₁.
    let ratio = top_eigenvalue(&ten.surface, [0.0, 0.0]) / top_eigenvalue(&one.surface, [0.0, 0.0]);
    assert!(ratio > 50.0, "ratio {ratio}");
    // The same learning rate that trains one model diverges on the other.
    let run = RunSettings {
        lr: one.lr,
        ..defaults(&one)
    };
    assert!(trajectory(&one.surface, one.domain, one.start, run, false)
        .left_at
        .is_none());
    assert!(trajectory(&ten.surface, ten.domain, ten.start, run, false)
        .left_at
        .is_some());
}

#[test]
fn every_preset_starts_inside_its_window_stays_there_and_noise_is_seeded() {
    for key in PRESET_KEYS {
        let p = preset(key).unwrap();
        let [x0, x1, y0, y1] = p.domain;
        assert!(
            (x0..=x1).contains(&p.start[0]) && (y0..=y1).contains(&p.start[1]),
            "{key}"
        );
        let noisy = RunSettings {
            noise: 0.1,
            ..defaults(&p)
        };
        let a = trajectory(&p.surface, p.domain, p.start, noisy, false);
        let b = trajectory(&p.surface, p.domain, p.start, noisy, false);
        let c = trajectory(
            &p.surface,
            p.domain,
            p.start,
            RunSettings { noise_seed: 2, ..noisy },
            false,
        );
        assert_eq!(a, b, "{key}");
        assert_ne!(a, c, "{key}");
    }
    assert!(preset("nope").is_none());
}

/// The basin SAM's 300 steps end in, from the default start of "wells" at learning rate
/// `lr` and radius `rho`: the minimum that plain gradient descent (a small, stable step)
/// reaches from SAM's end point.
fn sam_end_basin(lr: f32, rho: f32) -> usize {
    let p = preset("wells").unwrap();
    let run = RunSettings {
        lr,
        rho,
        ..defaults(&p)
    };
    let sam = trajectory(&p.surface, p.domain, p.start, run, true);
    assert!(sam.left_at.is_none(), "SAM left the plot at η = {lr}, ρ = {rho}");
    let settle = RunSettings {
        lr: 0.02,
        steps: 3000,
        ..run
    };
    let gd = trajectory(&p.surface, p.domain, sam.end(), settle, false);
    let minima: Vec<[f32; 2]> = p.minima.iter().map(|m| m.0).collect();
    genlab::engine::landscape::nearest(&minima, gd.end())
}

/// The panel's explanation: at the default step η·λ_max in the sharp well is 1.8, close
/// to the stability limit 2, and SAM's step bounces it out at any ρ shown (Bartlett,
/// Long and Bousquet 2022); at a small step it stays in the sharp well unless the ρ-ball
/// reaches past the well.
#[test]
fn sams_escape_is_the_bounce_at_a_large_step_and_a_wide_ball_at_a_small_one() {
    let p = preset("wells").unwrap();
    let eta_lambda = p.lr * top_eigenvalue(&p.surface, p.minima[0].0);
    assert!((eta_lambda - 1.8).abs() < 0.01, "η·λ_max = {eta_lambda}");
    let (sharp, flat) = (0, 1);
    assert_eq!(sam_end_basin(0.06, 0.05), flat);
    assert_eq!(sam_end_basin(0.01, 0.05), sharp);
    assert_eq!(sam_end_basin(0.01, 0.2), sharp);
    assert_eq!(sam_end_basin(0.01, 0.4), flat);
}

/// The panel's caveat for a wide ρ at a small step: SAM leaves the sharp well but stalls
/// on the slope, at a point whose ascent point w + ε is the sharp minimum, so that SAM's
/// step ∇L(w + ε) vanishes while the loss and its gradient there are large.
#[test]
fn a_wide_rho_at_a_small_step_stalls_where_the_ascent_point_is_the_sharp_minimum() {
    let p = preset("wells").unwrap();
    let run = RunSettings {
        lr: 0.01,
        rho: 0.4,
        ..defaults(&p)
    };
    let end = trajectory(&p.surface, p.domain, p.start, run, true).end();
    let later = trajectory(&p.surface, p.domain, p.start, RunSettings { steps: 1000, ..run }, true).end();
    assert!(distance(end, later) < 1e-4, "still moving: {end:?} → {later:?}");
    let step = sam_step(&p.surface, end, run.lr, run.rho);
    assert!(
        distance(step.ascent_point, p.minima[0].0) < 0.01,
        "ascent point {:?}",
        step.ascent_point
    );
    let (loss, g) = p.surface.value_grad(end);
    let floor = p.surface.value(p.minima[0].0).max(p.surface.value(p.minima[1].0));
    assert!(
        loss > floor + 1.0 && g[0].hypot(g[1]) > 1.0,
        "loss {loss}, gradient {g:?}"
    );
    // Not in the sharp well: plain gradient descent from here goes to the flat minimum.
    assert_eq!(sam_end_basin(0.01, 0.4), 1);
}

/// On the valley of global minima, L = ½(1 + 4w₁²)·w₂², gradient descent stops where it
/// reaches the floor while SAM drifts along it towards the flattest minimum (Wen, Ma and
/// Li 2022), at a large and at a small step alike: from (1.2, 0.8) with ρ = 0.3 and 300
/// steps, SAM's end point has less than half the curvature of gradient descent's.
#[test]
fn on_the_valley_of_minima_sam_ends_flatter_than_gd_at_any_small_step() {
    let p = preset("valley").unwrap();
    for lr in [0.01, 0.05] {
        let run = RunSettings {
            lr,
            rho: 0.3,
            steps: 300,
            noise: 0.0,
            noise_seed: 1,
            batch: 0,
        };
        let gd = trajectory(&p.surface, p.domain, [1.2, 0.8], run, false);
        let sam = trajectory(&p.surface, p.domain, [1.2, 0.8], run, true);
        assert!(gd.left_at.is_none() && sam.left_at.is_none());
        let curvature = |w: [f32; 2]| top_eigenvalue(&p.surface, w);
        let (at_gd, at_sam) = (curvature(gd.end()), curvature(sam.end()));
        // Both end on the floor of the valley: global minima.
        assert!(
            gd.end()[1].abs() < 0.05 && sam.end()[1].abs() < 0.3,
            "GD {:?}, SAM {:?}",
            gd.end(),
            sam.end()
        );
        assert!(at_sam < 0.5 * at_gd, "η = {lr}: curvature GD {at_gd}, SAM {at_sam}");
        // The curvature of the floor at w₁ is 1 + 4w₁², as the Hessian says.
        let w1 = gd.end()[0];
        assert!((curvature([w1, 0.0]) - (1.0 + 4.0 * w1 * w1)).abs() < 0.05);
    }
}

/// Each ready-made scenario shows what its line (`says`, shown once its button is
/// pressed) says will happen, and for the reason it gives.
#[test]
fn every_scenario_shows_what_its_line_says() {
    let (sharp, flat) = (0, 1);
    let wells = preset("wells").unwrap();
    // Which well a point lies in: the bowl whose quadratic is lower there.
    let in_sharp_well = |w: [f32; 2]| match &wells.surface {
        Surface::Basins(b) => b.bowls[sharp].value(w) < b.bowls[flat].value(w),
        _ => unreachable!(),
    };
    let circle = |c: [f32; 2], rho: f32| {
        (0..360).map(move |k| {
            let t = std::f32::consts::TAU * k as f32 / 360.0;
            [c[0] + rho * t.cos(), c[1] + rho * t.sin()]
        })
    };
    assert_eq!(SCENARIOS.len(), 4);
    for (k, scenario) in SCENARIOS.iter().enumerate() {
        let c = SamConfig::default().with_scenario(scenario);
        let p = c.preset();
        let run = c.run(false);
        assert_eq!((c.lr, c.rho, c.surface), (scenario.lr, scenario.rho, scenario.surface));
        let gd = trajectory(&p.surface, p.domain, [c.x0, c.y0], run, false);
        let sam = trajectory(&p.surface, p.domain, [c.x0, c.y0], run, true);
        assert!(gd.left_at.is_none() && sam.left_at.is_none(), "{}", scenario.label);
        let says = scenario.says;
        if scenario.surface == "wells" {
            // "gradient descent stays in the sharp minimum" (in all three).
            assert!(
                distance(gd.end(), p.minima[sharp].0) < 0.01,
                "{}: GD at {:?}",
                scenario.label,
                gd.end()
            );
            assert!(says.contains("sharp minimum"), "{says}");
        }
        match k {
            // The bounce: η·λ_max just under 2 in the sharp well; SAM ends in the flat minimum.
            0 => {
                let eta_lambda = c.lr * top_eigenvalue(&p.surface, p.minima[sharp].0);
                assert!(eta_lambda > 1.5 && eta_lambda < 2.0, "η·λ_max {eta_lambda}");
                assert_eq!(sam_end_basin(c.lr, c.rho), flat);
                assert!(distance(sam.end(), p.minima[flat].0) < 0.1, "SAM at {:?}", sam.end());
                assert!(
                    says.contains("just under 2") && says.contains("bounces out into the flat one"),
                    "{says}"
                );
            }
            // The small step: SAM never leaves the sharp well, and the ball of ρ = 0.2 around
            // the sharp minimum lies inside it (that of ρ = 0.4 does not).
            1 => {
                assert!(sam.points.iter().all(|&w| in_sharp_well(w)), "SAM left the sharp well");
                assert!(distance(sam.end(), p.minima[sharp].0) < 0.05, "SAM at {:?}", sam.end());
                assert!(circle(p.minima[sharp].0, c.rho).all(in_sharp_well));
                assert!(!circle(p.minima[sharp].0, 0.4).all(in_sharp_well));
                assert!(
                    says.contains("Both stay in the sharp minimum") && says.contains("stays inside the sharp well"),
                    "{says}"
                );
            }
            // The wide ρ: SAM leaves the sharp well and stalls at a high loss, its ascent
            // point in the sharp minimum, the lowest point of its circle, gradient zero.
            2 => {
                assert_eq!(sam_end_basin(c.lr, c.rho), flat);
                assert!(!in_sharp_well(sam.end()));
                let later = trajectory(
                    &p.surface,
                    p.domain,
                    [c.x0, c.y0],
                    RunSettings { steps: 1000, ..run },
                    true,
                );
                assert!(distance(sam.end(), later.end()) < 1e-4, "still moving");
                assert!(p.surface.value(sam.end()) > p.surface.value(p.minima[flat].0) + 1.0);
                let step = sam_step(&p.surface, sam.end(), c.lr, c.rho);
                assert!(distance(step.ascent_point, p.minima[sharp].0) < 0.01);
                assert!(
                    step.ascent_grad[0].hypot(step.ascent_grad[1]) < 0.05,
                    "{:?}",
                    step.ascent_grad
                );
                let lowest = circle(sam.end(), c.rho)
                    .map(|w| p.surface.value(w))
                    .fold(f32::INFINITY, f32::min);
                assert!(p.surface.value(step.ascent_point) <= lowest + 1e-3);
                assert!(
                    says.contains("stalls on the slope at a high loss") && says.contains("the lowest point of its"),
                    "{says}"
                );
            }
            // The valley: both on the floor; SAM nearer w₁ = 0, where the floor's curvature
            // 1 + 4w₁² is less than half that where gradient descent stopped.
            _ => {
                assert_eq!(scenario.surface, "valley");
                assert!(
                    gd.end()[1].abs() < 0.05 && sam.end()[1].abs() < 0.05,
                    "GD {:?}, SAM {:?}",
                    gd.end(),
                    sam.end()
                );
                assert!(sam.end()[0].abs() < gd.end()[0].abs());
                let floor = |w: [f32; 2]| top_eigenvalue(&p.surface, [w[0], 0.0]);
                assert!(
                    floor(sam.end()) < 0.5 * floor(gd.end()),
                    "floor curvature GD {}, SAM {}",
                    floor(gd.end()),
                    floor(sam.end())
                );
                assert!(
                    says.contains("drifts along the floor") && says.contains("less than half as sharp"),
                    "{says}"
                );
            }
        }
    }
}

/// Minibatch SGD on the data surfaces: the minibatch gradient is an unbiased estimate of
/// the full gradient, the path is seeded, a batch of the whole set is plain gradient
/// descent, and analytic surfaces have no minibatches.
#[test]
fn minibatches_are_unbiased_seeded_and_only_on_data() {
    for key in PRESET_KEYS {
        let p = preset(key).unwrap();
        assert_eq!(built_from_data(key), p.surface.data_len().is_some(), "{key}");
    }
    let p = preset("tanh").unwrap();
    let n = p.surface.data_len().unwrap();
    let w = [0.7, -0.9];
    let full = p.surface.value_grad(w).1;
    // The mean over every batch of 4 consecutive points of a fixed shuffle, and over the
    // complementary singletons, equals the full gradient exactly (the loss is a mean).
    let singles: Vec<[f32; 2]> = (0..n).map(|i| p.surface.subset(&[i]).value_grad(w).1).collect();
    for k in 0..2 {
        let mean = singles.iter().map(|g| g[k]).sum::<f32>() / n as f32;
        assert!(
            (mean - full[k]).abs() < 1e-4 * full[k].abs().max(1.0),
            "component {k}: {mean} vs {}",
            full[k]
        );
    }
    let run = |batch: usize, seed: u64| {
        let settings = RunSettings {
            batch,
            noise_seed: seed,
            ..defaults(&p)
        };
        trajectory(&p.surface, p.domain, p.start, settings, false)
    };
    assert_eq!(run(4, 1), run(4, 1));
    assert_ne!(run(4, 1), run(4, 2));
    assert_eq!(run(n, 1), run(0, 1));
    assert_ne!(run(4, 1), run(0, 1));
    // Minibatch SGD still gets near a minimum of the full loss.
    let end = run(4, 1).end();
    let nearest = p
        .minima
        .iter()
        .map(|m| distance(m.0, end))
        .fold(f32::INFINITY, f32::min);
    assert!(nearest < 0.5, "minibatch SGD ended at {end:?}");
    let wells = preset("wells").unwrap();
    assert!(wells.surface.data_len().is_none());
    let c = SamConfig {
        sgd: true,
        ..SamConfig::default()
    };
    assert_eq!((c.run(false).batch, c.run(true).noise), (0, 0.0));
}

/// Minibatch SAM on a data surface takes its ε from the batch's loss, not the full one
/// (Foret et al. 2021's m-sharpness with m = b, which the panel's minibatch hint names):
/// with batches of one point, SAM's first step is the full SAM step on one point's loss,
/// and not the batch's gradient taken at the full loss's ascent point.
#[test]
fn minibatch_sam_takes_its_epsilon_from_the_batch() {
    let p = preset("tanh").unwrap();
    let n = p.surface.data_len().unwrap();
    let run = RunSettings {
        lr: p.lr,
        rho: 0.3,
        steps: 1,
        noise: 0.0,
        noise_seed: 3,
        batch: 1,
    };
    let first = trajectory(&p.surface, p.domain, p.start, run, true).points[1];
    let on_point = |i: usize| sam_step(&p.surface.subset(&[i]), p.start, run.lr, run.rho).next;
    assert!(
        (0..n).any(|i| distance(on_point(i), first) < 1e-6),
        "no one-point SAM step gives {first:?}"
    );
    let full_ascent = sam_step(&p.surface, p.start, run.lr, run.rho).ascent_point;
    let mixed = |i: usize| {
        let g = p.surface.subset(&[i]).grad(full_ascent);
        [p.start[0] - run.lr * g[0], p.start[1] - run.lr * g[1]]
    };
    assert!((0..n).all(|i| distance(mixed(i), first) > 1e-4));
}
