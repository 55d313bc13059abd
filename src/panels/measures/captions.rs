//! The figures' captions and the population's description (pure, host-tested): numbers
//! live from the results, verdicts by the rule over seeds (engine `measures::seeds`).

use crate::engine::measures::seeds::MIN_SEEDS;
use crate::engine::measures::study::FIXED_STEPS;
use crate::engine::measures::{population, Measure, Verdict};
use crate::panels::measures::config::MeasuresConfig;
use crate::panels::measures::table::{math_label, signed, Table};
use crate::{tex_html, tex_text};

/// Under the scatter: τ and Ψ of measure `m` over every net, and its verdict over seeds.
pub fn scatter(t: &Table, m: Measure) -> String {
    let Some(r) = t.of(m).filter(|_| t.ranked >= 2) else {
        return "Each net appears here as soon as it is trained.".to_owned();
    };
    let judged = match t.judged(m).map(|j| j.verdict) {
        Some(Verdict::Beats { above, seeds }) => {
            format!("above the random band on {above} of {seeds} seeds, so it beats the random control.")
        }
        Some(Verdict::Reverse { below, seeds }) => {
            format!("below the random band on {below} of {seeds} seeds, so it ranks the gaps in reverse.")
        }
        Some(Verdict::Undecided { above, seeds, .. }) => {
            format!("above the random band on {above} of {seeds} seeds, too few to beat the random control.")
        }
        _ => format!("is judged against the random control once {MIN_SEEDS} seeds have finished."),
    };
    tex_html!(
        r"\slot: $\tau = \slot$, $\Psi = \slot$ over \slot nets; $\tau$ per seed \slot",
        math_label(m),
        signed(r.tau),
        signed(r.psi),
        t.ranked,
        judged
    )
}

// The seed figure's caption and the table's caption name the rule's three seeds.
const _: () = assert!(MIN_SEEDS == 3);

/// Under the seed-by-seed figure: the rule.
pub fn seeds() -> &'static str {
    tex_text!(
        r"One dot per seed at its $\tau$; the grey bar behind it holds 95 % of the $\tau$ that random orderings of that seed's nets reach. Filled blue: above the bar; orange: below; a ring: inside. A measure beats the random control when more than half of at least 3 seeds are above their bars: one seed alone lands there by luck one time in 40."
    )
}

/// Under the coupled pairs: what they are, the worst axis of measure `m`, and how the chart
/// simplifies Dziugaite et al.
pub fn pairs(t: &Table, m: Measure) -> String {
    match t.of(m).and_then(|r| r.worst()) {
        Some((a, share)) if t.ranked >= 2 => tex_html!(
            r"Share of coupled pairs (two nets differing in one axis only, same seed) that \slot orders wrongly; ties count $\tfrac12$. Worst: \slot with \slot %. Chance is 50 % (dashed); red bars are worse than chance. Simplified from Dziugaite et al.: no filter for pairs whose gaps differ by less than the noise of one test set, and the mean share per axis rather than the worst environment.",
            math_label(m),
            a.label(),
            format_args!("{:.0}", 100.0 * share)
        ),
        _ => tex_text!(r"Share of coupled pairs (two nets differing in one axis only, same seed) that the measure orders wrongly; ties count $\tfrac12$. Chance is 50 %.").to_owned(),
    }
}

/// The population in words: how many nets, seeds, flipped labels, how each is trained, and
/// what equal or unequal training losses mean for the ranking.
pub fn population_text(c: &MeasuresConfig, total: usize) -> String {
    let aim = if c.fixed {
        format!("each trained with momentum SGD for a fixed {FIXED_STEPS} steps")
    } else {
        format!(
            "each trained with momentum SGD until its training cross-entropy reaches {:.2}",
            c.target_ce
        )
    };
    let seeds = if c.seeds == 1 {
        "one seed".to_owned()
    } else {
        format!("{} seeds", c.seeds)
    };
    let equal = if c.fixed {
        "With a fixed budget the nets end at different training losses, so a measure can rank them by how far \
         training got."
    } else {
        "Each stops once its training loss reaches that target (nets stopped by the step cap are left out), so no \
         measure can rank them by how far training got."
    };
    format!(
        "A population of {} small ReLU networks ({seeds} of each configuration) on two moons with {:.0} % of the \
         training labels flipped, {aim}. {equal} Which number computed from a trained net, without test data, \
         predicts its gap? Each measure is ranked against the gaps seed by seed, beside a random control.",
        total.max(population(&c.spec()).len()),
        100.0 * c.flip
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::measures::StudySpec;
    use crate::panels::measures::table::table;
    // Three seeds of 32 nets: PAC-Bayes flatness is the gap on seeds 0 and 1, `Norm` on
    // seed 0 only, `Dist` the reverse of the gap on every seed.
    use crate::panels::measures::table::tests::three_seeds as nets;

    #[test]
    fn the_scatter_caption_says_beats_only_by_the_rule_over_seeds() {
        let spec = MeasuresConfig::default().spec();
        let t = table(&nets(), &spec);
        let pb = scatter(&t, Measure::PacBayes);
        assert!(
            pb.contains("above the random band on 2 of 3 seeds, so it beats the random control."),
            "{pb}"
        );
        let norm = scatter(&t, Measure::Norm);
        assert!(
            norm.contains("on 1 of 3 seeds, too few to beat") && !norm.contains("so it beats"),
            "{norm}"
        );
        assert!(scatter(&t, Measure::Dist).contains("below the random band on 3 of 3 seeds"));
        // Two seeds finished: no verdict yet.
        let t = table(&nets()[..70], &spec);
        assert!(scatter(&t, Measure::PacBayes).contains("once 3 seeds have finished"));
        assert!(scatter(&table(&[], &spec), Measure::PacBayes).starts_with("Each net appears"));
    }

    #[test]
    fn the_population_is_described_from_the_settings() {
        let c = MeasuresConfig::default();
        let text = population_text(&c, 0);
        assert!(
            text.starts_with("A population of 96 small ReLU networks (3 seeds of each configuration)"),
            "{text}"
        );
        assert!(
            text.contains("10 % of the training labels") && text.contains("reaches 0.10"),
            "{text}"
        );
        let fixed = MeasuresConfig {
            fixed: true,
            seeds: 1,
            ..c
        };
        let text = population_text(&fixed, 0);
        assert!(
            text.contains("(one seed of each") && text.contains("fixed 300 steps"),
            "{text}"
        );
        assert_eq!(
            population(&StudySpec {
                seeds: 1,
                ..fixed.spec()
            })
            .len(),
            32
        );
    }
}
