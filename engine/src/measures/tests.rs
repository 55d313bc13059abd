//! The study's claims on its seeded default population (Jiang et al. 2020's shape:
//! PAC-Bayes flatness ranks the gaps, the spectral bound does not, a random measure sits
//! in its band).

use super::*;

/// Trains every net of `spec` (the test profile optimises the engine).
fn run_all(spec: &StudySpec) -> Vec<NetResult> {
    let mut data = Vec::new();
    for rep in 0..spec.seeds {
        data.push(study_data(spec, rep));
    }
    population(spec)
        .into_iter()
        .map(|id| {
            let (train, test) = &data[id.rep as usize];
            run_net(spec, id, train, test)
        })
        .collect()
}

/// τ and Ψ of measure `m` over the finished nets.
fn rank_of(nets: &[NetResult], m: Measure, spec: &StudySpec) -> Ranking {
    let ids: Vec<NetId> = nets.iter().map(|n| n.id).collect();
    let gap: Vec<f32> = nets.iter().map(NetResult::gap).collect();
    let values: Vec<f32> = nets.iter().map(|n| n.measure(m)).collect();
    ranking(&ids, &values, &gap, &spec.varying)
}

/// The population is trained to equal loss: at least 90 % of the nets reach the target
/// cross-entropy before the cap, none diverges, and the random control sits in the band
/// that random orderings fill.
#[test]
fn the_default_population_reaches_the_target_and_the_control_sits_in_its_band() {
    let spec = StudySpec::default();
    let nets = run_all(&spec);
    assert_eq!(nets.len(), 64);
    let capped = nets.iter().filter(|n| n.capped).count();
    assert!(nets.iter().all(|n| !n.diverged));
    assert!(capped * 10 <= nets.len(), "{capped} of 64 nets stopped by the cap");
    assert!(nets.iter().filter(|n| !n.capped).all(|n| n.train_ce <= spec.target_ce));
    let ids: Vec<NetId> = nets.iter().map(|n| n.id).collect();
    let gap: Vec<f32> = nets.iter().map(NetResult::gap).collect();
    let band = random_band(&ids, &gap, &spec.varying, 200, spec.seed);
    let random = rank_of(&nets, Measure::Random, &spec);
    assert!(
        band.tau.0 <= random.tau && random.tau <= band.tau.1,
        "{random:?} {band:?}"
    );
    assert!(
        band.psi.0 <= random.psi && random.psi <= band.psi.1,
        "{random:?} {band:?}"
    );
}

/// The claims (Jiang et al.'s shape). They do NOT hold on this engine's default
/// population (seed 1, 64 nets: τ(pacbayes) −0.03, Ψ 0.13 against the random control's
/// 0.11), so the panel states none of them; run with `--ignored` to see the numbers.
#[test]
#[ignore]
fn the_default_population_ranks_as_in_the_study() {
    let spec = StudySpec::default();
    let nets = run_all(&spec);
    for m in Measure::ALL {
        let r = rank_of(&nets, m, &spec);
        eprintln!("{:>16} τ {:+.3} Ψ {:+.3} ψ {:?}", m.key(), r.tau, r.psi, r.per_axis);
    }
    let pacbayes = rank_of(&nets, Measure::PacBayes, &spec);
    let random = rank_of(&nets, Measure::Random, &spec);
    let spectral = rank_of(&nets, Measure::SpectralMargin, &spec);
    assert!(pacbayes.tau > 0.25, "τ(pacbayes) {}", pacbayes.tau);
    assert!(
        pacbayes.psi - random.psi > 0.1,
        "Ψ {} vs random {}",
        pacbayes.psi,
        random.psi
    );
    assert!(spectral.tau.abs() < 0.3, "τ(spectral/margin) {}", spectral.tau);
}

#[test]
fn a_net_is_deterministic_and_the_population_follows_the_axes() {
    let spec = StudySpec {
        varying: [true, false, false, false, true, false],
        seeds: 2,
        ..StudySpec::default()
    };
    let ids = population(&spec);
    assert_eq!(ids.len(), 8);
    assert!(ids.iter().all(|id| id.config & 0b101110 == 0));
    let (train, test) = study_data(&spec, 1);
    let a = run_net(&spec, ids[5], &train, &test);
    let b = run_net(&spec, ids[5], &train, &test);
    assert_eq!(a, b);
    assert_eq!(a.measures.len(), Measure::ALL.len());
    let flipped = {
        let clean = StudySpec {
            flip: 0.0,
            ..spec.clone()
        };
        let (c, _) = study_data(&clean, 1);
        c.y.iter().zip(&train.y).filter(|(p, q)| p != q).count()
    };
    // 10 % of 24 and of the next 24, rounded: 2 + 2.
    assert_eq!(flipped, 4);
}

/// Jiang et al.'s reason for training to equal loss, on the default seed: with a fixed
/// step budget the nets end at different training losses, and the measures' mean |τ| with
/// the gap grows (0.15 to 0.46), though nothing else changed. (On other seeds the growth
/// is smaller or absent, so the panel only says a measure *can* rank through progress.)
#[test]
fn a_fixed_budget_leaves_unequal_losses_and_inflates_the_correlations() {
    let target = StudySpec::default();
    let fixed = StudySpec {
        fixed_steps: true,
        ..StudySpec::default()
    };
    let (a, b) = (run_all(&target), run_all(&fixed));
    let ce: Vec<f32> = b.iter().map(|n| n.train_ce).collect();
    let (lo, hi) = ce
        .iter()
        .fold((f32::INFINITY, 0.0f32), |(l, h), &c| (l.min(c), h.max(c)));
    assert!(hi > 3.0 * lo, "fixed-budget losses {lo}…{hi}");
    let mean_abs_tau = |nets: &[NetResult], spec: &StudySpec| {
        let ms: Vec<Measure> = Measure::ALL
            .into_iter()
            .filter(|m| !matches!(m, Measure::Random | Measure::Steps | Measure::Params))
            .collect();
        ms.iter().map(|&m| rank_of(nets, m, spec).tau.abs()).sum::<f32>() / ms.len() as f32
    };
    let (t, f) = (mean_abs_tau(&a, &target), mean_abs_tau(&b, &fixed));
    eprintln!("mean |τ|: to the target {t:.3}, fixed budget {f:.3}; losses {lo:.3}…{hi:.3}");
    assert!(f > t + 0.1, "mean |τ| to the target {t}, fixed budget {f}");
}
