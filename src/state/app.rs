//! App-wide URL state: which panel is shown and whether it is embedded, plus the
//! trait every panel's settings implement.

use super::param::{read_all, write_all, Param};
use super::query::{Notices, Query};

/// Settings of one panel that live in the URL, each key declared once in `PARAMS`.
pub trait PanelConfig: Sized + Clone + PartialEq + Default + 'static {
    /// The panel's id (`?panel=…`); a slider's `data-testid` is the id and its key
    /// (`sam-lr`).
    const PANEL: &'static str;

    /// Every URL key, in the order links write them; a key whose range or default
    /// depends on another comes after it.
    const PARAMS: &'static [&'static Param<Self>];

    /// The default of each key given the values of the others (on most panels, `Default`;
    /// a key's own default never depends on its value). Reading a link asks this after each
    /// key, so a key's default may depend on keys before it in `PARAMS`.
    fn defaults_given(&self) -> Self {
        Self::default()
    }

    /// Reads the settings, tolerating anything: bad values are reported in `notices`.
    fn from_query(query: &Query, notices: &mut Notices) -> Self {
        read_all(Self::PARAMS, query, Self::default(), Self::defaults_given, notices)
    }

    /// Writes the settings into `query`, leaving out values equal to the defaults.
    fn write_query(&self, query: &mut Query) {
        write_all(Self::PARAMS, self, &self.defaults_given(), query);
    }
}

/// A panel's URL name (`?panel=…`).
pub type Panel = &'static str;

/// What every page's URL says besides the panel's own settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppState {
    /// The panel shown.
    pub panel: Panel,
    /// `embed=1`: show only the panel, filling the frame (for iframes in notes/slides).
    pub embed: bool,
    /// `present=1`: projector mode (larger type, thicker lines, higher contrast).
    pub present: bool,
}

impl AppState {
    /// Reads `panel` (one of `known`, the first being the home page) and `embed`.
    pub fn from_query(query: &Query, known: &[Panel], notices: &mut Notices) -> Self {
        let home = known.first().copied().unwrap_or("home");
        let panel = match query.get("panel").map(str::trim) {
            None | Some("") => home,
            Some(raw) => known.iter().copied().find(|p| *p == raw).unwrap_or_else(|| {
                notices.push(format!("There is no panel called “{raw}”; showing the home page."));
                home
            }),
        };
        AppState {
            panel,
            embed: query.flag("embed", false, notices),
            present: query.flag("present", false, notices),
        }
    }

    /// Writes `panel` (omitted for the home page), `embed` and `present` into `query`.
    pub fn write_query(&self, home: Panel, query: &mut Query) {
        query.set_unless_default("panel", self.panel, home);
        query.set_unless_default("embed", u8::from(self.embed), 0);
        query.set_unless_default("present", u8::from(self.present), 0);
    }
}

/// The full query for `app` showing a panel with settings `config`; the app keys come
/// first so links read naturally (`?panel=sam&lr=0.1`).
pub fn page_query<C: PanelConfig>(app: &AppState, home: Panel, config: &C) -> Query {
    let mut query = Query::default();
    app.write_query(home, &mut query);
    config.write_query(&mut query);
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [Panel; 2] = ["home", "bench"];

    #[test]
    fn reads_panel_and_embed() {
        let mut n = Notices::default();
        let s = AppState::from_query(&Query::parse("panel=bench&embed=1&present=1"), &KNOWN, &mut n);
        assert_eq!(
            s,
            AppState {
                panel: "bench",
                embed: true,
                present: true
            }
        );
        let mut q = Query::default();
        s.write_query("home", &mut q);
        assert_eq!(q.encode(), "panel=bench&embed=1&present=1");
        assert!(n.0.is_empty());
        let s = AppState::from_query(&Query::parse("panel=nope"), &KNOWN, &mut n);
        assert_eq!(s.panel, "home");
        assert_eq!(n.0.len(), 1);
    }

    #[test]
    fn home_and_no_embed_are_left_out() {
        let mut q = Query::default();
        AppState {
            panel: "home",
            embed: false,
            present: false,
        }
        .write_query("home", &mut q);
        assert_eq!(q.encode(), "");
    }
}
