//! Issue #11: no equation is left as plain text. Scans every string and char literal in
//! the panels' sources (src/panels/**/*.rs, tests modules excluded) for the characters of
//! written-out mathematics (Greek variables, sub- and superscripts, norms, sums, ≤, √ …)
//! outside `tex!`, `tex_block!`, `tex_text!`, `tex_fmt!` and `tex_html!`. Exempt are the
//! text alternatives (`describe.rs`, read as plain text by screen readers), `aria-label` and
//! `title` attributes, and literals on a line, or under a line, marked `// plain text: why`
//! (a canvas label, an <option>, a CSV header: places MathML cannot go).

use std::fs;
use std::path::{Path, PathBuf};

/// Characters that mean mathematics is written out as text.
const MATHS: &[char] = &[
    'α', 'β', 'γ', 'δ', 'ε', 'η', 'θ', 'Θ', 'λ', 'μ', 'ξ', 'ρ', 'σ', 'Σ', 'τ', 'Φ', 'φ', 'Ψ', 'ψ', 'Ω', '‖', '⁺', '⁻',
    '⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', 'ᴾ', 'ᵀ', '₀', '₁', '₂', '₃', '₄', 'ᵢ', '≤', '≥', '≈', '∇', '√',
    '∑', '∈', '∞', '⋯', '×', '½', '∼', '\u{302}',
];

/// The literals of one file with the line each starts on and the code just before it.
fn literals(src: &str) -> Vec<(usize, String, String)> {
    let chars: Vec<char> = src.chars().collect();
    let (mut out, mut k, mut line) = (Vec::new(), 0, 1);
    let mut code_before = String::new();
    while k < chars.len() {
        let c = chars[k];
        let next = chars.get(k + 1).copied().unwrap_or(' ');
        if c == '\n' {
            // The code before a literal runs across lines (`tex_html!(\n    r"…"`).
            line += 1;
            code_before.push(c);
            k += 1;
        } else if c == '/' && next == '/' {
            while k < chars.len() && chars[k] != '\n' {
                k += 1;
            }
        } else if c == '/' && next == '*' {
            while k + 1 < chars.len() && !(chars[k] == '*' && chars[k + 1] == '/') {
                line += usize::from(chars[k] == '\n');
                k += 1;
            }
            k += 2;
        } else if c == '"' || (c == 'r' && (next == '"' || next == '#') && !prev_is_ident(&chars, k)) {
            // A plain or raw string literal.
            let start_line = line;
            let raw = c == 'r';
            let mut hashes = 0;
            if raw {
                k += 1;
                while chars[k] == '#' {
                    hashes += 1;
                    k += 1;
                }
                if chars[k] != '"' {
                    code_before.push('r');
                    continue;
                }
            }
            k += 1;
            let mut text = String::new();
            loop {
                let Some(&d) = chars.get(k) else { break };
                if !raw && d == '\\' {
                    // An escape, or a line continuation (which still ends a line).
                    line += usize::from(chars[k + 1] == '\n');
                    text.push(d);
                    text.push(chars[k + 1]);
                    k += 2;
                    continue;
                }
                if d == '"' && (0..hashes).all(|h| chars.get(k + 1 + h) == Some(&'#')) {
                    k += 1 + hashes;
                    break;
                }
                line += usize::from(d == '\n');
                text.push(d);
                k += 1;
            }
            out.push((start_line, text, code_before.clone()));
            code_before.push_str("\"…\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}'), or a lifetime.
            let end = if next == '\\' {
                chars[k..].iter().skip(2).position(|&d| d == '\'').map(|p| k + 2 + p)
            } else {
                Some(k + 2)
            };
            match end.filter(|&e| chars.get(e) == Some(&'\'')) {
                Some(e) => {
                    out.push((line, chars[k + 1..e].iter().collect(), code_before.clone()));
                    k = e + 1;
                }
                None => {
                    code_before.push(c);
                    k += 1;
                }
            }
        } else {
            code_before.push(c);
            k += 1;
        }
    }
    out
}

/// A one-letter variable set equal to something, as in "N = 40" (not "a = " in prose:
/// the letter must stand alone and be followed by " = ").
fn letter_equals(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(4).enumerate().any(|(k, w)| {
        let alone = k == 0 || !chars[k - 1].is_alphanumeric();
        alone && w[0].is_ascii_alphabetic() && w[0] != 'a' && w[1] == ' ' && w[2] == '=' && w[3] == ' '
    })
}

fn prev_is_ident(chars: &[char], k: usize) -> bool {
    k > 0 && (chars[k - 1].is_alphanumeric() || chars[k - 1] == '_')
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/panels is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The plain-text mathematics in one file: (line, literal) for each offence.
fn offences(src: &str) -> Vec<(usize, String)> {
    let src = src.split("#[cfg(test)]").next().unwrap_or(src);
    let lines: Vec<&str> = src.lines().collect();
    let marked = |line: usize| {
        let at = |l: usize| l >= 1 && lines.get(l - 1).is_some_and(|t| t.contains("// plain text:"));
        at(line) || at(line - 1)
    };
    literals(src)
        .into_iter()
        .filter(|(_, text, _)| text.chars().any(|c| MATHS.contains(&c)) || text.contains("(1/") || letter_equals(text))
        .filter(|(_, _, before)| {
            let before = before.trim_end();
            ![
                "tex!(",
                "tex_block!(",
                "tex_text!(",
                "tex_fmt!(",
                "tex_html!(",
                "aria-label=",
                "title=",
            ]
            .iter()
            .any(|m| before.ends_with(m))
        })
        .filter(|(line, _, _)| !marked(*line))
        .map(|(line, text, _)| (line, text))
        .collect()
}

#[test]
fn the_scanner_finds_plain_maths_and_skips_tex_and_marked_lines() {
    let src = r###"
        let a = "training error R̂ = 0.1, \
                 η = 0.3";
        let b = tex!(r"\eta\,\lambda_{\max}");
        let c = tex_html!(r#"the step $\eta = \slot$"#, 3);
        let d = 'σ'; // a char literal
        // plain text: a canvas axis label
        let e = ("step", "log₁₀ σ");
        let f = "no maths here: 40 % of 12 points"; let g = "(1/N) sum";
        let h = view! { <th title="max over ‖ε‖ ≤ ρ">"λ_max"</th> };
        /* "ρ in a comment" */ let i: &'static str = "x";
    "###;
    let found: Vec<usize> = offences(src).iter().map(|(l, _)| *l).collect();
    assert_eq!(found, vec![2, 6, 9, 10], "{:?}", offences(src));
}

#[test]
fn no_panel_shows_an_equation_as_plain_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/panels");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    let mut report = Vec::new();
    // A panel's notebook module writes Python source for a notebook, not text on a page.
    for file in files
        .iter()
        .filter(|f| !f.ends_with("describe.rs") && !f.ends_with("notebook.rs"))
    {
        let src = fs::read_to_string(file).expect("readable source");
        for (line, text) in offences(&src) {
            let shown: String = text.chars().take(70).collect();
            report.push(format!(
                "{}:{line}: {shown}",
                file.strip_prefix(&root).unwrap_or(file).display()
            ));
        }
    }
    assert!(
        report.is_empty(),
        "{} literals write mathematics as plain text; use tex!/tex_fmt!/tex_html! (or mark a place MathML \
         cannot go with `// plain text: why`):\n{}",
        report.len(),
        report.join("\n")
    );
}
