//! The first training images as the network is given them, each with the label it is
//! trained on: with random labels the labels are visibly random; with shuffled or random
//! pixels and Gaussian inputs the images are visibly not digits.

use crate::engine::digits::{given_image, given_labels, Digits, NetSetup, Recipe};
use crate::plot::canvas::{context, fit};
use crate::plot::palette::INK;
use web_sys::HtmlCanvasElement;

/// Images shown.
pub const SHOWN: usize = 24;

/// Draws the first `SHOWN` training images of `recipe` in rows as wide as the canvas allows.
pub fn draw(canvas: &HtmlCanvasElement, digits: &Digits, net: &NetSetup, recipe: &Recipe) -> Option<()> {
    let (w, h, dpr) = fit(canvas);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w * dpr, h * dpr);
    let labels = given_labels(digits, net, recipe);
    let side = digits.side;
    let columns = (SHOWN / 3) as f64;
    let cell = (w / columns).min(h / 3.0) * dpr;
    let pixel = (cell * 0.7 / side as f64).floor().max(1.0);
    let label_px = (13.0 * dpr).round();
    ctx.set_font(&format!("bold {label_px}px sans-serif"));
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for (i, &label) in labels.iter().take(SHOWN).enumerate() {
        let (x0, y0) = (
            (i % columns as usize) as f64 * cell,
            (i / columns as usize) as f64 * cell,
        );
        let left = x0 + (cell - pixel * side as f64) / 2.0;
        for (k, &v) in given_image(digits, net, recipe, i).iter().enumerate() {
            let ink = 255 - v;
            ctx.set_fill_style_str(&format!("rgb({ink},{ink},{ink})"));
            ctx.fill_rect(
                left + (k % side) as f64 * pixel,
                y0 + (k / side) as f64 * pixel,
                pixel,
                pixel,
            );
        }
        ctx.set_fill_style_str(INK.css);
        let _ = ctx.fill_text(
            &label.to_string(),
            x0 + cell / 2.0,
            y0 + pixel * side as f64 + 2.0 * dpr,
        );
    }
    Some(())
}
