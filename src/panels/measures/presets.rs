//! The panel's three presets (buttons, keys 1–3): what each sets, and the one line shown
//! when it is pressed, saying what will happen and why. Each line's claims are asserted in
//! tests/engine_measures.rs: the settings it names, and on the Seed setting 1 to 5 what
//! training then does.

use crate::engine::measures::study::{CAP, FIXED_STEPS};
use crate::engine::measures::Axis;
use crate::panels::measures::config::MeasuresConfig;

/// A preset: its name (button, shortcuts list) and what it does to the settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// The button's words.
    pub name: &'static str,
    /// Whether the training-set size varies too.
    pub size_varies: bool,
    /// Whether every net runs a fixed step budget instead of training to the target.
    pub fixed: bool,
}

/// Jiang et al.'s design, the size varying too, and a fixed step budget.
pub const PRESETS: [Preset; 3] = [
    Preset {
        name: "Training set fixed, same training loss",
        size_varies: false,
        fixed: false,
    },
    Preset {
        name: "Training-set size varying too",
        size_varies: true,
        fixed: false,
    },
    Preset {
        name: "Training set fixed, fixed step budget",
        size_varies: false,
        fixed: true,
    },
];

impl Preset {
    /// The settings after pressing it on `c`: the defaults with its two choices, keeping
    /// the seed and what is drawn.
    pub fn apply(&self, c: &MeasuresConfig) -> MeasuresConfig {
        let d = MeasuresConfig::default();
        let mut axes = d.axes;
        axes[Axis::N.index()] = self.size_varies;
        MeasuresConfig {
            axes,
            fixed: self.fixed,
            seed: c.seed,
            measure: c.measure,
            colour: c.colour,
            ..d
        }
    }

    /// Whether `c` is what this preset sets (so that its line still holds).
    pub fn is_set(&self, c: &MeasuresConfig) -> bool {
        self.apply(c) == *c
    }

    /// What will happen and why, in one line (numbers from the settings it makes).
    pub fn line(&self) -> String {
        let d = MeasuresConfig::default();
        let (small, big) = (Axis::N.text(false), Axis::N.text(true));
        if self.fixed {
            format!(
                "Every net trains {FIXED_STEPS} steps instead of to a target loss, so their training losses end unequal \
                 and a measure can rank the gaps just by tracking how far training got."
            )
        } else if self.size_varies {
            format!(
                "Adds the training-set size ({small} or {big} points), which Jiang et al. held fixed: twice the nets, \
                 and pairs that test whether a measure predicts what more data does."
            )
        } else {
            format!(
                "Jiang et al.'s design: five axes vary at {small} training points and every net trains until its \
                 training cross-entropy is {:.2} (or {CAP} steps), so no measure can rank nets by how far training got.",
                d.target_ce
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_preset_sets_what_its_line_names_and_keeps_the_seed() {
        let student = MeasuresConfig {
            seed: 7,
            seeds: 5,
            flip: 0.2,
            ..MeasuresConfig::default()
        };
        for p in PRESETS {
            let c = p.apply(&student);
            assert!(p.is_set(&c) && !p.is_set(&student), "{}", p.name);
            assert_eq!(
                (c.seed, c.seeds, c.flip),
                (7, MeasuresConfig::default().seeds, MeasuresConfig::default().flip)
            );
            assert_eq!(c.axes[Axis::N.index()], p.size_varies);
            assert_eq!(c.fixed, p.fixed);
            assert_eq!(c.varying().len(), if p.size_varies { 6 } else { 5 });
            let line = p.line();
            assert!(line.split_whitespace().count() < 40 && !line.contains('<'), "{line}");
        }
        // The first preset is the panel's default study.
        assert!(PRESETS[0].is_set(&MeasuresConfig::default()));
        assert!(
            PRESETS[0].line().contains("five axes vary at 24 training points")
                && PRESETS[0].line().contains("is 0.10 (or 3000 steps)")
        );
        assert!(PRESETS[1].line().contains("(24 or 48 points)"));
        assert!(PRESETS[2].line().starts_with("Every net trains 300 steps"));
    }
}
