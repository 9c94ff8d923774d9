//! What a run's own page reads from a decoded activity: the kilometre
//! splits, the pauses and the downsampled track, as they come back from the
//! JSON the store keeps (the page is drawn from the stored activity, not
//! from the file).

/// A GPX run of `km` kilometres at 5:00/km with heart rate, standing still
/// for two minutes after the first kilometre.
fn run_with_a_stop(km: u32) -> Vec<u8> {
    let mut points = String::new();
    let mut seconds = 0;
    for i in 0..=km * 100 {
        if i == 100 {
            seconds += 120;
        }
        points.push_str(&format!(
            "<trkpt lat=\"{:.7}\" lon=\"8.0\"><time>2026-06-07T{:02}:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            47.0 + f64::from(i) * 10.0 / 111_195.0,
            7 + seconds / 3600,
            (seconds % 3600) / 60,
            seconds % 60,
            140 + i % 20
        ));
        seconds += 3;
    }
    format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><trk><type>running</type><trkseg>\n{points}</trkseg></trk></gpx>\n"
    )
    .into_bytes()
}

#[test]
fn splits_pauses_and_track_survive_the_stored_json() {
    let decoded = runs::import_file("stop.gpx", &run_with_a_stop(3)).unwrap();
    let activity = &decoded[0];
    // Three whole kilometres, each at about 5:00/km of moving time.
    assert_eq!(activity.splits.len(), 3, "{:?}", activity.splits);
    for split in &activity.splits {
        assert!(!split.partial, "{:?}", activity.splits);
        let pace = split.pace_s_per_km.unwrap();
        assert!((290.0..=310.0).contains(&pace), "{split:?}");
        assert!(split.avg_hr.is_some());
    }
    // The stop is one pause of about two minutes, after about five.
    assert_eq!(activity.pauses.len(), 1, "{:?}", activity.pauses);
    let pause = activity.pauses[0];
    assert!((110.0..=130.0).contains(&pause.duration_s), "{pause:?}");
    assert!((290.0..=310.0).contains(&pause.start_s), "{pause:?}");
    // The track covers the run, in order, within its bound.
    let track = &activity.track;
    assert!(track.len() > 10 && track.len() <= runs::MAX_TRACK_POINTS);
    assert!(track.windows(2).all(|w| w[0].elapsed_s <= w[1].elapsed_s));
    let last = track.last().unwrap().distance_m.unwrap();
    assert!((2_900.0..=3_100.0).contains(&last), "{last}");

    let stored = serde_json::to_string(activity).unwrap();
    let back: runs::Activity = serde_json::from_str(&stored).unwrap();
    assert_eq!(back.splits, activity.splits);
    assert_eq!(back.pauses, activity.pauses);
    assert_eq!(back.track, activity.track);
}
