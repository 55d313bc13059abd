//! Training behaviour: determinism, learning to high test accuracy, and divergence.
//! (SAM against gradient descent on the 2-D surfaces is in engine_sam.rs.)

use genlab::engine::optim::OptimiserConfig;
use genlab::engine::rng::{seeded, Stream};
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
