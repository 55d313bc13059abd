//! The measures lab's default study as the host computes it, written for the browser test
//! that checks the compute worker trains and measures the very same nets (tests/e2e).

use genlab::engine::measures::{population, run_net, study_data, StudySpec};
use genlab::panels::measures::table::csv;

#[test]
fn the_host_study_is_written_for_the_browser_comparison() {
    let spec = StudySpec::default();
    let (train, test) = study_data(&spec, 0);
    let nets: Vec<_> = population(&spec)
        .into_iter()
        .map(|id| run_net(&spec, id, &train, &test))
        .collect();
    assert_eq!(nets.len(), 64);
    let text = csv(&nets);
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("measures-host.csv");
    std::fs::write(&path, &text).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 65);
}
