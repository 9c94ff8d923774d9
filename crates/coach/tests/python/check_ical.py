"""Reads an iCalendar file with the `icalendar` package and prints what it
found as one JSON object, for crates/coach/tests/it/interop.rs to check.

Exit status: 0 when the file parsed, 1 when it did not (the reason on
stderr), 3 when the `icalendar` package is not installed.

Usage: python3 check_ical.py FEED.ics
"""

import json
import sys

try:
    import icalendar
except ImportError:
    print("the Python package icalendar is not installed", file=sys.stderr)
    sys.exit(3)


def main(path):
    raw = open(path, "rb").read()
    long_lines = [
        i + 1 for i, line in enumerate(raw.split(b"\r\n")) if len(line) > 75
    ]
    bare_lf = raw.replace(b"\r\n", b"").count(b"\n")
    calendar = icalendar.Calendar.from_ical(raw)
    events = []
    errors = list(getattr(calendar, "errors", []))
    for event in calendar.walk("VEVENT"):
        errors.extend(getattr(event, "errors", []))
        start = event.decoded("DTSTART")
        alarms = []
        for alarm in event.walk("VALARM"):
            errors.extend(getattr(alarm, "errors", []))
            trigger = alarm.decoded("TRIGGER")
            alarms.append(
                {
                    "action": str(alarm.get("ACTION")),
                    "trigger_s": trigger.total_seconds(),
                    "description": str(alarm.get("DESCRIPTION")),
                }
            )
        timed = hasattr(start, "hour")
        events.append(
            {
                "uid": str(event.get("UID")),
                "summary": str(event.get("SUMMARY")),
                "description": str(event.get("DESCRIPTION")),
                "timed": timed,
                "start": start.isoformat(),
                "start_utc_offset_s": (
                    start.utcoffset().total_seconds() if timed else None
                ),
                "dtstamp": event.decoded("DTSTAMP").isoformat(),
                "alarms": alarms,
            }
        )
    print(
        json.dumps(
            {
                "decoder": "icalendar " + icalendar.__version__,
                "version": str(calendar.get("VERSION")),
                "prodid": str(calendar.get("PRODID")),
                "errors": [str(e) for e in errors],
                "long_lines": long_lines,
                "bare_lf": bare_lf,
                "events": events,
            }
        )
    )


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except Exception as error:  # any parse failure is the verdict
        print(f"icalendar could not read {sys.argv[1]}: {error!r}", file=sys.stderr)
        sys.exit(1)
