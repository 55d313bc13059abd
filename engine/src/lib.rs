//! Pure numerics: datasets, the MLP, losses, optimisers, training. Uses std, rand,
//! nalgebra and serde only, never a web crate, so all of it is tested on the host.

pub mod activation;
pub mod adversarial;
pub mod capacity;
pub mod completion;
pub mod data;
pub mod deep_linear;
pub mod digits;
pub mod guess;
pub mod hessian;
pub mod label_sweep;
pub mod landscape;
pub mod loss;
pub mod measures;
pub mod mlp;
pub mod optim;
pub mod random_features;
pub mod reparam;
pub mod restarts;
pub mod rf_minima;
pub mod rng;
pub mod stats;
pub mod surface;
pub mod train;
pub mod wide;
pub mod workloads;

pub use activation::Activation;
pub use data::{Dataset, DatasetKind};
pub use loss::Loss;
pub use mlp::{Mlp, Workspace};
pub use optim::{Optimiser, OptimiserConfig};
pub use train::{evaluate, param_norm, EngineError, Metrics, TrainConfig, Trainer};
