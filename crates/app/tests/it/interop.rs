//! The interop use cases over a real store: imports from Hevy and Strong
//! (all or nothing, duplicates skipped, custom exercises kept and named,
//! warm-ups kept), the calendar feed with the reminder of the settings, FIT
//! files named by day and start, and the preferences a config file sets
//! (the most recent change wins).

use app::interop::{FilePreferences, Logger};
use app::settings::{PreferencesPatch, Units};
use coach::interop::is_warmup;

use crate::harness::{app_on, day};

fn sample(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../coach/tests/data")
        .join(name);
    std::fs::read(path).unwrap()
}

#[tokio::test]
async fn a_hevy_import_is_stored_once_with_custom_exercises_and_warm_ups() {
    let (app, _dir) = app_on(day("2026-06-01")).await;
    let bytes = sample("hevy-kg.csv");
    let done = app
        .import_logger_csv(Logger::Hevy, "hevy-kg.csv", &bytes)
        .await
        .unwrap();
    assert_eq!(
        (done.from, done.sessions_added, done.sessions_skipped),
        ("Hevy", 2, 0)
    );
    let sessions = app.sessions(None, None, None).await.unwrap();
    assert_eq!(sessions.len(), 2);
    let sets: Vec<_> = sessions.iter().flat_map(|s| &s.sets).collect();
    assert_eq!(sets.len(), done.sets);
    assert_eq!(sets.iter().filter(|s| is_warmup(s)).count(), done.warmups);
    assert!(done.warmups > 0);
    let kickback = done
        .unmatched
        .iter()
        .find(|u| u.name == "Cable Kickback")
        .unwrap();
    assert_eq!(kickback.id, "custom:cable-kickback");
    assert!(sets.iter().any(|s| s.exercise == kickback.id));
    assert_eq!(app.exercise_name(&kickback.id), "Cable kickback");
    assert_eq!(
        app.exercise_name("bridge"),
        app.library().get("bridge").unwrap().name
    );

    let again = app
        .import_logger_csv(Logger::Hevy, "hevy-kg.csv", &bytes)
        .await
        .unwrap();
    assert_eq!((again.sessions_added, again.sessions_skipped), (0, 2));
    assert_eq!(app.sessions(None, None, None).await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_import_the_record_rules_refuse_stores_nothing() {
    // The workouts are in January 2026: on 1 January they are in the future.
    let (app, _dir) = app_on(day("2026-01-01")).await;
    let err = app
        .import_logger_csv(Logger::Strong, "strong-v6.csv", &sample("strong-v6.csv"))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("strong-v6.csv: "), "{err}");
    assert!(
        err.contains("in the future") && err.ends_with("nothing was imported"),
        "{err}"
    );
    assert!(app.sessions(None, None, None).await.unwrap().is_empty());
    let err = app
        .import_logger_csv(Logger::Hevy, "strong.csv", &sample("strong-v6.csv"))
        .await
        .unwrap_err();
    assert!(err.is_invalid(), "{err}");
}

#[tokio::test]
async fn the_calendar_has_the_reminder_of_the_settings() {
    let (app, _dir) = app_on(day("2031-02-03")).await;
    let feed = app.calendar_feed(7).await.unwrap();
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 7);
    assert!(!feed.contains("VALARM"));
    app.update_preferences(&PreferencesPatch {
        reminder: Some("06:45".into()),
        ..PreferencesPatch::default()
    })
    .await
    .unwrap();
    let feed = app.calendar_feed(7).await.unwrap();
    assert!(feed.contains("DTSTART:20310203T064500Z\r\n"), "{feed}");
    assert_eq!(feed.matches("BEGIN:VALARM").count(), 7);
    assert_eq!(app.coming_days(3).await.unwrap().len(), 3);
    assert!(app.calendar_feed(0).await.unwrap_err().is_invalid());
    assert!(app.calendar_feed(63).await.unwrap_err().is_invalid());
}

#[tokio::test]
async fn fit_files_are_named_by_day_and_start_and_never_share_a_name() {
    let (app, _dir) = app_on(day("2026-06-01")).await;
    app.import_logger_csv(Logger::Strong, "strong-v6.csv", &sample("strong-v6.csv"))
        .await
        .unwrap();
    for _ in 0..2 {
        app.log(&app::sessions::LogRequest {
            exercise: "clamshell".into(),
            sets: 1,
            reps: 12,
            hold_s: None,
            side: None,
            date: Some(day("2026-05-30")),
            feedback: coach::Feedback::default(),
            note: None,
        })
        .await
        .unwrap();
    }
    let files = app.fit_files().await.unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    // Strong's time is read in the clock's zone (UTC here).
    assert_eq!(names[0], "2026-01-15-1730-runstrong.fit");
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{names:?}");
    assert!(names[1].starts_with("2026-05-30-") && names[2].starts_with("2026-05-30-"));
    assert!(files.iter().all(|f| f.bytes.starts_with(&[14, 0x20])));
}

#[tokio::test]
async fn the_config_files_preferences_apply_when_the_file_changes_them() {
    let (app, _dir) = app_on(day("2026-06-01")).await;
    let file = FilePreferences {
        reminder: Some("07:30".into()),
        voice: Some(false),
        units: None,
    };
    assert!(app.apply_file_preferences(&file).await.unwrap());
    let now = app.preferences().await.unwrap();
    assert_eq!((now.reminder.as_str(), now.voice), ("07:30", false));
    // A later change in the settings stands while the file says the same.
    app.update_preferences(&PreferencesPatch {
        reminder: Some("19:00".into()),
        ..PreferencesPatch::default()
    })
    .await
    .unwrap();
    assert!(!app.apply_file_preferences(&file).await.unwrap());
    assert_eq!(app.preferences().await.unwrap().reminder, "19:00");
    // Changing the file applies what it changed, and only that.
    let changed = FilePreferences {
        units: Some(Units::Imperial),
        ..file.clone()
    };
    assert!(app.apply_file_preferences(&changed).await.unwrap());
    let now = app.preferences().await.unwrap();
    assert_eq!(
        (now.reminder.as_str(), now.units),
        ("19:00", Units::Imperial)
    );
    let bad = FilePreferences {
        reminder: Some("7.30".into()),
        ..changed
    };
    let err = app.apply_file_preferences(&bad).await.unwrap_err();
    assert!(err.to_string().contains("reminder time"), "{err}");
    assert_eq!(app.preferences().await.unwrap().reminder, "19:00");
}
