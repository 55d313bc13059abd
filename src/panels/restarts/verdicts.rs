//! The restarts panel's conclusions, one short line per comparison the student has ticked
//! (random fits, bad minima, rescaled layers, random labels), each decided here from the
//! runs on screen; the full argument (`prose`) sits behind "Why?". Pure and host-tested.

use super::config::RestartsConfig;
use super::layout::Run;
use super::prose::{num, pct, Stats, Verdict};
use crate::engine::guess::MAX_DRAWS;
use crate::engine::restarts::Pipeline;
use crate::engine::Activation;
use crate::tex_html;

fn points(d: f32) -> String {
    format!("{:.1}", 100.0 * d.abs())
}

/// Test accuracy at or below this, with every label random, is chance: two balanced
/// classes, so a function that learned nothing about fresh data scores about 50 %.
pub const NEAR_CHANCE: f32 = 0.6;

/// One line per comparison shown, in the order of the settings; a prompt to tick one when
/// none is. Empty before the first run.
pub fn lines(config: Option<&RestartsConfig>, runs: &[impl Run]) -> Vec<String> {
    let (Some(c), Some(sgd)) = (config, Stats::of(runs, Pipeline::Sgd)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if c.corruption > 0.0 {
        out.push(random_labels(c, &sgd));
    }
    if let Some(g) = Stats::of(runs, Pipeline::Guess) {
        out.push(random_fits(&g, &sgd));
    }
    if let Some(a) = Stats::of(runs, Pipeline::Adversarial) {
        out.push(bad_minima(&a, &sgd));
        if let (Some(aw), Some(sw)) = (
            Stats::of(runs, Pipeline::AdversarialWd),
            Stats::of(runs, Pipeline::SgdWd),
        ) {
            out.push(weight_decay(&a, &aw, &sgd, &sw));
        }
    }
    if c.alpha != 1.0 {
        out.push(rescaled(c, &sgd));
    }
    if out.is_empty() {
        out.push(
            "Tick a comparison in Settings (random fits, bad minima) to test what makes SGD's fits special.".to_owned(),
        );
    }
    out
}

/// Zhang et al. 2017 in miniature: with every label a coin flip, fitting them all says
/// nothing about new data.
fn random_labels(c: &RestartsConfig, sgd: &Stats) -> String {
    let share = format!("{:.0}\u{a0}%", 100.0 * c.corruption);
    if sgd.fits == sgd.runs && c.corruption >= 1.0 && sgd.mean <= NEAR_CHANCE {
        return format!(
            "Random labels: every run fits all {} coin-flip labels, yet tests at {}, chance: zero training \
             error, no generalisation (Zhang et al. 2017).",
            c.n_train,
            pct(sgd.mean)
        );
    }
    format!(
        "Random labels ({share}): {} of {} runs fit every training label, testing at {} on clean data.",
        sgd.fits,
        sgd.runs,
        pct(sgd.mean)
    )
}

/// Guess and check against SGD (Chiang et al. 2023).
fn random_fits(g: &Stats, sgd: &Stats) -> String {
    if g.fits == 0 {
        return format!(
            "Random fits: none found within {MAX_DRAWS} draws per restart; fewer training points make them \
             easier to find."
        );
    }
    if sgd.fits == 0 {
        return "Random fits: found, but SGD fitted nothing here to compare them with.".to_owned();
    }
    let head = format!(
        "Random fits test {} against SGD's {}",
        pct(g.fit_mean()),
        pct(sgd.fit_mean())
    );
    match Verdict::of(g, sgd) {
        Verdict::AboutAsWell => format!(
            "{head}, about as well: here the preference lies in the network and its random starts, not in \
             SGD's path."
        ),
        Verdict::Worse => format!(
            "{head}, {} points worse: here SGD's path picks fits that test better than a random fit.",
            points(g.fit_mean() - sgd.fit_mean())
        ),
        Verdict::Better => format!(
            "{head}, {} points better: here a random fit tests better than SGD's.",
            points(g.fit_mean() - sgd.fit_mean())
        ),
    }
}

/// The adversarial start (Liu et al. 2020): global minima of the true training loss that
/// test badly, and whether random starts avoid them.
fn bad_minima(a: &Stats, sgd: &Stats) -> String {
    let all_fit = a.fits == a.runs;
    let fit = if all_fit {
        "fit every training point".to_owned()
    } else {
        format!("fit the training data in {} of {} runs", a.fits, a.runs)
    };
    match Verdict::of(a, sgd) {
        Verdict::Worse if all_fit => format!(
            "Adversarial starts {fit} yet test {} points worse ({} against {}): bad global minima exist, and \
             SGD from random starts does not land in them.",
            points(a.fit_mean() - sgd.fit_mean()),
            pct(a.fit_mean()),
            pct(sgd.fit_mean())
        ),
        v => format!(
            "Adversarial starts {fit} and test {} SGD's ({} against {}).",
            v.words(),
            pct(a.fit_mean()),
            pct(sgd.fit_mean())
        ),
    }
}

/// Weight decay in the second stage, against its control from random starts.
fn weight_decay(a: &Stats, aw: &Stats, sgd: &Stats, sw: &Stats) -> String {
    let (gain_bad, gain_sgd) = (aw.mean - a.mean, sw.mean - sgd.mean);
    let reading = if gain_bad > gain_sgd + 0.02 {
        "a rescue specific to the bad start"
    } else {
        "no more than it helps SGD, so nothing specific to the bad start"
    };
    format!(
        "Weight decay moves the adversarial runs by {:+.1} points and SGD's by {:+.1}: {reading}.",
        100.0 * gain_bad,
        100.0 * gain_sgd
    )
    .replace('-', "−")
}

/// Dinh et al. 2017: rescaling a ReLU network's layers keeps its function, not its λ_max.
fn rescaled(c: &RestartsConfig, sgd: &Stats) -> String {
    let factor = sgd.lambda / sgd.lambda_unscaled.max(f32::MIN_POSITIVE);
    if c.activation == Activation::Relu && sgd.shift <= 1e-4 {
        tex_html!(
            r"Rescaled layers ($\alpha = \slot$): the same functions, the same test accuracy, yet $\lambda_{\max}$ changes $\times\slot$: sharpness alone cannot decide generalisation (Dinh et al. 2017).",
            c.alpha,
            num(factor)
        )
    } else {
        tex_html!(
            r"Rescaled layers ($\alpha = \slot$): the functions changed (with tanh, or at this scale, rescaling is not a symmetry), and $\lambda_{\max}$ changes $\times\slot$.",
            c.alpha,
            num(factor)
        )
    }
}
