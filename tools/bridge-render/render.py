"""Blender script: renders one clip's frames (PNG) from its plan.

Run as `blender -b --factory-startup -P render.py -- PLAN.json OUT_DIR DATA_DIR`.
Workbench engine (studio light, shadows, FXAA), vertex colours for skin and
clothes, a floor and a plain background.
"""

import json
import math
import os
import sys

import bpy
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import body as bodies  # noqa: E402
import plan as planning  # noqa: E402


def main():
    args = sys.argv[sys.argv.index("--") + 1 :]
    plan_path, out_dir, data_dir = args[0], args[1], args[2]
    with open(plan_path) as f:
        plan = json.load(f)
    os.makedirs(out_dir, exist_ok=True)
    body = bodies.Body(data_dir, plan["body"])
    sag = body.sagittal(plan["knee_rest_deg"])

    for obj in list(bpy.data.objects):
        bpy.data.objects.remove(obj, do_unlink=True)
    scene = bpy.context.scene

    mesh = bpy.data.meshes.new("body")
    mesh.from_pydata(body.rest.tolist(), [], body.faces)
    mesh.update()
    colours = plan["colours"]
    shirt_bones = {"spine_01", "spine_02", "spine_03", "clavicle_l", "clavicle_r", "upperarm_l", "upperarm_r"}
    if colours["long_sleeves"]:
        shirt_bones |= {"lowerarm_l", "lowerarm_r"}
    bottom_bones = {"Root", "pelvis", "thigh_l", "thigh_r"}
    if colours["long_legs"]:
        bottom_bones |= {"calf_l", "calf_r"}
    foot_bones = {"foot_l", "foot_r", "ball_l", "ball_r"}
    rgb = np.zeros((body.body_count, 4))
    rgb[:, 3] = 1.0
    for i, bone in enumerate(body.dominant):
        if bone in shirt_bones:
            c = colours["shirt"]
        elif bone in bottom_bones:
            c = colours["bottoms"]
        elif bone in foot_bones and colours["socks"] is not None:
            c = colours["socks"]
        else:
            c = colours["skin"]
        rgb[i, :3] = c
    attr = mesh.color_attributes.new("colour", "FLOAT_COLOR", "POINT")
    attr.data.foreach_set("color", rgb.ravel())
    person = bpy.data.objects.new("person", mesh)
    scene.collection.objects.link(person)
    for poly in mesh.polygons:
        poly.use_smooth = True

    floor_mesh = bpy.data.meshes.new("floor")
    size = 8.0
    floor_mesh.from_pydata([(-size, -size, 0), (size, -size, 0), (size, size, 0), (-size, size, 0)], [], [(0, 1, 2, 3)])
    fa = floor_mesh.color_attributes.new("colour", "FLOAT_COLOR", "POINT")
    fa.data.foreach_set("color", (list(colours["floor"]) + [1.0]) * 4)
    scene.collection.objects.link(bpy.data.objects.new("floor", floor_mesh))

    cam_plan = plan["camera"]
    centre = np.array([0.5 * (sag.shoulder[0] + sag.ankle[0]) + cam_plan["shift_m"], 0.0, 0.15])
    yaw = math.radians(cam_plan["yaw_deg"])
    side = cam_plan["side"]
    direction = np.array([math.sin(yaw), side * math.cos(yaw), 0.0])
    horizontal = cam_plan["distance_m"]
    position = centre + horizontal * direction
    position[2] = cam_plan["height_m"]
    cam_data = bpy.data.cameras.new("camera")
    cam_data.lens = cam_plan["lens_mm"]
    cam_data.sensor_width = 36.0
    camera = bpy.data.objects.new("camera", cam_data)
    scene.collection.objects.link(camera)
    camera.location = position.tolist()
    look = centre - position
    pitch = math.atan2(look[2], math.hypot(look[0], look[1]))
    heading = math.atan2(look[1], look[0])
    # Blender cameras look down -z: rotate x by 90° + pitch, then z by heading - 90°.
    camera.rotation_euler = (math.pi / 2 + pitch, 0.0, heading - math.pi / 2)
    scene.camera = camera

    scene.render.engine = "BLENDER_WORKBENCH"
    scene.render.resolution_x = plan["width"]
    scene.render.resolution_y = plan["height"]
    scene.render.resolution_percentage = 100
    scene.render.image_settings.file_format = "PNG"
    scene.render.image_settings.color_mode = "RGB"
    # No anti-aliasing here: estimate.py blurs every frame a little.
    scene.display.render_aa = "OFF"
    shading = scene.display.shading
    shading.light = "STUDIO"
    shading.color_type = "VERTEX"
    shading.show_shadows = plan["shadows"]
    shading.show_cavity = False
    if scene.world is None:
        scene.world = bpy.data.worlds.new("world")
    scene.world.color = colours["wall"]
    scene.view_settings.view_transform = "Standard"

    times = planning.frame_times(plan)
    for i, t in enumerate(times):
        phi, psi = planning.timeline(plan, t)
        verts = body.pose(sag, phi, psi)
        mesh.vertices.foreach_set("co", verts.astype(np.float32).ravel())
        mesh.update()
        scene.render.filepath = os.path.join(out_dir, f"{i:05d}.png")
        bpy.ops.render.render(write_still=True)
    with open(os.path.join(out_dir, "times.json"), "w") as f:
        json.dump(times, f)


main()
