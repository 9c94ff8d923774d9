//! Strava bulk export: `activities.csv` and matching its rows to files.
//!
//! The CSV is read with a small RFC 4180 reader ([`parse_csv`]): quoted
//! fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF.
//! Columns are found by their English or German header names; names that
//! repeat (`Distance`, `Elapsed Time`, `Max Heart Rate`) are told apart by
//! position (the second `Distance` is in metres, the first in km or miles),
//! and an unrecognised (localised) header falls back to the column positions
//! of the 2025 English export.

use std::collections::HashMap;

use crate::error::ImportError;
use crate::model::{Activity, SourceFormat, Sport};
use crate::time::days_from_civil;

/// One CSV record with the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRecord {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits RFC 4180 CSV into records. An unterminated quote is an error
/// naming the line where the quoted field began.
pub fn parse_csv(text: &str) -> Result<Vec<CsvRecord>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut quote_line = 0usize;
    let mut in_quotes = false;
    let mut field_started_quoted = false;
    // A line holding only `""` is a record with one empty field, not a blank line.
    let mut record_had_quotes = false;
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        if in_quotes {
            match character {
                '"' if characters.peek() == Some(&'"') => {
                    characters.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                other => field.push(other),
            }
            continue;
        }
        match character {
            '"' if field.is_empty() && !field_started_quoted => {
                in_quotes = true;
                field_started_quoted = true;
                record_had_quotes = true;
                quote_line = line;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                field_started_quoted = false;
            }
            '\r' if characters.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                field_started_quoted = false;
                let finished = std::mem::take(&mut fields);
                let blank = finished.len() == 1 && finished[0].is_empty() && !record_had_quotes;
                if !blank {
                    records.push(CsvRecord {
                        line: record_line,
                        fields: finished,
                    });
                }
                record_had_quotes = false;
                line += 1;
                record_line = line;
            }
            other => field.push(other),
        }
    }
    if in_quotes {
        return Err((quote_line, "a quoted field is never closed".into()));
    }
    if !field.is_empty() || !fields.is_empty() || field_started_quoted {
        fields.push(field);
        records.push(CsvRecord {
            line: record_line,
            fields,
        });
    }
    Ok(records)
}

/// The row of `activities.csv` for one activity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StravaRow {
    /// Line in `activities.csv` (1-based).
    pub line: usize,
    pub activity_id: Option<String>,
    /// Start, seconds since the Unix epoch (Strava writes UTC).
    pub start_s: Option<f64>,
    pub name: Option<String>,
    pub activity_type: Option<String>,
    pub description: Option<String>,
    pub gear: Option<String>,
    /// Relative path of the activity file; `None` for manual entries.
    pub filename: Option<String>,
    pub elapsed_s: Option<f64>,
    pub moving_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
}

/// Column positions of the fields we read.
#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    id: Option<usize>,
    date: Option<usize>,
    name: Option<usize>,
    activity_type: Option<usize>,
    description: Option<usize>,
    elapsed: Option<usize>,
    distance_display: Option<usize>,
    distance_metres: Option<usize>,
    max_hr: Option<usize>,
    gear: Option<usize>,
    filename: Option<usize>,
    moving: Option<usize>,
    avg_hr: Option<usize>,
}

impl Columns {
    /// Positions in the 2025 English export (research §4), used when the
    /// header names are not recognised.
    const ENGLISH_2025: Self = Self {
        id: Some(0),
        date: Some(1),
        name: Some(2),
        activity_type: Some(3),
        description: Some(4),
        elapsed: Some(5),
        distance_display: Some(6),
        distance_metres: Some(17),
        max_hr: Some(7),
        gear: Some(11),
        filename: Some(12),
        moving: Some(16),
        avg_hr: Some(31),
    };

    fn from_header(header: &[String]) -> Self {
        let mut columns = Self::default();
        for (position, name) in header.iter().enumerate() {
            let name = name.trim().to_lowercase();
            let slot = match name.as_str() {
                "activity id" | "aktivitäts-id" => &mut columns.id,
                "activity date" | "aktivitätsdatum" => &mut columns.date,
                "activity name" | "name der aktivität" | "aktivitätsname" => &mut columns.name,
                "activity type" | "aktivitätsart" | "aktivitätstyp" => &mut columns.activity_type,
                "activity description" | "aktivitätsbeschreibung" => &mut columns.description,
                "elapsed time" | "verstrichene zeit" => &mut columns.elapsed,
                "moving time" | "bewegungszeit" => &mut columns.moving,
                "activity gear" | "aktivitätsausrüstung" | "ausrüstung für aktivität" => {
                    &mut columns.gear
                }
                "filename" | "dateiname" => &mut columns.filename,
                "max heart rate" | "maximale herzfrequenz" | "max. herzfrequenz" => {
                    &mut columns.max_hr
                }
                "average heart rate"
                | "durchschnittliche herzfrequenz"
                | "durchschn. herzfrequenz" => &mut columns.avg_hr,
                "distance" | "distanz" | "strecke" => {
                    if columns.distance_display.is_none() {
                        &mut columns.distance_display
                    } else {
                        &mut columns.distance_metres
                    }
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(position);
            }
        }
        columns
    }

    fn recognised(&self) -> bool {
        self.date.is_some() && self.filename.is_some()
    }
}

fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let normalised = if text.contains(',') && !text.contains('.') {
        text.replace(',', ".")
    } else {
        text.replace(',', "")
    };
    normalised
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_lowercase();
    let prefix: String = lower.chars().take(3).collect();
    let month = match prefix.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" | "mär" | "mrz" => 3,
        "apr" => 4,
        "may" | "mai" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" | "okt" => 10,
        "nov" => 11,
        "dec" | "dez" => 12,
        _ => return None,
    };
    Some(month)
}

fn clock_seconds(text: &str) -> Option<i64> {
    let text = text.trim();
    let (clock, meridiem) = match text.rsplit_once(' ') {
        Some((clock, meridiem))
            if meridiem.eq_ignore_ascii_case("am") || meridiem.eq_ignore_ascii_case("pm") =>
        {
            (clock.trim(), Some(meridiem.eq_ignore_ascii_case("pm")))
        }
        _ => (text, None),
    };
    let mut parts = clock.split(':').map(|part| part.trim().parse::<i64>().ok());
    let mut hour = parts.next()??;
    let minute = parts.next()??;
    let second = parts.next().flatten().unwrap_or(0);
    if let Some(afternoon) = meridiem {
        hour %= 12;
        if afternoon {
            hour += 12;
        }
    }
    ((0..24).contains(&hour) && (0..60).contains(&minute) && (0..=60).contains(&second))
        .then_some(hour * 3600 + minute * 60 + second)
}

/// Parses Strava's date forms, all UTC: `Mar 12, 2024, 6:00:00 PM`,
/// `2018-09-12 15:02:23`, and German `12.03.2024, 18:00:00` or
/// `12. März 2024, 18:00:00`.
pub fn parse_strava_date(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some(parsed) = crate::time::parse_iso8601(text) {
        return Some(parsed.unix_s);
    }
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let (year, month, day, clock) = match parts.as_slice() {
        // "Mar 12", "2024", "6:00:00 PM"
        [month_day, year, clock] => {
            let (month, day) = month_day.split_once(' ')?;
            (
                year.parse::<i64>().ok()?,
                month_number(month)?,
                day.trim().parse::<u32>().ok()?,
                *clock,
            )
        }
        // "12.03.2024" or "12. März 2024", "18:00:00"
        [date, clock] => {
            let pieces: Vec<&str> = date
                .split(['.', ' '])
                .map(str::trim)
                .filter(|piece| !piece.is_empty())
                .collect();
            let [day, month, year] = pieces.as_slice() else {
                return None;
            };
            let month = month.parse::<u32>().ok().or_else(|| month_number(month))?;
            (
                year.parse::<i64>().ok()?,
                month,
                day.parse::<u32>().ok()?,
                *clock,
            )
        }
        _ => return None,
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let seconds = clock_seconds(clock)?;
    Some((days_from_civil(year, month, day) * 86_400 + seconds) as f64)
}

/// Normalises a path for matching: `/` separators, no `./`, lower case.
fn normalise_path(path: &str) -> String {
    let path = path.trim().replace('\\', "/").to_lowercase();
    path.trim_start_matches("./").to_string()
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The parsed `activities.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StravaIndex {
    pub rows: Vec<StravaRow>,
    pub warnings: Vec<String>,
    by_base_name: HashMap<String, usize>,
}

impl StravaIndex {
    /// Parses `activities.csv`. `file` names it in errors.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Self, ImportError> {
        let text = String::from_utf8_lossy(bytes);
        let records = parse_csv(&text).map_err(|(line, reason)| ImportError::Csv {
            file: file.to_string(),
            line,
            reason,
        })?;
        let Some((header, body)) = records.split_first() else {
            return Err(ImportError::Csv {
                file: file.to_string(),
                line: 1,
                reason: "the file has no header row".into(),
            });
        };
        let mut warnings = Vec::new();
        let mut columns = Columns::from_header(&header.fields);
        if !columns.recognised() {
            if header.fields.len() <= 12 {
                return Err(ImportError::Csv {
                    file: file.to_string(),
                    line: 1,
                    reason: format!(
                        "the header has {} columns and no recognised `Activity Date` and `Filename` columns",
                        header.fields.len()
                    ),
                });
            }
            warnings.push(format!(
                "{file} line 1: header names not recognised (a localised export?); columns were read by their position in the English export"
            ));
            columns = Columns::ENGLISH_2025;
        }
        let mut rows = Vec::with_capacity(body.len());
        let mut by_base_name = HashMap::new();
        for record in body {
            let text_at = |column: Option<usize>| {
                column
                    .and_then(|position| record.fields.get(position))
                    .map(|value| value.trim().to_string())
                    .filter(|value| !value.is_empty())
            };
            let number_at =
                |column: Option<usize>| text_at(column).as_deref().and_then(parse_number);
            let date_text = text_at(columns.date);
            let start_s = date_text.as_deref().and_then(parse_strava_date);
            if start_s.is_none() {
                warnings.push(format!(
                    "{file} line {}: the activity date {:?} could not be read",
                    record.line,
                    date_text.unwrap_or_default()
                ));
            }
            let distance_m = number_at(columns.distance_metres).or_else(|| {
                number_at(columns.distance_display).map(|kilometres| kilometres * 1000.0)
            });
            let row = StravaRow {
                line: record.line,
                activity_id: text_at(columns.id),
                start_s,
                name: text_at(columns.name),
                activity_type: text_at(columns.activity_type),
                description: text_at(columns.description),
                gear: text_at(columns.gear),
                filename: text_at(columns.filename),
                elapsed_s: number_at(columns.elapsed),
                moving_s: number_at(columns.moving),
                distance_m,
                avg_hr: number_at(columns.avg_hr),
                max_hr: number_at(columns.max_hr),
            };
            if let Some(filename) = &row.filename {
                by_base_name.insert(base_name(&normalise_path(filename)).to_string(), rows.len());
            }
            rows.push(row);
        }
        Ok(Self {
            rows,
            warnings,
            by_base_name,
        })
    }

    /// The row whose `Filename` names this path (relative to the export
    /// root, or any path ending in the same file name).
    pub fn find(&self, path: &str) -> Option<&StravaRow> {
        let normalised = normalise_path(path);
        let index = *self.by_base_name.get(base_name(&normalised))?;
        self.rows.get(index)
    }

    /// Copies the row's name, description, gear and (when the file did not
    /// state it, or only the kind of run differs) sport into the activity, and refreshes its fingerprint. Returns
    /// false when no row matches.
    pub fn annotate(&self, path: &str, activity: &mut Activity) -> bool {
        let Some(row) = self.find(path) else {
            return false;
        };
        activity.name = row.name.clone();
        activity.description = row.description.clone();
        activity.gear = row.gear.clone();
        if let Some(activity_type) = &row.activity_type {
            let sport = Sport::from_name(activity_type);
            let unsure = activity.sport == Sport::Other || activity.sport_inferred;
            if sport != Sport::Other
                && (unsure || (sport.is_running() && activity.sport.is_running()))
            {
                activity.sport = sport;
                activity.sport_inferred = false;
            }
        }
        activity.fingerprint = crate::summary::fingerprint(activity);
        true
    }

    /// Activities for rows without a file (manual entries), from the CSV's
    /// own distance and times. `file` is the CSV's name.
    pub fn manual_activities(&self, file: &str) -> Vec<Activity> {
        self.rows
            .iter()
            .filter(|row| row.filename.is_none())
            .filter_map(|row| {
                let start = jiff::Timestamp::from_second(row.start_s? as i64).ok()?;
                let distance_m = row.distance_m.unwrap_or(0.0);
                let duration_s = row.elapsed_s.unwrap_or(0.0);
                let moving_s = row.moving_s.unwrap_or(duration_s);
                let sport = row
                    .activity_type
                    .as_deref()
                    .map_or(Sport::Other, Sport::from_name);
                let mut activity = Activity {
                    file: format!("{file}:{}", row.line),
                    format: SourceFormat::StravaCsv,
                    sport,
                    start,
                    utc_offset_s: None,
                    distance_m,
                    duration_s,
                    moving_s,
                    pace_s_per_km: (distance_m > 0.0 && moving_s > 0.0)
                        .then(|| moving_s / distance_m * 1000.0),
                    avg_hr: row.avg_hr,
                    max_hr: row.max_hr,
                    avg_cadence_spm: None,
                    elevation_gain_m: None,
                    efficiency_factor: crate::metrics::efficiency_factor(
                        distance_m, moving_s, row.avg_hr,
                    ),
                    decoupling_pct: None,
                    dynamics: None,
                    device_summary: None,
                    name: row.name.clone(),
                    description: row.description.clone(),
                    gear: row.gear.clone(),
                    samples: 0,
                    fingerprint: String::new(),
                    warnings: Vec::new(),
                    assumptions: vec!["manual entry: values from activities.csv".into()],
                    sport_inferred: false,
                    pauses: Vec::new(),
                    splits: Vec::new(),
                    track: Vec::new(),
                };
                activity.fingerprint = crate::summary::fingerprint(&activity);
                Some(activity)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_commas_and_line_breaks() {
        let records =
            parse_csv("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3").unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].fields, ["x, y", "say \"hi\"", "two\nlines"]);
        assert_eq!(records[2].line, 4);
        assert_eq!(records[2].fields, ["1", "", "3"]);
    }

    #[test]
    fn unterminated_quote_names_its_line() {
        assert_eq!(
            parse_csv("a,b\n1,\"oops\n2,3\n"),
            Err((2, "a quoted field is never closed".into()))
        );
    }

    #[test]
    fn strava_dates_in_every_known_form() {
        let expected = 1_710_266_400.0; // 2024-03-12T18:00:00Z
        assert_eq!(
            parse_strava_date("Mar 12, 2024, 6:00:00 PM"),
            Some(expected)
        );
        assert_eq!(parse_strava_date("2024-03-12 18:00:00"), Some(expected));
        assert_eq!(parse_strava_date("12.03.2024, 18:00:00"), Some(expected));
        assert_eq!(parse_strava_date("12. März 2024, 18:00:00"), Some(expected));
        assert_eq!(
            parse_strava_date("Mar 12, 2024, 12:30:00 AM"),
            Some(expected - 17.5 * 3600.0)
        );
        assert_eq!(parse_strava_date("soon"), None);
    }

    #[test]
    fn decimal_commas_are_read() {
        assert_eq!(parse_number("8,1"), Some(8.1));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number(""), None);
    }
}
