//! The story's chapters on imported records and dated answers: activities
//! (runs from watch files), the files a folder watcher has seen, and the
//! check-ins given before a day's first set. Run by `story` on every
//! backend, after its scenario.

use coach::CheckIn;
use store::{SeenFile, Store, StoreError, StoredActivity};

/// A short run as our own GPX, decoded by the `runs` crate.
fn run_activity(start_minute: u32) -> runs::Activity {
    let gpx = format!(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>
<trkpt lat="47.0000" lon="8.0"><ele>400.5</ele><time>2026-03-01T07:{start_minute:02}:00Z</time></trkpt>
<trkpt lat="47.0010" lon="8.0"><ele>401.25</ele><time>2026-03-01T07:{start_minute:02}:30Z</time></trkpt>
<trkpt lat="47.0020" lon="8.0"><ele>403.0</ele><time>2026-03-01T07:{:02}:00Z</time></trkpt>
</trkseg></trk></gpx>"#,
        start_minute + 1
    );
    let mut activities = runs::import_file("run.gpx", gpx.as_bytes()).expect("our GPX decodes");
    activities.remove(0)
}

/// Activities: stored losslessly with stable ids, deduplicated by
/// fingerprint, imported all or nothing, read by range and by id.
pub async fn activity_story(store: &dyn Store) {
    let at = store.location().to_string();
    let plain =
        |stored: Vec<StoredActivity>| stored.into_iter().map(|s| s.activity).collect::<Vec<_>>();
    assert_eq!(store.activity_count().await.unwrap(), 0, "{at}");
    let run = run_activity(0);
    assert_eq!(
        store
            .add_activities(&[run.clone(), run.clone()])
            .await
            .unwrap(),
        vec![true, false],
        "{at}: the same run twice is stored once"
    );
    assert_eq!(
        store
            .add_activities(std::slice::from_ref(&run))
            .await
            .unwrap(),
        vec![false],
        "{at}"
    );
    let stored = store.activities(None, None).await.unwrap();
    assert_eq!(plain(stored.clone()), vec![run.clone()], "{at}: lossless");
    let run_id = stored[0].id;
    let later = run_activity(30);
    let counts = store
        .import(&[], &[], &[], &[run.clone(), later.clone()])
        .await
        .unwrap();
    assert_eq!(
        (counts.activities_added, counts.activities_skipped),
        (1, 1),
        "{at}"
    );
    let all = store.activities(None, None).await.unwrap();
    assert_eq!(
        plain(all.clone()),
        vec![run.clone(), later.clone()],
        "{at}: oldest first"
    );
    assert_eq!(all[0].id, run_id, "{at}: ids are stable");
    assert_ne!(all[1].id, run_id, "{at}");
    assert_eq!(store.activity_count().await.unwrap(), 2, "{at}");

    // By id.
    assert_eq!(
        store.activity(all[1].id).await.unwrap(),
        Some((all[1].id, later.clone())),
        "{at}"
    );
    assert_eq!(
        store.activity(run_id + all[1].id + 100).await.unwrap(),
        None,
        "{at}"
    );

    // By range: start in [from, to).
    let run_ms = run.start.as_millisecond();
    let later_ms = later.start.as_millisecond();
    let ids = |v: Vec<StoredActivity>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store
            .activities(Some(run_ms), Some(later_ms))
            .await
            .unwrap()),
        [run_id],
        "{at}: the end is excluded"
    );
    assert_eq!(
        ids(store.activities(Some(run_ms + 1), None).await.unwrap()),
        [all[1].id],
        "{at}"
    );
    assert_eq!(
        ids(store.activities(None, Some(later_ms + 1)).await.unwrap()),
        [run_id, all[1].id],
        "{at}"
    );
    assert!(
        store
            .activities(Some(later_ms + 1), Some(later_ms + 2))
            .await
            .unwrap()
            .is_empty(),
        "{at}"
    );

    // Summaries: the same activities in the same order, without the heavy
    // fields, by the same range.
    assert!(
        !run.track.is_empty(),
        "the fixture has a track to leave out"
    );
    let lean = |mut a: runs::Activity| {
        a.track.clear();
        a.splits.clear();
        a.pauses.clear();
        a
    };
    let summaries = store.activity_summaries(None, None).await.unwrap();
    assert_eq!(ids(summaries.clone()), ids(all.clone()), "{at}");
    assert_eq!(
        plain(summaries),
        vec![lean(run.clone()), lean(later.clone())],
        "{at}: all but track, splits and pauses"
    );
    assert_eq!(
        ids(store
            .activity_summaries(Some(run_ms + 1), Some(later_ms + 1))
            .await
            .unwrap()),
        [all[1].id],
        "{at}"
    );
}

/// Files a folder watcher has imported: recorded, upserted by path, read
/// back by path.
pub async fn seen_files_story(store: &dyn Store) {
    let at = store.location().to_string();
    assert!(store.seen_files().await.unwrap().is_empty(), "{at}");
    let file = |path: &str, size: u64, modified_ms: i64| SeenFile {
        path: path.to_string(),
        size,
        modified_ms,
        imported_at_ms: 1_772_000_000_000,
    };
    let b = file("runs/b.fit", 48_213, 1_771_000_000_000);
    let a = file("runs/ä ünïcödé.gpx", u64::try_from(i64::MAX).unwrap(), -5);
    store
        .record_seen_files(&[b.clone(), a.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.seen_files().await.unwrap(),
        vec![b.clone(), a.clone()],
        "{at}: by path"
    );
    let b_changed = SeenFile {
        size: 50_000,
        modified_ms: 1_771_500_000_000,
        imported_at_ms: 1_772_100_000_000,
        ..b.clone()
    };
    store
        .record_seen_files(std::slice::from_ref(&b_changed))
        .await
        .unwrap();
    store.record_seen_files(&[]).await.unwrap();
    assert_eq!(
        store.seen_files().await.unwrap(),
        vec![b_changed, a.clone()],
        "{at}: a path recorded again takes the new values"
    );
    // All or nothing: a size beyond the column refuses the whole batch.
    let huge = file("runs/c.fit", u64::MAX, 0);
    assert!(
        store
            .record_seen_files(&[file("runs/d.fit", 1, 0), huge])
            .await
            .is_err(),
        "{at}"
    );
    assert_eq!(store.seen_files().await.unwrap().len(), 2, "{at}");
}

/// Check-ins: stored whole, read by day, a repeat refused as a duplicate,
/// imported once.
pub async fn check_in_story(store: &dyn Store) {
    let at = store.location().to_string();
    let day = |d: u8| jiff::civil::date(2026, 3, d as i8);
    let check_in = |d: u8, pain_now: u8| CheckIn {
        date: day(d),
        taken_at_ms: 1_772_300_000_000 + i64::from(d) * 86_400_000,
        pain_now,
        pain_lingered: Some(pain_now > 3),
        legs_heavy: d.is_multiple_of(2),
    };
    let (first, second) = (check_in(1, 0), check_in(2, 5));
    store.add_check_in(&first).await.unwrap();
    store.add_check_in(&second).await.unwrap();
    assert!(
        matches!(
            store.add_check_in(&first).await,
            Err(StoreError::Duplicate { .. })
        ),
        "{at}: the same check-in twice"
    );
    assert_eq!(
        store.check_ins(None, None).await.unwrap(),
        vec![first.clone(), second.clone()],
        "{at}"
    );
    assert_eq!(
        store.check_ins(Some(day(2)), Some(day(2))).await.unwrap(),
        vec![second.clone()],
        "{at}: one day"
    );
    let third = check_in(3, 2);
    let counts = store
        .import(&[], &[], &[second, third.clone()], &[])
        .await
        .unwrap();
    assert_eq!(
        (counts.check_ins_added, counts.check_ins_skipped),
        (1, 1),
        "{at}"
    );
    assert_eq!(
        store.check_ins(Some(day(3)), None).await.unwrap(),
        vec![third],
        "{at}"
    );
}
