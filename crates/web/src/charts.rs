//! Small charts drawn on the server as hand-written SVG: a bar chart and a
//! line chart, sized by a viewBox so they scale to a phone's width, with an
//! accessible name that says what the chart shows. Colours come from the
//! stylesheet through classes (`bar`, `s0`, `s1`, `axis`, `grid`). The
//! training calendar of History (a heat map of days) is drawn here too.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::ToSpan;
use jiff::civil::Date;

const W: f64 = 340.0;
const H: f64 = 170.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round upper bound for the axis and its step.
fn nice_max(max: f64) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 1.0);
    }
    // Small whole numbers (stages, sessions) count in ones.
    if max <= 8.0 && (max - max.round()).abs() < 1e-9 {
        return (max.max(1.0), 1.0);
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0] {
        let s = step * magnitude;
        if max / s <= 4.0 {
            let s = if s < 1.0 && max >= 1.0 { 1.0 } else { s };
            return ((max / s).ceil() * s, s);
        }
    }
    (max, max)
}

fn frame(label: &str, max: f64, unit: &str) -> (String, f64) {
    let (top, step) = nice_max(max);
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        escape(label)
    );
    let plot_h = H - TOP - BOTTOM;
    let mut v = 0.0;
    while v <= top + 1e-9 {
        let y = TOP + plot_h - v / top * plot_h;
        let _ = write!(
            out,
            "<path class=\"grid\" d=\"M{LEFT} {y:.1}H{}\"/><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}{}</text>",
            W - RIGHT,
            LEFT - 4.0,
            y + 3.5,
            format_number(v),
            unit
        );
        v += step;
    }
    (out, top)
}

fn format_number(v: f64) -> String {
    // Never "-0" or "-0.0": a value that rounds to zero is zero.
    if v.abs() < 0.05 {
        return "0".to_string();
    }
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Every `every`-th label under the x axis.
fn x_labels(out: &mut String, labels: &[String], x_of: impl Fn(usize) -> f64) {
    let every = labels.len().div_ceil(6).max(1);
    for (i, label) in labels.iter().enumerate() {
        if i % every == 0 || i + 1 == labels.len() && labels.len() <= 6 {
            let anchor = if i + 1 == labels.len() && labels.len() > 1 {
                "end"
            } else if i == 0 && labels.len() > 1 {
                "start"
            } else {
                "middle"
            };
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                x_of(i),
                H - 8.0,
                escape(label)
            );
        }
    }
}

/// Vertical bars, one per label.
pub fn bars(label: &str, labels: &[String], values: &[f64], unit: &str) -> String {
    let max = values.iter().copied().fold(0.0, f64::max);
    let (mut out, top) = frame(label, max, unit);
    let n = values.len().max(1) as f64;
    let slot = (W - LEFT - RIGHT) / n;
    let plot_h = H - TOP - BOTTOM;
    for (i, v) in values.iter().enumerate() {
        let h = (v / top * plot_h).max(if *v > 0.0 { 1.5 } else { 0.0 });
        let _ = write!(
            out,
            "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\"><title>{}: {}{}</title></rect>",
            LEFT + i as f64 * slot + slot * 0.15,
            TOP + plot_h - h,
            slot * 0.7,
            h,
            escape(&labels[i]),
            format_number(*v),
            unit
        );
    }
    x_labels(&mut out, labels, |i| LEFT + (i as f64 + 0.5) * slot);
    let _ = write!(
        out,
        "<path class=\"axis\" d=\"M{LEFT} {}H{}\"/></svg>",
        TOP + plot_h,
        W - RIGHT
    );
    out
}

/// One line per series (name, values; `None` leaves a gap), with dots and a legend.
pub fn lines(
    label: &str,
    labels: &[String],
    series: &[(&str, Vec<Option<f64>>)],
    unit: &str,
    steps: bool,
) -> String {
    lines_up_to(label, labels, series, unit, steps, 0.0)
}

/// [`lines`] with the axis reaching at least `least` (a scale's top, such
/// as the number of stages), whatever the data.
pub fn lines_up_to(
    label: &str,
    labels: &[String],
    series: &[(&str, Vec<Option<f64>>)],
    unit: &str,
    steps: bool,
    least: f64,
) -> String {
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten().copied())
        .fold(least, f64::max);
    let (mut out, top) = frame(label, max, unit);
    let n = labels.len();
    let plot_w = W - LEFT - RIGHT - 12.0;
    let plot_h = H - TOP - BOTTOM;
    let x_of = |i: usize| {
        if n <= 1 {
            LEFT + 6.0 + plot_w / 2.0
        } else {
            LEFT + 6.0 + i as f64 / (n - 1) as f64 * plot_w
        }
    };
    let y_of = |v: f64| TOP + plot_h - v / top * plot_h;
    for (s, (name, values)) in series.iter().enumerate() {
        let mut d = String::new();
        let mut pen = false;
        let mut last_y = 0.0;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    let (x, y) = (x_of(i), y_of(*v));
                    if !pen {
                        let _ = write!(d, "M{x:.1} {y:.1}");
                    } else if steps {
                        let _ = write!(d, "H{x:.1}V{y:.1}");
                    } else {
                        let _ = write!(d, "L{x:.1} {y:.1}");
                    }
                    pen = true;
                    last_y = y;
                }
                None => pen = false,
            }
        }
        let _ = last_y;
        let _ = write!(out, "<path class=\"line s{s}\" d=\"{d}\"/>");
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    out,
                    "<circle class=\"dot s{s}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"><title>{} {}: {}{}</title></circle>",
                    x_of(i),
                    y_of(*v),
                    escape(name),
                    escape(&labels[i]),
                    format_number(*v),
                    unit
                );
            }
        }
        if series.len() > 1 {
            let _ = write!(
                out,
                "<rect class=\"dot s{s}\" x=\"{}\" y=\"{}\" width=\"10\" height=\"4\"/><text class=\"tick\" x=\"{}\" y=\"{}\">{}</text>",
                LEFT + 8.0 + s as f64 * 80.0,
                TOP + 2.0,
                LEFT + 22.0 + s as f64 * 80.0,
                TOP + 7.0,
                escape(name)
            );
        }
    }
    x_labels(&mut out, labels, x_of);
    let _ = write!(
        out,
        "<path class=\"axis\" d=\"M{LEFT} {}H{}\"/></svg>",
        TOP + plot_h,
        W - RIGHT
    );
    out
}

/// The single-leg bridge self-test over time, left and right.
pub fn bridge_trend(report: &coach::assessment::Report, label: &str) -> String {
    let labels: Vec<String> = report
        .bridge_trend
        .iter()
        .map(|p| p.date.strftime("%-d %b").to_string())
        .collect();
    let side = |pick: fn(&coach::assessment::BridgePoint) -> Option<u32>| {
        report
            .bridge_trend
            .iter()
            .map(|p| pick(p).map(f64::from))
            .collect()
    };
    lines(
        label,
        &labels,
        &[("left", side(|p| p.left)), ("right", side(|p| p.right))],
        "",
        false,
    )
}

/// Weeks shown in the heat map.
pub const HEAT_WEEKS: i64 = 18;

/// A calendar of the last [`HEAT_WEEKS`] weeks, one cell a day shaded by
/// the sets done (`sets_by_day`); returns the SVG and the days trained.
pub fn heatmap(sets_by_day: &BTreeMap<Date, usize>, today: Date) -> (String, usize) {
    let start = runs::week_start(today)
        .checked_sub((7 * (HEAT_WEEKS - 1)).days())
        .unwrap_or(today);
    let cell = 16.0;
    let left = 22.0;
    let width = left + HEAT_WEEKS as f64 * cell;
    let mut cells = String::new();
    let mut days_done = 0;
    let mut day = start;
    let mut index = 0_i64;
    while day <= today {
        let sets = sets_by_day.get(&day).copied().unwrap_or(0);
        if sets > 0 {
            days_done += 1;
        }
        let level = match sets {
            0 => 0,
            1..=2 => 1,
            3..=4 => 2,
            _ => 3,
        };
        let (week, weekday) = (index / 7, index % 7);
        cells.push_str(&format!(
            "<rect class=\"heat l{level}\" x=\"{:.0}\" y=\"{:.0}\" width=\"13\" height=\"13\" rx=\"3\"><title>{}: {}</title></rect>",
            left + week as f64 * cell,
            4.0 + weekday as f64 * cell,
            day,
            if sets == 0 {
                "rest".to_string()
            } else {
                coach::words::count(sets as u64, "set")
            }
        ));
        index += 1;
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    let labels: String = [(0, "M"), (2, "W"), (4, "F")]
        .iter()
        .map(|(row, text)| {
            format!(
                "<text class=\"tick\" x=\"2\" y=\"{:.0}\">{text}</text>",
                15.0 + f64::from(*row) * cell
            )
        })
        .collect();
    let svg = format!(
        "<svg class=\"heatmap\" viewBox=\"0 0 {width:.0} {:.0}\" role=\"img\" aria-label=\"Days trained in the last {HEAT_WEEKS} weeks: {days_done}\">{labels}{cells}</svg>",
        8.0 + 7.0 * cell
    );
    (svg, days_done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round_and_cover_the_data() {
        assert_eq!(nice_max(0.0), (1.0, 1.0));
        let (top, step) = nice_max(7.0);
        assert!((7.0..=10.0).contains(&top), "{top}");
        assert!(step >= 1.0);
        let (top, _) = nice_max(123.0);
        assert!((123.0..=200.0).contains(&top), "{top}");
    }

    #[test]
    fn numbers_never_read_minus_zero() {
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(-0.01), "0");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(3.0), "3");
    }

    #[test]
    fn charts_are_svg_with_an_accessible_name_and_escaped_text() {
        let labels = vec!["a<b".to_string(), "c".to_string()];
        let svg = bars("Sessions & weeks", &labels, &[1.0, 3.0], "");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-label=\"Sessions &amp; weeks\""));
        assert!(svg.contains("a&lt;b"));
        assert_eq!(svg.matches("class=\"bar\"").count(), 2);
        let svg = lines(
            "Reps",
            &labels,
            &[
                ("left", vec![Some(3.0), None]),
                ("right", vec![Some(4.0), Some(5.0)]),
            ],
            "",
            false,
        );
        assert_eq!(svg.matches("<circle").count(), 3);
    }
}
