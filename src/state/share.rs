//! The links a lecturer shares: the plain link, the embed link, and a ready `<iframe>`
//! for HackMD, which keeps only `src`, `width`, `height` and `allowfullscreen`.

use super::query::Query;

/// The size of the shared iframe: the 16:9 slide size the embeds are laid out for.
pub const FRAME: (u32, u32) = (960, 540);

/// What the Share control offers for one state of a panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// The page without `embed` (also the embed's "Open full view" link).
    pub plain: String,
    /// The same state with `embed=1`.
    pub embed: String,
    /// `<iframe src=… width=… height=… allowfullscreen></iframe>`.
    pub iframe: String,
}

/// The links for `page` (the address without its query, e.g. `https://host/genlab/`)
/// showing `query`; projector mode is kept, `embed` is set or removed.
pub fn links(page: &str, query: &Query) -> Links {
    let with = |embed: bool| {
        let mut q = query.clone();
        q.remove("embed");
        if embed {
            q.set("embed", 1);
        }
        match q.encode() {
            e if e.is_empty() => page.to_owned(),
            e => format!("{page}?{e}"),
        }
    };
    let embed = with(true);
    let iframe = format!(
        r#"<iframe src="{}" width="{}" height="{}" allowfullscreen></iframe>"#,
        embed.replace('&', "&amp;").replace('"', "&quot;"),
        FRAME.0,
        FRAME.1
    );
    Links {
        plain: with(false),
        embed,
        iframe,
    }
}

/// The Share box's rows as HTML: label, read-only field (id `share-…`) and a copy button
/// naming its field in `data-copy`.
pub fn html(links: &Links, notebook: bool) -> String {
    use super::shortcuts::escape_html;
    let mut rows: String = [("Link", "share-plain", &links.plain), ("Embed link", "share-embed", &links.embed), ("HackMD / slides", "share-iframe", &links.iframe)]
        .iter()
        .map(|(label, id, value)| {
            format!(
                "<label class=\"share-row\"><span>{label}</span><input id=\"{id}\" data-testid=\"{id}\" type=\"text\" readonly value=\"{}\"><button type=\"button\" class=\"small\" data-copy=\"{id}\" data-testid=\"{id}-copy\">Copy</button></label>",
                escape_html(value)
            )
        })
        .collect();
    // Saved by assets/notebook.js, which the loader fetches on the first click.
    if notebook {
        rows.push_str(NOTEBOOK_ROW);
    }
    rows
}

/// The Share box's row that saves the view as a Jupyter notebook (`crate::notebook`).
pub const NOTEBOOK_ROW: &str = r#"<div class="share-row"><span>Python</span><button class="small" data-notebook data-testid="share-notebook">Download notebook</button></div>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_embed_and_iframe() {
        let l = links("https://h/c/", &Query::parse("panel=sam&embed=1&lr=0.1"));
        assert_eq!(l.plain, "https://h/c/?panel=sam&lr=0.1");
        assert_eq!(l.embed, "https://h/c/?panel=sam&lr=0.1&embed=1");
        assert_eq!(
            l.iframe,
            r#"<iframe src="https://h/c/?panel=sam&amp;lr=0.1&amp;embed=1" width="960" height="540" allowfullscreen></iframe>"#
        );
        assert_eq!(links("https://h/", &Query::default()).plain, "https://h/");
        let box_html = html(&l, false);
        assert!(box_html.contains(r#"value="&lt;iframe src=&quot;https://h/c/?panel=sam&amp;amp;lr=0.1"#));
        assert_eq!(box_html.matches("data-copy=").count(), 3);
        assert!(!box_html.contains("data-notebook"));
        assert!(html(&l, true).ends_with(NOTEBOOK_ROW));
    }
}
