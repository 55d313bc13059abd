//! The presenter's keyboard shortcuts: which key does what, and when a key is left alone
//! (while the student types in a field, or with Ctrl, Meta or Alt held). Pure, so the
//! mapping is tested on the host; the shell (`ui::present`) only reads the key event.

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Space: start or pause the panel's work.
    RunPause,
    /// `.`: one step.
    Step,
    /// `R`: back to the settings of the link the page was opened with.
    Reset,
    /// `1`…`9`: the panel's preset of that number (1-based).
    Preset(u8),
    /// `F`: full screen on or off.
    FullScreen,
    /// `P`: projector mode on or off.
    Projector,
    /// `?`: the list of shortcuts.
    Help,
    /// Escape: close the list, or hand the keyboard back to the page around an embed.
    Escape,
}

/// Where the key was pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A text or number input, a select, a textarea or editable text: keys are the field's.
    Field,
    /// A button, link, tab or summary: Space and Enter press it, other keys are free.
    Button,
    /// Anything else (the page, a figure).
    Other,
}

/// The table shown by `?`: key, what it does.
pub const HELP: [(&str, &str); 8] = [
    ("Space", "run / pause"),
    (".", "one step"),
    ("R", "reset to the link's settings"),
    ("1 … 9", "presets"),
    ("F", "full screen"),
    ("P", "projector mode"),
    ("?", "this list"),
    (
        "Esc",
        "close this list; in an embed, give the keyboard back to the page",
    ),
];

/// The shortcut for `key` (a `KeyboardEvent.key`), or `None` when the key is not one or
/// must be left to the page: never with Ctrl, Meta or Alt, never in a field, and Space
/// never on a button (which Space presses).
pub fn shortcut(key: &str, modifier: bool, target: Target) -> Option<Shortcut> {
    if modifier || target == Target::Field {
        return None;
    }
    let found = match key {
        " " | "Spacebar" if target != Target::Button => Shortcut::RunPause,
        "." => Shortcut::Step,
        "r" | "R" => Shortcut::Reset,
        "f" | "F" => Shortcut::FullScreen,
        "p" | "P" => Shortcut::Projector,
        "?" => Shortcut::Help,
        "Escape" | "Esc" => Shortcut::Escape,
        _ => {
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c @ '1'..='9'), None) => Shortcut::Preset(c as u8 - b'0'),
                _ => return None,
            }
        }
    };
    Some(found)
}

/// Classifies a focused element by its tag name (any case), `type` attribute and
/// whether it is editable.
pub fn target_of(tag: &str, input_type: Option<&str>, editable: bool) -> Target {
    if editable {
        return Target::Field;
    }
    match tag.to_ascii_lowercase().as_str() {
        "select" | "textarea" => Target::Field,
        // Checkboxes, radios, sliders and buttons take no typed text, but sliders use the
        // arrow keys only, so they count as buttons; every other input is a field.
        "input" => match input_type.map(str::to_ascii_lowercase).as_deref() {
            Some("checkbox" | "radio" | "range" | "button" | "submit" | "reset") => Target::Button,
            _ => Target::Field,
        },
        "button" | "a" | "summary" => Target::Button,
        _ => Target::Other,
    }
}

/// Text made safe inside HTML elements and quoted attributes.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `?` list as HTML: the shortcuts, then the panel's presets by name (escaped).
pub fn help_html(presets: &[&str]) -> String {
    let row = |key: &str, what: &str| {
        format!(
            "<tr><th scope=\"row\"><kbd>{}</kbd></th><td>{}</td></tr>",
            escape_html(key),
            escape_html(what)
        )
    };
    let mut html = String::from("<div class=\"shortcut-card\"><h2>Keyboard shortcuts</h2><table><tbody>");
    for (key, what) in HELP {
        html.push_str(&row(key, what));
    }
    html.push_str("</tbody></table>");
    if !presets.is_empty() {
        html.push_str("<h3>Presets of this panel</h3><table><tbody>");
        for (k, name) in presets.iter().take(9).enumerate() {
            html.push_str(&row(&(k + 1).to_string(), name));
        }
        html.push_str("</tbody></table>");
    }
    html.push_str(
        "<button type=\"button\" class=\"small\" data-shell=\"close\" data-testid=\"shortcut-help-close\">Close (Esc)</button></div>",
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_keys_and_escaped_presets() {
        let html = help_html(&["Default", "<b>&"]);
        assert!(html.contains("<kbd>Space</kbd></th><td>run / pause"));
        assert!(html.contains("<kbd>2</kbd></th><td>&lt;b&gt;&amp;</td>"));
        assert!(!help_html(&[]).contains("Presets"));
    }

    #[test]
    fn keys_map_to_actions() {
        let o = Target::Other;
        assert_eq!(shortcut(" ", false, o), Some(Shortcut::RunPause));
        assert_eq!(shortcut(".", false, o), Some(Shortcut::Step));
        assert_eq!(shortcut("r", false, o), Some(Shortcut::Reset));
        assert_eq!(shortcut("R", false, o), Some(Shortcut::Reset));
        assert_eq!(shortcut("F", false, o), Some(Shortcut::FullScreen));
        assert_eq!(shortcut("p", false, o), Some(Shortcut::Projector));
        assert_eq!(shortcut("?", false, o), Some(Shortcut::Help));
        assert_eq!(shortcut("Escape", false, o), Some(Shortcut::Escape));
        assert_eq!(shortcut("1", false, o), Some(Shortcut::Preset(1)));
        assert_eq!(shortcut("9", false, o), Some(Shortcut::Preset(9)));
        for other in ["0", "10", "a", "Enter", "ArrowLeft", "", "é"] {
            assert_eq!(shortcut(other, false, o), None, "{other:?}");
        }
    }

    #[test]
    fn fields_and_modifiers_keep_their_keys() {
        for key in [" ", ".", "r", "1", "f", "p", "?", "Escape"] {
            assert_eq!(shortcut(key, true, Target::Other), None);
            assert_eq!(shortcut(key, false, Target::Field), None);
        }
        // Space presses a focused button; the other shortcuts still work there.
        assert_eq!(shortcut(" ", false, Target::Button), None);
        assert_eq!(shortcut("r", false, Target::Button), Some(Shortcut::Reset));
    }

    #[test]
    fn focused_elements_are_classified() {
        assert_eq!(target_of("INPUT", Some("number"), false), Target::Field);
        assert_eq!(target_of("input", None, false), Target::Field);
        assert_eq!(target_of("INPUT", Some("range"), false), Target::Button);
        assert_eq!(target_of("SELECT", None, false), Target::Field);
        assert_eq!(target_of("TEXTAREA", None, false), Target::Field);
        assert_eq!(target_of("DIV", None, true), Target::Field);
        assert_eq!(target_of("BUTTON", None, false), Target::Button);
        assert_eq!(target_of("CANVAS", None, false), Target::Other);
        assert_eq!(target_of("BODY", None, false), Target::Other);
    }
}
