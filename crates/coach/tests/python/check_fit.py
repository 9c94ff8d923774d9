"""Decodes a FIT file with the `fitdecode` package, checking the header and
file CRCs, and prints what it found as one JSON object, for
crates/coach/tests/it/interop.rs to check.

Exit status: 0 when the file decoded with valid CRCs, 1 when it did not (the
reason on stderr), 3 when the `fitdecode` package is not installed.

Usage: python3 check_fit.py ACTIVITY.fit
"""

import json
import sys

try:
    import fitdecode
except ImportError:
    print("the Python package fitdecode is not installed", file=sys.stderr)
    sys.exit(3)


def value(message, name):
    if not message.has_field(name):
        return None
    found = message.get_value(name)
    if hasattr(found, "isoformat"):
        return found.isoformat()
    if isinstance(found, tuple):
        return [str(v) for v in found]
    return found if isinstance(found, (int, float, str)) or found is None else str(found)


def main(path):
    counts = {}
    sets = []
    session = None
    file_id = None
    crc_checked = 0
    with fitdecode.FitReader(
        path,
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitCRC):
                crc_checked += 1
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            counts[frame.name] = counts.get(frame.name, 0) + 1
            if frame.name == "set":
                sets.append(
                    {
                        field: value(frame, field)
                        for field in (
                            "set_type",
                            "repetitions",
                            "duration",
                            "start_time",
                            "timestamp",
                            "category",
                            "category_subtype",
                            "message_index",
                        )
                    }
                )
            elif frame.name == "session":
                session = {
                    field: value(frame, field)
                    for field in (
                        "sport",
                        "sub_sport",
                        "start_time",
                        "total_elapsed_time",
                        "total_timer_time",
                        "num_laps",
                    )
                }
            elif frame.name == "file_id":
                file_id = {
                    field: value(frame, field)
                    for field in ("type", "manufacturer", "product_name", "time_created")
                }
    print(
        json.dumps(
            {
                "decoder": "fitdecode " + fitdecode.__version__,
                "crc_frames_checked": crc_checked,
                "messages": counts,
                "file_id": file_id,
                "session": session,
                "sets": sets,
            }
        )
    )


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except Exception as error:  # any decode or CRC failure is the verdict
        print(f"fitdecode could not read {sys.argv[1]}: {error!r}", file=sys.stderr)
        sys.exit(1)
