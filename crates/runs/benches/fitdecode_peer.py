"""The Python peer of the FIT decode benchmark (crates/runs/benches/decode.rs).

Decodes each FIT file given on the command line with fitdecode, iterating
every frame, exactly as the Rust side times its decoders: the file is read
into memory first, then decoded at least 3 times and for at least 0.3 s.
Prints one tab-separated line per file: name, bytes, fastest seconds,
median seconds, iterations. Exits with status 3 (and says why on stderr)
when fitdecode is not installed, so the benchmark can skip cleanly.
"""

import io
import statistics
import sys
import time

try:
    import fitdecode
except ImportError as error:  # the benchmark skips the peer
    print(f"fitdecode is not installed ({error}); pip install fitdecode", file=sys.stderr)
    sys.exit(3)

MIN_ITERATIONS = 3
MIN_SECONDS = 0.3


def decode(data: bytes) -> int:
    frames = 0
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for _frame in reader:
            frames += 1
    return frames


def main() -> None:
    for path in sys.argv[1:]:
        with open(path, "rb") as handle:
            data = handle.read()
        times = []
        started = time.perf_counter()
        while len(times) < MIN_ITERATIONS or time.perf_counter() - started < MIN_SECONDS:
            begin = time.perf_counter()
            decode(data)
            times.append(time.perf_counter() - begin)
        name = path.rsplit("/", 1)[-1]
        print(f"{name}\t{len(data)}\t{min(times):.9f}\t{statistics.median(times):.9f}\t{len(times)}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
