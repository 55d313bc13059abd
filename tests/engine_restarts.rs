//! Restarts: every run of the default experiment fits its training set, and SGD's test
//! accuracies bunch up more tightly than those of the fits it did not choose (random fits
//! by guess-and-check, Chiang et al. 2023; the bad minima of an adversarial start, Liu et
//! al. 2019); weight decay's rescue of the latter is measured against its control; Dinh et
//! al.'s rescaling changes λ_max and nothing else; and the panel's sentences say what the
//! runs show.

use genlab::engine::guess::MAX_DRAWS;
use genlab::engine::restarts::{experiment_data, restart_seed, run_restart, Pipeline, RestartSpec, RunResult};
use genlab::engine::{Activation, DatasetKind};
use genlab::panels::restarts::config::RestartsConfig;
use genlab::panels::restarts::prose::{bad_text, flat_text, guess_text, sgd_text, Stats};
use genlab::panels::restarts::verdicts;

fn runs(spec: &RestartSpec, restarts: u32, pipelines: &[Pipeline]) -> Vec<RunResult> {
    let (train, test) = experiment_data(spec);
    (0..restarts)
        .flat_map(|k| run_restart(spec, &train, &test, restart_seed(spec, k), pipelines))
        .collect()
}

fn mean_test_accuracy(runs: &[RunResult], pipeline: Pipeline) -> f32 {
    let accs: Vec<f32> = runs
        .iter()
        .filter(|r| r.pipeline == pipeline)
        .map(|r| r.test_acc)
        .collect();
    accs.iter().sum::<f32>() / accs.len() as f32
}

/// The interquartile range of a pipeline's test accuracies, computed here from scratch.
fn iqr(runs: &[RunResult], pipeline: Pipeline) -> f32 {
    let mut a: Vec<f32> = runs
        .iter()
        .filter(|r| r.pipeline == pipeline)
        .map(|r| r.test_acc)
        .collect();
    a.sort_by(f32::total_cmp);
    let q = |p: f32| a[((a.len() - 1) as f32 * p).round() as usize];
    q(0.75) - q(0.25)
}

/// A config whose `spec()` is `spec` for the settings the text reads.
fn config_for(spec: &RestartSpec) -> RestartsConfig {
    RestartsConfig {
        n_train: spec.n_train as u32,
        steps: spec.steps as u32,
        activation: spec.activation,
        alpha: spec.rescale,
        ..RestartsConfig::default()
    }
}

#[test]
fn every_default_restart_fits_the_training_set_and_the_histogram_is_narrow() {
    let spec = RestartSpec::default();
    let runs = runs(&spec, 100, &[Pipeline::Sgd]);
    for r in &runs {
        assert!(!r.diverged);
        assert_eq!(r.train_acc, 1.0, "run {} reached {}", r.seed, r.train_acc);
        assert!(r.test_acc > 0.85, "run {}: test accuracy {}", r.seed, r.test_acc);
        assert!(r.lambda_max.is_finite() && r.lambda_max > 0.0 && r.norm > 0.0);
    }
    // The histogram is narrow: the middle half of the runs within 3 points (measured: 1.3).
    // A trainer that stopped early, or whose minibatches were not shuffled per run, would
    // leave a spread of fits and misses far wider than this.
    let spread = iqr(&runs, Pipeline::Sgd);
    assert!(spread < 0.03, "interquartile range {spread}");
    // The text says all fit, and gives the spread the test computed.
    let text = sgd_text(Some(&config_for(&spec)), &runs);
    assert!(text.contains("all 100 SGD runs fit"), "{text}");
    assert!(text.contains(&format!("within {:.1} points", 100.0 * spread)), "{text}");
}

#[test]
fn the_sgd_sentence_follows_the_runs_when_they_do_not_fit() {
    // Too few steps: some runs stop short of fitting (measured: 2 of 10 fit on xor).
    let spec = RestartSpec {
        dataset: DatasetKind::Xor,
        steps: 300,
        ..RestartSpec::default()
    };
    let some = runs(&spec, 10, &[Pipeline::Sgd]);
    let fits = some.iter().filter(|r| r.train_acc == 1.0).count();
    assert!(fits > 0 && fits < 10, "{fits} of 10 fit");
    let text = sgd_text(Some(&config_for(&spec)), &some);
    assert!(text.contains(&format!("{fits} of 10 SGD runs fit")), "{text}");
    assert!(!text.contains("all 10"), "{text}");
    // Spirals at the default size and steps: none fits.
    let spec = RestartSpec {
        dataset: DatasetKind::Spirals,
        ..RestartSpec::default()
    };
    let none = runs(&spec, 6, &[Pipeline::Sgd]);
    assert!(none.iter().all(|r| r.train_acc < 1.0));
    let text = sgd_text(Some(&config_for(&spec)), &none);
    assert!(text.contains("none of the 6 SGD runs fits"), "{text}");
}

#[test]
fn random_fits_by_guess_and_check_test_about_as_well_as_sgd_at_the_defaults_but_not_on_xor() {
    // Chiang et al.'s comparison, and the sentence that reports it. The verdict is checked
    // against the means the test computes itself.
    let check = |spec: &RestartSpec, restarts: u32| {
        let all = runs(spec, restarts, &[Pipeline::Sgd, Pipeline::Guess]);
        let guesses: Vec<&RunResult> = all.iter().filter(|r| r.pipeline == Pipeline::Guess).collect();
        for g in &guesses {
            assert_eq!(g.train_acc, 1.0, "guess {} did not fit in {} draws", g.seed, g.draws);
            assert!(g.draws >= 1 && g.draws <= MAX_DRAWS);
        }
        let difference = mean_test_accuracy(&all, Pipeline::Guess) - mean_test_accuracy(&all, Pipeline::Sgd);
        let text = guess_text(Some(&config_for(spec)), &all);
        let mut draws: Vec<u64> = guesses.iter().map(|g| g.draws).collect();
        draws.sort_unstable();
        assert!(
            text.contains(&format!("median of {} draws", draws[draws.len() / 2])),
            "{text}"
        );
        (difference, text, all)
    };
    // Moons, 40 points (measured over 30 restarts: 92.9 % against 92.4 %, median 5,266 draws).
    let (difference, text, all) = check(&RestartSpec::default(), 30);
    assert!(difference.abs() < 0.01, "guess − SGD = {difference}");
    assert!(text.contains("test about as well as SGD's"), "{text}");
    assert!(text.contains("not in SGD's path"), "{text}");
    // The one-line verdict says the same, from the same runs.
    let line = verdicts::lines(Some(&config_for(&RestartSpec::default())), &all).join(" ");
    assert!(
        line.contains("about as well: here the preference lies in the network"),
        "{line}"
    );
    // Random fits are all fits, but more spread out than SGD's.
    assert!(iqr(&all, Pipeline::Guess) > 2.0 * iqr(&all, Pipeline::Sgd));
    // Xor, 16 points: SGD picks clearly better fits (measured: 86.4 % against 78.3 %).
    let xor = RestartSpec {
        dataset: DatasetKind::Xor,
        n_train: 16,
        ..RestartSpec::default()
    };
    let (difference, text, all) = check(&xor, 20);
    assert!(difference < -0.03, "guess − SGD = {difference}");
    assert!(text.contains("test worse than SGD's"), "{text}");
    let line = verdicts::lines(Some(&config_for(&xor)), &all).join(" ");
    assert!(
        line.contains(&format!(
            "{:.1} points worse: here SGD's path picks",
            -100.0 * difference
        )),
        "{line}"
    );
}

#[test]
fn sgd_with_weight_decay_tests_within_a_point_of_sgd_at_the_defaults() {
    let all = runs(&RestartSpec::default(), 100, &[Pipeline::Sgd, Pipeline::SgdWd]);
    let (sgd, wd) = (
        mean_test_accuracy(&all, Pipeline::Sgd),
        mean_test_accuracy(&all, Pipeline::SgdWd),
    );
    // Measured: 92.6 % and 93.4 %.
    assert!((wd - sgd).abs() < 0.01, "sgd {sgd}, sgd + wd {wd}");
    assert!(all.iter().all(|r| r.train_acc == 1.0));
}

#[test]
fn adversarial_initialisation_reaches_bad_global_minima_and_weight_decay_recovers() {
    let spec = RestartSpec::default();
    let runs = runs(&spec, 30, &Pipeline::ALL);
    // Every pipeline still reaches zero training error: all are global minima.
    for r in &runs {
        assert!(
            !r.diverged && r.train_acc == 1.0,
            "{:?} run {}: {}",
            r.pipeline,
            r.seed,
            r.train_acc
        );
    }
    let sgd = mean_test_accuracy(&runs, Pipeline::Sgd);
    let adversarial = mean_test_accuracy(&runs, Pipeline::Adversarial);
    let regularised = mean_test_accuracy(&runs, Pipeline::AdversarialWd);
    let control = mean_test_accuracy(&runs, Pipeline::SgdWd);
    // Measured over these 30 runs: 0.924, 0.833, 0.926 and the control 0.933.
    assert!(adversarial < sgd - 0.06, "sgd {sgd}, adversarial {adversarial}");
    assert!(
        regularised - adversarial > 0.7 * (sgd - adversarial),
        "sgd {sgd}, adversarial {adversarial}, +wd {regularised}"
    );
    // The control: weight decay gains little from random starts, so the rescue is specific
    // to the bad start, and the text says so.
    assert!(regularised - adversarial > (control - sgd) + 0.05);
    let text = bad_text(&runs);
    assert!(text.contains("undoes the bad start"), "{text}");
    let lines = verdicts::lines(Some(&config_for(&spec)), &runs).join(" ");
    assert!(
        lines.contains("Adversarial starts fit every training point yet test")
            && lines.contains("bad global minima exist")
            && lines.contains("a rescue specific to the bad start"),
        "{lines}"
    );
    // SGD's histogram is narrower than either baseline's (measured IQR: 1.1, 9.6 and 4.4 points).
    let spread = iqr(&runs, Pipeline::Sgd);
    assert!(spread < 0.5 * iqr(&runs, Pipeline::Adversarial) && spread < 0.5 * iqr(&runs, Pipeline::Guess));
    // Curvature: the bad minima have far larger weights and, by λ_max, are flatter; the
    // scale-aware λ_max calls them sharper (measured: norms 8.5 and 39.5, λ_max 0.54 and
    // 0.027, scale-aware 0.13 and 0.21). The text reports both readings.
    let (s, a) = (
        Stats::of(&runs, Pipeline::Sgd).unwrap(),
        Stats::of(&runs, Pipeline::Adversarial).unwrap(),
    );
    assert!(a.norm > 3.0 * s.norm, "norms: sgd {}, adversarial {}", s.norm, a.norm);
    assert!(
        a.lambda < 0.5 * s.lambda,
        "λ_max: sgd {}, adversarial {}",
        s.lambda,
        a.lambda
    );
    assert!(
        a.lambda_scaled > s.lambda_scaled,
        "scale-aware: sgd {}, adversarial {}",
        s.lambda_scaled,
        a.lambda_scaled
    );
    let text = flat_text(Some(&config_for(&spec)), &runs);
    assert!(
        text.contains("flatter by this measure") && text.contains("calls them sharper"),
        "{text}"
    );
    assert_plain_words(&text);
}

#[test]
fn rescaling_a_relu_network_keeps_its_function_and_moves_lambda_max() {
    // Dinh et al. 2017 with α = 10: layer 1 × 10, layer 2 ÷ 10.
    let plain = RestartSpec {
        activation: Activation::Relu,
        ..RestartSpec::default()
    };
    let scaled = RestartSpec {
        rescale: 10.0,
        ..plain.clone()
    };
    let (a, b) = (runs(&plain, 8, &[Pipeline::Sgd]), runs(&scaled, 8, &[Pipeline::Sgd]));
    for (x, y) in a.iter().zip(&b) {
        let top = x.probe.iter().fold(1.0f32, |m, f| m.max(f.abs()));
        let moved = x
            .probe
            .iter()
            .zip(&y.probe)
            .map(|(p, q)| (p - q).abs())
            .fold(0.0, f32::max);
        assert!(
            moved <= 1e-5 * top,
            "run {}: outputs moved by {moved} (largest {top})",
            x.seed
        );
        assert!((y.rescale_shift - moved).abs() <= 1e-6 * top);
        assert_eq!(x.test_acc, y.test_acc);
        assert_eq!(y.lambda_unscaled, x.lambda_max);
        let ratio = y.lambda_max / x.lambda_max;
        assert!(
            ratio > 10.0,
            "run {}: λ_max {} → {}",
            x.seed,
            x.lambda_max,
            y.lambda_max
        );
        let drift = (y.lambda_scaled / x.lambda_scaled - 1.0).abs();
        assert!(
            drift < 0.01,
            "run {}: scale-aware λ_max {} → {}",
            x.seed,
            x.lambda_scaled,
            y.lambda_scaled
        );
    }
    let text = flat_text(Some(&config_for(&scaled)), &b);
    assert!(text.contains("so it is the same function"), "{text}");
    let line = verdicts::lines(Some(&config_for(&scaled)), &b).join(" ");
    assert!(
        line.contains("the same functions, the same test accuracy") && line.contains("Dinh et al. 2017"),
        "{line}"
    );
    assert_plain_words(&line);
    // The formulas are MathML, the rescaling's α a live number in one.
    assert!(text.contains(&genlab::tex_fmt!(r"\alpha = \slot", 10)), "{text}");
    assert!(text.contains(genlab::tex!(r"\lambda_{\max}")), "{text}");
    assert_plain_words(&text);
    // With tanh the same rescaling is no symmetry, and the text says so.
    let tanh = RestartSpec {
        rescale: 10.0,
        ..RestartSpec::default()
    };
    let c = runs(&tanh, 3, &[Pipeline::Sgd]);
    assert!(c.iter().all(|r| r.rescale_shift > 0.1));
    let text = flat_text(Some(&config_for(&tanh)), &c);
    assert!(text.contains("with tanh, rescaling is not a symmetry"), "{text}");
}

#[test]
fn a_run_is_the_same_alone_or_among_others() {
    let spec = RestartSpec {
        steps: 300,
        ..RestartSpec::default()
    };
    let (train, test) = experiment_data(&spec);
    let batch: Vec<_> = (0..4)
        .map(|k| run_restart(&spec, &train, &test, k, &Pipeline::ALL))
        .collect();
    let alone = run_restart(&spec, &train, &test, 3, &[Pipeline::Adversarial]);
    assert_eq!(alone[0], batch[3][Pipeline::Adversarial as usize]);
    assert_ne!(batch[2], batch[3]);
}

/// Writes the default experiment's first 20 restarts, as the host computes them, for the
/// browser test that checks the worker computes the very same runs (tests/e2e).
#[test]
fn the_host_runs_are_written_for_the_browser_comparison() {
    let spec = RestartSpec::default();
    let (train, test) = experiment_data(&spec);
    let runs: Vec<serde_json::Value> = (0..20)
        .flat_map(|k| run_restart(&spec, &train, &test, restart_seed(&spec, k), &[Pipeline::Sgd]))
        .map(|r| {
            assert!(r.train_acc == 1.0 && !r.diverged);
            serde_json::json!({ "seed": r.seed, "train_acc": r.train_acc, "test_acc": r.test_acc, "test_loss": r.test_loss })
        })
        .collect();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("restarts-host.json");
    std::fs::write(&path, serde_json::Value::Array(runs).to_string()).unwrap();
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written.as_array().map(Vec::len), Some(20));
}

#[test]
fn a_diverging_restart_is_flagged_not_dropped() {
    let spec = RestartSpec {
        widths: vec![2, 64, 64, 1],
        activation: Activation::Relu,
        lr: 2.0,
        momentum: 0.99,
        steps: 300,
        ..RestartSpec::default()
    };
    let (train, test) = experiment_data(&spec);
    let runs: Vec<_> = (0..8)
        .flat_map(|k| run_restart(&spec, &train, &test, restart_seed(&spec, k), &[Pipeline::Sgd]))
        .collect();
    assert_eq!(runs.len(), 8);
    let diverged: Vec<_> = runs.iter().filter(|r| r.diverged).collect();
    assert!(!diverged.is_empty(), "no run diverged at η = 2, momentum 0.99");
    for r in diverged {
        assert_ne!(r.train_acc, 1.0);
    }
}

#[test]
fn the_random_labels_preset_fits_every_label_and_tests_at_chance() {
    let spec = RestartsConfig::random_labels(1).spec();
    let (train, test) = experiment_data(&spec);
    let runs: Vec<_> = (0..4)
        .flat_map(|k| run_restart(&spec, &train, &test, restart_seed(&spec, k), &[Pipeline::Sgd]))
        .collect();
    for r in &runs {
        assert_eq!(r.train_acc, 1.0, "seed {} fitted {}", r.seed, r.train_acc);
    }
    // Labels independent of the inputs: no function can do better than chance on fresh
    // data. Measured: mean 0.43 over 10 runs.
    let mean = runs.iter().map(|r| r.test_acc).sum::<f32>() / runs.len() as f32;
    assert!((0.3..0.65).contains(&mean), "mean test accuracy {mean}");
    // What the preset says when pressed, and the verdict line after its runs.
    let config = RestartsConfig::random_labels(1);
    let note = config.preset_note();
    assert!(
        note.contains("every one of the 40 training labels is a coin flip")
            && note
                .contains("64-wide 2-layer ReLU network trained full batch still fits them all, and tests at chance"),
        "{note}"
    );
    let line = verdicts::lines(Some(&config), &runs).join(" ");
    assert!(
        line.contains("every run fits all 40 coin-flip labels, yet tests at"),
        "{line}"
    );
    assert!(line.contains(&format!("{:.1}\u{a0}%, chance", 100.0 * mean)), "{line}");
}

#[test]
fn the_default_preset_says_every_restart_fits_and_nothing_ticked_asks_for_a_comparison() {
    let config = RestartsConfig::default();
    let note = config.preset_note();
    assert!(
        note.contains("100 restarts of a 16-wide") && note.contains("Every restart fits"),
        "{note}"
    );
    // The claim, on the preset's own first restarts (all 100 are checked above).
    let spec = config.spec();
    let runs = runs(&spec, 10, &[Pipeline::Sgd]);
    assert!(runs.iter().all(|r| r.train_acc == 1.0));
    let lines = verdicts::lines(Some(&config), &runs);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("Tick a comparison"), "{lines:?}");
}

/// The prose is HTML: outside its `<math>` elements (and the no-wrap runs that keep
/// punctuation with them) no markup characters, and no mathematics written as text.
fn assert_plain_words(html: &str) {
    let mut words = String::new();
    let unwrapped = html.replace("<span class=\"math-run\">", "").replace("</span>", "");
    let mut rest = unwrapped.as_str();
    while let Some(start) = rest.find("<math") {
        words.push_str(&rest[..start]);
        let end = rest[start..].find("</math>").map(|e| start + e + "</math>".len());
        rest = &rest[end.unwrap_or_else(|| panic!("an unclosed <math> in {html}"))..];
    }
    words.push_str(rest);
    for c in ['<', '>', '&', 'λ', 'α'] {
        assert!(!words.contains(c), "{c:?} outside MathML in {html}");
    }
}
