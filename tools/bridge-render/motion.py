"""Phone-on-the-pelvis motion streams (DeviceMotion CSV) from the same plans.

Physical model: the pelvis is a rigid body rotating about the shoulders by
the clip's elevation angle phi(t) (plan.py); the phone lies on it (portrait
or landscape, screen up or down, turned by a small yaw and tilted by how it
rests on the pelvis). The accelerometer reports the specific force
(acceleration of the phone's position minus gravity) in device axes; the
gyroscope the angular velocity in deg/s. Sensor noise, a constant bias per
axis and a jittered sample interval are added. When the person sits up at
the end, the pelvis tips forward and the phone is picked up.
CSV header `t,ax,ay,az,gx,gy,gz` (DESIGN.md §5), gzipped.
"""

import gzip
import math
import random

import numpy as np

import plan as planning

G = 9.81
STEP = 0.004


def rot_y(angle):
    """Rotation increasing atan2(z, x) by angle (the pelvis lift about the lateral axis)."""
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[c, 0.0, -s], [0.0, 1.0, 0.0], [s, 0.0, c]])


def rot_x(angle):
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def rot_z(angle):
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def pelvis_state(plan, sag, t):
    """Orientation (world from pelvis) and phone position at time t."""
    phi, psi = planning.timeline(plan, t)
    pickup = 0.0
    if plan["gets_up"]:
        situp = [s for s in plan["segments"] if s["kind"] == "situp"][0]
        u = (t - situp["t0"]) / (situp["t1"] - situp["t0"])
        pickup = planning.ease("cosine", min(1.0, max(0.0, (u - 0.3) / 0.7)))
    # Sitting up tips the pelvis forward (about a quarter of the torso).
    orientation = rot_y(phi) @ rot_y(-0.25 * psi)
    phone_rest = np.array([sag.hip_rest[0] + 0.05, 0.0, sag.hip_rest[1] + 0.11])
    pivot = np.array([sag.pivot[0], 0.0, sag.pivot[1]])
    position = pivot + rot_y(phi) @ (phone_rest - pivot)
    if pickup > 0.0:
        # Picked up: lifted 40 cm and turned towards the face.
        orientation = orientation @ rot_x(1.2 * pickup) @ rot_y(-0.6 * pickup)
        position = position + np.array([-0.2, 0.0, 0.4]) * pickup
    return orientation, position


def device_frame(phone):
    """Device axes (columns) in pelvis coordinates."""
    if phone["landscape"]:
        x, y = np.array([-1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    else:
        x, y = np.array([0.0, -1.0, 0.0]), np.array([-1.0, 0.0, 0.0])
    z = np.array([0.0, 0.0, 1.0])
    axes = np.stack([x, y, z], axis=1)
    if phone["screen_down"]:
        axes = axes @ np.diag([1.0, -1.0, -1.0])
    tilt = rot_x(math.radians(phone["mount_tilt_deg"][0])) @ rot_y(math.radians(phone["mount_tilt_deg"][1]))
    return tilt @ rot_z(math.radians(phone["yaw_deg"])) @ axes


def motion_csv(plan, sag, out_path):
    phone = plan["phone"]
    rng = random.Random(phone["seed"])
    device = device_frame(phone)
    bias_a = np.array(phone["accel_bias"])
    bias_g = np.array(phone["gyro_bias"])
    rows = ["t,ax,ay,az,gx,gy,gz"]
    t = 0.0
    interval = 1.0 / phone["rate_hz"]
    while t < plan["duration_s"]:
        o0, p0 = pelvis_state(plan, sag, t - STEP)
        o1, p1 = pelvis_state(plan, sag, t)
        o2, p2 = pelvis_state(plan, sag, t + STEP)
        accel_world = (p2 - 2 * p1 + p0) / (STEP * STEP)
        specific = accel_world + np.array([0.0, 0.0, G])
        world_from_device = o1 @ device
        a = world_from_device.T @ specific
        # Angular velocity: skew part of dR/dt R^T, in world coordinates.
        d = (o2 - o0) / (2 * STEP) @ o1.T
        omega_world = np.array([d[2, 1] - d[1, 2], d[0, 2] - d[2, 0], d[1, 0] - d[0, 1]]) * 0.5
        w = np.degrees(world_from_device.T @ omega_world)
        a = a + bias_a + np.array([rng.gauss(0, phone["accel_noise"]) for _ in range(3)])
        w = w + bias_g + np.array([rng.gauss(0, phone["gyro_noise"]) for _ in range(3)])
        stamp = t + plan["t_offset_s"]
        rows.append(
            f"{stamp:.4f},{a[0]:.4f},{a[1]:.4f},{a[2]:.4f},{w[0]:.3f},{w[1]:.3f},{w[2]:.3f}"
        )
        t += interval * (1.0 + phone["interval_jitter"] * (2 * rng.random() - 1))
    with gzip.open(out_path, "wt", compresslevel=9) as f:
        f.write("\n".join(rows) + "\n")
    return len(rows) - 1
