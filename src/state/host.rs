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

use super::query::{Notices, Query};
use serde::{Deserialize, Serialize};

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

/// The loose shape of a message, read field by field so a wrong type fails cleanly.
#[derive(Deserialize)]
struct Raw {
    #[serde(rename = "type")]
    kind: Option<serde_json::Value>,
    query: Option<serde_json::Value>,
    #[serde(rename = "eventName")]
    event_name: Option<serde_json::Value>,
}

/// Reads one message: `text` is the message itself when the host posted a string, or its
/// JSON form when it posted an object. `None` for anything not understood.
pub fn parse(text: &str) -> Option<Inbound> {
    if text.len() > MAX_CHARS {
        return None;
    }
    match text.trim() {
        "slide:start" => return Some(Inbound::SlideStart),
        "slide:stop" => return Some(Inbound::SlideStop),
        _ => {}
    }
    let raw: Raw = serde_json::from_str(text).ok()?;
    let kind = raw.kind.as_ref().and_then(|k| k.as_str());
    let event = raw.event_name.as_ref().and_then(|k| k.as_str());
    match (kind, event) {
        (Some("genlab:run"), _) => Some(Inbound::Run),
        (Some("genlab:stop"), _) => Some(Inbound::Stop),
        (Some("genlab:set"), _) => {
            let query = raw.query.as_ref()?.as_str()?;
            Some(Inbound::Set(clean_query(query)?))
        }
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

/// The state message a panel posts to its host after each change, as JSON text.
pub fn state_message(panel: &str, query: &str, running: bool, notices: &Notices) -> String {
    #[derive(Serialize)]
    struct State<'a> {
        #[serde(rename = "type")]
        kind: &'a str,
        panel: &'a str,
        query: &'a str,
        running: bool,
        notices: &'a [String],
    }
    serde_json::to_string(&State {
        kind: "genlab:state",
        panel,
        query,
        running,
        notices: &notices.0,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_api_and_reveal() {
        assert_eq!(parse(r#"{"type":"genlab:run"}"#), Some(Inbound::Run));
        assert_eq!(parse(r#"{"type":"genlab:stop","extra":[1,2]}"#), Some(Inbound::Stop));
        assert_eq!(parse("slide:stop"), Some(Inbound::SlideStop));
        assert_eq!(parse("slide:start"), Some(Inbound::SlideStart));
        assert_eq!(
            parse(r#"{"namespace":"reveal","eventName":"slide:stop"}"#),
            Some(Inbound::SlideStop)
        );
        let Some(Inbound::Set(q)) = parse(r#"{"type":"genlab:set","query":"?lr=0.1&rho=0.2"}"#) else {
            panic!("a set message")
        };
        assert_eq!(q.encode(), "lr=0.1&rho=0.2");
    }

    #[test]
    fn ignores_hostile_messages() {
        for bad in [
            "",
            "null",
            "42",
            "[]",
            "{",
            r#"{"type":7}"#,
            r#"{"type":"genlab:explode"}"#,
            r#"{"type":"genlab:set"}"#,
            r#"{"type":"genlab:set","query":17}"#,
            r#"{"type":"genlab:set","query":{"lr":1}}"#,
            r#"{"type":["genlab:run"]}"#,
            "slide:stopped",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        let huge = format!(r#"{{"type":"genlab:set","query":"lr={}"}}"#, "9".repeat(MAX_CHARS));
        assert_eq!(parse(&huge), None);
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

    #[test]
    fn state_is_json_with_every_field() {
        let text = state_message("sam", "lr=0.1", true, &Notices(vec!["“x” \"quoted\"".into()]));
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["type"], "genlab:state");
        assert_eq!(v["panel"], "sam");
        assert_eq!(v["query"], "lr=0.1");
        assert_eq!(v["running"], true);
        assert_eq!(v["notices"][0], "“x” \"quoted\"");
    }
}
