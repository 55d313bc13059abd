//! The k-sweep over seeds: which (k, seed) points it runs, and what it shows of them: per
//! model and k the median error, the band from the lowest to the highest seed, and how
//! many seeds recovered the matrix (error below `RECOVERED_BELOW`). The errors are bimodal
//! over seeds (a seed recovers the matrix or misses it by far), so a median alone can sit
//! between the two modes where no seed is; the count recovered cannot. Pure, host-tested.

use super::config::{k_range, LowrankConfig};
use super::jobs::{Request, SweepPoint};
use crate::engine::completion::{recovered, CompletionSpec, OverSeeds, EXACT_BELOW, RECOVERED_BELOW};
use crate::plot::describe::num;
use crate::tex_html;

/// Seeds per k. The sweep's 48 points (6 k × 8 seeds) take about 1.3 s of one core per
/// seed natively (tests/engine_lowrank.rs prints it), so about 10 s of work, dealt out to
/// one worker per core but one.
pub const SEEDS: u64 = 8;

/// The values of k swept for side n: 40 %, 50 %, … 90 % of the n² entries, within the
/// accepted range.
pub fn sweep_ks(n: usize) -> Vec<usize> {
    let (lo, hi) = k_range(n);
    let mut ks: Vec<usize> = (4..=9).map(|t| (t * n * n / 10).clamp(lo, hi)).collect();
    ks.dedup();
    ks
}

/// What a sweep runs.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPlan {
    /// The problem's side and rank (its k and seed change from point to point).
    pub spec: CompletionSpec,
    /// The values of k.
    pub ks: Vec<usize>,
    /// The seeds: the panel's seed and the next `SEEDS − 1`.
    pub seeds: Vec<u64>,
    /// The depths trained.
    pub depths: Vec<usize>,
    /// Scale of the initial product.
    pub init: f64,
    /// Step cap.
    pub steps: usize,
}

impl SweepPlan {
    /// The sweep of settings `c`.
    pub fn of(c: &LowrankConfig) -> SweepPlan {
        SweepPlan {
            spec: c.spec(),
            ks: sweep_ks(c.size),
            seeds: (0..SEEDS).map(|s| c.seed.saturating_add(s)).collect(),
            depths: c.depths().to_vec(),
            init: c.init,
            steps: c.steps,
        }
    }

    /// The (k, seed) points, seed by seed (every k of the first seed, then of the next), so
    /// that the first results cover every k.
    pub fn points(&self) -> Vec<(usize, u64)> {
        self.seeds
            .iter()
            .flat_map(|&s| self.ks.iter().map(move |&k| (k, s)))
            .collect()
    }

    /// The models of every point: the depths, then 0 for the nuclear norm.
    pub fn models(&self) -> Vec<usize> {
        self.depths.iter().copied().chain([0]).collect()
    }

    /// The worker's request for `points`.
    pub fn job(&self, points: Vec<(usize, u64)>) -> Request {
        Request::Sweep {
            spec: self.spec,
            points,
            depths: self.depths.clone(),
            init: self.init,
            steps: self.steps,
        }
    }
}

/// Model `depth`'s errors at `k` over the seeds that have come in.
pub fn over_seeds(points: &[SweepPoint], depth: usize, k: usize) -> Option<OverSeeds> {
    let errors: Vec<f64> = points
        .iter()
        .filter(|p| p.depth == depth && p.k == k)
        .map(|p| p.rel_test_error)
        .collect();
    OverSeeds::of(&errors)
}

/// Model `depth`'s summary at every k of `ks` that has results, in order of k.
pub fn curve(points: &[SweepPoint], depth: usize, ks: &[usize]) -> Vec<(usize, OverSeeds)> {
    ks.iter()
        .filter_map(|&k| over_seeds(points, depth, k).map(|s| (k, s)))
        .collect()
}

/// A model's name: depth d, or the minimum nuclear norm for 0.
pub fn name(depth: usize) -> String {
    if depth == 0 {
        "the minimum nuclear norm".to_owned()
    } else {
        format!("depth {depth}")
    }
}

/// How model `depth`'s runs split: below `EXACT_BELOW`, at or above `RECOVERED_BELOW`, and
/// in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    /// Runs below `EXACT_BELOW`.
    pub exact: usize,
    /// Runs between.
    pub between: usize,
    /// Runs at or above `RECOVERED_BELOW`.
    pub missed: usize,
}

/// How model `depth`'s runs split over every k and seed.
pub fn split(points: &[SweepPoint], depth: usize) -> Split {
    let mut s = Split {
        exact: 0,
        between: 0,
        missed: 0,
    };
    for p in points.iter().filter(|p| p.depth == depth) {
        if p.rel_test_error < EXACT_BELOW {
            s.exact += 1;
        } else if p.rel_test_error < RECOVERED_BELOW {
            s.between += 1;
        } else {
            s.missed += 1;
        }
    }
    s
}

/// Why the sweep counts seeds rather than taking a median, from the nuclear norm's runs on
/// screen: bimodal when some runs are exact, some missed, and at most one in ten between.
pub fn bimodality(points: &[SweepPoint]) -> Option<String> {
    let s = split(points, 0);
    let runs = s.exact + s.between + s.missed;
    if runs == 0 {
        return None;
    }
    let counts = format!(
        "of its {runs} runs here, {} ended below {EXACT_BELOW} (exact, up to the solver), {} at {RECOVERED_BELOW} or \
         above, and {} in between",
        s.exact, s.missed, s.between
    );
    Some(if s.exact > 0 && s.missed > 0 && 10 * s.between <= runs {
        format!(
            "The minimum nuclear norm either recovers the matrix or misses it by far: {counts}. A median of such \
             errors can fall between the two groups, where no seed is, so the table counts the seeds below \
             {RECOVERED_BELOW} instead."
        )
    } else {
        format!(
            "The minimum nuclear norm's errors, {counts}. The table counts a seed as recovered below \
             {RECOVERED_BELOW}."
        )
    })
}

/// Why the deepest model's recoveries stop short of 0: the range of its recovered errors on
/// screen, and the stopping rule that leaves them (`deep_linear::TOLERANCE`).
pub fn tolerance(points: &[SweepPoint], deep: usize) -> Option<String> {
    let recovered: Vec<f64> = points
        .iter()
        .filter(|p| p.depth == deep && recovered(p.rel_test_error))
        .map(|p| p.rel_test_error)
        .collect();
    let lo = recovered.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = recovered.iter().copied().fold(0.0, f64::max);
    (lo > 0.0 && lo.is_finite()).then(|| {
        tex_html!(
            r"Depth \slot's recovered runs here ended between \slot and \slot, not at 0: each model trains only until its loss falls below $10^{-7} \lVert M_\Omega \rVert^2$, which leaves a small error.",
            deep,
            num(lo),
            num(hi)
        )
    })
}

/// The smallest k of `ks` from which model `depth` recovered the matrix in every seed at
/// that k and every larger one swept (None if not even at the largest).
pub fn recovers_from(points: &[SweepPoint], depth: usize, ks: &[usize]) -> Option<usize> {
    let mut from = None;
    for &k in ks.iter().rev() {
        match over_seeds(points, depth, k) {
            Some(s) if s.recovered == s.seeds => from = Some(k),
            _ => break,
        }
    }
    from
}

/// From which k the deepest model and the nuclear norm recover the matrix in every seed
/// (HTML: k is MathML).
pub fn verdict(points: &[SweepPoint], plan: &SweepPlan) -> String {
    let deep = *plan.depths.last().unwrap_or(&1);
    let seeds = plan.seeds.len();
    let one = |depth: usize| match recovers_from(points, depth, &plan.ks) {
        Some(k) => tex_html!(
            r"\slot recovered the matrix in all \slot seeds from $k = \slot$ on",
            name(depth),
            seeds,
            k
        ),
        None => {
            let best = plan
                .ks
                .iter()
                .filter_map(|&k| over_seeds(points, depth, k))
                .map(|s| s.recovered)
                .max()
                .unwrap_or(0);
            format!("{} did not at any k swept (at best in {best} of {seeds})", name(depth))
        }
    };
    format!("Over these seeds, {}; {}.", one(deep), one(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: usize, seed: u64, depth: usize, e: f64) -> SweepPoint {
        SweepPoint {
            k,
            seed,
            depth,
            rel_test_error: e,
        }
    }

    fn plan() -> SweepPlan {
        SweepPlan::of(&LowrankConfig {
            seed: 5,
            ..LowrankConfig::default()
        })
    }

    #[test]
    fn the_plan_runs_every_k_of_every_seed_seed_by_seed() {
        let plan = plan();
        assert_eq!(plan.ks, vec![40, 50, 60, 70, 80, 90]);
        assert_eq!(plan.seeds, (5..13).collect::<Vec<u64>>());
        let points = plan.points();
        assert_eq!(points.len(), 48);
        assert_eq!(
            &points[..7],
            &[(40, 5), (50, 5), (60, 5), (70, 5), (80, 5), (90, 5), (40, 6)]
        );
        assert_eq!(plan.models(), vec![1, 2, 3, 0]);
        let Request::Sweep {
            points: asked, depths, ..
        } = plan.job(vec![(60, 7)])
        else {
            panic!("a sweep")
        };
        assert_eq!((asked, depths), (vec![(60, 7)], vec![1, 2, 3]));
        assert_eq!(sweep_ks(6), vec![14, 18, 21, 25, 28, 30]);
    }

    #[test]
    fn the_summary_counts_recovered_seeds_and_its_band_holds_the_median() {
        // Bimodal: two seeds exact, two missed; the median falls between, where no seed is.
        let points = [
            p(80, 1, 0, 2e-6),
            p(80, 2, 0, 0.3),
            p(80, 3, 0, 4e-6),
            p(80, 4, 0, 0.4),
            p(80, 1, 3, 0.003),
        ];
        let s = over_seeds(&points, 0, 80).unwrap();
        assert_eq!((s.seeds, s.recovered, s.lo, s.hi), (4, 2, 2e-6, 0.4));
        assert!(s.lo <= s.median && s.median <= s.hi && s.median > RECOVERED_BELOW);
        assert_eq!(s.share(), 0.5);
        assert_eq!(over_seeds(&points, 3, 80).unwrap().recovered, 1);
        assert_eq!(over_seeds(&points, 2, 80), None);
        assert_eq!(curve(&points, 0, &[40, 80, 90]).len(), 1);
    }

    #[test]
    fn the_bimodality_sentence_follows_the_runs() {
        let split_runs = [
            p(80, 1, 0, 2e-6),
            p(80, 2, 0, 0.3),
            p(80, 3, 0, 4e-6),
            p(90, 1, 0, 0.4),
            p(90, 2, 3, 0.01),
        ];
        assert_eq!(
            split(&split_runs, 0),
            Split {
                exact: 2,
                between: 0,
                missed: 2
            }
        );
        let text = bimodality(&split_runs).unwrap();
        assert!(text.starts_with("The minimum nuclear norm either recovers the matrix or misses it by far: of its 4 runs here, 2 ended below 0.0001"), "{text}");
        assert!(
            text.contains("2 at 0.02 or above, and 0 in between") && text.contains("counts the seeds below 0.02"),
            "{text}"
        );
        // Errors spread between: no claim of two groups.
        let spread = [p(80, 1, 0, 0.005), p(80, 2, 0, 0.3), p(80, 3, 0, 4e-6)];
        let text = bimodality(&spread).unwrap();
        assert!(
            text.starts_with("The minimum nuclear norm's errors, of its 3 runs") && !text.contains("either"),
            "{text}"
        );
        assert_eq!(bimodality(&[]), None);
        let tolerance = tolerance(&split_runs, 3).unwrap();
        assert!(
            tolerance.starts_with("Depth 3's recovered runs here ended between 0.01 and 0.01, not at 0"),
            "{tolerance}"
        );
        assert_eq!(super::tolerance(&split_runs, 2), None);
    }

    #[test]
    fn the_verdict_names_the_first_k_from_which_every_seed_recovers() {
        let plan = SweepPlan {
            ks: vec![60, 70, 80],
            seeds: vec![1, 2],
            ..plan()
        };
        let mut points = Vec::new();
        for (k, deep, nuclear) in [
            (60, [0.3, 0.003], [0.2, 0.3]),
            (70, [0.003, 0.004], [1e-6, 0.3]),
            (80, [0.002, 0.002], [1e-6, 0.2]),
        ] {
            for s in 0..2 {
                points.push(p(k, s as u64 + 1, 3, deep[s]));
                points.push(p(k, s as u64 + 1, 0, nuclear[s]));
            }
        }
        assert_eq!(recovers_from(&points, 3, &plan.ks), Some(70));
        assert_eq!(recovers_from(&points, 0, &plan.ks), None);
        let text = verdict(&points, &plan);
        assert!(
            text.starts_with("Over these seeds, depth 3 recovered the matrix in all 2 seeds from <math"),
            "{text}"
        );
        assert!(text.contains("<mn>70</mn>"), "{text}");
        assert!(
            text.ends_with("; the minimum nuclear norm did not at any k swept (at best in 1 of 2)."),
            "{text}"
        );
    }
}
