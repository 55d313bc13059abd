//! The message API for pages that embed a panel (slides, notes): what a parent window may
//! post to the panel's frame, read defensively, and the state the panel posts back. Pure,
//! so hostile input is tested on the host; `ui::host` only moves the messages.
//!
//! In:  `{"type":"genlab:set","query":"lr=0.1&rho=0.2"}` (the panel's URL keys, with the
//!      URL's clamping and notices; keys not given keep their values), `{"type":"genlab:run"}`,
//!      `{"type":"genlab:stop"}`, and reveal.js's plain strings `"slide:start"` and
//!      `"slide:stop"`, which it posts to every iframe of a slide it shows or leaves.
//! Out: `{"type":"genlab:state","panel":…,"query":…,"running":…,"notices":[…]}`.
//! Anything else (wrong types, unknown types, over-long text) is ignored.

use super::query::Query;

/// The longest message (as JSON text) or query read; longer ones are ignored whole.
pub const MAX_CHARS: usize = 4096;
/// The most key–value pairs a `genlab:set` query may carry.
pub const MAX_PAIRS: usize = 64;
/// URL keys a host may not set: they belong to the page, not to the panel's state.
pub const RESERVED: [&str; 5] = ["panel", "embed", "present", "debug", "autorun"];

/// A message the panel acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inbound {
    /// Change these settings (already stripped of reserved keys).
    Set(Query),
    /// Start the panel's work.
    Run,
    /// Stop (pause) it.
    Stop,
    /// reveal.js shows the slide holding this frame.
    SlideStart,
    /// reveal.js left that slide.
    SlideStop,
}

/// What the page found in a message: the string itself when the host posted a string,
/// else the object's `type`, `query` and `eventName` fields when they are strings (the
/// browser side reads nothing else and no other types, so wrong types arrive as `None`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Fields<'a> {
    /// The message, when it is a string (reveal.js posts `"slide:stop"`).
    pub text: Option<&'a str>,
    /// `type`.
    pub kind: Option<&'a str>,
    /// `query`.
    pub query: Option<&'a str>,
    /// `eventName`.
    pub event_name: Option<&'a str>,
}

/// Reads one message, or `None` for anything not understood.
pub fn parse(m: Fields) -> Option<Inbound> {
    let long = |s: Option<&str>| s.is_some_and(|s| s.len() > MAX_CHARS);
    if long(m.text) || long(m.kind) || long(m.event_name) {
        return None;
    }
    match m.text.map(str::trim) {
        Some("slide:start") => return Some(Inbound::SlideStart),
        Some("slide:stop") => return Some(Inbound::SlideStop),
        Some(_) => return None,
        None => {}
    }
    match (m.kind, m.event_name) {
        (Some("genlab:run"), _) => Some(Inbound::Run),
        (Some("genlab:stop"), _) => Some(Inbound::Stop),
        (Some("genlab:set"), _) => Some(Inbound::Set(clean_query(m.query?)?)),
        (_, Some("slide:start")) => Some(Inbound::SlideStart),
        (_, Some("slide:stop")) => Some(Inbound::SlideStop),
        _ => None,
    }
}

/// A host's query without reserved keys, or `None` when it is too long.
pub fn clean_query(raw: &str) -> Option<Query> {
    if raw.len() > MAX_CHARS {
        return None;
    }
    let parsed = Query::parse(raw.trim());
    let mut clean = Query::default();
    for (k, v) in parsed.pairs().take(MAX_PAIRS) {
        if !RESERVED.contains(&k) {
            clean.set(k, v);
        }
    }
    Some(clean)
}

/// The panel's current settings `current` with the keys of `changes` set over them.
pub fn merge(current: &Query, changes: &Query) -> Query {
    let mut merged = current.clone();
    for (k, v) in changes.pairs() {
        merged.set(k, v);
    }
    merged
}

/// The state a panel posts to its host after each change, as
/// `{"type":"genlab:state","panel":…,"query":…,"running":…,"notices":[…]}` (the page
/// builds the object field by field; no JSON codec is linked into the page for it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// The panel's URL name.
    pub panel: String,
    /// Its settings as a query.
    pub query: String,
    /// Whether its work runs.
    pub running: bool,
    /// Notices of the last settings a host sent.
    pub notices: Vec<String>,
}

/// The `type` of the state message.
pub const STATE_TYPE: &str = "genlab:state";

#[cfg(test)]
mod tests {
    use super::*;

    fn object<'a>(kind: &'a str, query: Option<&'a str>) -> Fields<'a> {
        Fields {
            kind: Some(kind),
            query,
            ..Fields::default()
        }
    }

    #[test]
    fn reads_the_api_and_reveal() {
        assert_eq!(parse(object("genlab:run", None)), Some(Inbound::Run));
        assert_eq!(parse(object("genlab:stop", Some("lr=1"))), Some(Inbound::Stop));
        let text = |t| Fields {
            text: Some(t),
            ..Fields::default()
        };
        assert_eq!(parse(text("slide:stop")), Some(Inbound::SlideStop));
        assert_eq!(parse(text("slide:start")), Some(Inbound::SlideStart));
        let reveal = Fields {
            event_name: Some("slide:stop"),
            ..Fields::default()
        };
        assert_eq!(parse(reveal), Some(Inbound::SlideStop));
        let Some(Inbound::Set(q)) = parse(object("genlab:set", Some("?lr=0.1&rho=0.2"))) else {
            panic!("a set message")
        };
        assert_eq!(q.encode(), "lr=0.1&rho=0.2");
    }

    #[test]
    fn ignores_hostile_messages() {
        let text = |t| Fields {
            text: Some(t),
            ..Fields::default()
        };
        for bad in ["", "null", "{\"type\":\"genlab:run\"}", "slide:stopped", "genlab:run"] {
            assert_eq!(parse(text(bad)), None, "{bad}");
        }
        // A string message is never also read as an object.
        assert_eq!(
            parse(Fields {
                text: Some("x"),
                kind: Some("genlab:run"),
                ..Fields::default()
            }),
            None
        );
        assert_eq!(parse(Fields::default()), None);
        assert_eq!(parse(object("genlab:explode", None)), None);
        assert_eq!(parse(object("genlab:set", None)), None);
        assert_eq!(parse(object("", Some("lr=1"))), None);
        let huge = format!("lr={}", "9".repeat(MAX_CHARS));
        assert_eq!(parse(object("genlab:set", Some(&huge))), None);
        assert_eq!(parse(text(&"slide:stop ".repeat(1000))), None);
        assert_eq!(clean_query(&"a=1&".repeat(2000)), None);
    }
    #[test]
    fn reserved_keys_and_floods_of_pairs_are_dropped() {
        let q = clean_query("panel=sam&embed=0&present=1&debug=panic&autorun=1&lr=0.2").expect("short");
        assert_eq!(q.encode(), "lr=0.2");
        let many: String = (0..200).map(|k| format!("k{k}=1&")).collect();
        assert_eq!(clean_query(&many).expect("short").pairs().count(), MAX_PAIRS);
    }

    #[test]
    fn merging_keeps_keys_not_given() {
        let merged = merge(&Query::parse("lr=0.1&rho=0.05&seed=3"), &Query::parse("rho=0.2"));
        assert_eq!(merged.get("lr"), Some("0.1"));
        assert_eq!(merged.get("rho"), Some("0.2"));
        assert_eq!(merged.get("seed"), Some("3"));
    }
}
