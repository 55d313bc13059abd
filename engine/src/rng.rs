//! Seeded, portable randomness: every random number in genlab comes from here.
//!
//! The generator is PCG32 (O'Neill 2014) through `rand`'s traits: 64 bits of state, a
//! 64-bit stream selector, and no platform-dependent arithmetic, so one seed gives the
//! same numbers on every machine and in every browser. Independent experiments (for
//! example the restarts of one experiment) use the same seed with different streams.

use rand::{Rng as _, SeedableRng};
use rand_distr::{Distribution, StandardNormal};

/// The generator every engine function takes.
pub type Rng = rand_pcg::Pcg32;

/// Purpose tags that keep streams apart, so that, say, the data and the
/// initialisation of one seed never share numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Drawing datasets.
    Data,
    /// Initialising network parameters.
    Init,
    /// Shuffling minibatches and gradient noise.
    Sgd,
    /// Anything else a caller numbers itself.
    Other(u32),
}

impl Stream {
    fn id(self) -> u64 {
        match self {
            Stream::Data => 1,
            Stream::Init => 2,
            Stream::Sgd => 3,
            Stream::Other(k) => 16 + u64::from(k),
        }
    }
}

/// A generator for `seed`, purpose `stream` and run number `run` (restart index).
///
/// PCG32's stream selector is an odd increment c in s ← a·s + c (mod 2⁶⁴); distinct
/// (stream, run) pairs give distinct increments and hence statistically independent
/// sequences.
pub fn seeded(seed: u64, stream: Stream, run: u32) -> Rng {
    let selector = (stream.id() << 32) | u64::from(run);
    // Mix the seed so that nearby seeds (1, 2, 3, ...) start far apart.
    let state = rand_pcg::Pcg32::seed_from_u64(seed).random::<u64>();
    rand_pcg::Pcg32::new(state, selector)
}

/// One draw from the uniform distribution on [lo, hi).
pub fn uniform(rng: &mut Rng, lo: f32, hi: f32) -> f32 {
    lo + (hi - lo) * rng.random::<f32>()
}

/// One draw from the normal distribution N(mean, std²).
pub fn normal(rng: &mut Rng, mean: f32, std: f32) -> f32 {
    let z: f32 = StandardNormal.sample(rng);
    mean + std * z
}

/// A uniformly random permutation of `items` (Fisher–Yates).
pub fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_different_streams_differ() {
        let draw = |seed, stream, run| {
            let mut r = seeded(seed, stream, run);
            (0..8).map(|_| uniform(&mut r, 0.0, 1.0)).collect::<Vec<_>>()
        };
        assert_eq!(draw(7, Stream::Data, 0), draw(7, Stream::Data, 0));
        assert_ne!(draw(7, Stream::Data, 0), draw(7, Stream::Init, 0));
        assert_ne!(draw(7, Stream::Data, 0), draw(7, Stream::Data, 1));
        assert_ne!(draw(7, Stream::Data, 0), draw(8, Stream::Data, 0));
    }

    #[test]
    fn uniform_stays_in_range() {
        let mut r = seeded(2, Stream::Other(1), 0);
        assert!((0..10_000).all(|_| (-3.0..2.0).contains(&uniform(&mut r, -3.0, 2.0))));
    }

    #[test]
    fn normal_draws_have_the_right_moments() {
        let mut r = seeded(3, Stream::Other(0), 0);
        let n = 200_000;
        let xs: Vec<f32> = (0..n).map(|_| normal(&mut r, 2.0, 0.5)).collect();
        let mean = xs.iter().sum::<f32>() / n as f32;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / n as f32;
        assert!((mean - 2.0).abs() < 0.01, "mean {mean}");
        assert!((var - 0.25).abs() < 0.01, "var {var}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut r = seeded(5, Stream::Sgd, 0);
        let mut v: Vec<usize> = (0..100).collect();
        shuffle(&mut r, &mut v);
        assert_ne!(v, (0..100).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }
}
