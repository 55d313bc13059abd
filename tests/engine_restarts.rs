//! Restarts: every run of the default experiment fits its training set, runs are
//! reproducible one by one, and they differ from each other.

use genlab::engine::restarts::{experiment_data, principal_plane, run_restart, RestartSpec};

#[test]
fn every_default_restart_fits_the_training_set_and_generalises() {
    let spec = RestartSpec::default();
    let (train, test) = experiment_data(&spec);
    let runs: Vec<_> = (0..20).map(|k| run_restart(&spec, &train, &test, k)).collect();
    for r in &runs {
        assert!(!r.diverged);
        assert_eq!(r.train_acc, 1.0, "run {} reached {}", r.run, r.train_acc);
        assert!(r.test_acc > 0.9, "run {}: test accuracy {}", r.run, r.test_acc);
        assert!(r.sharpness.is_finite() && r.norm > 0.0);
    }
    // Different initialisations, different minima: not all test accuracies agree.
    let first = runs[0].test_acc;
    assert!(runs.iter().any(|r| r.test_acc != first));
    // The map of minima has one point per run, and they are not all the same point.
    let plane = principal_plane(&runs.iter().map(|r| r.probe.clone()).collect::<Vec<_>>());
    assert_eq!(plane.len(), 20);
    assert!(plane.iter().any(|p| (p[0] - plane[0][0]).abs() > 1e-3));
}

#[test]
fn a_run_is_the_same_alone_or_among_others() {
    let spec = RestartSpec {
        steps: 300,
        ..RestartSpec::default()
    };
    let (train, test) = experiment_data(&spec);
    let batch: Vec<_> = (0..4).map(|k| run_restart(&spec, &train, &test, k)).collect();
    let alone = run_restart(&spec, &train, &test, 3);
    assert_eq!(alone, batch[3]);
    assert_ne!(batch[2], batch[3]);
}
