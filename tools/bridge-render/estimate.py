"""Runs MediaPipe Pose (legacy `mp.solutions.pose`, full model) on a clip's
rendered frames after degrading them like a cheap camera (blur, sensor
noise, JPEG), and writes the landmark stream in the recorded-landmark
format of DESIGN.md §5 (JSON Lines, meta line first), gzipped.

Frames where MediaPipe finds no person are written with an empty landmark
list (`"landmarks": []`), as a browser recording would log them.
"""

import gzip
import json
import os

import cv2
import mediapipe as mp
import numpy as np


def degrade(image, spec, rng):
    sigma = spec["blur_sigma"]
    if sigma > 0.05:
        image = cv2.GaussianBlur(image, (0, 0), sigma)
    if spec["noise_sigma"] > 0.05:
        noise = rng.normal(0.0, spec["noise_sigma"], image.shape)
        image = np.clip(image.astype(np.float64) + noise, 0, 255).astype(np.uint8)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, spec["jpeg_quality"]])
    return cv2.imdecode(encoded, cv2.IMREAD_COLOR)


def estimate(plan, frame_dir, out_path):
    with open(os.path.join(frame_dir, "times.json")) as f:
        times = json.load(f)
    rng = np.random.default_rng(plan["seed"])
    detected = 0
    lines = [
        json.dumps(
            {
                "meta": {
                    "width": plan["width"],
                    "height": plan["height"],
                    "source": "mediapipe-pose",
                    "view": plan["view"],
                    "generator": "tools/bridge-render",
                    "clip": plan["clip"],
                }
            }
        )
    ]
    with mp.solutions.pose.Pose(
        static_image_mode=False,
        model_complexity=1,
        smooth_landmarks=True,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    ) as pose:
        for i, t in enumerate(times):
            image = cv2.imread(os.path.join(frame_dir, f"{i:05d}.png"), cv2.IMREAD_COLOR)
            image = degrade(image, plan["image"], rng)
            result = pose.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
            landmarks = []
            if result.pose_landmarks:
                detected += 1
                landmarks = [
                    {
                        "x": round(lm.x, 4),
                        "y": round(lm.y, 4),
                        "z": round(lm.z, 3),
                        "visibility": round(lm.visibility, 3),
                    }
                    for lm in result.pose_landmarks.landmark
                ]
            stamp = round(t + plan["t_offset_s"], 4)
            lines.append(json.dumps({"t": stamp, "landmarks": landmarks}, separators=(",", ":")))
    with gzip.open(out_path, "wt", compresslevel=9) as f:
        f.write("\n".join(lines) + "\n")
    return len(times), detected
