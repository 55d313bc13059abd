//! The lecture page's sections in the lecture's order, and the live figure of each: which
//! panel, in which state (its URL keys), shown in a frame with `embed=1`. Pure data, so the
//! order and the links are tested on the host (tests/lecture_states.rs checks each state
//! against its panel's own settings).

/// A live figure: panel `panel` opened with the URL keys `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// The panel's id (`?panel=<id>`).
    pub panel: &'static str,
    /// Its URL keys, `key=value&…` (no `panel`, no `embed`).
    pub state: &'static str,
    /// The frame's title (what a screen reader announces).
    pub title: &'static str,
}

impl Figure {
    /// The link to the full panel in this state.
    pub fn full_href(&self) -> String {
        with_state(format!("?panel={}", self.panel), self.state)
    }

    /// The frame's address: the same state, embedded.
    pub fn embed_src(&self) -> String {
        with_state(format!("?panel={}&embed=1", self.panel), self.state)
    }
}

fn with_state(mut href: String, state: &str) -> String {
    if !state.is_empty() {
        href.push('&');
        href.push_str(state);
    }
    href
}

/// One section of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// The anchor (`#<id>`) and the test id (`lecture-<id>`).
    pub id: &'static str,
    /// The heading.
    pub heading: &'static str,
    /// Its live figures (some sections have two).
    pub figures: &'static [Figure],
}

/// The sections, in the lecture's order.
pub const SECTIONS: &[Section] = &[
    Section {
        id: "risk",
        heading: "Risk and empirical risk",
        figures: &[Figure {
            panel: "sam",
            state: "surface=wells&test=1",
            title: "A training loss surface with a shifted test loss drawn over it",
        }],
    },
    Section {
        id: "classical",
        heading: "The classical picture",
        figures: &[Figure {
            panel: "sets",
            state: "n=200",
            title: "Green and magenta sets of a random-features model with more data points than parameters",
        }],
    },
    Section {
        id: "minima",
        heading: "Many global minima",
        figures: &[
            Figure {
                panel: "sets",
                state: "n=12",
                title: "Green and magenta sets of a random-features model with fewer data points than parameters",
            },
            Figure {
                panel: "digits",
                state: "view=corrupt&autorun=1",
                title: "Zhang et al.'s label corruption on real handwritten digits: test error of networks that fit every training label",
            },
        ],
    },
    Section {
        id: "restarts",
        heading: "Restart SGD many times",
        figures: &[
            Figure {
                panel: "sets",
                state: "n=12&s=2",
                title: "The lecture note's third picture: where gradient descent ends from random starts, on the green and magenta sets",
            },
            Figure {
                panel: "restarts",
                state: "runs=40&guess=1",
                title: "The same network trained from many random starts, beside random fits: the spread of test accuracy",
            },
        ],
    },
    Section {
        id: "sharpness",
        heading: "Sharpness and SAM",
        figures: &[Figure {
            panel: "sam",
            state: "surface=valley&rho=0.3",
            title: "Gradient descent and SAM on a valley of global minima",
        }],
    },
    Section {
        id: "reading",
        heading: "Further reading",
        figures: &[
            Figure {
                panel: "wide",
                state: "view=prior",
                title: "Random wide networks drawn from their prior, against a Gaussian process",
            },
            Figure {
                panel: "lowrank",
                state: "tab=matrix",
                title: "Matrix completion by deep linear networks of depth 1, 2 and N",
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sections_follow_the_lecture() {
        let ids: Vec<_> = SECTIONS.iter().map(|s| s.id).collect();
        assert_eq!(ids, ["risk", "classical", "minima", "restarts", "sharpness", "reading"]);
    }

    #[test]
    fn every_figure_is_a_registered_panel_and_links_to_its_own_state() {
        let ids = crate::panels::panel_ids();
        for figure in SECTIONS.iter().flat_map(|s| s.figures) {
            assert!(ids.contains(&figure.panel), "{} is not a panel", figure.panel);
            assert!(figure.panel != "lecture" && figure.panel != "home");
            assert!(!figure.state.contains("embed") && !figure.state.contains("panel="));
            assert!(!figure.title.is_empty());
            assert_eq!(figure.embed_src().replace("&embed=1", ""), figure.full_href());
        }
    }
}
