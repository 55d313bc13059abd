//! The study's results as the page shows them (pure, host-tested): the table of τ, Ψ and
//! per-axis ψ with the random control's band, τ seed by seed against each seed's band and
//! the verdict over seeds (engine `measures::seeds`), the testing hook's JSON, the CSV of
//! every net, and the sentences whose numbers come from the results (HTML: their formulas
//! are MathML made at compile time, their words hold no markup characters).

use crate::engine::measures::seeds::MIN_SEEDS;
use crate::engine::measures::study::{CAP, FIXED_STEPS};
use crate::engine::measures::{
    population, random_band, ranking, seed_bands, seed_taus, verdict, Axis, Band, Measure, NetId, NetResult, Ranking,
    SeedBand, StudySpec, Verdict,
};
use crate::panels::measures::config::MeasuresConfig;
use crate::{tex_html, tex_text};
use serde::Serialize;

/// Random orderings drawn for the band.
pub const BAND_DRAWS: usize = 100;

/// How every measure ranks the nets finished so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// One ranking per measure, in `Measure::ALL` order.
    pub rows: Vec<(Measure, Ranking)>,
    /// The band of τ and Ψ that random orderings of the same nets fill.
    pub band: Band,
    /// Nets ranked: those that reached the target (or ran their fixed budget) without diverging.
    pub ranked: usize,
    /// Nets stopped by the cap before reaching the target.
    pub capped: usize,
    /// Nets whose training diverged.
    pub diverged: usize,
    /// The smallest and largest training cross-entropy of the ranked nets.
    pub ce_range: (f32, f32),
    /// The pairs that differ only in the training-set size, if it varies.
    pub size_pairs: Option<SizePairs>,
    /// The seeds judged (those whose nets have all finished), each with its band of τ.
    pub seeds: Vec<SeedBand>,
    /// Per measure, in `rows` order: τ on each judged seed and the verdict over them.
    pub judged: Vec<Judged>,
}

/// One measure judged seed by seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Judged {
    /// Kendall's τ on each judged seed, in `Table::seeds` order.
    pub taus: Vec<f32>,
    /// The verdict over those seeds (the rule: engine `measures::seeds`).
    pub verdict: Verdict,
}

/// Pairs of ranked nets that differ only in the training-set size (same repetition).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SizePairs {
    /// How many such pairs.
    pub pairs: usize,
    /// Pairs whose net with more points is the sharper: larger PAC-Bayes flatness 1/σ².
    pub bigger_sharper: usize,
    /// Pairs whose net with more points is the sharper per training point: larger 1/(σ²n),
    /// the bound's shape.
    pub bigger_sharper_per_point: usize,
    /// Pairs whose net with more points has the smaller gap.
    pub bigger_smaller_gap: usize,
}

/// Counts the pairs of `nets` that differ only in the training-set size.
fn size_pairs(nets: &[&NetResult]) -> SizePairs {
    let bit = 1u8 << Axis::N.index();
    let mut out = SizePairs::default();
    for small in nets.iter().filter(|n| !n.id.level(Axis::N)) {
        let partner = NetId {
            config: small.id.config | bit,
            rep: small.id.rep,
        };
        if let Some(big) = nets.iter().find(|n| n.id == partner) {
            out.pairs += 1;
            let pb = |n: &NetResult| n.measure(Measure::PacBayes);
            let per_point = |n: &NetResult| pb(n) / n.id.value(Axis::N);
            out.bigger_sharper += usize::from(pb(big) > pb(small));
            out.bigger_sharper_per_point += usize::from(per_point(big) > per_point(small));
            out.bigger_smaller_gap += usize::from(big.gap() < small.gap());
        }
    }
    out
}

/// Whether a net is ranked.
pub fn is_ranked(net: &NetResult) -> bool {
    !net.diverged && !net.capped
}

/// Ranks every measure over the ranked nets of `nets`. The nets are taken in the order of
/// their ids, not in the order the workers finished them, so the random band (whose
/// permutations are dealt to the nets in order) and everything else on the page depend on
/// the study alone, not on the number of workers or their timing.
pub fn table(nets: &[NetResult], spec: &StudySpec) -> Table {
    let mut used: Vec<&NetResult> = nets.iter().filter(|n| is_ranked(n)).collect();
    used.sort_by_key(|n| (n.id.rep, n.id.config));
    let ids: Vec<NetId> = used.iter().map(|n| n.id).collect();
    let gap: Vec<f32> = used.iter().map(|n| n.gap()).collect();
    // A seed is judged once every net of it has finished (ranked or not), so that its
    // verdict does not move while its nets stream in.
    let per_seed = population(spec).len() / spec.seeds.max(1) as usize;
    let complete = |rep: u32| nets.iter().filter(|n| n.id.rep == rep).count() >= per_seed;
    let mut seeds = seed_bands(&ids, &gap, BAND_DRAWS, spec.seed);
    seeds.retain(|b| complete(b.rep));
    let mut judged = Vec::new();
    let rows = Measure::ALL
        .into_iter()
        .map(|m| {
            let values: Vec<f32> = used.iter().map(|n| n.measure(m)).collect();
            let taus = seed_taus(&seeds, &values, &gap);
            judged.push(Judged {
                verdict: verdict(&seeds, &taus),
                taus,
            });
            (m, ranking(&ids, &values, &gap, &spec.varying))
        })
        .collect();
    Table {
        rows,
        judged,
        seeds,
        band: random_band(&ids, &gap, &spec.varying, BAND_DRAWS, spec.seed),
        ranked: used.len(),
        capped: nets.iter().filter(|n| n.capped).count(),
        diverged: nets.iter().filter(|n| n.diverged).count(),
        ce_range: used.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), n| {
            (lo.min(n.train_ce), hi.max(n.train_ce))
        }),
        size_pairs: spec.varying[Axis::N.index()].then(|| size_pairs(&used)),
    }
}

impl Table {
    /// The ranking of measure `m`.
    pub fn of(&self, m: Measure) -> Option<&Ranking> {
        self.rows.iter().find(|(k, _)| *k == m).map(|(_, r)| r)
    }

    /// Measure `m` judged seed by seed.
    pub fn judged(&self, m: Measure) -> Option<&Judged> {
        self.rows
            .iter()
            .position(|(k, _)| *k == m)
            .and_then(|i| self.judged.get(i))
    }

    /// Whether measure `m` beats the random control by the rule over seeds.
    pub fn beats(&self, m: Measure) -> bool {
        self.judged(m)
            .is_some_and(|j| matches!(j.verdict, Verdict::Beats { .. }))
    }

    /// The measures with verdict `pick` (seeds above or below, of how many), in table order.
    fn with_verdict(&self, pick: fn(Verdict) -> Option<(usize, usize)>) -> Vec<(Measure, usize, usize)> {
        self.rows
            .iter()
            .zip(&self.judged)
            .filter_map(|((m, _), j)| pick(j.verdict).map(|(k, n)| (*m, k, n)))
            .collect()
    }
}

/// The verdict's name in the testing hook.
fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::TooFewSeeds { .. } => "too_few_seeds",
        Verdict::Beats { .. } => "beats",
        Verdict::Reverse { .. } => "reverse",
        Verdict::Undecided { .. } => "undecided",
    }
}

/// A number for JSON: NaN becomes null.
fn finite(v: f32) -> Option<f32> {
    v.is_finite().then_some(v)
}

#[derive(Serialize)]
struct MeasureRow {
    name: &'static str,
    tau: Option<f32>,
    psi: Option<f32>,
    per_axis: Vec<Option<f32>>,
    wrong: Vec<Option<f32>>,
    seed_tau: Vec<Option<f32>>,
    verdict: &'static str,
}

#[derive(Serialize)]
struct Summary {
    done: usize,
    total: usize,
    elapsed_ms: f64,
    running: bool,
    stopped: bool,
    stopped_by_cap: usize,
    diverged: usize,
    ranked: usize,
    axes: Vec<&'static str>,
    band: [[Option<f32>; 2]; 2],
    seed_reps: Vec<u32>,
    seed_bands: Vec<[Option<f32>; 2]>,
    measures: Vec<MeasureRow>,
}

/// Where a study stands, for the testing hook.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    /// Nets finished.
    pub done: usize,
    /// Nets in the study.
    pub total: usize,
    /// Milliseconds from the start to the latest results shown.
    pub elapsed_ms: f64,
    /// Whether workers are still training.
    pub running: bool,
    /// Whether the student stopped it.
    pub stopped: bool,
}

/// The testing hook's JSON: progress, how many nets the cap stopped, the judged seeds and
/// their bands of τ, and τ, Ψ, per-axis ψ, coupled-pair error shares, τ per judged seed and
/// the verdict over seeds of every measure (the control is "random", PAC-Bayes flatness
/// "pacbayes"); per-axis lists follow `Axis::ALL`.
pub fn summary_json(t: &Table, p: Progress) -> String {
    let opt = |a: [f32; 6]| a.iter().map(|v| finite(*v)).collect();
    let summary = Summary {
        done: p.done,
        total: p.total,
        elapsed_ms: p.elapsed_ms.round(),
        running: p.running,
        stopped: p.stopped,
        stopped_by_cap: t.capped,
        diverged: t.diverged,
        ranked: t.ranked,
        axes: Axis::ALL.map(Axis::key).to_vec(),
        band: [
            [finite(t.band.tau.0), finite(t.band.tau.1)],
            [finite(t.band.psi.0), finite(t.band.psi.1)],
        ],
        seed_reps: t.seeds.iter().map(|b| b.rep).collect(),
        seed_bands: t.seeds.iter().map(|b| [finite(b.tau.0), finite(b.tau.1)]).collect(),
        measures: t
            .rows
            .iter()
            .zip(&t.judged)
            .map(|((m, r), j)| MeasureRow {
                name: m.key(),
                tau: finite(r.tau),
                psi: finite(r.psi),
                per_axis: opt(r.per_axis),
                wrong: opt(r.wrong),
                seed_tau: j.taus.iter().map(|v| finite(*v)).collect(),
                verdict: verdict_key(j.verdict),
            })
            .collect(),
    };
    serde_json::to_string(&summary).unwrap_or_default()
}

/// Every net as a CSV row: its hyperparameters, how training ended, its errors and gap,
/// and every measure (the steps taken are the measure `steps`).
pub fn csv(nets: &[NetResult]) -> String {
    let mut out = String::from("rep");
    for a in Axis::ALL {
        out += &format!(",{}", a.key());
    }
    out += ",capped,diverged,train_ce,train_err,test_err,gap";
    for m in Measure::ALL {
        out += &format!(",{}", m.key());
    }
    out.push('\n');
    for n in nets {
        out += &format!("{}", n.id.rep);
        for a in Axis::ALL {
            out += &format!(",{}", a.text(n.id.level(a)));
        }
        out += &format!(
            ",{},{},{},{},{},{}",
            u8::from(n.capped),
            u8::from(n.diverged),
            n.train_ce,
            n.train_err,
            n.test_err,
            n.gap()
        );
        for m in Measure::ALL {
            out += &format!(",{}", n.measure(m));
        }
        out.push('\n');
    }
    out
}

/// A signed number with two decimals, or a dash.
pub fn signed(v: f32) -> String {
    if v.is_finite() {
        format!("{v:+.2}").replace('-', "−")
    } else {
        "—".to_owned()
    }
}

/// A measure's name as the page shows it, HTML with its formula as MathML (the engine's
/// `label` stays the plain name, for the measure menu's options and the canvas).
pub fn math_label(m: Measure) -> &'static str {
    match m {
        Measure::Norm => tex_text!(r"$\lVert w \rVert$"),
        Measure::Dist => tex_text!(r"$\lVert w - w_0 \rVert$"),
        Measure::Spectral => tex_text!(r"$\sum \log \lVert W \rVert_2^2$"),
        Measure::SpectralMargin => tex_text!(r"$\sum \log \lVert W \rVert_2^2 - 2 \log \gamma$"),
        Measure::InvMargin => tex_text!(r"$1/\gamma^2$"),
        Measure::PathMargin => tex_text!(r"path norm $/\,\gamma^2$"),
        Measure::PacBayes => tex_text!(r"PAC-Bayes flatness $1/\sigma^2$"),
        Measure::PacBayesMag => tex_text!(r"magnitude-aware $1/\sigma'^2$"),
        Measure::Sam => tex_text!(r"SAM $\rho$-sharpness"),
        // Names without a formula: plain words.
        _ => m.label(),
    }
}

/// What the results show so far, in words (numbers live), as HTML.
pub fn findings(t: &Table, spec: &StudySpec) -> String {
    if t.ranked < 2 {
        return "Nothing is ranked yet: the sentences here fill in as nets finish.".to_owned();
    }
    let band = tex_html!(
        r"Random orderings of these \slot nets reach $\tau$ from \slot to \slot and $\Psi$ from \slot to \slot (95 % of \slot draws). ",
        t.ranked,
        signed(t.band.tau.0),
        signed(t.band.tau.1),
        signed(t.band.psi.0),
        signed(t.band.psi.1),
        BAND_DRAWS
    );
    let cap = if spec.fixed_steps {
        format!(
            " Every net ran {FIXED_STEPS} steps, ending at training cross-entropies from {:.3} to {:.3}: \
             a measure can now rank the gaps merely by tracking how far training got.",
            t.ce_range.0, t.ce_range.1
        )
    } else if t.capped > 0 {
        format!(
            " {} of the nets did not reach the target within {CAP} steps and are left out of the ranking.",
            t.capped
        )
    } else {
        String::new()
    };
    format!("{band}{}{cap}{}", verdict_sentence(t, spec), size_sentence(t, spec))
}

/// Which measures beat the random control by the rule over seeds (engine
/// `measures::seeds`), in words, with the rule itself.
pub fn verdict_sentence(t: &Table, spec: &StudySpec) -> String {
    let judged = t.seeds.len();
    if judged < MIN_SEEDS {
        let ask = if (spec.seeds as usize) < MIN_SEEDS {
            format!("set at least {MIN_SEEDS} seeds per configuration")
        } else {
            "wait for them to finish".to_owned()
        };
        return tex_html!(
            r"No measure is judged against the random control yet: that takes $\tau$ on at least \slot finished seeds (\slot so far), so \slot.",
            MIN_SEEDS,
            judged,
            ask
        );
    }
    let list = |v: Vec<(Measure, usize, usize)>| {
        v.iter()
            .map(|(m, k, n)| format!("{} ({k} of {n})", math_label(*m)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rule = tex_html!(
        r"A measure beats the random control when its $\tau$ lies above its own seed's band on more than half of the \slot finished seeds.",
        judged
    );
    let beats = t.with_verdict(|v| match v {
        Verdict::Beats { above, seeds } => Some((above, seeds)),
        _ => None,
    });
    let beat = if beats.is_empty() {
        " None does.".to_owned()
    } else {
        format!(" Beat it: {}.", list(beats))
    };
    let reverse = t.with_verdict(|v| match v {
        Verdict::Reverse { below, seeds } => Some((below, seeds)),
        _ => None,
    });
    let reverse = if reverse.is_empty() {
        String::new()
    } else {
        format!(
            " Below the band on more than half, ranking the gaps in reverse: {}.",
            list(reverse)
        )
    };
    format!("{rule}{beat}{reverse}")
}

/// What the training-set size does here: with it varying, how its pairs order sharpness
/// and gap (numbers live); held fixed at the default settings, what the lab's host tests
/// found with the Seed setting 1–5 (tests/engine_measures.rs).
fn size_sentence(t: &Table, spec: &StudySpec) -> String {
    let (small, big) = (Axis::N.text(false), Axis::N.text(true));
    match t.size_pairs {
        Some(p) if p.pairs > 0 => tex_html!(
            r" Of the \slot pairs that differ only in the training-set size, the net trained on \slot points rather than \slot is the sharper (larger $1/\sigma^2$) in \slot, and has the smaller gap in \slot. A PAC-Bayes bound divides its complexity term, which grows with $1/\sigma^2$, by the number of points; per point, $1/(\sigma^2 n)$, the \slot-point net is the sharper in \slot. Jiang et al. held their training set fixed: untick “training points” under Settings for their design.",
            p.pairs,
            big,
            small,
            p.bigger_sharper,
            p.bigger_smaller_gap,
            big,
            p.bigger_sharper_per_point
        ),
        None if is_default_but_size(spec) => format!(
            " The training-set size is held at {small} points, as in Jiang et al.'s design. Verdicts move with the \
             seed: the lab's tests run these settings with Seed 1 to 5, and PAC-Bayes flatness beats the random \
             control on at least {PACBAYES_BEATS_OF_5} of them, the random control itself on none."
        ),
        _ => String::new(),
    }
}

/// With the panel's default settings and the Seed setting 1 to 5, on how many PAC-Bayes
/// flatness beats the random control at least (asserted in tests/engine_measures.rs).
pub const PACBAYES_BEATS_OF_5: usize = 3;

/// Whether `spec` is the panel's default study, whatever its base seed.
pub fn is_default_but_size(spec: &StudySpec) -> bool {
    StudySpec {
        seed: spec.seed,
        ..MeasuresConfig::default().spec()
    } == *spec
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Four nets over width: the gap grows with width; measure values follow `Measure::ALL`.
    fn nets() -> Vec<NetResult> {
        (0..4u32)
            .map(|k| NetResult {
                id: NetId {
                    config: (k % 2) as u8,
                    rep: k / 2,
                },
                steps: 100 + k,
                capped: false,
                diverged: false,
                train_ce: 0.1,
                train_err: 0.0,
                test_err: 0.1 * k as f32,
                test_ce: 0.3,
                measures: Measure::ALL
                    .iter()
                    .map(|m| if *m == Measure::PacBayes { k as f32 } else { 1.0 })
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn the_table_ranks_every_measure_and_the_json_names_them() {
        let spec = StudySpec {
            varying: [true, false, false, false, false, false],
            seeds: 2,
            ..StudySpec::default()
        };
        let t = table(&nets(), &spec);
        let pb = t.of(Measure::PacBayes).unwrap();
        assert_eq!((pb.tau, pb.psi), (1.0, 1.0));
        // A constant measure ties every pair.
        assert_eq!(t.of(Measure::Norm).unwrap().tau, 0.0);
        let json: serde_json::Value = serde_json::from_str(&summary_json(
            &t,
            Progress {
                done: 4,
                total: 4,
                ..Progress::default()
            },
        ))
        .unwrap();
        assert_eq!(json["done"], 4);
        assert_eq!(json["stopped_by_cap"], 0);
        let names: Vec<&str> = json["measures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"pacbayes") && names.contains(&"random"));
        assert_eq!(json["measures"][0]["tau"], 1.0);
        // Depth does not vary: its ψ is null.
        assert!(json["measures"][0]["per_axis"][1].is_null());
    }

    #[test]
    fn the_table_does_not_depend_on_the_order_the_nets_finished_in() {
        // Sixteen nets of two seeds over two axes; the gaps unrelated to the measures, so
        // the random band is wide and any change in its permutations would show.
        let nets: Vec<NetResult> = (0..16u32)
            .map(|k| NetResult {
                id: NetId {
                    config: (k % 8) as u8,
                    rep: k / 8,
                },
                test_err: ((k * 7) % 16) as f32 / 16.0,
                measures: Measure::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, _)| ((k * (i as u32 + 3)) % 16) as f32)
                    .collect(),
                ..nets()[0].clone()
            })
            .collect();
        let spec = StudySpec {
            varying: [true, true, true, false, false, false],
            seeds: 2,
            ..StudySpec::default()
        };
        // Debug text, not ==: the rows hold NaN for the axes that do not vary.
        let in_order = format!("{:?}", table(&nets, &spec));
        let mut reversed = nets.clone();
        reversed.reverse();
        let mut interleaved = nets.clone();
        interleaved.sort_by_key(|n| (n.id.config % 3, n.id.rep));
        for other in [reversed, interleaved] {
            assert_eq!(format!("{:?}", table(&other, &spec)), in_order);
        }
    }

    #[test]
    fn capped_nets_are_counted_and_left_out() {
        let mut n = nets();
        n[0].capped = true;
        let spec = StudySpec::default();
        let t = table(&n, &spec);
        assert_eq!((t.ranked, t.capped), (3, 1));
        assert!(findings(&t, &spec).contains("1 of the nets did not reach the target"));
        let fixed = StudySpec {
            fixed_steps: true,
            ..spec
        };
        assert!(findings(&table(&n, &fixed), &fixed).contains("from 0.100 to 0.100"));
        // τ and Ψ are MathML; outside the formulas no markup and no Greek letters.
        let text = findings(&t, &spec);
        assert!(
            text.contains(crate::tex!(r"\Psi")) && text.contains(crate::tex!(r"\tau")),
            "{text}"
        );
        let text = text.replace("<span class=\"math-run\">", "").replace("</span>", "");
        let words: String = text
            .split("<math")
            .map(|p| p.split("</math>").last().unwrap_or(""))
            .collect();
        assert!(!words.contains(['<', '>', '&', 'Ψ', 'τ']), "{words}");
    }

    #[test]
    fn every_measure_has_a_name_for_the_page() {
        for m in Measure::ALL {
            let name = math_label(m);
            assert!(!name.is_empty());
            // A name with written-out mathematics is MathML; a plain one is the engine's label.
            let plain = !m.label().contains(['‖', 'Σ', 'γ', 'σ', 'ρ']);
            assert_eq!(plain, !name.contains("<math"), "{}: {name}", m.label());
        }
    }

    /// Two pairs differing only in the training-set size: in one the 48-point net is
    /// sharper with the larger gap, in the other sharper with the smaller gap.
    #[test]
    fn size_pairs_are_counted_and_told_only_when_the_size_varies() {
        let mut n = nets();
        let bit = 1u8 << Axis::N.index();
        for (k, net) in n.iter_mut().enumerate() {
            net.id = NetId {
                config: if k % 2 == 1 { bit } else { 0 },
                rep: (k / 2) as u32,
            };
        }
        // Pair rep 0: 1/σ² 0 → 1 (sharper, also per point), gap 0 → 0.1 (larger); rep 1: 1/σ² 2 → 3
        // (sharper, but 3/48 < 2/24 per point), gap 0.2 → 0.1 (smaller).
        n[3].test_err = 0.1;
        let spec = StudySpec {
            varying: [false, false, false, false, true, false],
            seeds: 2,
            ..StudySpec::default()
        };
        let t = table(&n, &spec);
        assert_eq!(
            t.size_pairs,
            Some(SizePairs {
                pairs: 2,
                bigger_sharper: 2,
                bigger_sharper_per_point: 1,
                bigger_smaller_gap: 1
            })
        );
        let text = findings(&t, &spec);
        assert!(
            text.contains("Of the 2 pairs") && text.contains("in 2, and has the smaller gap in 1"),
            "{text}"
        );
        assert!(text.contains("the 48-point net is the sharper in 1."), "{text}");
        // Held fixed at the default settings: the tested design is named; otherwise nothing.
        let fixed = MeasuresConfig::default().spec();
        let t = table(&nets(), &fixed);
        assert_eq!(t.size_pairs, None);
        assert!(findings(&t, &fixed).contains("held at 24 points"));
        let other = StudySpec { flip: 0.2, ..fixed };
        assert!(!findings(&table(&nets(), &other), &other).contains("held at"));
    }

    /// Three seeds of 32 nets over five axes: the gap grows with the configuration number;
    /// PAC-Bayes flatness follows it on seeds 0 and 1 only, `Norm` on seed 0 only, and
    /// `Dist` runs against it on every seed.
    pub(crate) fn three_seeds() -> Vec<NetResult> {
        (0..96u32)
            .map(|k| {
                let (rep, c) = (k / 32, k % 32);
                // Five axes vary, the training-set size (bit 4) does not.
                let config = ((c & 15) | (c & 16) << 1) as u8;
                let gap = c as f32 / 32.0;
                let scrambled = ((c * 13) % 32) as f32;
                let value = |m: Measure| match m {
                    Measure::PacBayes if rep < 2 => gap,
                    Measure::Norm if rep == 0 => gap,
                    Measure::Dist => -gap,
                    _ => scrambled,
                };
                NetResult {
                    id: NetId { config, rep },
                    test_err: gap,
                    measures: Measure::ALL.iter().map(|&m| value(m)).collect(),
                    ..nets()[0].clone()
                }
            })
            .collect()
    }

    /// The rule over seeds: more than half of at least three finished seeds.
    #[test]
    fn a_measure_beats_the_control_only_on_most_seeds() {
        let spec = StudySpec {
            varying: [true, true, true, true, false, true],
            seeds: 3,
            ..StudySpec::default()
        };
        let nets = three_seeds();
        let t = table(&nets, &spec);
        assert_eq!(t.seeds.len(), 3);
        assert_eq!(
            t.judged(Measure::PacBayes).unwrap().verdict,
            Verdict::Beats { above: 2, seeds: 3 }
        );
        // One seed above its band is not enough.
        assert_eq!(
            t.judged(Measure::Norm).unwrap().verdict,
            Verdict::Undecided {
                above: 1,
                below: 0,
                seeds: 3
            }
        );
        assert!(t.beats(Measure::PacBayes) && !t.beats(Measure::Norm));
        let text = verdict_sentence(&t, &spec);
        assert!(text.contains("more than half of the 3 finished seeds"), "{text}");
        assert!(
            text.contains("Beat it: PAC-Bayes flatness") && text.contains("(2 of 3)"),
            "{text}"
        );
        assert!(
            !text.contains("Norm") && !text.contains(math_label(Measure::Norm)),
            "{text}"
        );
        assert!(text.contains("in reverse: ") && text.contains("(3 of 3)"), "{text}");
        // The hook carries τ per seed and the verdicts.
        let json: serde_json::Value = serde_json::from_str(&summary_json(&t, Progress::default())).unwrap();
        assert_eq!(json["seed_reps"], serde_json::json!([0, 1, 2]));
        let pb = &json["measures"][0];
        assert_eq!(
            (pb["name"].as_str(), pb["verdict"].as_str()),
            (Some("pacbayes"), Some("beats"))
        );
        assert_eq!(pb["seed_tau"][0], 1.0);
        // A seed is judged once all its nets are in: without the last net, two seeds are.
        let t = table(&nets[..95], &spec);
        assert_eq!(t.seeds.len(), 2);
        assert_eq!(
            t.judged(Measure::PacBayes).unwrap().verdict,
            Verdict::TooFewSeeds { seeds: 2 }
        );
        assert!(verdict_sentence(&t, &spec).contains("(2 so far), so wait for them to finish"));
        // A study of one seed asks for more seeds.
        let one = StudySpec { seeds: 1, ..spec };
        let t = table(&nets[..32], &one);
        assert!(!t.beats(Measure::PacBayes));
        assert!(verdict_sentence(&t, &one).contains("set at least 3 seeds per configuration"));
    }

    #[test]
    fn the_csv_holds_every_net_with_its_hyperparameters_and_measures() {
        let text = csv(&nets());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5);
        let header: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(header.len(), 1 + 6 + 6 + Measure::ALL.len());
        assert_eq!(header.iter().filter(|h| **h == "steps").count(), 1);
        assert!(header.contains(&"pacbayes") && header.contains(&"test_err") && header.contains(&"width"));
        assert!(lines[2].starts_with("0,32,2,0.03,16,24,0,"), "{}", lines[2]);
        assert!(lines[1..].iter().all(|l| l.split(',').count() == header.len()));
    }
}
