//! Guess-and-check (Chiang et al. 2023, "Loss landscapes are all you need: neural network
//! generalization can be explained without the implicit bias of gradient descent"): draw
//! parameter vectors uniformly at random from the cube [−1, 1]ᴾ until one classifies every
//! training point correctly. No gradient is ever taken, so whatever the interpolant it
//! finds does on test data owes nothing to SGD: it is a random draw from the interpolants,
//! weighted by how much of the cube each one fills.

use crate::data::Dataset;
use crate::mlp::Mlp;
use crate::rng::{seeded, uniform, Rng, Stream};

/// Half-width of the cube the parameters are drawn from (Chiang et al.: [−1, 1]).
pub const BOX: f32 = 1.0;
/// Draws allowed per restart before guess-and-check gives up.
pub const MAX_DRAWS: u64 = 100_000;

/// What guess-and-check found.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    /// The first draw that fits every training point, or else the draw that fitted most.
    pub params: Vec<f32>,
    /// Draws made, the successful one included.
    pub draws: u64,
    /// Whether `params` fits every training point.
    pub fits: bool,
}

/// Guess-and-check for the restart with seed `seed`, with at most `max_draws` draws.
pub fn guess_and_check(mlp: &Mlp, train: &Dataset, seed: u64, max_draws: u64) -> Guess {
    let mut rng = seeded(seed, Stream::Other(3), 0);
    let mut ws = mlp.workspace(train.len());
    let mut w = vec![0.0f32; mlp.param_count()];
    let mut best = (0usize, w.clone());
    for draw in 1..=max_draws.max(1) {
        fill(&mut rng, &mut w);
        let out = mlp.forward(&w, &train.x, &mut ws);
        let correct = out
            .iter()
            .zip(&train.y)
            .filter(|(f, y)| (**f >= 0.0) == (**y > 0.0))
            .count();
        if correct == train.len() {
            return Guess {
                params: w,
                draws: draw,
                fits: true,
            };
        }
        if correct > best.0 || draw == 1 {
            best = (correct, w.clone());
        }
    }
    Guess {
        params: best.1,
        draws: max_draws.max(1),
        fits: false,
    }
}

/// Every parameter uniform on [−BOX, BOX].
fn fill(rng: &mut Rng, w: &mut [f32]) {
    w.iter_mut().for_each(|x| *x = uniform(rng, -BOX, BOX));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use crate::DatasetKind;

    #[test]
    fn a_found_guess_fits_and_a_capped_one_says_so() {
        let mlp = Mlp::new(&[2, 8, 1], Activation::Tanh);
        let data = Dataset::generate(DatasetKind::Blobs, 6, 0.1, &mut seeded(1, Stream::Data, 0));
        let g = guess_and_check(&mlp, &data, 3, 100_000);
        assert!(g.fits && g.draws >= 1);
        let mut ws = mlp.workspace(6);
        let out = mlp.forward(&g.params, &data.x, &mut ws);
        assert!(out.iter().zip(&data.y).all(|(f, y)| (*f >= 0.0) == (*y > 0.0)));
        assert!(g.params.iter().all(|x| x.abs() <= BOX));
        // Forty noisy spiral points are out of reach of a handful of guesses.
        let hard = Dataset::generate(DatasetKind::Spirals, 40, 0.1, &mut seeded(1, Stream::Data, 0));
        let g = guess_and_check(&mlp, &hard, 3, 50);
        assert!(!g.fits);
        assert_eq!(g.draws, 50);
    }
}
