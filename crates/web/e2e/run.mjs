// End-to-end tests of the runstrong web app in headless Chromium.
//
// Starts the real `runstrong` binary (RUNSTRONG_BIN, default
// target/debug/runstrong under CARGO_TARGET_DIR or the repository) on a
// temporary database and a free loopback port, drives Debian's Chromium with
// playwright-core, and checks what a runner would do: open Today, run a
// guided session at an accelerated pace to the end, answer the questions,
// find it in History and Progress and in `runstrong history --json`; kill
// the server mid-session, restart it, reload and resume without losing a
// set; load the Library and check that the figures render; every page at
// 390 px and 1280 px without horizontal overflow and under 150 KB, with no
// serious accessibility violations (axe-core) in light and dark mode; no
// request leaves localhost. Screenshots go to test-artifacts/ (not committed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, existsSync, rmSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
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
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const PAGES = ["/", "/go", "/history", "/progress", "/runs", "/library", "/library/active-shoulder-bridge", "/check", "/settings"];

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const work = mkdtempSync(path.join(tmpdir(), "runstrong-e2e-"));
const db = path.join(work, "runstrong.db");
let port = 0;
let server = null;
let context = null;
const outside = [];

function startServer() {
  return serve(BIN, db, port);
}

function stopServer(signal) {
  return new Promise((resolve) => {
    if (!server || server.exitCode !== null) return resolve();
    server.removeAllListeners("exit");
    server.once("exit", () => resolve());
    server.kill(signal);
  });
}

const base = () => `http://127.0.0.1:${port}`;
async function api(p) {
  const r = await fetch(base() + p);
  return r.json();
}
function history() {
  return JSON.parse(execFileSync(BIN, ["--db", db, "--json", "history"], { encoding: "utf8" })).sessions;
}
async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name + ".png"), fullPage: true });
}

before(async () => {
  assert.ok(existsSync(BIN), `build the binary first: ${BIN} is missing`);
  port = await freePort();
  server = await startServer();
  context = await chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: PHONE,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  // Every request must stay on this machine.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return route.continue();
    outside.push(url.href);
    return route.abort();
  });
});

after(async () => {
  if (context) await context.close();
  await stopServer("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

test("Today shows the plan, a Start button and the streak", async () => {
  const page = await context.newPage();
  await page.goto(base() + "/");
  assert.match(await page.locator("h1").innerText(), /Today|Rest day/);
  assert.ok(await page.locator("a.start").isVisible());
  assert.match(await page.locator(".streak").innerText(), /streak/);
  await shot(page, "today-390");
  await page.close();
});

test("a guided session runs to the end, is answered, and shows in History, Progress and the CLI", async () => {
  const page = await context.newPage();
  await page.goto(base() + "/go?pace=0.02");
  await page.locator("#begin:not([disabled])").click();
  await page.locator("#player").waitFor({ state: "visible" });
  await page.waitForTimeout(300);
  await shot(page, "session-390");
  await page.setViewportSize(DESKTOP);
  await shot(page, "session-1280");
  await page.setViewportSize(PHONE);
  await page.locator("#questions").waitFor({ state: "visible", timeout: 90000 });
  await page.locator("label:has(input[name=rpe][value='5'])").click();
  await page.locator("label:has(input[name=felt][value='glutes'])").click();
  await page.locator("label:has(input[name=pain][value='0'])").click();
  await page.locator("#questions button[type=submit]").click();
  await page.waitForFunction(() => document.getElementById("done-summary").textContent.startsWith("Saved:"), null, { timeout: 20000 });
  await shot(page, "session-done-390");

  const guide = await api("/api/v1/guide");
  const planned = guide.segments.filter((s) => s.completes_set).length;
  const sessions = (await api("/api/v1/sessions")).filter((s) => s.source === "web");
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0].sets.length, planned, "every set stored once");
  assert.equal(sessions[0].rpe, 5);
  assert.equal(sessions[0].felt, "glutes");

  await page.goto(base() + "/history");
  assert.match(await page.locator(".sessions").innerText(), /guided/);
  await page.goto(base() + "/progress");
  assert.ok((await page.locator("svg.chart rect.bar").count()) > 0);
  const bars = await page.locator("svg.chart rect.bar").evaluateAll((els) => els.filter((e) => Number(e.getAttribute("height")) > 0).length);
  assert.ok(bars >= 2, "the session shows in the weekly charts");

  const cli = history();
  const fromWeb = (Array.isArray(cli) ? cli : cli.sessions).filter((s) => s.source === "web");
  assert.equal(fromWeb.length, 1);
  assert.equal(fromWeb[0].sets.length, planned);
  await page.close();
});

test("a session logged in the terminal shows in the browser, set by set", async () => {
  execFileSync(BIN, ["--db", db, "log", "clamshell", "2x12", "--side", "left", "--rpe", "4", "--felt", "glutes", "--pain", "0"]);
  const page = await context.newPage();
  // Another process's writes reach the server's snapshot within a second.
  const wanted = "Clamshell: 12 of 12 reps, left";
  let html = "";
  for (let i = 0; i < 12 && !html.includes(wanted); i++) {
    if (i) await page.waitForTimeout(250);
    await page.goto(base() + "/history");
    html = await page.content();
  }
  assert.ok(html.includes(wanted), "the logged sets are listed");
  const logged = (await api("/api/v1/sessions")).filter((s) => s.source === "log");
  assert.equal(logged.length, 1);
  assert.equal(logged[0].sets.length, 2);
  await page.close();
});

test("killing the server mid-session keeps the sets; after a restart and reload it resumes without losing one", async () => {
  const page = await context.newPage();
  await page.goto(base() + "/go?exercise=single-leg-bridge&pace=0.04");
  await page.locator("#begin:not([disabled])").click();
  const webSessions = async () => (await api("/api/v1/sessions")).filter((s) => s.source === "web" && s.sets.some((x) => x.exercise === "single-leg-bridge"));
  let stored = [];
  for (let i = 0; i < 400 && !(stored[0] && stored[0].sets.length >= 2); i++) {
    await page.waitForTimeout(100);
    stored = await webSessions();
  }
  assert.ok(stored[0] && stored[0].sets.length >= 2, "two sets reached the server");
  await stopServer("SIGKILL");
  const kept = history().filter((s) => s.source === "web" && s.sets.some((x) => x.exercise === "single-leg-bridge"));
  assert.equal(kept.length, 1);
  assert.ok(kept[0].sets.length >= 2, "the sets stored before the kill survive it");
  const startedAt = kept[0].started_at_ms;

  await page.waitForTimeout(1500); // the player carries on; its sets wait in the outbox
  await shot(page, "session-offline-390");
  server = await startServer();
  await page.reload();
  const begin = page.locator("#begin:not([disabled])");
  await begin.waitFor();
  assert.ok(await page.locator("#resume-text").isVisible(), "the page says it resumes");
  await begin.click();
  await page.locator("#questions").waitFor({ state: "visible", timeout: 90000 });
  await page.locator("label:has(input[name=rpe][value='6'])").click();
  await page.locator("#questions button[type=submit]").click();
  await page.waitForFunction(() => document.getElementById("done-summary").textContent.startsWith("Saved:"), null, { timeout: 20000 });

  const guide = await api("/api/v1/guide?exercise=single-leg-bridge");
  const planned = guide.segments.filter((s) => s.completes_set).length;
  const after = await webSessions();
  assert.equal(after.length, 1, "one session, not two");
  assert.equal(after[0].started_at_ms, startedAt);
  const positions = after[0].sets.map((s) => s.position).sort((a, b) => a - b);
  assert.deepEqual(positions, Array.from({ length: planned }, (_, i) => i + 1), "every set once");
  assert.equal(after[0].rpe, 6);
  await page.close();
});

test("the Library draws the start and top figure of every exercise", async () => {
  const page = await context.newPage();
  await page.goto(base() + "/library");
  const library = await api("/api/v1/library");
  const figures = page.locator("svg.figure");
  assert.equal(await figures.count(), 2 * library.length);
  const sizes = await figures.evaluateAll((els) => els.map((e) => {
    const box = e.getBoundingClientRect();
    const near = e.querySelector(".near").getBBox();
    return [box.width, box.height, near.width + near.height];
  }));
  for (const [w, h, drawn] of sizes) {
    assert.ok(w > 50 && h > 20 && drawn > 10, `figure drawn ${w}x${h} (${drawn})`);
  }
  await shot(page, "library-390");
  await page.goto(base() + "/library/hip-thrust");
  await shot(page, "exercise-390");
  await page.close();
});

test("Today, Go and Library open without a connection once the app has been visited", async () => {
  const page = await context.newPage();
  await page.goto(base() + "/");
  const active = await page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active));
  assert.ok(active, "the service worker is active");
  await context.setOffline(true);
  try {
    for (const p of ["/", "/go", "/library"]) {
      await page.goto(base() + p);
      assert.ok(await page.locator("main h1").first().isVisible(), `${p} opens offline`);
    }
    await page.goto(base() + "/go");
    await page.locator("#begin:not([disabled])").waitFor({ timeout: 10000 });
    await shot(page, "go-offline-390");
  } finally {
    await context.setOffline(false);
  }
  await page.close();
});

test("every page fits 390 px and 1280 px, weighs under 150 KB and stays on localhost", async () => {
  const page = await context.newPage();
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    for (const p of PAGES) {
      let bytes = 0;
      const count = (response) => response.body().then((b) => { bytes += b.length; }).catch(() => {});
      const pending = [];
      const listener = (r) => pending.push(count(r));
      page.on("response", listener);
      await context.clearCookies();
      const response = await page.goto(base() + p, { waitUntil: "load" });
      await Promise.all(pending);
      page.off("response", listener);
      assert.equal(response.status(), 200, p);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${p} overflows ${overflow}px at ${viewport.width}px`);
      assert.ok(bytes < 150 * 1024, `${p} weighs ${bytes} bytes`);
      const name = (p === "/" ? "today" : p.slice(1).replaceAll("/", "-")) + "-" + viewport.width;
      await shot(page, name);
    }
  }
  assert.deepEqual(outside, [], "no request left localhost");
  await page.close();
});

test("no page has a serious accessibility violation (axe-core), in light and dark mode", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme });
    for (const p of PAGES) {
      await page.goto(base() + p);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
      const serious = violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(serious, [], `${p} in ${colorScheme} mode`);
    }
    await page.close();
  }
});
