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
