//! The restarts panel's argument in words ("What it shows"), pure and host-tested: every
//! number is computed from the runs on screen, and every verdict ("about as well as",
//! "flatter") is decided here from those numbers, never typed in. Each paragraph is HTML:
//! its formulas are MathML made at compile time (`tex_text!`, `tex_html!`), its words hold
//! no markup characters.

use super::config::RestartsConfig;
use super::layout::Run;
use crate::engine::guess::MAX_DRAWS;
use crate::engine::restarts::{Pipeline, RunResult};
use crate::engine::stats::spearman;
use crate::engine::Activation;
use crate::{tex_html, tex_text};

/// A test accuracy as a percentage, with a non-breaking space.
pub fn pct(a: f32) -> String {
    format!("{:.1}\u{a0}%", 100.0 * a)
}

/// A difference of accuracies in percentage points, signed, with a typographic minus.
fn points(d: f32) -> String {
    format!("{:+.1}", 100.0 * d).replace('-', "−")
}

/// A number in a short readable form: whole numbers as they are, others to about 3
/// significant digits.
pub fn num(x: f32) -> String {
    let a = x.abs();
    if x.fract() == 0.0 || a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else if a >= 0.01 {
        format!("{x:.3}")
    } else {
        sci(x, 2)
    }
}

/// `x` in scientific notation with `digits` decimals, as `format!("{x:.digits$e}")` writes
/// it (1.23e-5), from fixed-point formatting: the page then links no exponent formatter.
pub fn sci(x: f32, digits: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return format!("{x:.digits$}e0");
    }
    let x = f64::from(x);
    let mut e = x.abs().log10().floor() as i32;
    let mut m = format!("{:.digits$}", x / 10f64.powi(e));
    // Rounding can carry into a new digit (9.996 → 10.00): one exponent up.
    if m.trim_start_matches('-').starts_with("10") {
        e += 1;
        m = format!("{:.digits$}", x / 10f64.powi(e));
    }
    format!("{m}e{e}")
}

/// The k-th smallest of `values` (k from 0), by counting rather than sorting: a few
/// hundred runs at most, and a sort would cost the page's download more than the loop.
pub fn kth<T: PartialOrd + Copy>(values: &[T], k: usize) -> Option<T> {
    values.iter().copied().find(|&x| {
        let below = values.iter().filter(|&&y| y < x).count();
        let up_to = values.iter().filter(|&&y| y <= x).count();
        below <= k && k < up_to
    })
}

/// What one pipeline's runs that did not diverge show.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// Runs that did not diverge.
    pub runs: usize,
    /// Of these, runs that fit every training point.
    pub fits: usize,
    /// Test accuracies of the fitting runs.
    pub fit_accs: Vec<f32>,
    /// Mean test accuracy of all runs.
    pub mean: f32,
    /// Means of norm, λ_max, scale-aware λ_max, λ_max before rescaling.
    pub norm: f32,
    /// Mean λ_max.
    pub lambda: f32,
    /// Mean scale-aware λ_max.
    pub lambda_scaled: f32,
    /// Mean λ_max before the rescaling.
    pub lambda_unscaled: f32,
    /// Largest output change the rescaling made, relative to the largest output.
    pub shift: f32,
    /// Spearman ρ between λ_max and test accuracy (three runs or more).
    pub rho: Option<f32>,
}

impl Stats {
    /// The statistics of pipeline `p`'s runs, if it has any that did not diverge.
    pub fn of(runs: &[impl Run], p: Pipeline) -> Option<Stats> {
        let live: Vec<&RunResult> = runs
            .iter()
            .filter(|r| r.result().pipeline == p && !r.result().diverged)
            .map(Run::result)
            .collect();
        if live.is_empty() {
            return None;
        }
        let n = live.len() as f32;
        let mean = |f: fn(&RunResult) -> f32| live.iter().map(|r| f(r)).sum::<f32>() / n;
        let fit_accs: Vec<f32> = live.iter().filter(|r| r.fits()).map(|r| r.test_acc).collect();
        let shift = live
            .iter()
            .map(|r| {
                let top = r.probe.iter().fold(1.0f32, |m, f| m.max(f.abs()));
                r.rescale_shift / top
            })
            .fold(0.0, f32::max);
        let accs: Vec<f32> = live.iter().map(|r| r.test_acc).collect();
        let lambdas: Vec<f32> = live.iter().map(|r| r.lambda_max).collect();
        Some(Stats {
            runs: live.len(),
            fits: fit_accs.len(),
            fit_accs,
            mean: mean(|r| r.test_acc),
            norm: mean(|r| r.norm),
            lambda: mean(|r| r.lambda_max),
            lambda_scaled: mean(|r| r.lambda_scaled),
            lambda_unscaled: mean(|r| r.lambda_unscaled),
            shift,
            rho: (live.len() >= 3).then(|| spearman(&lambdas, &accs)),
        })
    }

    /// Mean test accuracy of the fitting runs.
    pub fn fit_mean(&self) -> f32 {
        self.fit_accs.iter().sum::<f32>() / self.fit_accs.len().max(1) as f32
    }

    /// Interquartile range of the fitting runs' test accuracies: the width of the middle
    /// half of the histogram.
    pub fn iqr(&self) -> f32 {
        let q = |p: f32| {
            let k = ((self.fit_accs.len().max(1) - 1) as f32 * p).round() as usize;
            kth(&self.fit_accs, k).unwrap_or(0.0)
        };
        q(0.75) - q(0.25)
    }

    /// Standard error of `fit_mean`.
    fn standard_error(&self) -> f32 {
        let n = self.fit_accs.len() as f32;
        if n < 2.0 {
            return 0.0;
        }
        let m = self.fit_mean();
        let var = self.fit_accs.iter().map(|a| (a - m).powi(2)).sum::<f32>() / (n - 1.0);
        (var / n).sqrt()
    }
}

/// How one set of fits tests against another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Means within 1 percentage point or within two standard errors of their difference.
    AboutAsWell,
    /// Clearly better.
    Better,
    /// Clearly worse.
    Worse,
}

impl Verdict {
    /// Compares the fitting runs of `a` with those of `b` by mean test accuracy.
    pub fn of(a: &Stats, b: &Stats) -> Verdict {
        let d = a.fit_mean() - b.fit_mean();
        let (sa, sb) = (a.standard_error(), b.standard_error());
        let se = (sa * sa + sb * sb).sqrt();
        if d.abs() <= (2.0 * se).max(0.01) {
            Verdict::AboutAsWell
        } else if d > 0.0 {
            Verdict::Better
        } else {
            Verdict::Worse
        }
    }

    /// The words.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::AboutAsWell => "about as well as",
            Verdict::Better => "better than",
            Verdict::Worse => "worse than",
        }
    }
}

/// The paragraph on SGD's own minima.
pub fn sgd_text(config: Option<&RestartsConfig>, runs: &[impl Run]) -> String {
    let lead = "When a network can fit its training points in countless ways, classical theory \
                cannot tell which fit training will pick.";
    let (Some(c), Some(s)) = (config, Stats::of(runs, Pipeline::Sgd)) else {
        return format!("{lead} Press “Train” to see which ones SGD picks from many random starts.");
    };
    let fitted = match s.fits {
        0 => {
            return format!(
                "{lead} Here none of the {} SGD runs fits all {} training points in {} steps, so there is \
                 no fit to choose: this network or this training is too weak for the question. Their mean \
                 test accuracy is {}.",
                s.runs,
                c.n_train,
                c.steps,
                pct(s.mean)
            )
        }
        k if k == s.runs => format!("all {} SGD runs fit the training data exactly", s.runs),
        k => format!(
            "{k} of {} SGD runs fit the training data exactly (the others did not within {} steps)",
            s.runs, c.steps
        ),
    };
    format!(
        "{lead} Here {fitted}. Their test accuracies average {}, and the middle half of them lies within \
         {:.1} points: the narrower the histogram, the more alike the fits SGD reaches from different \
         starts. Whether that is SGD's own preference (implicit regularisation) or simply what most fits \
         look like, the comparisons below can tell.",
        pct(s.fit_mean()),
        100.0 * s.iqr()
    )
}

/// What random fits testing as well as SGD's means, in the panel and the lecture alike: a
/// typical fit, drawn by volume, generalises, so at this scale the preference comes from
/// the network and the distribution of its weights (Valle-Pérez et al. 2019; Chiang et al.
/// 2023), not from the path SGD takes. It says nothing of larger networks and data.
pub const ABOUT_AS_WELL: &str = "so at this scale the preference lies in the network and the distribution of its \
    starting weights, not in SGD's path: most of the room that fits the data fits it well (Valle-Pérez et al. \
    2019; Chiang et al. 2023). A run this small cannot say whether that holds for large networks";

/// The paragraph on random interpolants (guess-and-check, Chiang et al. 2023).
pub fn guess_text(config: Option<&RestartsConfig>, runs: &[impl Run]) -> String {
    let how = tex_text!(
        r"Guess and check (Chiang et al. 2023) uses no gradients at all: it draws networks with every weight uniform in $[-1, 1]$ until one fits every training point, a random fit weighted by how much room it fills."
    );
    let (Some(c), Some(g)) = (config, Stats::of(runs, Pipeline::Guess)) else {
        return format!("Does SGD pick special fits? {how} Tick “Compare with random fits” to try it.");
    };
    let draws: Vec<u64> = runs
        .iter()
        .filter(|r| r.result().pipeline == Pipeline::Guess && r.fits())
        .map(|r| r.result().draws)
        .collect();
    if g.fits == 0 {
        return format!(
            "{how} Here no draw fitted all {} training points within {MAX_DRAWS} draws per restart: random \
             fits are too rare to find at this size. Fewer training points make them easier to find.",
            c.n_train
        );
    }
    let found = format!(
        "{how} Here {} of {} restarts found one, after a median of {} draws (at most {}).",
        g.fits,
        g.runs,
        kth(&draws, draws.len() / 2).unwrap_or(0),
        draws.iter().max().unwrap_or(&0)
    );
    let Some(s) = Stats::of(runs, Pipeline::Sgd).filter(|s| s.fits > 0) else {
        return format!("{found} SGD found no fit here to compare them with.");
    };
    let verdict = Verdict::of(&g, &s);
    let meaning = match verdict {
        Verdict::AboutAsWell => ABOUT_AS_WELL,
        Verdict::Worse => "so here SGD does pick fits that test better than a random fit",
        Verdict::Better => "so here a random fit tests better than the one SGD picks",
    };
    format!(
        "{found} These random fits test {} SGD's: {} against {} on average ({} points), {meaning}. The \
         middle half of the random fits spans {:.1} points, SGD's {:.1}.",
        verdict.words(),
        pct(g.fit_mean()),
        pct(s.fit_mean()),
        points(g.fit_mean() - s.fit_mean()),
        100.0 * g.iqr(),
        100.0 * s.iqr()
    )
}

/// The paragraph on bad global minima and weight decay.
pub fn bad_text(runs: &[impl Run]) -> String {
    let how = "The adversarial start first trains the network to fit the training points plus two noisy \
               copies of each with random labels, then runs the same SGD on the true labels (Liu et al. 2020).";
    let (Some(s), Some(a)) = (Stats::of(runs, Pipeline::Sgd), Stats::of(runs, Pipeline::Adversarial)) else {
        return format!("Are there fits that test badly? Tick “Compare with bad minima”: {how}");
    };
    let verdict = if a.mean < s.mean { "worse than" } else { "no worse than" };
    let mut text = format!(
        "{how} Here {} of {} adversarial runs fit the training data, and they test {verdict} SGD's: {} against \
         {} on average.",
        a.fits,
        a.runs,
        pct(a.mean),
        pct(s.mean)
    );
    if let (Some(aw), Some(sw)) = (
        Stats::of(runs, Pipeline::AdversarialWd),
        Stats::of(runs, Pipeline::SgdWd),
    ) {
        let (gain_bad, gain_sgd) = (aw.mean - a.mean, sw.mean - s.mean);
        let reading = if gain_bad > gain_sgd + 0.02 {
            "so most of that gain undoes the bad start"
        } else {
            "about as much, so the gain is not specific to the bad start"
        };
        text.push_str(&format!(
            " Weight decay in the second stage moves the adversarial runs by {} points (to {}); from random \
             starts, the control, it moves SGD by {} points (to {}), {reading}.",
            points(gain_bad),
            pct(aw.mean),
            points(gain_sgd),
            pct(sw.mean)
        ));
    }
    text
}

/// The paragraph on curvature and Dinh et al.'s rescaling.
pub fn flat_text(config: Option<&RestartsConfig>, runs: &[impl Run]) -> String {
    let dinh = tex_text!(
        r"But the same function can be sharp or flat (Dinh et al. 2017): in a ReLU network, multiplying the first layer's weights by $\alpha$ and dividing the next layer's by $\alpha$ leaves every output unchanged, yet changes $\lambda_{\max}$."
    );
    let (Some(c), Some(s)) = (config, Stats::of(runs, Pipeline::Sgd)) else {
        return format!(
            "{} {dinh}",
            tex_text!(
                r"Do flatter minima test better? $\lambda_{\max}$, the largest eigenvalue of the training loss's Hessian, measures how sharply the loss curves at a minimum."
            )
        );
    };
    let mut text = tex_html!(
        r"$\lambda_{\max}$, the sharpest curvature of the training loss, averages \slot where SGD's runs end",
        num(s.lambda)
    );
    if let Some(rho) = s.rho {
        text.push_str(&format!(
            ", and among them its rank correlation with test accuracy is {}",
            format!("{rho:+.2}").replace('-', "−")
        ));
    }
    text.push('.');
    if let Some(a) = Stats::of(runs, Pipeline::Adversarial) {
        let by = |x: f32, y: f32| if x < y { "flatter" } else { "sharper" };
        text.push_str(&tex_html!(
            r" The adversarial minima have \slot times the weight norm of SGD's and a mean $\lambda_{\max}$ of \slot: \slot by this measure. The scale-aware $\lambda_{\max}$, which measures curvature against relative changes of each weight (Kwon et al. 2021), calls them \slot (\slot against \slot).",
            format_args!("{:.1}", a.norm / s.norm),
            num(a.lambda),
            by(a.lambda, s.lambda),
            by(a.lambda_scaled, s.lambda_scaled),
            num(a.lambda_scaled),
            num(s.lambda_scaled)
        ));
    }
    text.push(' ');
    text.push_str(dinh);
    if c.alpha == 1.0 {
        text.push_str(tex_text!(r" Try “Rescale layers $\alpha$” with ReLU."));
        return text;
    }
    let same = s.shift <= 1e-4;
    let function = if same {
        "the same function"
    } else if c.activation == Activation::Relu {
        "a different function (rounding at this scale)"
    } else {
        "a different function: with tanh, rescaling is not a symmetry"
    };
    text.push_str(&tex_html!(
        r" Here every network was rescaled by $\alpha = \slot$: its outputs moved by at most \slot of their size, so it is \slot, while SGD's mean $\lambda_{\max}$ went from \slot to \slot ($\times \slot$). The scale-aware $\lambda_{\max}$ (\slot) does not move\slot.",
        num(c.alpha),
        sci(s.shift, 1),
        function,
        num(s.lambda_unscaled),
        num(s.lambda),
        num(s.lambda / s.lambda_unscaled.max(f32::MIN_POSITIVE)),
        num(s.lambda_scaled),
        if same { "" } else { " for a ReLU network" }
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::sci;

    #[test]
    fn sci_writes_what_the_exponent_formatter_writes() {
        for &x in &[
            1.234_5e-5f32,
            -3.0e-7,
            9.996e-3,
            0.0,
            1.0,
            123_456.0,
            5.0e-3,
            -9.999_9e4,
            f32::INFINITY,
            f32::NAN,
        ] {
            for digits in 0..4 {
                assert_eq!(sci(x, digits), format!("{x:.digits$e}"), "x = {x}, {digits} digits");
            }
        }
    }
}
