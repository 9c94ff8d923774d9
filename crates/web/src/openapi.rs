//! The OpenAPI 3.1 document of `/api/v1`, generated from [`ROUTES`], the
//! table of every API operation. The router test walks the same table and
//! checks that each operation is routed, so the document cannot list a route
//! that does not exist or miss one that the test knows.

use axum::Json;
use serde_json::{Map, Value, json};

/// One API operation.
pub struct Operation {
    pub method: &'static str,
    /// Path under `/api/v1`, axum syntax (`{id}` parameters).
    pub path: &'static str,
    pub summary: &'static str,
    /// Schema name of the JSON request body, if any.
    pub body: Option<&'static str>,
    /// Success status and the schema name of its body ("" for none).
    pub ok: (u16, &'static str),
    /// Query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
}

const fn op(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    body: Option<&'static str>,
    ok: (u16, &'static str),
) -> Operation {
    Operation {
        method,
        path,
        summary,
        body,
        ok,
        query: &[],
    }
}

/// Every operation of the API.
pub const ROUTES: &[Operation] = &[
    op(
        "get",
        "/today",
        "Today's prescription with its reasons, and the habit stats",
        None,
        (200, "Today"),
    ),
    Operation {
        query: &[(
            "exercise",
            "Guide only this exercise (id or alias) instead of today's plan",
        )],
        ..op(
            "get",
            "/guide",
            "The guided-session timeline to play, and today's unfinished browser session to resume",
            None,
            (200, "Guide"),
        )
    },
    Operation {
        query: &[
            ("from", "First day, YYYY-MM-DD"),
            ("to", "Last day, YYYY-MM-DD"),
            ("limit", "At most this many of the latest sessions"),
        ],
        ..op(
            "get",
            "/sessions",
            "Sessions, oldest first, set by set",
            None,
            (200, "SessionList"),
        )
    },
    op(
        "post",
        "/sessions",
        "Create a browser session with its first completed set, or append sets to the session with the same started_at_ms (idempotent)",
        Some("NewSession"),
        (201, "Saved"),
    ),
    op(
        "get",
        "/sessions/{id}",
        "One session with its sets",
        None,
        (200, "Session"),
    ),
    op(
        "patch",
        "/sessions/{id}",
        "Correct a session's day, answers or note",
        Some("SessionEdit"),
        (200, "Session"),
    ),
    op(
        "delete",
        "/sessions/{id}",
        "Delete a session and its sets",
        None,
        (204, ""),
    ),
    op(
        "post",
        "/sessions/{id}/sets",
        "Add one completed set (idempotent on its position)",
        Some("SetRecord"),
        (201, "Saved"),
    ),
    op(
        "post",
        "/sessions/{id}/finish",
        "The end-of-session answers; returns the session and tomorrow's plan",
        Some("Feedback"),
        (200, "Finished"),
    ),
    op(
        "get",
        "/stats",
        "Streak, adherence and totals",
        None,
        (200, "Stats"),
    ),
    op(
        "get",
        "/library",
        "Every exercise with set-up, cues, faults and sources",
        None,
        (200, "ExerciseList"),
    ),
    op(
        "get",
        "/library/{id}",
        "One exercise (id or alias) and its key poses",
        None,
        (200, "ExerciseView"),
    ),
    op(
        "get",
        "/checks",
        "Self-assessments and the report on the latest",
        None,
        (200, "Checks"),
    ),
    op(
        "post",
        "/checks",
        "Store a self-assessment taken today",
        Some("CheckAnswers"),
        (201, "Assessment"),
    ),
    op(
        "post",
        "/check-in",
        "Today's answers before the first set (pain now, heavy legs); returns the plan that follows them",
        Some("CheckIn"),
        (201, "Object"),
    ),
    op(
        "get",
        "/settings",
        "The browser's preferences",
        None,
        (200, "Settings"),
    ),
    op(
        "put",
        "/settings",
        "Replace the browser's preferences",
        Some("Settings"),
        (200, "Settings"),
    ),
    Operation {
        query: &[(
            "from",
            "Only activities starting on or after this day, YYYY-MM-DD",
        )],
        ..op(
            "get",
            "/activities",
            "Imported activities (runs and other sports), oldest first",
            None,
            (200, "ActivityList"),
        )
    },
    Operation {
        query: &[(
            "file",
            "The file's name (FIT, GPX, TCX, .gz or .zip); the request body is the file's bytes",
        )],
        ..op(
            "post",
            "/activities",
            "Import one activity file or archive: imported, duplicates skipped, and files that could not be read (`failed`); 422 with `error` and `failed` when nothing could be read",
            None,
            (200, "ImportSummary"),
        )
    },
    op(
        "get",
        "/openapi.json",
        "This document",
        None,
        (200, "Object"),
    ),
];

fn object(properties: Value, required: &[&str]) -> Value {
    let mut schema = json!({"type": "object", "required": required});
    schema["properties"] = properties;
    schema
}

fn schemas() -> Value {
    let num = json!({"type": "number"});
    let int = json!({"type": "integer"});
    let opt_int = json!({"type": ["integer", "null"]});
    let felt = json!({"type": ["string", "null"], "enum": ["glutes", "hamstrings", "low-back", "quads", "front-of-hip", "other", null]});
    let set_record = object(
        json!({
            "exercise": {"type": "string", "description": "exercise id"},
            "position": {"type": "integer", "minimum": 1, "maximum": 1000},
            "reps": {"type": "integer", "minimum": 0, "maximum": 500},
            "target_reps": {"type": "integer", "minimum": 0, "maximum": 500},
            "side": {"type": ["string", "null"], "enum": ["left", "right", null]},
            "hold_s": num, "tension_s": num,
            "completed_at_ms": int,
        }),
        &[
            "exercise",
            "position",
            "reps",
            "target_reps",
            "hold_s",
            "tension_s",
            "completed_at_ms",
        ],
    );
    let session = object(
        json!({
            "id": int, "date": {"type": "string", "format": "date"},
            "source": {"type": "string", "enum": ["terminal", "web", "log", "import"]},
            "started_at_ms": int, "finished_at_ms": opt_int,
            "stage": {"type": ["string", "null"]},
            "rpe": opt_int, "felt": felt, "pain": opt_int,
            "note": {"type": ["string", "null"]},
            "sets": {"type": "array", "items": {"$ref": "#/components/schemas/SetRecord"}},
        }),
        &["id", "date", "source", "started_at_ms", "sets"],
    );
    let any = json!({"type": "object", "additionalProperties": true});
    json!({
        "Error": object(json!({"error": {"type": "string", "description": "one sentence saying what was wrong and what is accepted"}}), &["error"]),
        "Object": any,
        "SetRecord": set_record,
        "Session": session,
        "SessionList": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
        "NewSession": object(json!({
            "date": {"type": "string", "format": "date", "description": "default today; not in the future"},
            "started_at_ms": {"type": "integer", "description": "the session's key: a repeat appends to the same session"},
            "stage": {"type": ["string", "null"]},
            "note": {"type": ["string", "null"], "maxLength": 2000},
            "sets": {"type": "array", "minItems": 1, "maxItems": crate::api::MAX_SETS_PER_REQUEST, "items": {"$ref": "#/components/schemas/SetRecord"}},
        }), &["started_at_ms", "sets"]),
        "Saved": object(json!({"id": int, "added": {"type": "integer", "description": "sets that were new"}}), &["id", "added"]),
        "Feedback": object(json!({"rpe": {"type": ["integer", "null"], "minimum": 1, "maximum": 10}, "felt": felt, "pain": {"type": ["integer", "null"], "minimum": 0, "maximum": 10}}), &[]),
        "SessionEdit": object(json!({"date": {"type": "string", "format": "date"}, "rpe": opt_int, "felt": felt, "pain": opt_int, "note": {"type": "string"}}), &[]),
        "Finished": object(json!({"session": {"$ref": "#/components/schemas/Session"}, "next": any}), &["session", "next"]),
        "Today": object(json!({"date": {"type": "string", "format": "date"}, "prescription": any, "stats": {"$ref": "#/components/schemas/Stats"}}), &["date", "prescription", "stats"]),
        "Guide": object(json!({"date": {"type": "string", "format": "date"}, "stage": {"type": "string"}, "items": {"type": "array", "items": any}, "segments": {"type": "array", "items": any}, "total_seconds": num, "session": {"oneOf": [{"$ref": "#/components/schemas/Session"}, {"type": "null"}]}, "settings": {"$ref": "#/components/schemas/Settings"}, "figures": any}), &["date", "items", "segments"]),
        "Stats": object(json!({"streak_days": int, "days_done_last_7": int, "days_done_last_30": int, "habit": {"type": "string"}, "sessions": int, "total_sets": int, "total_reps": int, "time_under_tension_s": num}), &["streak_days", "habit"]),
        "ExerciseList": {"type": "array", "items": any},
        "ExerciseView": object(json!({"exercise": any, "poses": any}), &["exercise"]),
        "Checks": object(json!({"assessments": {"type": "array", "items": any}, "report": any}), &["assessments"]),
        "CheckAnswers": any,
        "CheckIn": object(json!({"pain_now": {"type": "integer", "minimum": 0, "maximum": 10}, "pain_lingered": {"type": ["boolean", "null"]}, "legs_heavy": {"type": "boolean"}}), &["pain_now"]),
        "ActivityList": object(json!({"activities": {"type": "array", "items": any}}), &["activities"]),
        "ImportSummary": object(json!({"imported": {"type": "array", "items": any}, "duplicates": {"type": "array", "items": any}, "failed": {"type": "array", "items": object(json!({"file": {"type": "string"}, "error": {"type": "string"}}), &["file", "error"])}}), &["imported", "duplicates", "failed"]),
        "Assessment": any,
        "Settings": object(json!({"voice": {"type": "boolean"}, "speech_rate": {"type": "number", "minimum": 0.5, "maximum": 2}, "tempo": {"type": "number", "minimum": 0.5, "maximum": 2}, "rest_s": {"type": "integer", "minimum": 0, "maximum": 600}, "units": {"type": "string", "enum": ["metric", "imperial"]}, "reminder": {"type": "string", "description": "HH:MM or empty"}}), &[]),
    })
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The whole document.
pub fn build() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let entry = paths
            .entry(format!("/api/v1{}", route.path))
            .or_insert_with(|| json!({}));
        let mut parameters: Vec<Value> = Vec::new();
        if route.path.contains("{id}") {
            parameters.push(
                json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}),
            );
        }
        for (name, description) in route.query {
            parameters.push(json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}}));
        }
        let mut responses = Map::new();
        let (status, schema) = route.ok;
        responses.insert(
            status.to_string(),
            if schema.is_empty() {
                json!({"description": "done"})
            } else {
                json!({"description": "success", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
            },
        );
        if route.body.is_some() {
            responses.insert("400".into(), error_response("malformed JSON"));
            responses.insert("413".into(), error_response("body larger than 64 KiB"));
            responses.insert("415".into(), error_response("not sent as JSON"));
            responses.insert(
                "422".into(),
                error_response("a value is not acceptable (unknown exercise, date in the future, out of range)"),
            );
        }
        if route.path.contains("{id}") {
            responses.insert("404".into(), error_response("no such record"));
        }
        responses.insert(
            "500".into(),
            error_response("internal error; nothing changed"),
        );
        let mut operation = json!({
            "summary": route.summary,
            "operationId": format!("{}{}", route.method, route.path.replace(['/', '{', '}', '.'], "_")),
            "responses": responses,
        });
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
        if let Some(body) = route.body {
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{body}")}}}});
        }
        entry[route.method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "runstrong",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON API of the runstrong web app: today's plan, guided sessions set by set, history, stats, the exercise library, self-checks and settings. Errors are {\"error\": \"one sentence\"}.",
        },
        "paths": paths,
        "components": {"schemas": schemas()},
    })
}

pub async fn document() -> Json<Value> {
    Json(build())
}
