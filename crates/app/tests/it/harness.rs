//! A fresh app over a temporary SQLite file, with the day pinned.

use std::sync::Arc;

use app::{App, Clock};
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// An app on an empty database whose "today" is `today` (UTC), and the
/// folder that holds the database (kept alive as long as it is).
pub async fn app_on(today: Date) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runstrong.db");
    let store = store::open(path.to_str().unwrap(), store::OpenMode::Create)
        .await
        .unwrap();
    let app = App::new(Arc::from(store), Clock::pinned(today, TimeZone::UTC)).unwrap();
    (app, dir)
}

pub fn day(text: &str) -> Date {
    text.parse().unwrap()
}
