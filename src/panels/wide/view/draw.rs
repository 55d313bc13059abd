//! The lab's figures on canvas: functions over x (with a band and data points), the
//! histogram of f(x₀) against its Gaussian, and the log–log laziness chart.

use crate::plot::canvas::{fit, font, lg, linear_chart, log_chart, rgb};
use crate::plot::palette::AXIS_TEXT;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The trained net (and the first sample function).
pub const NET: RGBColor = RGBColor(209, 73, 91);
/// The kernel prediction and the Gaussian.
pub const KERNEL: RGBColor = RGBColor(31, 58, 95);
/// Relative kernel change.
pub const KERNEL_CHANGE: RGBColor = RGBColor(0, 121, 140);
/// Band of the NNGP.
const BAND: RGBColor = RGBColor(205, 222, 240);

/// One curve over the grid.
pub struct Curve<'a> {
    /// Values on the grid.
    pub values: &'a [f32],
    /// Colour.
    pub colour: RGBColor,
    /// Line width in CSS pixels.
    pub width: f64,
    /// Drawn dashed.
    pub dashed: bool,
}

/// Functions over `grid`: an optional ±band, the curves, and the data points (x, y).
pub fn functions(
    canvas: &HtmlCanvasElement,
    grid: &[f64],
    band: Option<&[f32]>,
    curves: &[Curve],
    data: (&[f32], &[f32]),
) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut top = band.map_or(0.5f32, |b| b.iter().fold(0.0f32, |m, v| m.max(*v)));
    for c in curves {
        top = c
            .values
            .iter()
            .fold(top, |m, v| if v.is_finite() { m.max(v.abs()) } else { m });
    }
    top = data.1.iter().fold(top, |m, v| m.max(v.abs())) * 1.1;
    let (x0, x1) = (grid[0] as f32, grid[grid.len() - 1] as f32);
    let mut chart = linear_chart(&root, x0..x1, -top..top, ("x", "f(x)"), dpr)?;
    let px = |v: f64| (v * dpr * crate::plot::canvas::scale()).max(1.0) as u32;
    if let Some(band) = band {
        let mut outline: Vec<(f32, f32)> = grid.iter().zip(band).map(|(&x, &b)| (x as f32, b)).collect();
        outline.extend(grid.iter().zip(band).rev().map(|(&x, &b)| (x as f32, -b)));
        chart
            .draw_series(std::iter::once(Polygon::new(outline, BAND.filled())))
            .ok()?;
    }
    for c in curves {
        let points: Vec<(f32, f32)> = grid
            .iter()
            .zip(c.values)
            .map(|(&x, &v)| (x as f32, v.clamp(-10.0 * top, 10.0 * top)))
            .collect();
        let style = c.colour.stroke_width(px(c.width));
        if c.dashed {
            chart
                .draw_series(DashedLineSeries::new(points, px(7.0), px(5.0), style))
                .ok()?;
        } else {
            chart.draw_series(LineSeries::new(points, style)).ok()?;
        }
    }
    chart
        .draw_series(
            data.0
                .iter()
                .zip(data.1)
                .map(|(&x, &y)| Circle::new((x, y), px(4.5), BLACK.filled())),
        )
        .ok()?;
    Some(())
}

/// The histogram of M draws (`counts` over ±4σ) as a density, against N(0, σ²).
pub fn histogram(canvas: &HtmlCanvasElement, counts: &[u32], sd: f64) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let total: u32 = counts.iter().sum();
    let width = 8.0 * sd / counts.len() as f64;
    let density = |c: u32| (f64::from(c) / (f64::from(total.max(1)) * width)) as f32;
    let peak = 1.0 / (sd * (2.0 * std::f64::consts::PI).sqrt());
    let top = counts.iter().map(|&c| density(c)).fold(peak as f32, f32::max) * 1.1;
    let lo = (-4.0 * sd) as f32;
    // plain text: an axis label drawn on the canvas
    let mut chart = linear_chart(&root, lo..-lo, 0.0..top, ("f(x₀)", "density"), dpr)?;
    chart
        .draw_series(counts.iter().enumerate().map(|(k, &c)| {
            let a = lo + (k as f64 * width) as f32;
            Rectangle::new([(a, 0.0), (a + width as f32, density(c))], NET.mix(0.55).filled())
        }))
        .ok()?;
    let gauss = (0..=120).map(|k| {
        let z = -4.0 + 8.0 * f64::from(k) / 120.0;
        ((z * sd) as f32, (peak * (-z * z / 2.0).exp()) as f32)
    });
    chart
        .draw_series(LineSeries::new(
            gauss,
            KERNEL.stroke_width((2.5 * dpr * crate::plot::canvas::scale()) as u32),
        ))
        .ok()?;
    Some(())
}

/// One series of the laziness chart: (width, value) per point.
pub struct Series<'a> {
    /// Points.
    pub points: Vec<(f64, f64)>,
    /// Colour.
    pub colour: RGBColor,
    /// Key text.
    pub label: &'a str,
}

/// One dashed guide c·n^g of the laziness chart, in the colour of the curve it fits.
pub struct GuideLine<'a> {
    /// Its exponent and factor.
    pub guide: crate::panels::wide::claims::Guide,
    /// Colour.
    pub colour: RGBColor,
    /// Key text.
    pub label: &'a str,
}

/// The log–log laziness chart over widths, each guide dashed from width `guide_from` on,
/// and a mark at `current` width.
pub fn laziness(
    canvas: &HtmlCanvasElement,
    series: &[Series],
    guides: &[GuideLine],
    guide_from: f64,
    current: f64,
) -> Option<()> {
    let (_, _, dpr) = fit(canvas);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let text = font(12.0 * dpr).color(&rgb(AXIS_TEXT));
    let mut chart = log_chart(
        &root,
        10.0..6000.0,
        1e-4..2.0,
        ("hidden width n (log scale)", "relative change (log scale)"),
        dpr,
    )?;
    let px = |v: f64| (v * dpr * crate::plot::canvas::scale()).max(1.0) as u32;
    let at = |w: f64, v: f64| lg((w as f32, v as f32));
    chart
        .draw_series(LineSeries::new(
            [at(current, 1e-4), at(current, 2.0)],
            RGBColor(150, 156, 166).stroke_width(px(1.5)),
        ))
        .ok()?;
    // c·n^g, 41 points evenly spaced in log n, kept inside the chart's range.
    for g in guides {
        let (c, e) = (g.guide.c, g.guide.exponent);
        let line: Vec<(f32, f32)> = (0..=40)
            .map(|k| guide_from * (6000.0 / guide_from).powf(f64::from(k) / 40.0))
            .map(|w| (w, c * w.powf(e)))
            .filter(|&(_, v)| (1e-4..=2.0).contains(&v))
            .map(|(w, v)| at(w, v))
            .collect();
        chart
            .draw_series(DashedLineSeries::new(
                line,
                px(6.0),
                px(4.0),
                g.colour.stroke_width(px(1.5)),
            ))
            .ok()?;
    }
    for s in series {
        let points: Vec<(f32, f32)> = s
            .points
            .iter()
            .copied()
            .filter(|p| p.1 > 0.0 && p.1.is_finite())
            .map(|(w, v)| at(w, v.max(1e-4)))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), s.colour.stroke_width(px(2.5))))
            .ok()?;
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, px(4.0), s.colour.filled())))
            .ok()?;
    }
    // Key, top right, on a white card (the curves fall from the top left): a swatch per
    // curve, a dash per guide.
    let (w, _) = root.dim_in_pixel();
    let key: Vec<(&str, RGBColor, bool)> = series
        .iter()
        .map(|s| (s.label, s.colour, false))
        .chain(guides.iter().map(|g| (g.label, g.colour, true)))
        .collect();
    let (card_w, row) = (190.0 * dpr, 17.0 * dpr);
    let (left, top) = (w as f64 - card_w - 14.0 * dpr, 14.0 * dpr);
    root.draw(&Rectangle::new(
        [
            (left as i32, top as i32),
            (
                (left + card_w) as i32,
                (top + row * key.len() as f64 + 8.0 * dpr) as i32,
            ),
        ],
        WHITE.mix(0.9).filled(),
    ))
    .ok()?;
    for (k, (label, colour, dashed)) in key.into_iter().enumerate() {
        let y = top + 4.0 * dpr + row * (k as f64 + 0.5);
        let x = left + 6.0 * dpr;
        let half = if dashed { 1.0 } else { 4.0 } * dpr;
        for (a, b) in if dashed {
            vec![(0.0, 5.0), (9.0, 14.0)]
        } else {
            vec![(0.0, 14.0)]
        } {
            root.draw(&Rectangle::new(
                [
                    ((x + a * dpr) as i32, (y - half) as i32),
                    ((x + b * dpr) as i32, (y + half) as i32),
                ],
                colour.filled(),
            ))
            .ok()?;
        }
        root.draw(&Text::new(
            label.to_string(),
            ((x + 20.0 * dpr) as i32, (y - 7.0 * dpr) as i32),
            text.clone(),
        ))
        .ok()?;
    }
    Some(())
}
