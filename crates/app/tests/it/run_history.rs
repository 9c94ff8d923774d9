//! Every run visible through the use cases: the whole history by year and
//! month with totals and the longest runs, paging, the count outside a
//! window, one run with the glute work around it, and a folder watch that
//! remembers what it imported.

use app::sessions::LogRequest;
use app::watch::{FolderWatch, ListedFile};

use crate::harness::{app_on, day};

/// A run of `km` kilometres in GPX on `date` (08:00 UTC), 5:00/km.
pub fn gpx_run(date: &str, km: u32) -> String {
    let mut points = String::new();
    let steps = km * 20;
    for i in 0..=steps {
        let seconds = i * 15;
        let lat = 47.0 + f64::from(i) * 50.0 / 111_195.0;
        points.push_str(&format!(
            "<trkpt lat=\"{lat:.7}\" lon=\"8.0\"><time>{date}T08:{:02}:{:02}Z</time></trkpt>\n",
            seconds / 60 % 60,
            seconds % 60
        ));
        if seconds / 60 >= 59 {
            break;
        }
    }
    format!(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>\n{points}</trkseg></trk></gpx>\n"
    )
}

async fn import(app: &app::App, runs: &[(&str, u32)]) {
    let mut import = app.import_activities().await.unwrap();
    for (date, km) in runs {
        let text = gpx_run(date, *km);
        let decoded = runs::import_file(&format!("{date}.gpx"), text.as_bytes()).unwrap();
        import.add(decoded).await.unwrap();
    }
    assert_eq!(import.imported.len(), runs.len());
}

#[tokio::test]
async fn the_whole_history_by_year_and_month_with_totals_and_the_longest() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    import(
        &app,
        &[
            ("2016-03-01", 5),
            ("2016-03-08", 11),
            ("2019-07-14", 8),
            ("2026-04-30", 6),
            ("2026-05-02", 10),
        ],
    )
    .await;
    let all = app.run_history(None, None).await.unwrap();
    assert_eq!(all.totals.runs, 5);
    assert_eq!(all.outside, 0);
    let years: Vec<i16> = all.years.iter().map(|y| y.year).collect();
    assert_eq!(years, vec![2026, 2019, 2016]);
    let y2016 = &all.years[2];
    assert_eq!(y2016.months.len(), 1);
    assert_eq!(y2016.totals.runs, 2);
    assert!(
        (y2016.totals.distance_m - 16_000.0).abs() < 400.0,
        "{y2016:?}"
    );
    assert!((y2016.totals.longest_m - 11_000.0).abs() < 300.0);
    let months: Vec<(i16, i8)> = all.months().map(|m| (m.year, m.month)).collect();
    assert_eq!(months, vec![(2026, 5), (2026, 4), (2019, 7), (2016, 3)]);
    // The longest runs, longest first, with their ids and days.
    let longest: Vec<String> = all.longest.iter().map(|r| r.date.to_string()).collect();
    assert_eq!(longest[..2], ["2016-03-08", "2026-05-02"]);
    let detail = app.run_detail(all.longest[0].id).await.unwrap();
    assert_eq!(detail.date, day("2016-03-08"));

    // A window: what lies outside is counted, not lost.
    let recent = app
        .run_history(Some(day("2026-01-01")), Some(day("2026-05-04")))
        .await
        .unwrap();
    assert_eq!((recent.totals.runs, recent.outside), (2, 3));
    assert_eq!(
        app.activities_outside(day("2026-04-01"), day("2026-05-04"))
            .await
            .unwrap(),
        3
    );
    let backwards = app
        .run_history(Some(day("2026-05-01")), Some(day("2026-01-01")))
        .await
        .unwrap_err();
    assert!(backwards.is_invalid(), "{backwards}");

    // Pages of whole months, about two activities each: a page is full
    // once it holds two, and a month is never split.
    let first = all.page(1, 2);
    assert_eq!((first.page, first.pages), (1, 2));
    assert_eq!(first.months.len(), 2);
    let last = all.page(99, 2);
    assert_eq!(last.page, 2);
    let last_months: Vec<(i16, usize)> = last
        .months
        .iter()
        .map(|m| (m.year, m.activities.len()))
        .collect();
    assert_eq!(last_months, vec![(2019, 1), (2016, 2)]);
}

#[tokio::test]
async fn a_run_shows_the_glute_work_in_the_days_around_it() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    import(&app, &[("2026-04-29", 8)]).await;
    for date in ["2026-04-27", "2026-04-30", "2026-05-04"] {
        app.log(&LogRequest {
            exercise: "bridge".into(),
            sets: 2,
            reps: 10,
            date: Some(day(date)),
            ..LogRequest::default()
        })
        .await
        .unwrap();
    }
    let id = app.run_history(None, None).await.unwrap().longest[0].id;
    let detail = app.run_detail(id).await.unwrap();
    let around: Vec<(String, i64, usize)> = detail
        .glute_days
        .iter()
        .map(|d| (d.date.to_string(), d.days_from_run, d.sets))
        .collect();
    assert_eq!(
        around,
        vec![("2026-04-27".into(), -2, 2), ("2026-04-30".into(), 1, 2)]
    );
    assert!(!detail.activity.splits.is_empty());
    let missing = app.run_detail(id + 100).await.unwrap_err();
    assert!(missing.to_string().contains("no activity"), "{missing}");
}

#[tokio::test]
async fn a_watch_remembers_what_it_imported_across_restarts() {
    let (app, _dir) = app_on(day("2026-05-04")).await;
    let file = ListedFile {
        path: "/media/runner/GARMIN/Activity/A.fit".into(),
        size: 1234,
        modified_ms: 5,
    };
    let mut watch = FolderWatch::open(&app).await.unwrap();
    assert!(watch.poll(vec![file.clone()]).is_empty());
    let ready = watch.poll(vec![file.clone()]);
    assert_eq!(ready.len(), 1);
    watch.imported(&app, &ready, 99).await.unwrap();
    assert!(watch.poll(vec![file.clone()]).is_empty());

    let mut restarted = FolderWatch::open(&app).await.unwrap();
    assert!(restarted.was_seen(&file.path));
    restarted.poll(vec![file.clone()]);
    assert!(restarted.poll(vec![file]).is_empty());
}
