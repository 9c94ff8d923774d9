//! Timestamp parsing for XML formats and FIT time conversion.
//!
//! XML timestamps are parsed by hand (they sit on every track point and a
//! general-purpose parser would dominate the profile): `YYYY-MM-DDTHH:MM:SS`
//! with optional fractional seconds and an optional `Z` or `±hh:mm` offset.
//! A timestamp without an offset is read as UTC and reported as naive so the
//! caller can record the assumption.

use crate::fit::FIT_EPOCH_UNIX_OFFSET;

/// A parsed XML timestamp.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedTime {
    /// Seconds since the Unix epoch, UTC.
    pub unix_s: f64,
    /// True when the text had no `Z` or offset (assumed UTC).
    pub naive: bool,
}

/// Days from 1970-01-01 to the given proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// Parses an ISO 8601 / RFC 3339 date-time. Accepts a space instead of `T`.
pub fn parse_iso8601(text: &str) -> Option<ParsedTime> {
    let bytes = text.trim().as_bytes();
    if bytes.len() < 19 {
        return None;
    }
    if bytes[4] != b'-'
        || bytes[7] != b'-'
        || !matches!(bytes[10], b'T' | b't' | b' ')
        || bytes[13] != b':'
    {
        return None;
    }
    let year = digits(&bytes[0..4])?;
    let month = digits(&bytes[5..7])?;
    let day = digits(&bytes[8..10])?;
    let hour = digits(&bytes[11..13])?;
    let minute = digits(&bytes[14..16])?;
    if bytes[16] != b':' {
        return None;
    }
    let second = digits(&bytes[17..19])?;
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 24
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &bytes[19..];
    let mut fraction = 0.0;
    if let Some((&b'.' | &b',', tail)) = rest.split_first() {
        let length = tail.iter().take_while(|byte| byte.is_ascii_digit()).count();
        if length == 0 {
            return None;
        }
        let mut scale = 0.1;
        for &byte in &tail[..length] {
            fraction += f64::from(byte - b'0') * scale;
            scale /= 10.0;
        }
        rest = &tail[length..];
    }
    let (offset_s, naive) = match rest {
        [] => (0i64, true),
        [b'Z' | b'z'] => (0, false),
        [sign @ (b'+' | b'-'), hours @ ..] if !hours.is_empty() => {
            let (hours_part, minutes_part) = match hours {
                [h1, h2, b':', m1, m2] => ([*h1, *h2], [*m1, *m2]),
                [h1, h2, m1, m2] => ([*h1, *h2], [*m1, *m2]),
                [h1, h2] => ([*h1, *h2], [b'0', b'0']),
                _ => return None,
            };
            let offset =
                i64::from(digits(&hours_part)?) * 3600 + i64::from(digits(&minutes_part)?) * 60;
            (if *sign == b'-' { -offset } else { offset }, false)
        }
        _ => return None,
    };
    let days = days_from_civil(i64::from(year), month, day);
    let seconds =
        days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
            - offset_s;
    Some(ParsedTime {
        unix_s: seconds as f64 + fraction,
        naive,
    })
}

/// FIT `date_time` to Unix seconds; `None` for device-relative values.
pub fn fit_to_unix(fit_time: u32) -> Option<f64> {
    (fit_time >= crate::fit::FIT_MIN_ABSOLUTE_TIME)
        .then(|| f64::from(fit_time) + FIT_EPOCH_UNIX_OFFSET as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms_to_the_same_instant() {
        let utc = parse_iso8601("2016-06-17T23:41:03Z").unwrap();
        assert!(!utc.naive);
        assert_eq!(utc.unix_s, 1_466_206_863.0);
        let offset = parse_iso8601("2016-06-18T01:41:03+02:00").unwrap();
        assert_eq!(offset.unix_s, utc.unix_s);
        let naive = parse_iso8601("2016-06-17 23:41:03").unwrap();
        assert!(naive.naive);
        assert_eq!(naive.unix_s, utc.unix_s);
        let fraction = parse_iso8601("2016-05-27T10:08:47.8Z").unwrap();
        assert!((fraction.unix_s.fract() - 0.8).abs() < 1e-6);
    }

    #[test]
    fn rejects_garbage() {
        for text in [
            "",
            "yesterday",
            "2016-13-01T00:00:00Z",
            "2016-06-17T23:41:03Q",
            "2016-06-17T23:41:03+2",
        ] {
            assert_eq!(parse_iso8601(text), None, "{text}");
        }
    }

    #[test]
    fn civil_days_agree_with_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(
            days_from_civil(1989, 12, 31) * 86_400,
            FIT_EPOCH_UNIX_OFFSET
        );
    }
}
