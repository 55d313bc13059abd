//! Training behaviour: determinism, learning to high test accuracy, and SAM preferring
//! a flat minimum to a sharp one.

use genlab::engine::optim::{Optimiser, OptimiserConfig};
use genlab::engine::rng::{seeded, Stream};
use genlab::engine::surface::{Basins, Surface};
use genlab::engine::workloads::W1;
use genlab::engine::{Activation, Dataset, DatasetKind, EngineError, Loss, Mlp, TrainConfig, Trainer};

fn loss_history(seed: u64, steps: usize) -> Vec<f32> {
    let mut w1 = W1::new(seed);
    w1.trainer.run(&w1.data, steps).expect("no divergence")
}

#[test]
fn same_seed_gives_a_bit_identical_loss_history() {
    let (a, b) = (loss_history(11, 2000), loss_history(11, 2000));
    assert_eq!(
        a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        b.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    assert_ne!(a, loss_history(12, 2000));
}

/// Trains 2-16-16-1 tanh with the logistic loss on 200 training points and returns the
/// accuracy on 2,000 fresh test points from the same distribution.
fn test_accuracy(kind: DatasetKind, steps: usize) -> f32 {
    let train = Dataset::generate(kind, 200, 0.1, &mut seeded(1, Stream::Data, 0));
    let test = Dataset::generate(kind, 2000, 0.1, &mut seeded(1, Stream::Data, 1));
    let mlp = Mlp::new(&[2, 16, 16, 1], Activation::Tanh);
    let params = mlp.init(&mut seeded(1, Stream::Init, 0));
    let optimiser = OptimiserConfig {
        momentum: 0.9,
        ..OptimiserConfig::sgd(0.05)
    };
    let config = TrainConfig {
        loss: Loss::Logistic,
        optimiser,
        batch_size: 10,
    };
    let mut trainer = Trainer::new(mlp, params, config, seeded(1, Stream::Sgd, 0));
    trainer.run(&train, steps).expect("no divergence");
    trainer.evaluate(&test).accuracy
}

#[test]
fn learns_two_moons_and_circles_to_97_percent_in_3000_steps() {
    for kind in [DatasetKind::Moons, DatasetKind::Circles] {
        let acc = test_accuracy(kind, 3000);
        assert!(acc >= 0.97, "{kind:?}: test accuracy {acc}");
    }
}

#[test]
fn a_huge_learning_rate_stops_with_a_divergence_error() {
    let w1 = W1::new(1);
    let config = TrainConfig {
        optimiser: OptimiserConfig::sgd(1e6),
        ..w1.trainer.config
    };
    let mut trainer = Trainer::new(
        w1.trainer.mlp.clone(),
        w1.trainer.params.clone(),
        config,
        seeded(1, Stream::Sgd, 0),
    );
    match trainer.run(&w1.data, 1000) {
        Err(EngineError::Diverged { step }) => {
            assert!(step < 1000);
            assert!(EngineError::Diverged { step }
                .to_string()
                .contains(&format!("step {step}")));
        }
        other => panic!("expected divergence, got {other:?}"),
    }
}

/// Runs 300 steps of `config` on the sharp-and-flat surface from `start`.
fn end_point(config: OptimiserConfig, start: [f32; 2]) -> [f32; 2] {
    let surface = Surface::Basins(Basins::sharp_and_flat());
    let mut opt = Optimiser::new(config, 2);
    let mut w = start.to_vec();
    for _ in 0..300 {
        opt.step(&mut w, surface.oracle(), None);
    }
    [w[0], w[1]]
}

/// With η·a_sharp = 0.06·30 = 1.8 < 2 gradient descent is stable in the sharp basin,
/// but SAM's normalised ascent makes it bounce around a minimum with amplitude
/// ≈ η·a·ρ/(2 − η·a) (9ρ here), larger than the sharp basin, so it is thrown out;
/// in the flat basin (η·a = 0.18) the same bounce is only ≈ 0.1ρ.
#[test]
fn gradient_descent_ends_in_the_sharp_basin_and_sam_in_the_flat_one() {
    let surface = Basins::sharp_and_flat();
    let start = [-0.8, 0.6];
    let (lr, rho) = (0.06, 0.05);
    let gd = end_point(OptimiserConfig::sgd(lr), start);
    let sam = end_point(OptimiserConfig::sam(lr, rho), start);
    let dist = |p: [f32; 2], k: usize| {
        ((p[0] - surface.bowls[k].centre[0]).powi(2) + (p[1] - surface.bowls[k].centre[1]).powi(2)).sqrt()
    };
    assert!(dist(gd, 0) < 1e-3, "GD ended at {gd:?}");
    assert!(dist(sam, 1) < 2.0 * rho, "SAM ended at {sam:?}");
}
