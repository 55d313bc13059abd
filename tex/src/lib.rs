//! LaTeX to MathML Core at compile time. `tex!("…")` expands to a `&'static str` holding an
//! inline `<math>` element, `tex_block!("…")` to a display one (`display="block"`). The
//! converter (math-core) runs in the compiler, so it costs the WebAssembly nothing; bad
//! LaTeX is a compile error that quotes the input and says what is wrong.

use proc_macro::TokenStream;

mod convert;

/// Inline mathematics: `tex!(r"\hat R(w)")` is the MathML of `\hat R(w)` as a string literal.
#[proc_macro]
pub fn tex(input: TokenStream) -> TokenStream {
    expand(input, convert::Display::Inline)
}

/// Display mathematics (a centred block of its own): `tex_block!(r"R(w) = …")`.
#[proc_macro]
pub fn tex_block(input: TokenStream) -> TokenStream {
    expand(input, convert::Display::Block)
}

/// A sentence with inline mathematics between `$…$`, as one HTML string literal: the words
/// escaped, each formula MathML, punctuation right after a formula kept on its line. For
/// static paragraphs shown with `inner_html` (one string costs the page less than a view):
/// `tex_text!(r"the floor $w_2 = 0$, and more")`.
#[proc_macro]
pub fn tex_text(input: TokenStream) -> TokenStream {
    let literal = match syn::parse::<syn::LitStr>(input) {
        Ok(literal) => literal,
        Err(err) => return err.to_compile_error().into(),
    };
    match convert::text_to_html(&literal.value()) {
        Ok(html) => TokenStream::from(proc_macro::TokenTree::Literal(proc_macro::Literal::string(&html))),
        Err(message) => syn::Error::new(literal.span(), message).to_compile_error().into(),
    }
}

/// An inline formula with live numbers: `tex_fmt!(r"\hat R = \slot", x)` is a `String` of
/// MathML with each `\slot` a `<mn>` holding the next argument (any `Display`, e.g.
/// `format_args!("{:.4}", x)`). The MathML is made at compile time; only `format!` runs.
#[proc_macro]
pub fn tex_fmt(input: TokenStream) -> TokenStream {
    expand_format(input, true)
}

/// `tex_text!` with live numbers, as a `String` of HTML: `\slot` in a `$…$` formula is a
/// `<mn>`, in the words plain text; the arguments fill the slots in order. Arguments go in
/// unescaped: pass numbers and our own words, never the student's input.
#[proc_macro]
pub fn tex_html(input: TokenStream) -> TokenStream {
    expand_format(input, false)
}

/// `format!` with the converted literal and the rest of the input as its arguments.
fn expand_format(input: TokenStream, whole_formula: bool) -> TokenStream {
    let mut tokens = input.into_iter();
    let literal = match tokens
        .next()
        .map(|first| syn::parse::<syn::LitStr>(TokenStream::from(first)))
    {
        Some(Ok(literal)) => literal,
        Some(Err(err)) => return err.to_compile_error().into(),
        None => {
            return "::core::compile_error!(\"tex_fmt!/tex_html! need a string literal\")"
                .parse()
                .unwrap_or_default()
        }
    };
    match convert::to_format(&literal.value(), whole_formula) {
        Ok((format, _)) => {
            let mut args = TokenStream::from(proc_macro::TokenTree::Literal(proc_macro::Literal::string(&format)));
            args.extend(tokens);
            let mut out: TokenStream = "::std::format!".parse().unwrap_or_default();
            out.extend([proc_macro::TokenTree::Group(proc_macro::Group::new(
                proc_macro::Delimiter::Parenthesis,
                args,
            ))]);
            out
        }
        Err(message) => syn::Error::new(literal.span(), message).to_compile_error().into(),
    }
}

/// Reads one string literal, converts it, and returns the MathML as a string literal (or a
/// `compile_error!` at the literal).
fn expand(input: TokenStream, display: convert::Display) -> TokenStream {
    let literal = match syn::parse::<syn::LitStr>(input) {
        Ok(literal) => literal,
        Err(err) => {
            let message =
                format!("tex!/tex_block! take one string literal of LaTeX, e.g. tex!(r\"\\hat R(w)\"): {err}");
            return syn::Error::new(err.span(), message).to_compile_error().into();
        }
    };
    match convert::to_mathml(&literal.value(), display) {
        Ok(mathml) => {
            let out = proc_macro::Literal::string(&mathml);
            TokenStream::from(proc_macro::TokenTree::Literal(out))
        }
        Err(message) => syn::Error::new(literal.span(), message).to_compile_error().into(),
    }
}
