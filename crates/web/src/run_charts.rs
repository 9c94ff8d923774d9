//! The Runs page's charts, drawn on the server as SVG in the style of
//! [`crate::charts`] (a viewBox that scales to a phone, classes for the
//! colours, an accessible name): the weekly kilometres with the glute days
//! in their own lane below the axis, and a run's pace or heart rate over
//! its distance (or time, when the file has no distance).

use std::fmt::Write as _;

const W: f64 = 340.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round step for an axis spanning `span`, about four steps.
fn step_for(span: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(span.log10().floor());
    for step in [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0] {
        if span / (step * magnitude) <= 4.0 {
            return step * magnitude;
        }
    }
    span
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Weekly kilometres as bars; under the axis and the week labels, a lane
/// of its own holds one mark per week with glute work, the number of days
/// written in it. `labels`, `km` and `glute_days` are one entry per week.
pub fn weeks_with_glute_lane(
    label: &str,
    labels: &[String],
    km: &[f64],
    glute_days: &[u32],
) -> String {
    const H: f64 = 200.0;
    const PLOT_BOTTOM: f64 = 136.0;
    const LANE_Y: f64 = 182.0;
    let max = km.iter().copied().fold(0.0, f64::max);
    let step = step_for(max.max(1.0));
    let top = (max.max(1.0) / step).ceil() * step;
    let plot_h = PLOT_BOTTOM - TOP;
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        escape(label)
    );
    let mut v = 0.0;
    while v <= top + 1e-9 {
        let y = PLOT_BOTTOM - v / top * plot_h;
        let _ = write!(
            out,
            "<path class=\"grid\" d=\"M{LEFT} {y:.1}H{}\"/><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{} km</text>",
            W - RIGHT,
            LEFT - 4.0,
            y + 3.5,
            number(v)
        );
        v += step;
    }
    let slot = (W - LEFT - RIGHT) / km.len().max(1) as f64;
    for (i, value) in km.iter().enumerate() {
        let h = (value / top * plot_h).max(if *value > 0.0 { 1.5 } else { 0.0 });
        let _ = write!(
            out,
            "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" rx=\"2\"><title>{}: {:.1} km</title></rect>",
            LEFT + i as f64 * slot + slot * 0.15,
            PLOT_BOTTOM - h,
            slot * 0.7,
            escape(labels.get(i).map_or("", String::as_str)),
            value
        );
    }
    let _ = write!(
        out,
        "<path class=\"axis\" d=\"M{LEFT} {PLOT_BOTTOM}H{}\"/>",
        W - RIGHT
    );
    let every = labels.len().div_ceil(6).max(1);
    for (i, text) in labels.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                LEFT + (i as f64 + 0.5) * slot,
                PLOT_BOTTOM + 14.0,
                escape(text)
            );
        }
    }
    // The glute lane: its own band, its own label, no shared axis.
    let _ = write!(
        out,
        "<path class=\"grid\" d=\"M{LEFT} {:.1}H{}\"/><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">glute</text>",
        LANE_Y - 12.0,
        W - RIGHT,
        LEFT - 4.0,
        LANE_Y + 3.5
    );
    let radius = (slot * 0.42).clamp(4.0, 8.0);
    for (i, days) in glute_days.iter().enumerate() {
        if *days == 0 {
            continue;
        }
        let x = LEFT + (i as f64 + 0.5) * slot;
        let _ = write!(
            out,
            "<g class=\"lane\"><circle class=\"dot s1\" cx=\"{x:.1}\" cy=\"{LANE_Y}\" r=\"{radius:.1}\"/><text class=\"lane-count\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{days}</text><title>{}: {days} days of glute work</title></g>",
            LANE_Y + 3.2,
            escape(labels.get(i).map_or("", String::as_str))
        );
    }
    out.push_str("</svg>");
    out
}

/// A line over a numeric x axis: `points` are (x, y) with `None` for a
/// gap. `x_unit` names the axis; `y_text` writes a y value for its ticks;
/// the y axis spans at least `min_span` (so an even effort is not drawn
/// as a wild one); with `invert`, smaller values are drawn higher (a
/// faster pace).
pub fn line_over(
    label: &str,
    points: &[(f64, Option<f64>)],
    x_unit: &str,
    y_text: &dyn Fn(f64) -> String,
    min_span: f64,
    invert: bool,
) -> String {
    const H: f64 = 180.0;
    const BOTTOM: f64 = 150.0;
    let ys: Vec<f64> = points.iter().filter_map(|(_, y)| *y).collect();
    let x_max = points.iter().map(|(x, _)| *x).fold(0.0, f64::max).max(1e-9);
    let (mut low, mut high) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), y| {
            (l.min(*y), h.max(*y))
        });
    if !low.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    let span = min_span.max(1.0);
    if high - low < span {
        let middle = (high + low) / 2.0;
        (low, high) = (middle - span / 2.0, middle + span / 2.0);
    }
    let step = step_for(high - low);
    low = (low / step).floor() * step;
    high = ((high / step).ceil() * step).max(low + step);
    let plot_h = BOTTOM - TOP;
    let plot_w = W - LEFT - RIGHT;
    let x_of = |x: f64| LEFT + x / x_max * plot_w;
    let y_of = |y: f64| {
        let share = (y - low) / (high - low);
        if invert {
            TOP + share * plot_h
        } else {
            BOTTOM - share * plot_h
        }
    };
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        escape(label)
    );
    let mut v = low;
    while v <= high + 1e-9 {
        let y = y_of(v);
        let _ = write!(
            out,
            "<path class=\"grid\" d=\"M{LEFT} {y:.1}H{}\"/><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            LEFT - 4.0,
            y + 3.5,
            escape(&y_text(v))
        );
        v += step;
    }
    let mut d = String::new();
    let mut pen = false;
    for (x, y) in points {
        match y {
            Some(y) => {
                let _ = write!(
                    d,
                    "{}{:.1} {:.1}",
                    if pen { "L" } else { "M" },
                    x_of(*x),
                    y_of(*y)
                );
                pen = true;
            }
            None => pen = false,
        }
    }
    let _ = write!(out, "<path class=\"line s0\" d=\"{d}\"/>");
    let x_step = step_for(x_max);
    let mut x = 0.0;
    while x <= x_max + 1e-9 {
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x_of(x),
            BOTTOM + 14.0,
            number(x)
        );
        x += x_step;
    }
    let _ = write!(
        out,
        "<path class=\"axis\" d=\"M{LEFT} {BOTTOM}H{}\"/><text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></svg>",
        W - RIGHT,
        W - RIGHT,
        H - 4.0,
        escape(x_unit)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glute_lane_sits_below_the_axis_and_names_each_week() {
        let labels = vec!["1 Jun".to_string(), "8 Jun".to_string()];
        let svg = weeks_with_glute_lane("km", &labels, &[12.0, 0.0], &[0, 3]);
        assert_eq!(svg.matches("class=\"bar\"").count(), 2);
        assert_eq!(svg.matches("<g class=\"lane\">").count(), 1);
        assert!(svg.contains("8 Jun: 3 days of glute work"));
        let cy: f64 = svg
            .split("cy=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(cy > 136.0, "the lane is below the km axis: {cy}");
    }

    #[test]
    fn a_line_breaks_at_gaps_and_inverts_for_pace() {
        let points = [(0.0, Some(300.0)), (1.0, None), (2.0, Some(240.0))];
        let svg = line_over("pace", &points, "km", &|v| format!("{v}"), 30.0, true);
        let d = svg.split("class=\"line s0\" d=\"").nth(1).unwrap();
        let d = d.split('"').next().unwrap();
        assert_eq!(d.matches('M').count(), 2, "{d}");
        let ys: Vec<f64> = d
            .split(['M', 'L'])
            .filter(|p| !p.is_empty())
            .map(|p| p.split(' ').nth(1).unwrap().parse().unwrap())
            .collect();
        assert!(ys[1] < ys[0], "the faster pace is drawn higher: {ys:?}");
    }
}
