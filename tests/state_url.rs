//! URL state: configurations survive the round trip through the query string, and no
//! query string, however malformed, panics or yields an out-of-range value.

use genlab::panels::bench::config::BenchConfig;
use genlab::state::app::{page_query, AppState, PanelConfig};
use genlab::state::query::MAX_SEED;
use genlab::state::{Notices, Query};
use proptest::prelude::*;

const KNOWN: [&str; 2] = ["home", "bench"];

proptest! {
    #[test]
    fn bench_config_round_trips(seed in 0..=MAX_SEED, autorun: bool, embed: bool) {
        let config = BenchConfig { seed, autorun };
        let app = AppState { panel: "bench", embed, present: false };
        let query = Query::parse(&page_query(&app, "home", &config).encode());
        let mut notices = Notices::default();
        prop_assert_eq!(BenchConfig::from_query(&query, &mut notices), config);
        prop_assert_eq!(AppState::from_query(&query, &KNOWN, &mut notices), app);
        prop_assert!(notices.0.is_empty());
    }
}

/// Query strings built from the keys the app knows, values that are numbers, junk,
/// huge, negative, NaN, empty or percent-encoded, and stray separators.
fn hostile_query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("panel".to_owned()),
        Just("embed".to_owned()),
        Just("seed".to_owned()),
        Just("autorun".to_owned()),
        "[a-z%&=]{0,6}",
    ];
    let value = prop_oneof![
        any::<i64>().prop_map(|v| v.to_string()),
        any::<f64>().prop_map(|v| v.to_string()),
        Just("NaN".to_owned()),
        Just("-inf".to_owned()),
        Just("1e309".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("%ZZ".to_owned()),
        ".{0,12}",
    ];
    prop::collection::vec(
        (key, value, prop_oneof![Just("&"), Just("&&"), Just(";"), Just("=")]),
        0..6,
    )
    .prop_map(|parts| {
        let mut s = String::from("?");
        for (k, v, sep) in parts {
            s.push_str(&format!("{k}={v}{sep}"));
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    #[test]
    fn hostile_queries_are_ignored_or_clamped(search in hostile_query()) {
        let query = Query::parse(&search);
        let mut notices = Notices::default();
        let app = AppState::from_query(&query, &KNOWN, &mut notices);
        prop_assert!(KNOWN.contains(&app.panel));
        let config = BenchConfig::from_query(&query, &mut notices);
        prop_assert!(config.seed <= MAX_SEED);
        // What was read writes back to a query that reads the same, without notices.
        let again = Query::parse(&page_query(&app, "home", &config).encode());
        let mut quiet = Notices::default();
        prop_assert_eq!(&BenchConfig::from_query(&again, &mut quiet), &config);
        prop_assert!(quiet.0.is_empty());
        // Every value that was present but not accepted as given produced a notice.
        if let Some(raw) = query.get("seed") {
            if raw.trim().parse::<u64>().ok().filter(|s| *s <= MAX_SEED) != Some(config.seed) {
                prop_assert!(notices.0.iter().any(|n| n.starts_with("seed=")));
            }
        }
    }
}

mod sam {
    use genlab::panels::sam::config::{round, SamConfig, LR_RANGE, RHO_RANGE, STEPS_RANGE};
    use genlab::panels::sam::surfaces::PRESET_KEYS;
    use genlab::state::app::{page_query, AppState, PanelConfig};
    use genlab::state::{Notices, Query};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sam_config_round_trips(
            k in 0..PRESET_KEYS.len(), u in 0.0f32..1.0, v in 0.0f32..1.0, lr in 0.0001f32..10.0, rho in 0.0f32..0.5,
            steps in 1u32..1000, sgd: bool, test: bool, basins: bool, nseed in 0u64..1000,
        ) {
            let p = genlab::panels::sam::surfaces::preset(PRESET_KEYS[k]).unwrap();
            let [x0, x1, y0, y1] = p.domain;
            let config = SamConfig {
                x0: round(x0 + u * (x1 - x0)).clamp(x0, x1), y0: round(y0 + v * (y1 - y0)).clamp(y0, y1),
                lr, rho, steps, sgd, noise: 0.5, noise_seed: nseed, test, basins, ..SamConfig::defaults(&p)
            };
            let app = AppState { panel: "sam", embed: false, present: false };
            let query = Query::parse(&page_query(&app, "home", &config).encode());
            let mut notices = Notices::default();
            prop_assert_eq!(SamConfig::from_query(&query, &mut notices), config);
            prop_assert!(notices.0.is_empty(), "{:?}", notices);
        }
    }

    fn hostile() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("surface"),
            Just("x0"),
            Just("y0"),
            Just("lr"),
            Just("rho"),
            Just("steps"),
            Just("sgd"),
            Just("noise"),
            Just("nseed"),
            Just("test"),
            Just("basins")
        ];
        let value = prop_oneof![
            any::<f64>().prop_map(|v| v.to_string()),
            any::<i64>().prop_map(|v| v.to_string()),
            Just("NaN".to_owned()),
            Just("inf".to_owned()),
            Just("tanh".to_owned()),
            Just("".to_owned()),
            ".{0,8}",
        ];
        prop::collection::vec((key, value), 0..8).prop_map(|kv| {
            kv.into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        #[test]
        fn hostile_sam_queries_are_ignored_or_clamped(search in hostile()) {
            let mut notices = Notices::default();
            let c = SamConfig::from_query(&Query::parse(&search), &mut notices);
            let [x0, x1, y0, y1] = c.preset().domain;
            prop_assert!((x0..=x1).contains(&c.x0) && (y0..=y1).contains(&c.y0));
            prop_assert!((LR_RANGE.0 as f32..=LR_RANGE.1 as f32).contains(&(c.lr as f32)));
            prop_assert!((RHO_RANGE.0 as f32..=RHO_RANGE.1 as f32).contains(&(c.rho as f32)));
            prop_assert!((STEPS_RANGE.0 as f32..=STEPS_RANGE.1 as f32).contains(&(c.steps as f32)));
            prop_assert!(c.noise.is_finite());
        }
    }
}

mod sets {
    use genlab::panels::sets::config::{
        SetsConfig, DELTA_RANGE, EPS_RANGE, NOISE_RANGE, N_RANGE, S_RANGE, WRONG_RANGE,
    };
    use genlab::state::app::{page_query, AppState, PanelConfig};
    use genlab::state::{Notices, Query};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sets_config_round_trips(n in 2u32..=200, eps in 0.001f32..0.5, delta in 0.005f32..2.0, noise in 0.0f32..0.5, wrong in 1u32..=20, seed in 0u64..1000, init_scale in 0.0f32..=40.0, ridge in any::<bool>()) {
            let config = SetsConfig { n, epsilon: eps, delta, noise, wrong, seed, init_scale, ridge };
            let query = Query::parse(&page_query(&AppState { panel: "sets", embed: true, present: false }, "home", &config).encode());
            let mut notices = Notices::default();
            prop_assert_eq!(SetsConfig::from_query(&query, &mut notices), config);
            prop_assert!(notices.0.is_empty());
        }
    }

    fn hostile() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("n"),
            Just("eps"),
            Just("delta"),
            Just("noise"),
            Just("wrong"),
            Just("seed"),
            Just("s"),
            Just("ridge")
        ];
        let value = prop_oneof![
            any::<f64>().prop_map(|v| v.to_string()),
            any::<i64>().prop_map(|v| v.to_string()),
            Just("NaN".to_owned()),
            Just("-inf".to_owned()),
            ".{0,8}",
        ];
        prop::collection::vec((key, value), 0..8).prop_map(|kv| {
            kv.into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        #[test]
        fn hostile_sets_queries_are_ignored_or_clamped(search in hostile()) {
            let c = SetsConfig::from_query(&Query::parse(&search), &mut Notices::default());
            prop_assert!((N_RANGE.0 as f32..=N_RANGE.1 as f32).contains(&(c.n as f32)));
            prop_assert!((EPS_RANGE.0 as f32..=EPS_RANGE.1 as f32).contains(&(c.epsilon as f32)));
            prop_assert!((DELTA_RANGE.0 as f32..=DELTA_RANGE.1 as f32).contains(&(c.delta as f32)));
            prop_assert!((NOISE_RANGE.0 as f32..=NOISE_RANGE.1 as f32).contains(&(c.noise as f32)));
            prop_assert!((WRONG_RANGE.0 as f32..=WRONG_RANGE.1 as f32).contains(&(c.wrong as f32)));
            prop_assert!((S_RANGE.0 as f32..=S_RANGE.1 as f32).contains(&(c.init_scale as f32)));
        }
    }
}

mod restarts {
    use genlab::engine::{Activation, DatasetKind};
    use genlab::panels::restarts::config::*;
    use genlab::state::app::{page_query, AppState, PanelConfig};
    use genlab::state::{Notices, Query};
    use proptest::prelude::*;

    fn config() -> impl Strategy<Value = RestartsConfig> {
        let shape = (
            0usize..5,
            10u32..=200,
            2u32..=64,
            1u32..=4,
            any::<bool>(),
            0.001f32..2.0,
            0.0f32..0.99,
        );
        let rest = (
            1u32..=200,
            50u32..=5000,
            1u32..=300,
            0.0f32..=1.0,
            any::<bool>(),
            0u64..1000,
            any::<bool>(),
        );
        let extra = (any::<bool>(), 0.1f32..=100.0);
        (shape, rest, extra).prop_map(
            |(
                (d, n, width, depth, relu, lr, momentum),
                (batch, steps, runs, q, bad, seed, autorun),
                (guess, alpha),
            )| RestartsConfig {
                dataset: DATASETS[d],
                n_train: n,
                width,
                depth,
                activation: if relu { Activation::Relu } else { Activation::Tanh },
                lr,
                momentum,
                batch,
                steps,
                runs,
                corruption: q,
                compare_bad: bad,
                guess,
                alpha,
                seed,
                autorun,
            },
        )
    }

    proptest! {
        #[test]
        fn restarts_config_round_trips(config in config()) {
            let query = Query::parse(&page_query(&AppState { panel: "restarts", embed: false, present: false }, "home", &config).encode());
            let mut notices = Notices::default();
            prop_assert_eq!(RestartsConfig::from_query(&query, &mut notices), config);
            prop_assert!(notices.0.is_empty());
        }
    }

    fn hostile() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "data", "n", "width", "depth", "act", "lr", "mom", "batch", "steps", "runs", "q", "bad", "guess", "alpha",
            "seed", "autorun",
        ]);
        let value = prop_oneof![
            any::<f64>().prop_map(|v| v.to_string()),
            any::<i64>().prop_map(|v| v.to_string()),
            Just("NaN".to_owned()),
            Just("-inf".to_owned()),
            Just("regression".to_owned()),
            ".{0,8}",
        ];
        prop::collection::vec((key, value), 0..8).prop_map(|kv| {
            kv.into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        #[test]
        fn hostile_restarts_queries_are_ignored_or_clamped(search in hostile()) {
            let c = RestartsConfig::from_query(&Query::parse(&search), &mut Notices::default());
            prop_assert!(c.dataset != DatasetKind::Regression);
            prop_assert!((N_RANGE.0 as f32..=N_RANGE.1 as f32).contains(&(c.n_train as f32)));
            prop_assert!((WIDTH_RANGE.0 as f32..=WIDTH_RANGE.1 as f32).contains(&(c.width as f32)));
            prop_assert!((DEPTH_RANGE.0 as f32..=DEPTH_RANGE.1 as f32).contains(&(c.depth as f32)));
            prop_assert!((LR_RANGE.0 as f32..=LR_RANGE.1 as f32).contains(&(c.lr as f32)));
            prop_assert!((MOMENTUM_RANGE.0 as f32..=MOMENTUM_RANGE.1 as f32).contains(&(c.momentum as f32)));
            prop_assert!((BATCH_RANGE.0 as f32..=BATCH_RANGE.1 as f32).contains(&(c.batch as f32)));
            prop_assert!((STEPS_RANGE.0 as f32..=STEPS_RANGE.1 as f32).contains(&(c.steps as f32)));
            prop_assert!((RUNS_RANGE.0 as f32..=RUNS_RANGE.1 as f32).contains(&(c.runs as f32)));
            prop_assert!((ALPHA_RANGE.0 as f32..=ALPHA_RANGE.1 as f32).contains(&(c.alpha as f32)));
            prop_assert!((0.0..=1.0).contains(&(c.corruption as f64)));
            prop_assert!(c.seed <= MAX_RESTART_SEED);
            let spec = c.spec();
            prop_assert_eq!(spec.widths.len(), c.depth as usize + 2);
        }
    }

    #[test]
    fn an_unknown_dataset_and_a_huge_run_count_are_reported() {
        let mut notices = Notices::default();
        let c = RestartsConfig::from_query(&Query::parse("data=regression&runs=100000"), &mut notices);
        assert_eq!((c.dataset, c.runs as f64), (DatasetKind::Moons, RUNS_RANGE.1));
        assert_eq!(notices.0.len(), 2, "{:?}", notices.0);
    }
}

/// Every key of every panel: each choice and a value away from the default (the top of a
/// number's range, the other side of a switch) reads back from a link as itself, without a
/// notice; every slider, moved to its ends and its middle, reaches only values the link
/// keeps. So the one declaration of a key (`PanelConfig::PARAMS`) is what parsing,
/// writing and the slider all use.
fn every_key_round_trips<C: PanelConfig + std::fmt::Debug>(panel: &str) {
    use genlab::state::param::Kind;
    let read_back = |config: &C, what: &str| {
        let mut query = Query::default();
        config.write_query(&mut query);
        let mut notices = Notices::default();
        let back = C::from_query(&Query::parse(&query.encode()), &mut notices);
        assert_eq!(&back, config, "{panel}: {what} ({})", query.encode());
        assert!(notices.0.is_empty(), "{panel}: {what}: {:?}", notices.0);
        query
    };
    let mut keys = std::collections::BTreeSet::new();
    for p in C::PARAMS {
        assert!(keys.insert(p.key), "{panel}: {} declared twice", p.key);
        assert!(!p.meaning.get().is_empty(), "{panel}: {} has no meaning", p.key);
        let d = C::default();
        match p.kind {
            Kind::Choice { names, get, .. } => {
                for name in names {
                    let mut notices = Notices::default();
                    let c = C::from_query(&Query::parse(&format!("{}={name}", p.key)), &mut notices);
                    assert_eq!(
                        get(&c),
                        *name,
                        "{panel}: {}={name} is not a value: {:?}",
                        p.key,
                        notices.0
                    );
                    read_back(&c, &format!("{}={name}", p.key));
                }
            }
            Kind::Flag { get, set } => {
                let mut c = d.clone();
                set(&mut c, !get(&d));
                let q = read_back(&c, p.key);
                assert!(q.get(p.key).is_some(), "{panel}: {} is not written", p.key);
            }
            Kind::Number { range, set, .. } => {
                let mut c = d.clone();
                // (a range keeps its ends as f32s: a seed's top, 2^53 - 1, rounds up.)
                set(&mut c, range.ends(&d).1.min(MAX_SEED as f64));
                read_back(&c, &format!("{} at its top", p.key));
            }
            Kind::Text { .. } => {}
        }
        if p.slider.is_some() {
            let (lo, hi) = p.bounds();
            assert!(lo < hi, "{panel}: {}: empty slider", p.key);
            assert!(
                (lo..=hi).contains(&p.position(&d)),
                "{panel}: {}: default off the slider",
                p.key
            );
            for t in [0.0, 0.37, 0.5, 1.0] {
                let mut c = d.clone();
                p.apply(&mut c, lo + t * (hi - lo));
                read_back(&c, &format!("{} slider at {t}", p.key));
            }
        }
    }
}

#[test]
fn every_key_of_every_panel_reads_back_as_written() {
    use genlab::panels::*;
    every_key_round_trips::<sam::config::SamConfig>("sam");
    every_key_round_trips::<sets::config::SetsConfig>("sets");
    every_key_round_trips::<restarts::config::RestartsConfig>("restarts");
    every_key_round_trips::<wide::config::WideConfig>("wide");
    every_key_round_trips::<lowrank::config::LowrankConfig>("lowrank");
    every_key_round_trips::<measures::config::MeasuresConfig>("measures");
    every_key_round_trips::<digits::config::DigitsConfig>("digits");
    every_key_round_trips::<bench::config::BenchConfig>("bench");
}

/// The README's tables of URL keys, as the declarations give them.
fn url_key_tables() -> String {
    use genlab::panels::*;
    use genlab::state::param::markdown_table;
    [
        markdown_table::<sets::config::SetsConfig>("sets"),
        markdown_table::<digits::config::DigitsConfig>("digits"),
        markdown_table::<restarts::config::RestartsConfig>("restarts"),
        markdown_table::<sam::config::SamConfig>("sam"),
        markdown_table::<lowrank::config::LowrankConfig>("lowrank"),
        markdown_table::<wide::config::WideConfig>("wide"),
        markdown_table::<measures::config::MeasuresConfig>("measures"),
        markdown_table::<bench::config::BenchConfig>("bench"),
    ]
    .join("\n")
}

#[test]
fn the_readme_lists_every_url_key_as_declared() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = "<!-- url-keys: written by tests/state_url.rs from each panel's PARAMS -->\n";
    let end = "<!-- /url-keys -->";
    let expected = url_key_tables();
    let section = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(section, _)| section.trim());
    if section != Some(expected.trim()) {
        if std::env::var_os("GENLAB_WRITE_README").is_some() {
            let (before, rest) = readme.split_once(start).expect("the README has the url-keys marker");
            let (_, after) = rest.split_once(end).expect("the README has the url-keys end marker");
            let updated = format!("{before}{start}\n{}\n{end}{after}", expected.trim());
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), updated).unwrap();
        } else {
            panic!("README.md's URL keys differ from the declarations; run GENLAB_WRITE_README=1 cargo test --test state_url to rewrite them. They should read:\n{expected}");
        }
    }
}
