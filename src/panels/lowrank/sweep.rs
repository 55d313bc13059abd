//! The k-sweep over seeds: which (k, seed) points it runs, and what it shows of them: per
//! model and k the median error, the band from the lowest to the highest seed, and how
//! many seeds recovered the matrix (error below `RECOVERED_BELOW`). The errors are bimodal
//! over seeds (a seed recovers the matrix or misses it clearly), so a median alone can sit
//! between the two modes where no seed is; the count recovered cannot. The sweep's words
//! (the table, the verdict, the Why?) are built here as strings, so that the page's view
//! stays small. Pure, host-tested.

use super::config::{k_range, LowrankConfig};
use super::jobs::{Request, SweepPoint};
use crate::engine::completion::{recovered, CompletionSpec, OverSeeds, EXACT_BELOW, RECOVERED_BELOW};
use crate::plot::describe::num;
use crate::tex_html;

/// Seeds per k. The sweep's 48 points (6 k × 8 seeds, 4 models each) took 9.6 s of one
/// core natively on the development host (release build, 0.9–1.5 s a seed, most of it
/// depth 3 and soft-impute at small k; tests/engine_lowrank.rs prints its own timing),
/// dealt out to one worker per core but one: a few seconds on a four-core laptop.
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
    /// The depths trained, the deepest last.
    pub depths: [usize; 3],
    /// Scale of the initial product.
    pub init: f64,
    /// Step cap.
    pub steps: usize,
}

impl SweepPlan {
    /// The sweep of settings `c`.
    pub fn of(c: &LowrankConfig) -> SweepPlan {
        SweepPlan {
            // k and the seed are each point's: the panel's own k does not enter, so moving
            // it keeps the sweep.
            spec: CompletionSpec {
                observed: 0,
                seed: 0,
                ..c.spec()
            },
            ks: sweep_ks(c.size),
            seeds: (0..SEEDS).map(|s| c.seed.saturating_add(s)).collect(),
            depths: c.depths(),
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
    pub fn models(&self) -> [usize; 4] {
        let [a, b, c] = self.depths;
        [a, b, c, 0]
    }

    /// The worker's request for `points`.
    pub fn job(&self, points: Vec<(usize, u64)>) -> Request {
        Request::Sweep {
            spec: self.spec,
            points,
            depths: self.depths.to_vec(),
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

/// The sweep's Why?, from the runs on screen: how the nuclear norm's runs split (bimodal
/// when some are exact, some missed and at most one in ten between, so the table counts
/// seeds rather than taking a median), and why the deepest model's recoveries stop short
/// of 0 (it trains until its loss is below `deep_linear::TOLERANCE`); before a run, what
/// it will say.
pub fn why(points: &[SweepPoint], plan: &SweepPlan) -> String {
    let s = split(points, 0);
    let runs = s.exact + s.between + s.missed;
    if runs == 0 {
        return "Run the sweep: this then counts how the minimum nuclear norm's errors split over its runs.".to_owned();
    }
    let deep = plan.depths[2];
    // The nuclear norm's lowest miss; the range of the deepest model's recovered errors.
    let (mut miss, mut lo, mut hi) = (f64::INFINITY, f64::INFINITY, 0.0f64);
    for p in points {
        let e = p.rel_test_error;
        if p.depth == 0 && !recovered(e) {
            miss = miss.min(e);
        }
        if p.depth == deep && recovered(e) {
            lo = lo.min(e);
            hi = hi.max(e);
        }
    }
    let missed = if s.missed > 0 {
        format!("{} at {RECOVERED_BELOW} or above (the lowest {})", s.missed, num(miss))
    } else {
        format!("none at {RECOVERED_BELOW} or above")
    };
    let counts = format!(
        "{runs} runs here, {} ended below {EXACT_BELOW} (exact, up to the solver), {missed} and {} in between",
        s.exact, s.between
    );
    let mut text = if s.exact > 0 && s.missed > 0 && 10 * s.between <= runs {
        format!(
            "The minimum nuclear norm either recovers the matrix or misses it: of its {counts}. A median of such \
             errors can fall between the two groups, where no seed is, so the table counts the seeds below \
             {RECOVERED_BELOW} instead."
        )
    } else {
        format!("Of the minimum nuclear norm's {counts}. The table counts a seed as recovered below {RECOVERED_BELOW}.")
    };
    if lo > 0.0 && lo.is_finite() {
        text += &tex_html!(
            r" Depth \slot's recovered runs here ended between \slot and \slot, not at 0: each model trains only until its loss falls below $10^{-7} \lVert M_\Omega \rVert^2$, which leaves a small error.",
            deep,
            num(lo),
            num(hi)
        );
    }
    text
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
    let deep = plan.depths[2];
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

/// The sweep figure's caption.
pub const CAPTION: &str = "Lines: the median over the seeds; shaded: the lowest to the highest seed, for the deepest \
                           model and the minimum nuclear norm (dashed); grey dashed: error 0.02, recovered below it; \
                           grey: the degrees of freedom";

/// The sweep's words under its figure as one HTML string (one reactive property costs the
/// page less than a view of its parts): the seeds that recovered the matrix, per k and
/// model, and once the sweep is `done` the verdict.
pub fn report(points: &[SweepPoint], plan: &SweepPlan, done: bool) -> String {
    let models = plan.models();
    let head: String = models
        .iter()
        .map(|&d| match d {
            0 => r#"<th scope="col">min nuclear norm</th>"#.to_owned(),
            _ => format!(r#"<th scope="col">depth {d}</th>"#),
        })
        .collect();
    let rows: String = plan
        .ks
        .iter()
        .filter(|&&k| points.iter().any(|q| q.k == k))
        .map(|&k| {
            let cells: String = models
                .iter()
                .map(|&d| match over_seeds(points, d, k) {
                    Some(o) => format!("<td>{} of {}</td>", o.recovered, o.seeds),
                    None => "<td>…</td>".to_owned(),
                })
                .collect();
            format!(r#"<tr><th scope="row">{k}</th>{cells}</tr>"#)
        })
        .collect();
    let verdict = if done { verdict(points, plan) } else { String::new() };
    format!(
        r#"<div class="table-scroll" tabindex="0" role="region" aria-label="Seeds recovered at each k"><table class="figures" data-testid="lowrank-sweep-table"><caption>Seeds that recovered the matrix (error below {RECOVERED_BELOW} on the unobserved entries)</caption><thead><tr><th scope="col">k</th>{head}</tr></thead><tbody>{rows}</tbody></table></div><p data-testid="lowrank-sweep-verdict">{verdict}</p>"#
    )
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
        assert_eq!(plan.models(), [1, 2, 3, 0]);
        let Request::Sweep {
            points: asked, depths, ..
        } = plan.job(vec![(60, 7)])
        else {
            panic!("a sweep")
        };
        assert_eq!((asked, depths), (vec![(60, 7)], vec![1, 2, 3]));
        assert_eq!(sweep_ks(6), vec![14, 18, 21, 25, 28, 30]);
        let moved = LowrankConfig {
            k: 75,
            seed: 5,
            ..LowrankConfig::default()
        };
        assert_eq!(
            SweepPlan::of(&moved),
            plan,
            "the sweep does not depend on the panel's k"
        );
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
    fn the_why_follows_the_runs() {
        let plan = plan();
        let split_runs = [
            p(80, 1, 0, 2e-6),
            p(80, 2, 0, 0.3),
            p(80, 3, 0, 4e-6),
            p(90, 1, 0, 0.4),
            p(90, 2, 3, 0.01),
            p(90, 3, 3, 0.5),
        ];
        assert_eq!(
            split(&split_runs, 0),
            Split {
                exact: 2,
                between: 0,
                missed: 2
            }
        );
        let text = why(&split_runs, &plan);
        assert_eq!(
            text,
            "The minimum nuclear norm either recovers the matrix or misses it: of its 4 runs here, 2 ended below \
             0.0001 (exact, up to the solver), 2 at 0.02 or above (the lowest 0.3) and 0 in between. A median of \
             such errors can fall between the two groups, where no seed is, so the table counts the seeds below \
             0.02 instead. Depth 3's recovered runs here ended between 0.01 and 0.01, not at 0: each model trains \
             only until its loss falls below <span class=\"math-run\"><math>"
                .to_owned()
                + &text[text.find("<math>").unwrap() + 6..]
        );
        assert!(text.ends_with("</math>,</span> which leaves a small error."), "{text}");
        // Errors spread between: no claim of two groups; no depth-3 run recovered: no range.
        let spread = [
            p(80, 1, 0, 0.005),
            p(80, 2, 0, 0.3),
            p(80, 3, 0, 4e-6),
            p(80, 1, 3, 0.2),
        ];
        assert_eq!(
            why(&spread, &plan),
            "Of the minimum nuclear norm's 3 runs here, 1 ended below 0.0001 (exact, up to the solver), 1 at 0.02 \
             or above (the lowest 0.3) and 1 in between. The table counts a seed as recovered below 0.02."
        );
        assert!(why(&[], &plan).starts_with("Run the sweep: this then counts"));
    }

    #[test]
    fn the_report_counts_the_seeds_recovered_per_k_and_model_and_gives_the_verdict_when_done() {
        let plan = SweepPlan {
            ks: vec![60, 70],
            seeds: vec![1, 2],
            ..plan()
        };
        let points = [
            p(60, 1, 1, 0.9),
            p(60, 1, 2, 0.5),
            p(60, 1, 3, 0.01),
            p(60, 1, 0, 1e-6),
            p(60, 2, 1, 0.9),
            p(60, 2, 2, 0.4),
            p(60, 2, 3, 0.001),
            p(60, 2, 0, 0.3),
        ];
        let text = report(&points, &plan, false);
        assert!(
            text.contains(
                r#"<thead><tr><th scope="col">k</th><th scope="col">depth 1</th><th scope="col">depth 2</th><th scope="col">depth 3</th><th scope="col">min nuclear norm</th></tr></thead>"#
            ),
            "{text}"
        );
        // Only the k with results has a row.
        assert!(
            text.contains(
                r#"<tbody><tr><th scope="row">60</th><td>0 of 2</td><td>0 of 2</td><td>2 of 2</td><td>1 of 2</td></tr></tbody>"#
            ),
            "{text}"
        );
        assert!(
            text.ends_with(r#"<p data-testid="lowrank-sweep-verdict"></p>"#),
            "{text}"
        );
        let one_k = SweepPlan { ks: vec![60], ..plan };
        assert!(report(&points, &one_k, true).contains(
            r#"<p data-testid="lowrank-sweep-verdict">Over these seeds, depth 3 recovered the matrix in all 2 seeds from <math>"#
        ));
        assert!(
            CAPTION.contains(&format!("error {RECOVERED_BELOW},")),
            "the caption's threshold is the constant"
        );
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
