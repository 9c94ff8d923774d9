//! A small CSV reader for the exports of other apps: RFC 4180 (quoted fields
//! with `""` escapes, delimiters and line breaks inside quotes, CRLF or LF)
//! plus what spreadsheet exports do (a UTF-8 byte-order mark, `;` or tab as
//! the delimiter, blank lines). Every record keeps the line it starts on so an
//! error can name it, and every field its column.
//!
//! Also the field readers the importers share: numbers with a decimal point
//! or comma, local date-times in the formats the apps write, and durations.

use jiff::civil::DateTime;

/// One record: the fields and the line (from 1) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A malformed file: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The delimiter of a file: whichever of `,`, `;` and tab occurs most often
/// outside quotes in its first line (`,` when none does).
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                for (delimiter, count) in &mut counts {
                    if byte == *delimiter {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .copied()
        .fold(
            (b',', 0),
            |best, next| if next.1 > best.1 { next } else { best },
        )
        .0
}

/// Splits `text` into records. Blank lines are skipped; a leading byte-order
/// mark is ignored.
pub(crate) fn records(text: &str, delimiter: u8) -> Result<Vec<Record>, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut records = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < bytes.len() {
        let start_line = line;
        let mut fields = Vec::new();
        loop {
            let mut field: Vec<u8> = Vec::new();
            if bytes.get(i) == Some(&b'"') {
                let opened_on = line;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => {
                            return Err(SyntaxError {
                                line: opened_on,
                                column: fields.len() + 1,
                                message: "a quoted field is never closed: expected a closing \" (a quote inside a field is written \"\")".into(),
                            });
                        }
                        Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                            field.push(b'"');
                            i += 2;
                        }
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(&byte) => {
                            if byte == b'\n' {
                                line += 1;
                            }
                            field.push(byte);
                            i += 1;
                        }
                    }
                }
                match bytes.get(i) {
                    None | Some(b'\n' | b'\r') => {}
                    Some(&byte) if byte == delimiter => {}
                    Some(_) => {
                        return Err(SyntaxError {
                            line,
                            column: fields.len() + 1,
                            message: format!(
                                "text follows a closing quote: expected {} or the end of the line (a quote inside a field is written \"\")",
                                delimiter_name(delimiter)
                            ),
                        });
                    }
                }
            } else {
                while let Some(&byte) = bytes.get(i) {
                    if byte == delimiter || byte == b'\n' || byte == b'\r' {
                        break;
                    }
                    field.push(byte);
                    i += 1;
                }
            }
            // Split only at ASCII bytes, so every field is whole UTF-8.
            fields.push(String::from_utf8_lossy(&field).into_owned());
            match bytes.get(i) {
                Some(&byte) if byte == delimiter => i += 1,
                Some(b'\r') => {
                    i += if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    line += 1;
                    break;
                }
                Some(b'\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        let blank = fields.len() == 1 && fields[0].trim().is_empty();
        if !blank {
            records.push(Record {
                line: start_line,
                fields,
            });
        }
    }
    Ok(records)
}

/// How a delimiter is named in a message.
pub(crate) fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => "a semicolon",
        b'\t' => "a tab",
        _ => "a comma",
    }
}

/// A number written with a decimal point or a decimal comma (`72.5`,
/// `72,5`); `None` for an empty field or `NaN`. `Err` for anything else.
pub(crate) fn number(text: &str) -> Result<Option<f64>, ()> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("nan") {
        return Ok(None);
    }
    let text = if !text.contains('.') && text.matches(',').count() == 1 {
        text.replace(',', ".")
    } else {
        text.to_string()
    };
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Some(value)),
        _ => Err(()),
    }
}

/// A local date and time as the apps write them: `12 Jan 2026, 12:17`
/// (Hevy), `2026-01-12 12:17:05` or `2026-01-12 12:17:05 pm` (Strong, with
/// any kind of space before am/pm), or ISO 8601 with a `T`.
pub(crate) fn local_datetime(text: &str) -> Option<DateTime> {
    let text: String = text
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    const FORMATS: &[&str] = &[
        "%d %b %Y, %H:%M",
        "%d %B %Y, %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %I:%M:%S %p",
        "%Y-%m-%d %I:%M %p",
    ];
    FORMATS
        .iter()
        .find_map(|format| DateTime::strptime(format, &text).ok())
}

/// A duration in seconds: `1h 5m`, `35m`, `45s`, `1h 2m 3s`, `1:05:00`, or
/// a plain number of seconds. `None` for an empty field; `Err` otherwise.
pub(crate) fn duration_s(text: &str) -> Result<Option<f64>, ()> {
    let text = text.trim().to_ascii_lowercase();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(Some(seconds)) = number(&text) {
        return if seconds >= 0.0 {
            Ok(Some(seconds))
        } else {
            Err(())
        };
    }
    if text.contains(':') {
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() > 3 {
            return Err(());
        }
        let mut total = 0.0;
        for part in parts {
            let value: u32 = part.parse().map_err(|_| ())?;
            total = total * 60.0 + f64::from(value);
        }
        return Ok(Some(total));
    }
    let mut total = 0.0;
    let mut digits = String::new();
    let mut units_seen = 0;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() || c == '.' {
            digits.push(c);
            continue;
        }
        let scale = match c {
            'h' => 3600.0,
            'm' => 60.0,
            's' => 1.0,
            _ => return Err(()),
        };
        let value: f64 = digits.parse().map_err(|_| ())?;
        total += value * scale;
        digits.clear();
        units_seen += 1;
    }
    if !digits.is_empty() || units_seen == 0 {
        return Err(());
    }
    Ok(Some(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn fields(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        records(text, delimiter)
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_line_breaks() {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\n";
        let parsed = records(text, b',').unwrap();
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[1].fields, vec!["x, y", "say \"hi\"", "two\nlines"]);
        assert_eq!(parsed[1].line, 2);
        assert_eq!(parsed[2].line, 4, "the quoted line break counts");
        assert_eq!(parsed[2].fields, vec!["last", "", ""]);
    }

    #[test]
    fn blank_lines_and_a_byte_order_mark_are_ignored() {
        let text = "\u{feff}h1;h2\n\n1;2\n\r\n";
        assert_eq!(fields(text, b';'), vec![vec!["h1", "h2"], vec!["1", "2"]]);
        assert_eq!(
            fields("no newline at end", b','),
            vec![vec!["no newline at end"]]
        );
    }

    #[test]
    fn malformed_quotes_name_the_line_and_column() {
        let err = records("a,b\n1,\"open\n2,3\n", b',').unwrap_err();
        assert_eq!((err.line, err.column), (2, 2));
        assert!(err.message.contains("never closed"), "{}", err.message);
        let err = records("a,b\n\"x\"y,2\n", b',').unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.contains("expected a comma"), "{}", err.message);
    }

    #[test]
    fn the_delimiter_is_read_from_the_header() {
        assert_eq!(detect_delimiter("Date;Workout Name;\"a,b\"\n1,2,3,4"), b';');
        assert_eq!(detect_delimiter("title,start_time\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(""), b',');
    }

    #[test]
    fn numbers_accept_a_decimal_comma() {
        assert_eq!(number("72,5"), Ok(Some(72.5)));
        assert_eq!(number(" 10.0 "), Ok(Some(10.0)));
        assert_eq!(number(""), Ok(None));
        assert_eq!(number("NaN"), Ok(None));
        assert_eq!(number("ten"), Err(()));
        assert_eq!(number("1,000,5"), Err(()));
        assert_eq!(number("inf"), Err(()));
    }

    #[test]
    fn the_apps_date_formats_are_read() {
        let expected = date(2026, 1, 12).at(12, 17, 0, 0);
        for text in [
            "12 Jan 2026, 12:17",
            "2026-01-12 12:17:00",
            "2026-01-12 12:17",
            "2026-01-12T12:17:00",
            "2026-01-12 12:17:00\u{202f}PM",
            "2026-01-12 12:17 pm",
        ] {
            assert_eq!(local_datetime(text), Some(expected), "{text}");
        }
        assert_eq!(
            local_datetime("2026-01-12 5:36:08 am"),
            Some(date(2026, 1, 12).at(5, 36, 8, 0))
        );
        assert_eq!(local_datetime("12/01/2026 12:17"), None);
        assert_eq!(local_datetime("2026-02-30 10:00:00"), None);
    }

    /// CSV as a spreadsheet writes it: fields with a delimiter, a quote or a
    /// line break quoted, quotes doubled.
    fn write(rows: &[Vec<String>], delimiter: u8) -> String {
        let delimiter = char::from(delimiter);
        let mut out = String::new();
        for row in rows {
            let fields: Vec<String> = row
                .iter()
                .map(|f| {
                    if f.contains([delimiter, '"', '\n', '\r']) {
                        format!("\"{}\"", f.replace('"', "\"\""))
                    } else {
                        f.clone()
                    }
                })
                .collect();
            out.push_str(&fields.join(&delimiter.to_string()));
            out.push_str("\r\n");
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn what_a_spreadsheet_writes_reads_back_unchanged(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-zé€ ,;\"\n\r]{0,8}", 2..6),
                0..8,
            ),
            semicolon in proptest::bool::ANY,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let read: Vec<Vec<String>> = records(&write(&rows, delimiter), delimiter)
                .unwrap()
                .into_iter()
                .map(|r| r.fields)
                .collect();
            proptest::prop_assert_eq!(read, rows);
        }
    }

    #[test]
    fn durations_in_the_apps_formats() {
        assert_eq!(duration_s("1h 5m"), Ok(Some(3900.0)));
        assert_eq!(duration_s("35m"), Ok(Some(2100.0)));
        assert_eq!(duration_s("45s"), Ok(Some(45.0)));
        assert_eq!(duration_s("1h2m3s"), Ok(Some(3723.0)));
        assert_eq!(duration_s("1:05:00"), Ok(Some(3900.0)));
        assert_eq!(duration_s("2100"), Ok(Some(2100.0)));
        assert_eq!(duration_s(""), Ok(None));
        assert_eq!(duration_s("5 minutes"), Err(()));
        assert_eq!(duration_s("h"), Err(()));
        assert_eq!(duration_s("-5"), Err(()));
    }
}
