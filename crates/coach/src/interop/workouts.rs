//! Rows of an import gathered into workouts, and workouts turned into
//! sessions: the part of the importers that Hevy and Strong share (the
//! rules are in [`super::strength_csv`]'s documentation).

use std::collections::{BTreeMap, HashMap};

use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use super::names::{ImportNames, Match};
use super::strength_csv::{
    CsvError, Distance, ImportPlan, ImportedSession, ImportedSet, Load, SetKind, Unmatched,
};
use super::table::{Row, Table};
use crate::library::Library;
use crate::model::{Feedback, Session, SetRecord, Source};

/// A set as read, before it is placed in its session.
pub(super) struct RawSet {
    pub name: String,
    pub name_column: Option<usize>,
    pub kind: SetKind,
    pub reps: Option<u32>,
    pub seconds: Option<f64>,
    pub load: Option<Load>,
    pub distance: Option<Distance>,
    pub rpe: Option<f64>,
    pub note: String,
}

/// A workout as read so far.
pub(super) struct Workout {
    pub line: usize,
    pub title: String,
    pub start: Option<DateTime>,
    pub end: Option<DateTime>,
    /// Workout-level notes, in file order, repeats included (removed later).
    pub notes: Vec<String>,
    /// (exercise name, note) pairs, in file order.
    pub exercise_notes: Vec<(String, String)>,
    pub sets: Vec<(SetRecord, ImportedSet)>,
}

/// Collects rows into workouts and converts them into sessions.
pub(super) struct Builder<'a> {
    table: &'a Table,
    library: &'a Library,
    zone: &'a TimeZone,
    names: ImportNames,
    pub workouts: Vec<Workout>,
    by_key: HashMap<String, usize>,
    unmatched: BTreeMap<String, Unmatched>,
    pub skipped_rows: usize,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        table: &'a Table,
        library: &'a Library,
        zone: &'a TimeZone,
    ) -> Result<Self, CsvError> {
        let names = ImportNames::embedded(library).map_err(|e| CsvError {
            file: table.file.clone(),
            line: 0,
            column: None,
            message: format!("cannot be matched to exercises, because {e}"),
        })?;
        Ok(Builder {
            table,
            library,
            zone,
            names,
            workouts: Vec::new(),
            by_key: HashMap::new(),
            unmatched: BTreeMap::new(),
            skipped_rows: 0,
        })
    }

    pub(super) fn workout(
        &mut self,
        key: String,
        row: &Row<'_>,
        start: Option<DateTime>,
        title: String,
    ) -> usize {
        let index = *self.by_key.entry(key).or_insert_with(|| {
            self.workouts.push(Workout {
                line: row.record.line,
                title,
                start: None,
                end: None,
                notes: Vec::new(),
                exercise_notes: Vec::new(),
                sets: Vec::new(),
            });
            self.workouts.len() - 1
        });
        let workout = &mut self.workouts[index];
        workout.start = workout.start.or(start);
        index
    }

    pub(super) fn add_set(
        &mut self,
        index: usize,
        raw: RawSet,
        row: &Row<'_>,
    ) -> Result<(), CsvError> {
        let found = self
            .names
            .find(self.library, &raw.name)
            .ok_or_else(|| row.invalid(raw.name_column, "an exercise name"))?;
        let exercise = match &found {
            Match::Library(id) => self.library.get(id),
            Match::Custom(id) => {
                self.unmatched
                    .entry(id.clone())
                    .or_insert_with(|| Unmatched {
                        name: raw.name.clone(),
                        id: id.clone(),
                        sets: 0,
                    })
                    .sets += 1;
                None
            }
        };
        let seconds = raw.seconds.filter(|s| *s > 0.0);
        let (reps, hold_s) = match (raw.reps.unwrap_or(0), seconds) {
            (0, Some(seconds)) => (1, seconds),
            (reps, _) => (reps, exercise.map_or(0.0, |e| e.tempo.top_s)),
        };
        let tension_s = match (seconds, exercise) {
            (Some(seconds), _) => seconds,
            (None, Some(e)) => f64::from(reps) * e.tempo.rep_seconds(),
            (None, None) => 0.0,
        };
        let workout = &mut self.workouts[index];
        let note = (raw.name.clone(), raw.note.clone());
        if !raw.note.is_empty() && !workout.exercise_notes.contains(&note) {
            workout.exercise_notes.push(note);
        }
        let record = SetRecord {
            exercise: found.id().to_string(),
            position: workout.sets.len() as u32 + 1,
            reps,
            target_reps: if raw.kind == SetKind::Warmup { 0 } else { reps },
            side: None,
            hold_s,
            tension_s,
            completed_at_ms: 0,
        };
        workout.sets.push((
            record,
            ImportedSet {
                name: raw.name,
                kind: raw.kind,
                load: raw.load,
                distance: raw.distance,
                rpe: raw.rpe,
            },
        ));
        Ok(())
    }

    pub(super) fn finish(self) -> Result<ImportPlan, CsvError> {
        let rows = self.table.records.len();
        let mut sessions = Vec::with_capacity(self.workouts.len());
        for workout in self.workouts {
            let at_line = |message: String| CsvError {
                file: self.table.file.clone(),
                line: workout.line,
                column: None,
                message,
            };
            let Some(start) = workout.start else {
                return Err(at_line(
                    "the workout has no start time: expected a date and time on its rows".into(),
                ));
            };
            let instant = |dt: DateTime| {
                self.zone.to_timestamp(dt).map_err(|e| {
                    at_line(format!(
                        "the time {dt} cannot be placed in the time zone ({e})"
                    ))
                })
            };
            let started = instant(start)?;
            let ended = match workout.end {
                Some(end) if end < start => {
                    return Err(at_line(format!(
                        "the workout ends ({end}) before it starts ({start}): expected an end after the start"
                    )));
                }
                Some(end) => instant(end)?,
                None => started,
            };
            let ended = ended.max(started);
            let mut note_lines: Vec<String> = vec![workout.title.clone()];
            for note in workout.notes.into_iter().filter(|n| !n.is_empty()) {
                if !note_lines.contains(&note) {
                    note_lines.push(note);
                }
            }
            for (exercise, note) in workout.exercise_notes {
                note_lines.push(format!("{exercise}: {note}"));
            }
            let note = note_lines.join("\n");
            let (records, extras): (Vec<SetRecord>, Vec<ImportedSet>) = workout
                .sets
                .into_iter()
                .map(|(mut set, extra)| {
                    set.completed_at_ms = ended.as_millisecond();
                    (set, extra)
                })
                .unzip();
            sessions.push(ImportedSession {
                session: Session {
                    id: 0,
                    date: start.date(),
                    source: Source::Import,
                    started_at_ms: started.as_millisecond(),
                    finished_at_ms: Some(ended.as_millisecond()),
                    stage: None,
                    feedback: Feedback::default(),
                    note: (!note.trim().is_empty()).then_some(note),
                    prescribed: Vec::new(),
                    sets: records,
                },
                title: workout.title,
                sets: extras,
            });
        }
        sessions.sort_by_key(|s| s.session.started_at_ms);
        let mut unmatched: Vec<Unmatched> = self.unmatched.into_values().collect();
        unmatched.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ImportPlan {
            app: self.table.app,
            sessions,
            unmatched,
            rows,
            skipped_rows: self.skipped_rows,
        })
    }
}
