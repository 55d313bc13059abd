//! Judging a measure against the random control seed by seed. Jiang et al. 2020 (§4)
//! rank one population of thousands of nets; one population here is one seed of a few
//! dozen nets, whose τ moves with the draw of data and initialisation, so one seed's τ
//! above the random band can be luck. Each seed (repetition) gets its own Kendall τ and
//! its own permutation band, and a verdict counts seeds:
//!
//! a measure beats the random control when at least `MIN_SEEDS` seeds are judged and its
//! τ lies above that seed's band on more than half of them; it ranks the gaps in reverse
//! when τ lies below the band on more than half; otherwise it is not distinguishable from
//! a random ordering. A random measure lies above a 95 % band on a seed with probability
//! 2.5 %, so on two of three seeds with probability about 3 · 0.025² ≈ 0.2 %.

use super::rank::{central, kendall};
use super::study::NetId;
use crate::rng::{seeded, shuffle, Stream};

/// Fewest seeds on which a verdict is given.
pub const MIN_SEEDS: usize = 3;

/// One seed's nets and the central 95 % of τ that random orderings of them reach.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedBand {
    /// The repetition.
    pub rep: u32,
    /// Indices (into the ranked nets) of this seed's nets.
    pub members: Vec<usize>,
    /// (2.5 %, 97.5 %) quantiles of τ over random orderings of these nets.
    pub tau: (f32, f32),
}

/// Where one seed's τ lies against its band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Above the band: the seed ranks the gaps better than random orderings do.
    Above,
    /// Inside the band (its ends included).
    Inside,
    /// Below the band: the seed ranks the gaps in reverse.
    Below,
}

/// The verdict over seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Fewer than `MIN_SEEDS` seeds judged.
    TooFewSeeds {
        /// Seeds judged.
        seeds: usize,
    },
    /// Above the band on more than half of the seeds.
    Beats {
        /// Seeds above.
        above: usize,
        /// Seeds judged.
        seeds: usize,
    },
    /// Below the band on more than half of the seeds.
    Reverse {
        /// Seeds below.
        below: usize,
        /// Seeds judged.
        seeds: usize,
    },
    /// Neither.
    Undecided {
        /// Seeds above.
        above: usize,
        /// Seeds below.
        below: usize,
        /// Seeds judged.
        seeds: usize,
    },
}

/// The band of every seed among `ids` (nets of a seed in the order given), each from
/// `draws` seeded random orderings of that seed's nets against their gaps `gap`. Seeds
/// with fewer than two nets are left out.
pub fn seed_bands(ids: &[NetId], gap: &[f32], draws: usize, seed: u64) -> Vec<SeedBand> {
    let mut reps: Vec<u32> = ids.iter().map(|id| id.rep).collect();
    reps.sort_unstable();
    reps.dedup();
    reps.into_iter()
        .filter_map(|rep| {
            let members: Vec<usize> = (0..ids.len()).filter(|&i| ids[i].rep == rep).collect();
            if members.len() < 2 {
                return None;
            }
            let g: Vec<f32> = members.iter().map(|&i| gap[i]).collect();
            let mut rng = seeded(seed, Stream::Other(45), rep);
            let mut order: Vec<f32> = (0..g.len()).map(|i| i as f32).collect();
            let mut taus: Vec<f32> = (0..draws)
                .map(|_| {
                    shuffle(&mut rng, &mut order);
                    kendall(&order, &g)
                })
                .collect();
            Some(SeedBand {
                rep,
                members,
                tau: central(&mut taus),
            })
        })
        .collect()
}

/// Kendall's τ of measure values `values` against `gap` over each seed's nets.
pub fn seed_taus(bands: &[SeedBand], values: &[f32], gap: &[f32]) -> Vec<f32> {
    bands
        .iter()
        .map(|b| {
            let v: Vec<f32> = b.members.iter().map(|&i| values[i]).collect();
            let g: Vec<f32> = b.members.iter().map(|&i| gap[i]).collect();
            kendall(&v, &g)
        })
        .collect()
}

/// Where τ lies against `band`.
pub fn side(tau: f32, band: (f32, f32)) -> Side {
    if tau > band.1 {
        Side::Above
    } else if tau < band.0 {
        Side::Below
    } else {
        Side::Inside
    }
}

/// The verdict on a measure with τ `taus` on the seeds of `bands` (the rule atop).
pub fn verdict(bands: &[SeedBand], taus: &[f32]) -> Verdict {
    let sides: Vec<Side> = bands
        .iter()
        .zip(taus)
        .filter(|(b, t)| t.is_finite() && b.tau.0.is_finite())
        .map(|(b, &t)| side(t, b.tau))
        .collect();
    let seeds = sides.len();
    let above = sides.iter().filter(|s| **s == Side::Above).count();
    let below = sides.iter().filter(|s| **s == Side::Below).count();
    if seeds < MIN_SEEDS {
        Verdict::TooFewSeeds { seeds }
    } else if 2 * above > seeds {
        Verdict::Beats { above, seeds }
    } else if 2 * below > seeds {
        Verdict::Reverse { below, seeds }
    } else {
        Verdict::Undecided { above, below, seeds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three seeds of 32 nets; the gap of net k is k (plus a per-seed offset).
    fn three_seeds() -> (Vec<NetId>, Vec<f32>) {
        let ids: Vec<NetId> = (0..3u32)
            .flat_map(|rep| (0..32u8).map(move |config| NetId { config, rep }))
            .collect();
        let gap = ids.iter().map(|id| f32::from(id.config) + id.rep as f32).collect();
        (ids, gap)
    }

    #[test]
    fn each_seed_gets_its_own_band_around_zero() {
        let (ids, gap) = three_seeds();
        let bands = seed_bands(&ids, &gap, 200, 1);
        assert_eq!(bands.iter().map(|b| b.rep).collect::<Vec<_>>(), [0, 1, 2]);
        for b in &bands {
            assert_eq!(b.members.len(), 32);
            // τ of a random ordering of 32 has a standard deviation near 0.12.
            assert!(
                b.tau.0 < -0.1 && b.tau.0 > -0.4 && b.tau.1 > 0.1 && b.tau.1 < 0.4,
                "{b:?}"
            );
        }
        // The gap itself is a perfect measure on every seed; its reverse is perfectly wrong.
        assert_eq!(seed_taus(&bands, &gap, &gap), [1.0; 3]);
        assert_eq!(
            verdict(&bands, &seed_taus(&bands, &gap, &gap)),
            Verdict::Beats { above: 3, seeds: 3 }
        );
        let reverse: Vec<f32> = gap.iter().map(|g| -g).collect();
        assert_eq!(
            verdict(&bands, &seed_taus(&bands, &reverse, &gap)),
            Verdict::Reverse { below: 3, seeds: 3 }
        );
    }

    /// The rule: a majority of at least three seeds, never one seed alone.
    #[test]
    fn one_lucky_seed_is_not_a_verdict() {
        let (ids, gap) = three_seeds();
        let bands = seed_bands(&ids, &gap, 200, 1);
        assert_eq!(
            verdict(&bands, &[0.9, 0.0, 0.0]),
            Verdict::Undecided {
                above: 1,
                below: 0,
                seeds: 3
            }
        );
        assert_eq!(verdict(&bands, &[0.9, 0.9, 0.0]), Verdict::Beats { above: 2, seeds: 3 });
        assert_eq!(
            verdict(&bands, &[0.9, -0.9, -0.9]),
            Verdict::Reverse { below: 2, seeds: 3 }
        );
        assert_eq!(verdict(&bands[..1], &[0.9]), Verdict::TooFewSeeds { seeds: 1 });
        assert_eq!(verdict(&bands[..2], &[0.9, 0.9]), Verdict::TooFewSeeds { seeds: 2 });
        // Four seeds: two above is not more than half.
        let mut four = bands.clone();
        four.push(SeedBand {
            rep: 3,
            ..bands[0].clone()
        });
        assert_eq!(
            verdict(&four, &[0.9, 0.9, 0.0, 0.0]),
            Verdict::Undecided {
                above: 2,
                below: 0,
                seeds: 4
            }
        );
        // A τ on the band's end is inside it.
        assert_eq!(side(bands[0].tau.1, bands[0].tau), Side::Inside);
    }
}
