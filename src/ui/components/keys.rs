//! Moving a point on a plot with the keyboard.

/// The unit step (dx, dy) an arrow key asks for (y up), or None for other keys; when it
/// is an arrow, the browser's default (scrolling) is prevented.
pub fn arrow_step(ev: &web_sys::KeyboardEvent) -> Option<(f32, f32)> {
    let step = match ev.key().as_str() {
        "ArrowLeft" => (-1.0, 0.0),
        "ArrowRight" => (1.0, 0.0),
        "ArrowUp" => (0.0, 1.0),
        "ArrowDown" => (0.0, -1.0),
        _ => return None,
    };
    ev.prevent_default();
    Some(step)
}
