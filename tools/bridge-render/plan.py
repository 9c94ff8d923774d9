"""Clip plans for the rendered bridge corpus: body, camera, timing and truth.

Pure Python + numpy, so that Blender's Python (rendering), the estimator
(MediaPipe) and the phone model all see the same plan. A plan is a plain
dict (JSON-serialisable), made from a clip number by `make_plan`.

Movement model (ours): lying on the back, the torso and pelvis rotate as one
body about the shoulders by the elevation angle `phi`; the ankles stay on the
floor; the knee is where the thigh and shin circles meet. `phi(t)` rises
from 0 to the rep's peak with an easing curve (minimum-jerk or cosine: slow
start and slow arrival), stays there for the hold (with a small sway),
falls back with its own easing, and rests. The truth phases are exact:
lift = leaving the floor to reaching the top, hold = time at the top,
lower = leaving the top to the floor.
"""

import math
import random

# Split: every fifth clip is held out (never used for tuning).
HOLDOUT_EVERY = 5

FPS_CHOICES = [12, 12, 12, 12, 15, 15, 15, 20, 24, 30]
WIDTH, HEIGHT = 432, 243


def min_jerk(u):
    return u * u * u * (10.0 + u * (-15.0 + 6.0 * u))


def cosine(u):
    return 0.5 - 0.5 * math.cos(math.pi * u)


def skewed(u):
    # Slow start, quicker arrival (still smooth at both ends).
    return min_jerk(u ** 1.35)


EASINGS = {"min-jerk": min_jerk, "cosine": cosine, "skewed": skewed}


def ease(name, u):
    return EASINGS[name](min(1.0, max(0.0, u)))


# ---------------------------------------------------------------- sagittal model


def circle_meet(h, a, r1, r2):
    """Upper intersection (larger z) of circles around h (r1) and a (r2) in (x, z)."""
    dx, dz = a[0] - h[0], a[1] - h[1]
    d = math.hypot(dx, dz)
    d = min(d, r1 + r2 - 1e-6)
    along = (r1 * r1 - r2 * r2 + d * d) / (2.0 * d)
    across = math.sqrt(max(r1 * r1 - along * along, 0.0))
    ux, uz = dx / d, dz / d
    px, pz = h[0] + along * ux, h[1] + along * uz
    c1 = (px - across * uz, pz + across * ux)
    c2 = (px + across * uz, pz - across * ux)
    return c1 if c1[1] >= c2[1] else c2


def rotate_about(p, pivot, angle):
    """Rotates (x, z) about pivot, increasing atan2(z, x) by angle."""
    c, s = math.cos(angle), math.sin(angle)
    x, z = p[0] - pivot[0], p[1] - pivot[1]
    return (pivot[0] + c * x - s * z, pivot[1] + s * x + c * z)


def angle_at(a, b, c):
    """Unsigned angle at b (degrees) between b→a and b→c, signed past 180 when b is above the a–c line."""
    v1 = (a[0] - b[0], a[1] - b[1])
    v2 = (c[0] - b[0], c[1] - b[1])
    cos = (v1[0] * v2[0] + v1[1] * v2[1]) / (math.hypot(*v1) * math.hypot(*v2))
    unsigned = math.degrees(math.acos(max(-1.0, min(1.0, cos))))
    # Height of b above the a–c line (z up).
    t = ((b[0] - a[0]) * (c[0] - a[0]) + (b[1] - a[1]) * (c[1] - a[1])) / (
        (c[0] - a[0]) ** 2 + (c[1] - a[1]) ** 2
    )
    line_z = a[1] + t * (c[1] - a[1])
    return 360.0 - unsigned if b[1] > line_z else unsigned


class Sagittal:
    """Joint positions in the sagittal plane (x along the body, z up), metres."""

    def __init__(self, shoulder, pivot, hip, thigh, shin, ankle):
        self.shoulder = shoulder
        self.pivot = pivot
        self.hip_rest = hip
        self.thigh = thigh
        self.shin = shin
        self.ankle = ankle

    def joints(self, phi):
        hip = rotate_about(self.hip_rest, self.pivot, phi)
        knee = circle_meet(hip, self.ankle, self.thigh, self.shin)
        return hip, knee

    def hip_angle(self, phi):
        hip, knee = self.joints(phi)
        return angle_at(self.shoulder, hip, knee)

    def phi_for_angle(self, target_deg):
        lo, hi = 0.0, math.radians(75.0)
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if self.hip_angle(mid) < target_deg:
                lo = mid
            else:
                hi = mid
        return 0.5 * (lo + hi)


def ankle_for_knee_angle(hip, ankle_z, thigh, shin, knee_deg):
    """Ankle x such that the resting knee angle is knee_deg (ankle at height ankle_z)."""
    d = math.sqrt(thigh**2 + shin**2 - 2 * thigh * shin * math.cos(math.radians(knee_deg)))
    dz = ankle_z - hip[1]
    return (hip[0] + math.sqrt(max(d * d - dz * dz, 1e-6)), ankle_z)


# ---------------------------------------------------------------- timeline


def timeline(plan, t):
    """Elevation phi (rad) and sit-up angle psi (rad) at stream time t."""
    phi_top = plan["phi_top"]
    for seg in plan["segments"]:
        if seg["t0"] <= t < seg["t1"]:
            u = (t - seg["t0"]) / (seg["t1"] - seg["t0"])
            kind = seg["kind"]
            if kind == "rest":
                return 0.0, 0.0
            if kind == "lift":
                e = seg["from"] + (seg["to"] - seg["from"]) * ease(seg["ease"], u)
                return phi_top * e, 0.0
            if kind == "hold":
                sway = seg["sway"] * math.sin(2 * math.pi * u * seg["sway_cycles"])
                return phi_top * (seg["level"] + sway * math.sin(math.pi * u)), 0.0
            if kind == "lower":
                e = seg["from"] + (seg["to"] - seg["from"]) * ease(seg["ease"], u)
                return phi_top * e, 0.0
            if kind == "situp":
                return 0.0, math.radians(seg["to_deg"]) * ease("cosine", u)
            if kind == "lieback":
                return 0.0, math.radians(seg["from_deg"]) * (1.0 - ease("cosine", u))
            if kind == "sitting":
                return 0.0, math.radians(seg["deg"])
    last = plan["segments"][-1]
    if last["kind"] == "situp":
        return 0.0, math.radians(last["to_deg"])
    return 0.0, 0.0


# ---------------------------------------------------------------- plans


def make_plan(clip):
    rng = random.Random(9001 + 7919 * clip)
    p = {"clip": f"r{clip:03d}", "number": clip}
    p["split"] = "holdout" if clip % HOLDOUT_EVERY == 4 else "tune"
    # Body (MakeHuman macro weights).
    male = rng.random() < 0.5
    p["body"] = {
        "gender": rng.uniform(0.75, 1.0) if male else rng.uniform(0.0, 0.25),
        "muscle": rng.uniform(0.2, 0.9),
        "weight": rng.uniform(0.15, 0.9),
        "height": rng.uniform(0.15, 0.9),
        "proportions": rng.uniform(0.3, 1.0),
        "ethnic": [rng.random() + 0.05 for _ in range(3)],
    }
    p["colours"] = {
        "skin": rng.choice(
            [[0.93, 0.76, 0.64], [0.82, 0.6, 0.45], [0.6, 0.42, 0.3], [0.4, 0.27, 0.19], [0.95, 0.82, 0.72]]
        ),
        "shirt": [rng.uniform(0.05, 0.95) for _ in range(3)],
        "bottoms": [rng.uniform(0.02, 0.7) for _ in range(3)],
        "socks": rng.choice([None, [0.95, 0.95, 0.95], [0.1, 0.1, 0.1]]),
        "floor": [rng.uniform(0.25, 0.8) for _ in range(3)],
        "wall": [rng.uniform(0.5, 0.95) for _ in range(3)],
        "long_legs": rng.random() < 0.5,
        "long_sleeves": rng.random() < 0.4,
    }
    turned = rng.random() < 0.4
    p["camera"] = {
        "side": rng.choice([1, -1]),
        "yaw_deg": (rng.choice([1, -1]) * rng.uniform(30.0, 40.0)) if turned else rng.uniform(-6.0, 6.0),
        "distance_m": rng.uniform(2.0, 3.4),
        "height_m": rng.uniform(0.2, 1.0),
        "lens_mm": rng.uniform(24.0, 32.0),
        "shift_m": rng.uniform(-0.15, 0.15),
    }
    p["view"] = "turned" if turned else "side"
    p["shadows"] = False
    p["fps"] = rng.choice(FPS_CHOICES)
    p["width"], p["height"] = WIDTH, HEIGHT
    p["image"] = {
        "noise_sigma": rng.uniform(0.0, 9.0),
        "blur_sigma": rng.uniform(0.5, 1.5),
        "jpeg_quality": rng.randint(45, 95),
        "frame_jitter": rng.uniform(0.0, 0.15),
        "drop_probability": rng.choice([0.0, 0.0, 0.02, 0.05]),
    }
    p["knee_rest_deg"] = rng.uniform(75.0, 105.0)
    # Top angle: stiff-hipped runners reach 160°, some over-arch to 185°.
    p["top_angle_deg"] = rng.uniform(160.0, 185.0)
    hold_style = rng.random()
    reps = rng.choice([2, 3, 3])
    t = 0.0
    segments = []

    def add(kind, duration, **extra):
        nonlocal t
        seg = {"kind": kind, "t0": t, "t1": t + duration}
        seg.update(extra)
        segments.append(seg)
        t += duration

    if rng.random() < 0.15:
        sit = rng.uniform(45.0, 70.0)
        add("sitting", rng.uniform(0.6, 1.2), deg=sit)
        add("lieback", rng.uniform(1.0, 1.6), from_deg=sit)
    add("rest", rng.uniform(0.9, 1.3))
    partial_at = set()
    if rng.random() < 0.3:
        partial_at.add(rng.randint(0, reps))
    pause_after = rng.randint(1, reps - 1) if rng.random() < 0.1 else None
    rep_plans = []
    tempo_lift = rng.uniform(0.7, 1.4)
    tempo_lower = rng.uniform(0.9, 2.4)
    if hold_style < 0.4:
        hold_base = rng.uniform(0.0, 0.4)
    elif hold_style < 0.8:
        hold_base = rng.uniform(0.8, 1.5)
    else:
        hold_base = rng.uniform(2.0, 2.6)
    total = reps + len(partial_at)
    for i in range(total):
        partial = i in partial_at
        level = rng.uniform(0.3, 0.55) if partial else rng.uniform(0.93, 1.0)
        lift = max(0.5, tempo_lift * rng.uniform(0.85, 1.15))
        lower = max(0.5, tempo_lower * rng.uniform(0.85, 1.15))
        if partial:
            lift *= 0.7
            lower *= 0.6
        hold = 0.0 if partial else max(0.0, hold_base * rng.uniform(0.8, 1.2))
        if not partial and hold < 0.15 and rng.random() < 0.5:
            hold = 0.0
        e_up = rng.choice(list(EASINGS))
        e_down = rng.choice(list(EASINGS))
        start = t
        add("lift", lift, **{"from": 0.0, "to": level, "ease": e_up})
        top = t
        if hold > 0:
            add("hold", hold, level=level, sway=rng.uniform(0.0, 0.012), sway_cycles=rng.uniform(0.5, 2.0))
        hold_end = t
        mid_pause = (not partial) and rng.random() < 0.08
        if mid_pause:
            half = rng.uniform(0.4, 0.6) * level
            add("lower", lower * 0.5, **{"from": level, "to": half, "ease": e_down})
            add("hold", rng.uniform(0.5, 1.0), level=half, sway=0.0, sway_cycles=1.0)
            add("lower", lower * 0.5, **{"from": half, "to": 0.0, "ease": e_down})
        else:
            add("lower", lower, **{"from": level, "to": 0.0, "ease": e_down})
        end = t
        rep_plans.append(
            {
                "start_s": start,
                "top_s": top,
                "hold_end_s": hold_end,
                "end_s": end,
                "level": level,
                "partial": partial,
                "mid_pause": mid_pause,
            }
        )
        if i + 1 < total:
            if pause_after is not None and i + 1 == pause_after:
                add("rest", rng.uniform(2.5, 3.5))
            else:
                add("rest", rng.uniform(0.25, 1.0))
    add("rest", rng.uniform(0.6, 1.0))
    p["gets_up"] = rng.random() < 0.4
    if p["gets_up"]:
        add("situp", rng.uniform(1.0, 1.3), to_deg=rng.uniform(55.0, 75.0))
        add("sitting", 0.4, deg=segments[-1]["to_deg"])
    p["duration_s"] = t
    p["segments"] = segments
    p["reps"] = rep_plans
    # Stream clock starts at an arbitrary time, as a browser's would.
    p["t_offset_s"] = round(rng.uniform(0.0, 40.0), 3)
    # Phone on the pelvis (the motion stream of the same clip).
    p["phone"] = {
        "rate_hz": rng.choice([50, 60, 60, 100]),
        "landscape": rng.random() < 0.4,
        "screen_down": rng.random() < 0.2,
        "yaw_deg": rng.uniform(-10.0, 10.0),
        "mount_tilt_deg": [rng.uniform(-8.0, 8.0), rng.uniform(-8.0, 8.0)],
        "accel_noise": rng.uniform(0.02, 0.15),
        "gyro_noise": rng.uniform(0.2, 1.2),
        "accel_bias": [rng.uniform(-0.12, 0.12) for _ in range(3)],
        "gyro_bias": [rng.uniform(-0.6, 0.6) for _ in range(3)],
        "interval_jitter": rng.uniform(0.0, 0.25),
        "seed": rng.randrange(1 << 30),
    }
    p["seed"] = rng.randrange(1 << 30)
    return p


def truth(plan, sagittal):
    """The truth file: counts, per-rep phases and angles (true skeleton)."""
    off = plan["t_offset_s"]
    reps = []
    for r in plan["reps"]:
        peak = sagittal.hip_angle(plan["phi_top"] * r["level"])
        reps.append(
            {
                "start_s": round(r["start_s"] + off, 4),
                "top_s": round(r["top_s"] + off, 4),
                "hold_end_s": round(r["hold_end_s"] + off, 4),
                "end_s": round(r["end_s"] + off, 4),
                "lift_s": round(r["top_s"] - r["start_s"], 4),
                "hold_s": round(r["hold_end_s"] - r["top_s"], 4),
                "lower_s": round(r["end_s"] - r["hold_end_s"], 4),
                "partial": r["partial"],
                "paused_on_the_way_down": r["mid_pause"],
                "peak_angle_deg": round(peak, 2),
            }
        )
    return {
        "clip": plan["clip"],
        "split": plan["split"],
        "view": plan["view"],
        "camera_yaw_deg": round(plan["camera"]["yaw_deg"], 1),
        "camera_height_m": round(plan["camera"]["height_m"], 2),
        "camera_distance_m": round(plan["camera"]["distance_m"], 2),
        "fps": plan["fps"],
        "width": plan["width"],
        "height": plan["height"],
        "sex": "male" if plan["body"]["gender"] > 0.5 else "female",
        "gets_up": plan["gets_up"],
        "starts_sitting": plan["segments"][0]["kind"] == "sitting",
        "rest_angle_deg": round(sagittal.hip_angle(0.0), 2),
        "top_angle_deg": round(plan["top_angle_deg"], 2),
        "full_reps": sum(1 for r in reps if not r["partial"]),
        "partial_reps": sum(1 for r in reps if r["partial"]),
        "reps": reps,
        "start_s": round(off, 4),
        "end_s": round(plan["duration_s"] + off, 4),
    }


def frame_times(plan):
    """Capture times (seconds from the clip start) of the frames that exist:
    a nominal frame interval with jitter, and some frames dropped."""
    rng = random.Random(plan["seed"])
    interval = 1.0 / plan["fps"]
    jitter = plan["image"]["frame_jitter"]
    drop = plan["image"]["drop_probability"]
    times = []
    t = 0.0
    while t < plan["duration_s"]:
        if rng.random() >= drop:
            times.append(t)
        t += interval * (1.0 + jitter * (2.0 * rng.random() - 1.0))
    return times
