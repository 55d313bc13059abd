//! "It shouldn't work": wider networks fit the data, the capacity bound becomes
//! meaningless, and the test error does not get worse.

use genlab::engine::capacity::{capacity_gap, parameter_count, sweep_data, train_width, SEEDS, WIDTHS};

#[test]
fn the_bound_grows_uselessly_while_test_error_does_not_get_worse() {
    let (train, test) = sweep_data(1);
    let mean_errors = |width| {
        let runs: Vec<(f32, f32)> = (0..SEEDS).map(|s| train_width(width, s, 1, &train, &test)).collect();
        let n = runs.len() as f32;
        (
            runs.iter().map(|r| r.0).sum::<f32>() / n,
            runs.iter().map(|r| r.1).sum::<f32>() / n,
        )
    };
    let (narrow_train, narrow_test) = mean_errors(8);
    let (wide_train, wide_test) = mean_errors(*WIDTHS.last().unwrap());
    assert_eq!(narrow_train, 0.0);
    assert_eq!(wide_train, 0.0);
    // Measured (seed 1): 0.101 at width 8 and 0.082 at width 1024.
    assert!(
        wide_test <= narrow_test + 0.03,
        "test error {narrow_test} at width 8, {wide_test} at 1024"
    );
    assert!(
        capacity_gap(parameter_count(8), train.len()) > 1.0,
        "already vacuous at width 8"
    );
    assert!(capacity_gap(parameter_count(1024), train.len()) > 30.0);
}
