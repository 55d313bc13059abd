//! The conversion the macros call: LaTeX in, MathML Core out (math-core), or a message.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

/// Inline (in a sentence) or block (displayed on its own line).
#[derive(Clone, Copy, Debug)]
pub enum Display {
    Inline,
    Block,
}

/// The MathML Core of `latex`, or a message naming the input and the problem. Unknown
/// commands are errors, not red text.
pub fn to_mathml(latex: &str, display: Display) -> Result<String, String> {
    if latex.trim().is_empty() {
        return Err("tex!: the LaTeX is empty".to_string());
    }
    let converter = LatexToMathML::new(MathCoreConfig::default())
        .map_err(|(err, _, _)| format!("tex!: the converter's configuration is wrong: {err:?}"))?;
    let display = match display {
        Display::Inline => MathDisplay::Inline,
        Display::Block => MathDisplay::Block,
    };
    converter
        .convert_with_local_state(latex, display)
        .map(|result| hats_as_carets(&result.mathml))
        .map_err(|err| format!("tex!: cannot convert `{latex}` to MathML: {err}"))
}

/// `\hat`'s accent as U+005E `^` (as MathJax and KaTeX write it) instead of math-core's
/// modifier letter U+02C6 `ˆ`, which WebKit draws faint and about 6 px above the letter.
fn hats_as_carets(mathml: &str) -> String {
    mathml.replace(
        "<mo stretchy=\"false\">ˆ</mo></mover>",
        "<mo stretchy=\"false\">^</mo></mover>",
    )
}

/// Text with `$…$` formulas as HTML: text escaped, formulas inline MathML, and punctuation
/// that follows a formula wrapped with it in `<span class="math-run">` (no line break
/// between them). An unmatched `$` is an error.
pub fn text_to_html(text: &str) -> Result<String, String> {
    let pieces: Vec<&str> = text.split('$').collect();
    if pieces.len() % 2 == 0 {
        return Err(format!("tex_text!: an unmatched `$` in `{text}`"));
    }
    let mut out = String::new();
    let mut pending_math: Option<String> = None;
    for (k, piece) in pieces.iter().enumerate() {
        if k % 2 == 1 {
            pending_math = Some(to_mathml(piece, Display::Inline)?);
            continue;
        }
        let mut rest = *piece;
        if let Some(math) = pending_math.take() {
            let glued = rest.len() - rest.trim_start_matches([',', '.', ';', ':', ')', '-']).len();
            if glued > 0 {
                out.push_str("<span class=\"math-run\">");
                out.push_str(&math);
                out.push_str(&escape(&rest[..glued]));
                out.push_str("</span>");
                rest = &rest[glued..];
            } else {
                out.push_str(&math);
            }
        }
        out.push_str(&escape(rest));
    }
    Ok(out)
}

/// Stands for `\slot` while math-core converts: digits it keeps as one `<mn>`.
const SENTINEL: &str = "80808080808";

/// Formulas and text with live numbers: `\slot` in a formula becomes `<mn>{}</mn>`, in the
/// words `{}`, and every other brace is doubled, so the result is a `format!` string whose
/// arguments fill the slots in order. Returns it with the number of slots.
pub fn to_format(text: &str, whole_formula: bool) -> Result<(String, usize), String> {
    let slots = text.matches(r"\slot").count();
    let html = if whole_formula {
        to_mathml(&text.replace(r"\slot", SENTINEL), Display::Inline)?
    } else {
        // `\slot` is no command in the words either: a sentinel there too.
        text_to_html(&math_slots(text))?
    };
    let made = html.matches(&format!("<mn>{SENTINEL}</mn>")).count() + html.matches(&format!("¤{SENTINEL}¤")).count();
    if made != slots {
        return Err(format!(
            "tex_fmt!/tex_html!: each \\slot must stand alone as a number (as in `= \\slot`), in `{text}`"
        ));
    }
    let out = html
        .replace('{', "{{")
        .replace('}', "}}")
        .replace(&format!("<mn>{SENTINEL}</mn>"), "<mn>{}</mn>")
        .replace(&format!("¤{SENTINEL}¤"), "{}");
    Ok((out, slots))
}

/// `\slot` inside `$…$` as the digit sentinel, outside as the marked sentinel.
fn math_slots(text: &str) -> String {
    text.split('$')
        .enumerate()
        .map(|(k, piece)| {
            let mark = if k % 2 == 1 {
                SENTINEL.to_owned()
            } else {
                format!("¤{SENTINEL}¤")
            };
            piece.replace(r"\slot", &mark)
        })
        .collect::<Vec<_>>()
        .join("$")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(latex: &str) -> String {
        to_mathml(latex, Display::Inline).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_risk_is_a_math_element_with_identifiers_operators_and_subscripts() {
        let m = inline(r"R(w) = \mathbb{E}_{(x,y)\sim D}\,\ell(f_w(x),y)");
        assert!(m.starts_with("<math") && m.ends_with("</math>"), "{m}");
        assert!(!m.contains("display=\"block\""), "{m}");
        for element in ["<mi>", "<mo", "<msub>", "<mrow>"] {
            assert!(m.contains(element), "{element} missing in {m}");
        }
        assert!(m.contains('𝔼'), "double-struck E missing in {m}");
        assert!(m.contains("∼"), "sim missing in {m}");
    }

    #[test]
    fn the_empirical_risk_has_a_fraction_a_sum_and_a_hat() {
        let m = inline(r"\hat R(w) = \frac{1}{N}\sum_{i=1}^{N} \ell(f_w(x_i), y_i)");
        for element in ["<mfrac>", "<munderover>", "<mover", "∑", "<msub>"] {
            assert!(m.contains(element), "{element} missing in {m}");
        }
        // The hat is an accent over the R, written as the caret every engine draws well.
        assert!(
            m.contains("<mover accent=\"true\"><mi>R</mi><mo stretchy=\"false\">^</mo></mover>"),
            "{m}"
        );
        assert!(!m.contains('ˆ'), "{m}");
    }

    #[test]
    fn powers_norms_and_greek_letters() {
        let m = inline(r"\lambda \lVert w \rVert^2 + \eta\rho");
        for piece in ["<msup>", "λ", "η", "ρ", "‖"] {
            assert!(m.contains(piece), "{piece} missing in {m}");
        }
    }

    #[test]
    fn text_with_formulas_escapes_words_and_glues_punctuation() {
        let html = text_to_html(r"a < b & the floor $w_2 = 0$, then $\rho$ and").unwrap();
        assert!(html.starts_with("a &lt; b &amp; the floor "), "{html}");
        assert!(html.contains("<span class=\"math-run\"><math>"), "{html}");
        assert!(html.contains("</math>,</span> then <math>"), "{html}");
        assert!(html.ends_with("</math> and"), "{html}");
        assert!(text_to_html("one $x").is_err());
        assert!(text_to_html(r"bad $\frac{1}{$ here")
            .unwrap_err()
            .contains(r"\frac{1}{"));
    }

    #[test]
    fn block_mode_says_so() {
        let m = to_mathml(r"x^2", Display::Block).unwrap();
        assert!(m.starts_with("<math display=\"block\""), "{m}");
    }

    #[test]
    fn bad_latex_is_refused_with_the_input_quoted() {
        for bad in [r"\frac{1}{", r"\notacommand x", r"x^", r"\left( x", ""] {
            let err = to_mathml(bad, Display::Inline).expect_err(bad);
            assert!(err.starts_with("tex!:"), "{err}");
            if !bad.is_empty() {
                assert!(err.contains(bad), "{err} should quote {bad}");
            }
        }
    }

    #[test]
    fn slots_become_format_arguments_in_numbers_and_words() {
        let (f, n) = to_format(r"\hat R = \slot", true).unwrap();
        assert_eq!(n, 1);
        assert!(
            f.starts_with("<math>") && f.contains("<mn>{}</mn>") && f.ends_with("</math>"),
            "{f}"
        );
        let (h, n) = to_format(r"\slot runs: $\eta = \slot$, {braces}", false).unwrap();
        assert_eq!(n, 2);
        assert!(h.starts_with("{} runs: "), "{h}");
        assert!(h.contains("<mn>{}</mn>") && h.ends_with("{{braces}}"), "{h}");
        assert!(
            to_format(r"x = 2\slot", true).is_err(),
            "a slot glued to digits is not a number of its own"
        );
    }
}
