//! Ranking a measure against the generalisation gap: Kendall's τ over all nets, the
//! granulated Ψ and per-axis ψ of Jiang et al. 2020 (§4), the coupled-pair error shares
//! of Dziugaite et al. 2020, and the band a random measure falls in.

use super::study::{Axis, NetId};
use crate::rng::{seeded, shuffle, Stream};

/// −1, 0 or +1.
fn sign(x: f32) -> i32 {
    i32::from(x > 0.0) - i32::from(x < 0.0)
}

/// Kendall's τ as Jiang et al. define it (eq. 3):
/// τ = Σ_{i<j} sgn(μᵢ − μⱼ)·sgn(gᵢ − gⱼ) / (n(n−1)/2); a pair tied in either counts 0.
/// NaN for fewer than two nets.
pub fn kendall(measure: &[f32], gap: &[f32]) -> f32 {
    let n = measure.len().min(gap.len());
    if n < 2 {
        return f32::NAN;
    }
    let mut sum = 0i64;
    for i in 0..n {
        let (mi, gi) = (measure[i], gap[i]);
        for j in i + 1..n {
            sum += i64::from(sign(mi - measure[j]) * sign(gi - gap[j]));
        }
    }
    (sum as f64 / (n * (n - 1) / 2) as f64) as f32
}

/// How one measure ranks the population.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    /// Kendall's τ over every net.
    pub tau: f32,
    /// The granulated Ψ: the mean of ψ over the axes that vary.
    pub psi: f32,
    /// Per axis ψ_k: the mean of sgn(Δμ)·sgn(Δg) over the pairs of nets that differ only
    /// in axis k (same repetition, every other axis equal); NaN if the axis does not vary.
    pub per_axis: [f32; 6],
    /// Per axis, the share of those pairs ordered wrongly, ties counting ½ (Dziugaite et
    /// al.'s coupled-pair error): (1 − ψ_k)/2.
    pub wrong: [f32; 6],
}

impl Ranking {
    /// The axis whose coupled pairs the measure orders worst, and that share.
    pub fn worst(&self) -> Option<(Axis, f32)> {
        Axis::ALL
            .into_iter()
            .zip(self.wrong)
            .filter(|(_, w)| w.is_finite())
            .fold(None, |best: Option<(Axis, f32)>, (a, w)| match best {
                Some((_, b)) if b >= w => best,
                _ => Some((a, w)),
            })
    }
}

/// Ranks measure values `measure` (one per net `ids[i]`) against the gaps `gap`.
/// Jiang's ψ_k averages τ over groups of nets where only axis k changes; with two values
/// per axis and one net per configuration and repetition each group is one pair, whose τ
/// is sgn(Δμ)·sgn(Δg).
pub fn ranking(ids: &[NetId], measure: &[f32], gap: &[f32], varying: &[bool; 6]) -> Ranking {
    let tau = kendall(measure, gap);
    let reps = ids.iter().map(|id| id.rep as usize + 1).max().unwrap_or(0);
    let mut slot = vec![usize::MAX; reps * 64];
    for (i, id) in ids.iter().enumerate() {
        slot[id.rep as usize * 64 + usize::from(id.config)] = i;
    }
    let mut per_axis = [f32::NAN; 6];
    for axis in Axis::ALL {
        let k = axis.index();
        if !varying[k] {
            continue;
        }
        let (mut sum, mut pairs) = (0i64, 0usize);
        for (i, id) in ids.iter().enumerate() {
            if id.level(axis) {
                continue;
            }
            let j = slot[id.rep as usize * 64 + usize::from(id.config | 1 << k)];
            if j != usize::MAX {
                sum += i64::from(sign(measure[j] - measure[i]) * sign(gap[j] - gap[i]));
                pairs += 1;
            }
        }
        if pairs > 0 {
            per_axis[k] = sum as f32 / pairs as f32;
        }
    }
    let known: Vec<f32> = per_axis.iter().copied().filter(|v| v.is_finite()).collect();
    let psi = if known.is_empty() {
        f32::NAN
    } else {
        known.iter().sum::<f32>() / known.len() as f32
    };
    Ranking {
        tau,
        psi,
        per_axis,
        wrong: per_axis.map(|p| (1.0 - p) / 2.0),
    }
}

/// The central 95 % of τ and Ψ over random measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    /// (2.5 %, 97.5 %) quantiles of τ.
    pub tau: (f32, f32),
    /// (2.5 %, 97.5 %) quantiles of Ψ.
    pub psi: (f32, f32),
}

/// What a measure with no information reaches on this population: `draws` random
/// orderings of the nets (seeded permutations used as the measure), ranked like any
/// measure; the band holds the central 95 % of their τ and Ψ.
pub fn random_band(ids: &[NetId], gap: &[f32], varying: &[bool; 6], draws: usize, seed: u64) -> Band {
    let mut rng = seeded(seed, Stream::Other(44), 0);
    let mut order: Vec<f32> = (0..ids.len()).map(|i| i as f32).collect();
    let (mut taus, mut psis) = (Vec::with_capacity(draws), Vec::with_capacity(draws));
    for _ in 0..draws {
        shuffle(&mut rng, &mut order);
        let r = ranking(ids, &order, gap, varying);
        taus.push(r.tau);
        if r.psi.is_finite() {
            psis.push(r.psi);
        }
    }
    Band {
        tau: central(&mut taus),
        psi: central(&mut psis),
    }
}

/// The 2.5 % and 97.5 % quantiles (nearest rank), NaN for an empty sample.
pub(crate) fn central(values: &mut [f32]) -> (f32, f32) {
    if values.iter().any(|v| !v.is_finite()) || values.is_empty() {
        return (f32::NAN, f32::NAN);
    }
    values.sort_unstable_by(f32::total_cmp);
    let at = |q: f32| values[((q * values.len() as f32) as usize).min(values.len() - 1)];
    (at(0.025), at(0.975))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kendall_by_hand_with_and_without_ties() {
        // Pairs of (1,2,3,4) against (1,3,2,4): five agree, one disagrees: (5 − 1)/6.
        assert!((kendall(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]) - 4.0 / 6.0).abs() < 1e-6);
        // A tie in the measure or in the gap counts 0: (0 + 1 + 1)/3.
        assert!((kendall(&[1.0, 1.0, 2.0], &[1.0, 2.0, 3.0]) - 2.0 / 3.0).abs() < 1e-6);
        assert!((kendall(&[1.0, 2.0, 3.0], &[0.0, 0.0, 1.0]) - 2.0 / 3.0).abs() < 1e-6);
        assert_eq!(kendall(&[3.0, 2.0, 1.0], &[1.0, 2.0, 3.0]), -1.0);
        assert!(kendall(&[1.0], &[1.0]).is_nan());
    }

    /// Width and depth vary (configurations 0–3, one repetition); the gap grows by 1 with
    /// width and by 10 with depth; the measure grows with width and falls with depth.
    #[test]
    fn granulated_psi_and_coupled_pairs_by_hand() {
        let ids: Vec<NetId> = (0..4u8).map(|config| NetId { config, rep: 0 }).collect();
        let varying = [true, true, false, false, false, false];
        let gap = [0.0, 1.0, 10.0, 11.0];
        let r = ranking(&ids, &[0.0, 1.0, -1.0, 0.0], &gap, &varying);
        assert_eq!(r.per_axis[0], 1.0);
        assert_eq!(r.per_axis[1], -1.0);
        assert!(r.per_axis[2..].iter().all(|v| v.is_nan()));
        assert_eq!(r.psi, 0.0);
        // Pairs: (0,1) +1, (0,2) −1, (0,3) tie, (1,2) −1, (1,3) −1, (2,3) +1.
        assert!((r.tau + 1.0 / 6.0).abs() < 1e-6, "{}", r.tau);
        assert_eq!((r.wrong[0], r.wrong[1]), (0.0, 1.0));
        assert_eq!(r.worst(), Some((Axis::Depth, 1.0)));
        // A tie in one width pair: ψ_width = (1 + 0)/2, wrong share 0.25.
        let r = ranking(&ids, &[0.0, 1.0, -1.0, -1.0], &gap, &varying);
        assert_eq!((r.per_axis[0], r.wrong[0]), (0.5, 0.25));
        assert_eq!(r.psi, (0.5 - 1.0) / 2.0);
    }

    #[test]
    fn random_band_straddles_zero_and_a_perfect_measure_lies_above_it() {
        let ids: Vec<NetId> = (0..3u32)
            .flat_map(|rep| (0..64u8).map(move |config| NetId { config, rep }))
            .collect();
        let gap: Vec<f32> = ids
            .iter()
            .map(|id| id.config.count_ones() as f32 + 0.1 * id.rep as f32 + 0.001 * f32::from(id.config))
            .collect();
        let band = random_band(&ids, &gap, &[true; 6], 200, 1);
        assert!(band.tau.0 < 0.0 && band.tau.1 > 0.0, "{band:?}");
        assert!(band.psi.0 < 0.0 && band.psi.1 > 0.0, "{band:?}");
        let perfect = ranking(&ids, &gap, &gap, &[true; 6]);
        assert_eq!((perfect.tau, perfect.psi), (1.0, 1.0));
        assert!(perfect.tau > band.tau.1 && perfect.psi > band.psi.1);
    }
}
