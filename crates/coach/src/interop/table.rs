//! The importers' view of a CSV file: the records under a header whose
//! columns are found by name, and the field readers that turn a field into a
//! value or into a [`CsvError`] naming the file, line and column.

use std::collections::HashMap;

use jiff::civil::DateTime;

use super::csv::{self, Record};
use super::strength_csv::{App, CsvError, DistanceUnit, LoadUnit, MAX_BYTES, MAX_REPS};

/// The file as records, with the header's columns by name.
pub(super) struct Table {
    pub file: String,
    pub app: App,
    header: Vec<String>,
    columns: HashMap<String, usize>,
    pub records: Vec<Record>,
}

impl Table {
    pub(super) fn read(file: &str, bytes: &[u8], app: App) -> Result<Table, CsvError> {
        let whole = |message: String| CsvError {
            file: file.to_string(),
            line: 0,
            column: None,
            message,
        };
        if bytes.len() > MAX_BYTES {
            return Err(whole(format!(
                "the file is {} bytes, more than the {MAX_BYTES} bytes (32 MiB) an import reads: split it into parts that each start with the header line",
                bytes.len()
            )));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            CsvError {
                file: file.to_string(),
                line,
                column: None,
                message: "the text is not UTF-8: expected the app's CSV export as it was saved"
                    .into(),
            }
        })?;
        let delimiter = csv::detect_delimiter(text);
        let mut records = csv::records(text, delimiter).map_err(|e| CsvError {
            file: file.to_string(),
            line: e.line,
            column: Some((e.column, String::new())),
            message: e.message,
        })?;
        if records.is_empty() {
            return Err(whole(format!(
                "the file is empty: expected a {} CSV export starting with its header line",
                app.name()
            )));
        }
        let header: Vec<String> = records
            .remove(0)
            .fields
            .into_iter()
            .map(|h| h.trim().to_string())
            .collect();
        if let Some(row) = records.iter().find(|r| {
            r.fields.len() < header.len()
                || r.fields[header.len()..]
                    .iter()
                    .any(|f| !f.trim().is_empty())
        }) {
            return Err(CsvError {
                file: file.to_string(),
                line: row.line,
                column: None,
                message: format!(
                    "the row has {} fields where the header has {}: expected one field per column, separated by {} (a field holding one, a quote or a line break must be in double quotes)",
                    row.fields.len(),
                    header.len(),
                    csv::delimiter_name(delimiter)
                ),
            });
        }
        let columns = header
            .iter()
            .enumerate()
            .rev()
            .map(|(i, h)| (h.to_ascii_lowercase(), i))
            .collect();
        Ok(Table {
            file: file.to_string(),
            app,
            header,
            columns,
            records,
        })
    }

    pub(super) fn column(&self, name: &str) -> Option<usize> {
        self.columns.get(&name.to_ascii_lowercase()).copied()
    }

    pub(super) fn require(&self, names: &[&str]) -> Result<(), CsvError> {
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| self.column(n).is_none())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let other = match self.app {
            App::Hevy if self.column("Exercise Name").is_some() => {
                " (it looks like a Strong export: import it --from strong)"
            }
            App::Strong if self.column("exercise_title").is_some() => {
                " (it looks like a Hevy export: import it --from hevy)"
            }
            _ => "",
        };
        Err(CsvError {
            file: self.file.clone(),
            line: 1,
            column: None,
            message: format!(
                "the header lacks the column{} {}: expected a {} CSV export, whose header has {}{other}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                self.app.name(),
                names.join(", ")
            ),
        })
    }
}

/// One data record with its table, for reading fields and naming errors.
pub(super) struct Row<'a> {
    pub table: &'a Table,
    pub record: &'a Record,
}

impl Row<'_> {
    pub(super) fn text(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.record.fields.get(c))
            .map_or("", |s| s.trim())
    }

    pub(super) fn invalid(&self, column: Option<usize>, expected: &str) -> CsvError {
        let found = self.text(column);
        let mut shown: String = found.chars().take(40).collect();
        if shown.len() < found.len() {
            shown.push('…');
        }
        CsvError {
            file: self.table.file.clone(),
            line: self.record.line,
            column: column.map(|c| (c + 1, self.table.header[c].clone())),
            message: if found.is_empty() {
                format!("the field is empty: expected {expected}")
            } else {
                format!("{shown:?} is not valid: expected {expected}")
            },
        }
    }

    pub(super) fn datetime(&self, column: Option<usize>) -> Result<Option<DateTime>, CsvError> {
        let text = self.text(column);
        if text.is_empty() {
            return Ok(None);
        }
        csv::local_datetime(text).map(Some).ok_or_else(|| {
            self.invalid(
                column,
                "a date and time such as 12 Jan 2026, 18:05 or 2026-01-12 18:05:00",
            )
        })
    }

    pub(super) fn non_negative(
        &self,
        column: Option<usize>,
        what: &str,
    ) -> Result<Option<f64>, CsvError> {
        match csv::number(self.text(column)) {
            Ok(Some(value)) if value >= 0.0 => Ok(Some(value)),
            Ok(None) => Ok(None),
            _ => Err(self.invalid(
                column,
                &format!("{what}: a number of 0 or more, or nothing"),
            )),
        }
    }

    pub(super) fn reps(&self, column: Option<usize>) -> Result<Option<u32>, CsvError> {
        match csv::number(self.text(column)) {
            Ok(None) => Ok(None),
            Ok(Some(value))
                if value.fract() == 0.0 && (0.0..=f64::from(MAX_REPS)).contains(&value) =>
            {
                Ok(Some(value as u32))
            }
            _ => Err(self.invalid(
                column,
                &format!("a whole number of repetitions from 0 to {MAX_REPS}, or nothing"),
            )),
        }
    }

    pub(super) fn rpe(&self, column: Option<usize>) -> Result<Option<f64>, CsvError> {
        match csv::number(self.text(column)) {
            Ok(None) => Ok(None),
            Ok(Some(0.0)) => Ok(None),
            Ok(Some(value)) if (1.0..=10.0).contains(&value) => Ok(Some(value)),
            _ => Err(self.invalid(column, "an RPE from 1 to 10, or nothing")),
        }
    }

    pub(super) fn weight_unit(&self, column: Option<usize>) -> Result<LoadUnit, CsvError> {
        match self.text(column).to_ascii_lowercase().as_str() {
            "" if column.is_none() => Ok(LoadUnit::Unstated),
            "kg" | "kgs" => Ok(LoadUnit::Kg),
            "lb" | "lbs" => Ok(LoadUnit::Lb),
            _ => Err(self.invalid(column, "kg or lbs")),
        }
    }

    pub(super) fn distance_unit(&self, column: Option<usize>) -> Result<DistanceUnit, CsvError> {
        match self.text(column).to_ascii_lowercase().as_str() {
            "" if column.is_none() => Ok(DistanceUnit::Unstated),
            "m" => Ok(DistanceUnit::Metres),
            "km" => Ok(DistanceUnit::Kilometres),
            "mi" | "mi." | "miles" => Ok(DistanceUnit::Miles),
            "ft" => Ok(DistanceUnit::Feet),
            _ => Err(self.invalid(column, "km, m, mi or ft")),
        }
    }
}
