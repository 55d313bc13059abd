//! The restarts panel's notebook (`crate::notebook`): being written (issue #27).

use crate::notebook::Notebook;
use crate::state::Query;

/// The notebook of the view `q` (the page's query), linked to `link`.
pub fn build(_q: &Query, link: &str) -> String {
    let mut nb = Notebook::default();
    nb.markdown(&format!("# genlab, in Python\n[This view]({link}) has no notebook yet."));
    nb.to_json()
}
