// End-to-end test of the live count (/go/live) in headless Chromium with a
// fake camera (--use-fake-device-for-media-stream).
//
// Starts the real `runstrong` binary (RUNSTRONG_BIN, default
// target/debug/runstrong under CARGO_TARGET_DIR or the repository) on a
// temporary database, opens the live page, starts the camera mode and checks
// that MediaPipe Pose loads from this server only (/vendor/mediapipe/pose/),
// that landmark frames reach the engine (the server's /live/status counts
// them, and the page shows the engine's progress messages), that stopping
// brings the confirm dialog, that a confirmed set is saved with the API, and
// that the recording downloads in the recording format with the confirmed
// count in its meta line. Garbage sent over the socket gets an error message
// and the socket keeps working. No request may leave 127.0.0.1.
//
// The fake camera shows a test pattern, not a person, so the engine counts
// zero reps here: this test proves the pipeline, and the counting is proved
// by the Rust tests that stream synthetic sessions into the same socket
// (crates/web/tests/it/live.rs).
//
// Skipped, with the reason printed, when the MediaPipe files are not
// installed (`cd crates/web/vendor && npm ci`; .ci/run installs them).
//
// The one-step install a runner uses is tested on a second server with an
// empty data directory (XDG_DATA_HOME), no RUNSTRONG_MEDIAPIPE_DIR and the
// source checkout's files switched off (RUNSTRONG_MEDIAPIPE_SOURCE=off): the
// button makes that server download the pinned package from the npm
// registry (really: the registry is reachable here and in CI), the page
// shows the progress, and the camera mode then starts. The browser itself
// still talks to 127.0.0.1 only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, existsSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { freePort, serve } from "./server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const targetDir = process.env.CARGO_TARGET_DIR || path.join(repo, "target");
const BIN = process.env.RUNSTRONG_BIN || path.join(targetDir, "debug", "runstrong");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARTIFACTS = path.join(repo, "test-artifacts");
const POSE_DIR = process.env.RUNSTRONG_MEDIAPIPE_DIR || path.join(repo, "crates/web/vendor/node_modules/@mediapipe/pose");
const installed = existsSync(path.join(POSE_DIR, "pose.js")) && existsSync(path.join(POSE_DIR, "pose_landmark_full.tflite"));
const skip = installed ? false : `the MediaPipe Pose files are not installed in ${POSE_DIR}: run \`cd crates/web/vendor && npm ci\``;
if (skip) console.log("SKIPPED live camera test: " + skip);

const work = mkdtempSync(path.join(tmpdir(), "runstrong-live-"));
const db = path.join(work, "runstrong.db");
let port = 0;
let server = null;
let context = null;
const requests = [];

function startServer() {
  return serve(BIN, db, port, { RUNSTRONG_MEDIAPIPE_DIR: POSE_DIR });
}

const base = () => `http://127.0.0.1:${port}`;
const status = async () => (await fetch(base() + "/live/status")).json();
const live = (page) => page.evaluate(() => window.runstrongLive.state());

async function waitFor(page, what, predicate, ms) {
  const deadline = Date.now() + ms;
  let state = null;
  while (Date.now() < deadline) {
    state = await live(page);
    if (predicate(state)) return state;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state)}`);
}

before(async () => {
  assert.ok(existsSync(BIN), `build the binary first: ${BIN} is missing`);
  port = await freePort();
  server = await startServer();
  context = await chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 360, height: 780 },
    acceptDownloads: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
      "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ],
  });
  await context.grantPermissions(["camera", "accelerometer", "gyroscope"], { origin: base() });
  // Every request is logged; anything not on this machine is refused.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    requests.push(url);
    if (url.hostname === "127.0.0.1") return route.continue();
    return route.abort();
  });
});

after(async () => {
  if (context) await context.close();
  if (server && server.exitCode === null) {
    await new Promise((resolve) => { server.removeAllListeners("exit"); server.once("exit", resolve); server.kill("SIGTERM"); });
  }
  rmSync(work, { recursive: true, force: true });
});

test("the camera mode loads MediaPipe from this server, streams landmarks to the engine, and saves the confirmed set with its recording", { skip, timeout: 180000 }, async () => {
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(base() + "/go/live");
  assert.equal(await page.locator("#no-pose").count(), 0, "the page knows the MediaPipe files are installed");
  assert.ok(await page.locator("#start").isEnabled());
  const before = (await status()).frames_received;
  await page.locator("#record").check();
  await page.locator("#start").click();
  await page.locator("#session").waitFor({ state: "visible", timeout: 120000 });
  const began = Date.now();
  // Frames flow: sent by the page, acknowledged by the engine in its progress messages.
  const state = await waitFor(page, "landmark frames to reach the engine", (s) => s.poseReady && s.sent >= 20 && s.received >= 15, 120000);
  assert.equal(state.mode, "camera");
  console.log(`# ${state.sent} landmark frames sent in ${((Date.now() - began) / 1000).toFixed(1)} s after the model loaded (headless, software WebGL)`);
  const server = await status();
  assert.ok(server.frames_received - before >= 15, `the server received frames: ${JSON.stringify(server)}`);
  assert.match(await page.locator("#frames").innerText(), /frames counted by runstrong/);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, "live-camera-360.png"), fullPage: true });

  // Stop: the dialog offers the engine's count (0: no person in the fake camera's picture).
  await page.locator("#stop").click();
  await page.locator("#confirm").waitFor({ state: "visible" });
  const after = await live(page);
  assert.ok(after.summary, "the engine sent a summary");
  assert.equal(after.summary.reps, 0, "the test pattern has no person in it");
  assert.ok(after.summary.frames >= 15);
  assert.equal(await page.locator("#confirmed").inputValue(), "0");
  assert.equal(after.errors.length, 0, `no error from the engine: ${after.errors.join(" | ")}`);

  // The user confirms 3 reps: the set is saved and the recording carries the count.
  await page.locator("#confirmed").fill("3");
  await page.locator("#save").click();
  await page.locator("#saved").waitFor({ state: "visible" });
  assert.match(await page.locator("#saved-text").innerText(), /Saved: 3 reps/);
  const download = page.waitForEvent("download");
  await page.locator("#download").click();
  const file = await (await download).path();
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const meta = JSON.parse(lines[0]).meta;
  assert.equal(meta.confirmed_reps, 3);
  assert.equal(meta.engine_reps, 0);
  assert.equal(meta.source, "mediapipe-pose");
  assert.ok(meta.width > 0 && meta.height > 0);
  assert.ok(lines.length > 15, "frames were recorded");
  const frame = JSON.parse(lines[1]);
  assert.equal(typeof frame.t, "number");
  assert.ok(Array.isArray(frame.landmarks));

  // The set reached the store through the API, like any other set.
  let sessions = [];
  for (let i = 0; i < 40 && !sessions.length; i++) {
    sessions = await (await fetch(base() + "/api/v1/sessions")).json();
    if (!sessions.length) await page.waitForTimeout(250);
  }
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0].sets[0].reps, 3);
  assert.equal(sessions[0].sets[0].exercise, "active-shoulder-bridge");

  // The pose files came from this server, and nothing went anywhere else.
  const outside = requests.filter((u) => u.hostname !== "127.0.0.1");
  assert.deepEqual(outside.map(String), [], "no request leaves 127.0.0.1");
  const poseFiles = requests.filter((u) => /pose|tflite|binarypb|wasm/.test(u.pathname) && !u.pathname.startsWith("/go/"));
  assert.ok(poseFiles.some((u) => u.pathname.endsWith("/pose.js")), "pose.js loaded");
  assert.ok(poseFiles.some((u) => u.pathname.endsWith(".tflite")), "the model loaded");
  assert.ok(poseFiles.some((u) => u.pathname.endsWith(".wasm")), "the wasm loaded");
  for (const u of poseFiles) assert.ok(u.pathname.startsWith("/vendor/mediapipe/pose/"), `${u.pathname} comes from /vendor/mediapipe/pose/`);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test("a runner sets up the camera mode with one button: the server downloads and checks the pose files, the page shows the progress, then the camera starts", { timeout: 600000 }, async () => {
  const data = path.join(work, "fresh-data");
  const fresh = await freePort();
  const freshBase = `http://127.0.0.1:${fresh}`;
  const other = await serve(BIN, path.join(work, "fresh.db"), fresh, { XDG_DATA_HOME: data, RUNSTRONG_MEDIAPIPE_DIR: "", RUNSTRONG_MEDIAPIPE_SOURCE: "off" });
  try {
    await context.grantPermissions(["camera"], { origin: freshBase });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(freshBase + "/go/live");
    assert.ok(await page.locator("#no-pose").isVisible(), "the page offers the install");
    assert.equal(await page.locator("#start").isEnabled(), false, "no camera Start before the install");
    const text = await page.locator("main").innerText();
    assert.doesNotMatch(text, /npm|crates\/|cd /, "the page speaks to runners");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "live-install-360.png"), fullPage: true });

    // Every status line the page shows, with whether the progress bar was
    // visible then: a fast download (a warm proxy) can be over between two
    // looks of this test, but not before the page has drawn its progress.
    await page.evaluate(() => {
      const status = document.getElementById("install-status");
      const bar = document.getElementById("install-progress");
      window.installShown = [];
      new MutationObserver(() => window.installShown.push({ text: status.textContent, bar: !bar.hidden }))
        .observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.locator("#install").click();
    const seen = new Set();
    let shot = false;
    const began = Date.now();
    let state = null;
    while (Date.now() - began < 540000) {
      state = await live(page);
      const p = state.install;
      if (p) {
        seen.add(p.state);
        if (p.state === "downloading" && !shot && await page.locator("#install-progress").isVisible()) {
          await page.screenshot({ path: path.join(ARTIFACTS, "live-install-progress-360.png"), fullPage: true });
          shot = true;
        }
        if (p.state === "installed" || p.state === "failed") break;
      }
      await page.waitForTimeout(100);
    }
    assert.equal(state.install && state.install.state, "installed", `the install finished: ${JSON.stringify(state.install)}`);
    const shown = await page.evaluate(() => window.installShown);
    assert.ok(
      shown.some((line) => line.bar && /Downloading the pose model: \d+ of \d+ MB/.test(line.text)),
      `the progress was shown while downloading (states seen: ${[...seen].join(", ")}; lines shown: ${JSON.stringify(shown)})`,
    );
    console.log(`# install: ${((Date.now() - began) / 1000).toFixed(1)} s (states seen: ${[...seen].join(", ")})`);
    const dir = path.join(data, "runstrong", "mediapipe", "pose", "0.5.1675469404");
    assert.ok(existsSync(path.join(dir, "pose.js")) && existsSync(path.join(dir, "pose_landmark_full.tflite")), `the files are in ${dir}`);
    assert.ok(!existsSync(path.join(dir, "pose_landmark_heavy.tflite")), "only the files the page needs");
    const progress = await (await fetch(freshBase + "/live/install")).json();
    assert.equal(progress.state, "installed");
    assert.equal(progress.dir, dir);
    assert.ok(await page.locator("#no-pose").isHidden());
    assert.ok(await page.locator("#start").isEnabled(), "the camera Start is on after the install");

    // The camera mode starts with the installed files (no person in view: zero reps).
    await page.locator("#start").click();
    await page.locator("#session").waitFor({ state: "visible", timeout: 120000 });
    await waitFor(page, "landmark frames to reach the engine", (s) => s.poseReady && s.sent >= 20 && s.received >= 15, 120000);
    await page.locator("#stop").click();
    await page.locator("#confirm").waitFor({ state: "visible" });
    const after = await live(page);
    assert.equal(after.summary.reps, 0);
    assert.equal(after.errors.length, 0, after.errors.join(" | "));
    assert.deepEqual(consoleErrors, []);
    const outside = requests.filter((u) => u.hostname !== "127.0.0.1");
    assert.deepEqual(outside.map(String), [], "the browser never leaves 127.0.0.1");
    await page.close();
  } finally {
    await new Promise((resolve) => { other.removeAllListeners("exit"); if (other.exitCode !== null) return resolve(); other.once("exit", resolve); other.kill("SIGTERM"); });
  }
});

test("garbage over the socket gets an error message and the socket keeps working", async () => {
  const page = await context.newPage();
  await page.goto(base() + "/go/live");
  // Without the MediaPipe files the page says how to install them, and the camera Start is off.
  assert.equal(await page.locator("#no-pose").count(), installed ? 0 : 1);
  if (!installed) {
    assert.match(await page.locator("#no-pose").innerText(), /Set up the camera mode/);
    assert.equal(await page.locator("#start").isEnabled(), false);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the live page fits 360 px (overflow ${overflow} px)`);
  const replies = await page.evaluate(() => new Promise((resolve, reject) => {
    const ws = new WebSocket("ws://" + location.host + "/live/ws");
    const got = [];
    const script = ["garbage", JSON.stringify({ t: 1, landmarks: [] }), JSON.stringify({ type: "start", exercise: "bridge", width: 640, height: 480 }), "{\"t\": 1, \"landmarks\": [1]}", JSON.stringify({ type: "stop" })];
    ws.onopen = () => script.forEach((m) => ws.send(m));
    ws.onmessage = (e) => { const m = JSON.parse(e.data); got.push(m); if (m.type === "summary") { ws.close(); resolve(got); } };
    ws.onerror = () => reject(new Error("socket error"));
    setTimeout(() => reject(new Error("no summary: " + JSON.stringify(got))), 10000);
  }));
  assert.deepEqual(replies.map((m) => m.type), ["error", "error", "ready", "error", "summary"]);
  for (const m of replies.filter((m) => m.type === "error")) assert.match(m.message, /^message \d+/);
  await page.close();
});

test("the phone mode counts a replayed motion recording and saves the set with the measured tempo", { timeout: 120000 }, async () => {
  // A labelled motion file from the corpus, replayed in real time as
  // DeviceMotion events (headless Chromium has no motion sensors).
  const corpus = path.join(repo, "crates/sense/tests/corpus");
  const label = JSON.parse(readFileSync(path.join(corpus, "truth.json"), "utf8")).files.find((f) => f.file.endsWith(".csv") && f.exercise === "active-shoulder-bridge");
  const rows = readFileSync(path.join(corpus, label.file), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
  const page = await context.newPage();
  await page.goto(base() + "/go/live?mode=phone");
  await page.locator("#start").click();
  await page.waitForFunction(() => !document.getElementById("session").hidden || !document.getElementById("setup-error").hidden);
  assert.equal(await page.locator("#setup-error").isVisible(), false, await page.locator("#setup-error").innerText());
  await page.evaluate((rows) => new Promise((resolve) => {
    const t0 = rows[0][0], start = performance.now();
    let i = 0;
    const timer = setInterval(() => {
      const now = (performance.now() - start) / 1000;
      while (i < rows.length && rows[i][0] - t0 <= now) {
        const [, ax, ay, az, gx, gy, gz] = rows[i++];
        window.dispatchEvent(new DeviceMotionEvent("devicemotion", {
          accelerationIncludingGravity: { x: ax, y: ay, z: az },
          rotationRate: { alpha: gz, beta: gx, gamma: gy },
          interval: 16,
        }));
      }
      if (i >= rows.length) { clearInterval(timer); resolve(); }
    }, 5);
  }), rows);
  await page.locator("#stop").click();
  await page.locator("#confirm").waitFor({ state: "visible" });
  const state = await live(page);
  assert.equal(state.mode, "phone");
  assert.equal(state.errors.length, 0, state.errors.join(" | "));
  assert.equal(state.summary.input, "motion");
  assert.equal(state.summary.reps, label.reps, `${label.file}: counted ${state.summary.reps}, labelled ${label.reps}`);
  assert.equal(await page.locator("#count").innerText(), String(label.reps), "the big counter followed the engine");
  assert.equal(await page.locator("#confirmed").inputValue(), String(label.reps));
  await page.locator("#save").click();
  await page.locator("#saved").waitFor({ state: "visible" });
  let set = null;
  for (let i = 0; i < 40 && !set; i++) {
    const sessions = await (await fetch(base() + "/api/v1/sessions")).json();
    set = sessions.flatMap((s) => s.sets).find((x) => x.reps === label.reps);
    if (!set) await page.waitForTimeout(250);
  }
  assert.ok(set, "the set was saved");
  assert.equal(set.hold_s, state.summary.hold_s, "the measured top hold");
  assert.ok(Math.abs(set.tension_s - state.summary.tension_s) < 0.2, "the measured time under tension");
  console.log(`# phone: ${state.summary.frames} samples, ${state.summary.reps} reps, ${state.summary.mean_lift_s}-${state.summary.mean_hold_s}-${state.summary.mean_lower_s} s up-top-down`);
  await page.close();
});
