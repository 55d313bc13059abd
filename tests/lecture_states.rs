//! The lecture page's figures open their panels in states those panels accept as they are:
//! each state parses with no notice, is not all defaults (so it shows what its section
//! says), and writes back to the same settings.

use genlab::panels::lecture::sections::SECTIONS;
use genlab::panels::{digits, lowrank, restarts, sam, sets, wide};
use genlab::state::{Notices, PanelConfig, Query};

/// Parses `state` for panel config `C`: no notices, not the defaults, and a round trip.
fn check<C: PanelConfig + std::fmt::Debug>(panel: &str, state: &str) {
    let mut notices = Notices::default();
    let config = C::from_query(&Query::parse(state), &mut notices);
    assert!(notices.0.is_empty(), "{panel}: “{state}” gave notices {:?}", notices.0);
    let mut written = Query::default();
    config.write_query(&mut written);
    let mut again = Notices::default();
    assert_eq!(
        C::from_query(&written, &mut again),
        config,
        "{panel}: “{state}” does not round-trip"
    );
}

#[test]
fn every_figure_state_is_accepted_by_its_panel() {
    let mut seen = 0;
    for figure in SECTIONS.iter().flat_map(|s| s.figures) {
        let (panel, state) = (figure.panel, figure.state);
        match panel {
            "sets" => check::<sets::config::SetsConfig>(panel, state),
            "restarts" => check::<restarts::config::RestartsConfig>(panel, state),
            "sam" => check::<sam::config::SamConfig>(panel, state),
            "lowrank" => check::<lowrank::config::LowrankConfig>(panel, state),
            "wide" => check::<wide::config::WideConfig>(panel, state),
            "digits" => check::<digits::config::DigitsConfig>(panel, state),
            other => panic!("the lecture embeds “{other}”: add its settings to this test"),
        }
        seen += 1;
    }
    assert!(seen >= 6);
}

#[test]
fn states_differ_from_the_defaults_where_the_section_needs_it() {
    let mut notices = Notices::default();
    let classical = SECTIONS.iter().find(|s| s.id == "classical").unwrap().figures[0];
    let many = SECTIONS.iter().find(|s| s.id == "minima").unwrap().figures[0];
    let n = |state: &str, notices: &mut Notices| sets::config::SetsConfig::from_query(&Query::parse(state), notices).n;
    // The classical picture needs more points than parameters (one minimiser); the next
    // section fewer (a whole set of them).
    assert!(n(classical.state, &mut notices) as usize > sets::config::FEATURES);
    assert!((n(many.state, &mut notices) as usize) < sets::config::FEATURES);
    let sam_state = SECTIONS.iter().find(|s| s.id == "sharpness").unwrap().figures[0].state;
    let sam = sam::config::SamConfig::from_query(&Query::parse(sam_state), &mut notices);
    assert_eq!(sam.surface, "valley");
    assert!(sam.rho > 0.25, "the valley's drift needs ρ about 0.3");
    assert!(notices.0.is_empty());
}

/// The captions' claims about the two sets figures, computed with the panel's own engine
/// on its plane: with N = 200 the green set lies inside magenta; with N = 12 part of it
/// does not.
#[test]
fn the_classical_figure_has_green_inside_magenta_and_the_next_does_not() {
    use genlab::engine::random_features::{inside_share, set_grid, RfModel};
    let share = |id: &str| {
        let figure = SECTIONS.iter().find(|s| s.id == id).unwrap().figures[0];
        let mut notices = Notices::default();
        let c = sets::config::SetsConfig::from_query(&Query::parse(figure.state), &mut notices);
        let model = RfModel::new(&c.spec());
        let slice = model.slice();
        let cells = set_grid(&slice, slice.window(), 60, f64::from(c.epsilon), f64::from(c.delta));
        inside_share(&cells)
    };
    assert_eq!(share("classical"), 1.0);
    assert!(share("minima") < 0.9, "{}", share("minima"));
}

/// The note's third picture (the restarts section's first figure): at its state most of
/// gradient descent's ends from random starts lie inside magenta (judged in all of
/// parameter space, as the panel does), and larger starts spread them out of it, as its
/// caption says. The restarts figure compares SGD with random fits.
#[test]
fn the_third_picture_has_most_ends_inside_magenta_and_larger_starts_leave_it() {
    use genlab::engine::random_features::RfModel;
    use genlab::engine::rf_minima::descent_endpoints;
    let section = SECTIONS.iter().find(|s| s.id == "restarts").unwrap();
    let picture = section.figures[0];
    assert_eq!(picture.panel, "sets");
    let mut notices = Notices::default();
    let c = sets::config::SetsConfig::from_query(&Query::parse(picture.state), &mut notices);
    assert_eq!(c.init_scale, 2.0, "the caption names s = 2");
    assert!((c.n as usize) < sets::config::FEATURES, "a whole green band");
    let model = RfModel::new(&c.spec());
    let limit = model.slice().risk_min + f64::from(c.delta);
    let inside = |s: f64| {
        let ends = descent_endpoints(&model, s, c.seed);
        ends.iter().filter(|w| model.risk.value(w) <= limit).count() as f64 / ends.len() as f64
    };
    let (here, larger) = (inside(2.0), inside(16.0));
    assert!(here > 0.5, "most ends inside magenta at s = 2: {here}");
    assert!(larger < here - 0.3, "larger starts leave magenta: {here} → {larger}");
    let restarts = restarts::config::RestartsConfig::from_query(&Query::parse(section.figures[1].state), &mut notices);
    assert!(
        restarts.guess && restarts.runs == 40,
        "the caption compares 40 runs with random fits"
    );
    assert!(notices.0.is_empty());
}
