// Browser tests of the coach's day in the web app, in headless Chromium
// against the real binary with "today" pinned (RUNSTRONG_TODAY): after
// strong pain the plan asks before the first set and a pain answer makes a
// rest day that Go does not play; the primer is offered and played; the
// end-of-session questions cannot be skipped silently (Save asks again,
// "Answer later" leaves them for Today, which asks); every self-check
// result is on the page; refused forms keep what was typed and name fields
// as the page does; chart bars keep their widths at 1280 px; and every
// page is photographed at 390 px and 1280 px, light and dark, into
// test-artifacts/ (not committed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, existsSync, rmSync } from "node:fs";
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
const DAY = "2026-03-10";
const YESTERDAY = "2026-03-09";
const ENV = { RUNSTRONG_TODAY: DAY, TZ: "UTC" };
const PAGES = ["/", "/go", "/history", "/progress", "/runs", "/library", "/library/active-shoulder-bridge", "/check", "/settings"];

const work = mkdtempSync(path.join(tmpdir(), "runstrong-coach-e2e-"));
const servers = [];
let browser = null;

/// A server on its own database; `cli(...)` runs the binary on it.
async function start(name) {
  const db = path.join(work, name + ".db");
  const port = await freePort();
  const child = await serve(BIN, db, port, ENV);
  servers.push(child);
  return {
    base: `http://127.0.0.1:${port}`,
    cli: (...args) => execFileSync(BIN, ["--db", db, ...args], { env: { ...process.env, ...ENV }, encoding: "utf8" }),
    api: async (p) => (await fetch(`http://127.0.0.1:${port}` + p)).json(),
  };
}

async function newPage(viewport = PHONE, colorScheme = "light") {
  const context = await browser.newContext({ viewport, colorScheme, hasTouch: viewport === PHONE, isMobile: false });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    return url.hostname === "127.0.0.1" ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  return page;
}

async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name + ".png"), fullPage: true });
}

/// Polls `fn` until it is true (another process's writes reach the
/// server's snapshot within a second).
async function until(fn, what) {
  for (let i = 0; i < 40; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("timed out waiting for " + what);
}

before(async () => {
  assert.ok(existsSync(BIN), `build the binary first: ${BIN} is missing`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});

after(async () => {
  if (browser) await browser.close();
  for (const s of servers) s.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

test("after strong pain Today and Go ask first; pain now makes a rest day that Go does not play", async () => {
  const s = await start("pain");
  s.cli("log", "bridge", "2x10", "--date", YESTERDAY, "--rpe", "6", "--felt", "glutes", "--pain", "7");
  const page = await newPage();
  await until(async () => {
    await page.goto(s.base + "/");
    return page.locator("#check-in").isVisible();
  }, "the check-in on Today");
  assert.equal(await page.locator("a.start[href='/go']").count(), 0, "no Start before the answer");
  await shot(page, "pain-gate-today-390");

  await page.goto(s.base + "/go");
  await page.locator("#gate").waitFor({ state: "visible" });
  assert.ok(await page.locator("#begin").isHidden(), "no Start before the answer");
  // Nothing chosen: asked again.
  await page.locator("#gate button[type=submit]").click();
  assert.match(await page.locator("#gate-error").innerText(), /choose a number/);
  await page.locator("#gate label:has(input[name=pain_now][value='6'])").click();
  await page.locator("#gate button[type=submit]").click();
  await page.locator("#gate").waitFor({ state: "hidden" });
  const guide = await s.api("/api/v1/guide");
  assert.equal(guide.pain_gate, null);
  const today = (await s.api("/api/v1/today")).prescription;
  assert.equal(today.pain_gate.answered, true);
  if (guide.items.length === 0) {
    assert.match(await page.locator("#intro-text").innerText(), /Nothing to play today/);
    assert.ok(await page.locator("#begin").isHidden(), "Go plays nothing");
  }
  await shot(page, "pain-gate-go-answered-390");
  await page.goto(s.base + "/");
  const heading = await page.locator("h1").innerText();
  assert.notEqual(heading, "Today", "the day says it is not a usual training day");
  assert.equal(await page.locator("#check-in").count(), 0);
  await shot(page, "pain-rest-today-390");
  await page.context().close();
});

test("the primer is offered and played; the questions cannot be skipped silently", async () => {
  const s = await start("primer");
  const page = await newPage();
  await page.goto(s.base + "/");
  assert.equal(await page.locator(".streak strong").count(), 0, "no 0-day streak");
  const primer = page.locator("a[href='/go?primer=1']");
  assert.equal(await primer.count(), 1, "a primer button");
  if (!(await primer.isVisible())) await page.locator("details.adapt summary").click();
  await primer.click();
  await page.waitForURL(/primer=1/);
  await page.locator("#begin:not([disabled])").waitFor();
  const full = await s.api("/api/v1/guide");
  const short = await s.api("/api/v1/guide?primer=true");
  assert.ok(short.total_seconds < full.total_seconds, "the primer is shorter than the session");
  assert.match(await page.locator("#intro-text").innerText(), new RegExp(short.items[0].name));
  // Keyboard hints only where there is a keyboard (this is a touch phone).
  assert.ok(await page.locator("#keys").isHidden(), "no keyboard hints on a touch screen");

  await page.goto(s.base + "/go?primer=1&pace=0.02");
  await page.locator("#begin:not([disabled])").click();
  await page.locator("#player").waitFor({ state: "visible" });
  // Voice and Finish early are on screen without scrolling, on a phone.
  for (const id of ["#voice", "#stop"]) {
    const box = await page.locator(id).boundingBox();
    assert.ok(box && box.y + box.height <= PHONE.height, `${id} is reachable without scrolling (${box && box.y})`);
  }
  await shot(page, "primer-player-390");
  await page.locator("#questions").waitFor({ state: "visible", timeout: 90000 });
  await page.locator("#questions button[type=submit]").click();
  assert.match(await page.locator("#q-error").innerText(), /still open is how hard it was, where you felt it and any pain/);
  assert.ok(await page.locator("#questions").isVisible(), "asked again");
  await page.locator("label:has(input[name=rpe][value='3'])").click();
  await page.locator("#questions button[type=submit]").click();
  assert.match(await page.locator("#q-error").innerText(), /still open is where you felt it and any pain/);
  await shot(page, "questions-asked-again-390");
  await page.locator("#later").click();
  await page.waitForFunction(() => document.getElementById("done-summary").textContent.startsWith("Saved:"), null, { timeout: 20000 });
  assert.match(await page.locator("#done-summary").innerText(), /questions wait on Today/);
  const stored = (await s.api("/api/v1/sessions")).filter((x) => x.source === "web");
  assert.equal(stored.length, 1);
  assert.equal(stored[0].rpe ?? null, null, "saved without answers, openly");

  await page.goto(s.base + "/");
  await page.locator("#answer").waitFor({ state: "visible" });
  await page.locator("#answer button[type=submit]").click();
  // Required radios are not enforced by the page; the server asks again.
  await page.locator("#answer").waitFor({ state: "visible" });
  await page.locator("#answer label:has(input[name=rpe][value='4'])").click();
  await page.locator("#answer label:has(input[name=felt][value='glutes'])").click();
  await page.locator("#answer label:has(input[name=pain][value='0'])").click();
  await page.locator("#answer button[type=submit]").click();
  await page.waitForLoadState("load");
  assert.equal(await page.locator("#answer").count(), 0, "answered: no longer asked");
  const answered = (await s.api("/api/v1/sessions")).filter((x) => x.source === "web");
  assert.equal(answered[0].rpe, 4);
  assert.equal(answered[0].felt, "glutes");
  await page.context().close();
});

test("the self-check shows every test's result; refused forms keep what was typed in the page's words", async () => {
  const s = await start("check");
  const page = await newPage();
  await page.goto(s.base + "/check");
  for (const id of ["single-leg-bridge", "single-leg-squat", "single-leg-stance"]) {
    const test = page.locator(`#test-${id}`);
    assert.ok(await test.isVisible(), id);
    await test.locator("details summary").click();
    assert.ok(await test.locator("details li").first().isVisible(), `${id} shows how to do it`);
  }
  assert.ok(await page.locator("#test-single-leg-bridge svg.figure").isVisible(), "the bridge test has its figure");
  await page.locator("label:has(input[name=pain_now][value='0'])").click();
  await page.fill("input[name=sitting]", "30");
  await page.fill("input[name=runs]", "4");
  await page.locator("label:has(input[name=feel][value='no'])").click();
  await page.fill("input[name=left_bridge]", "10");
  await page.fill("input[name=right_bridge]", "16");
  await page.locator("#check-form").evaluate((f) => { f.noValidate = true; });
  await page.locator("#check-form button[type=submit]").click();
  await page.waitForLoadState("load");
  const error = await page.locator("[role=alert]").innerText();
  assert.match(error, /Hours sitting on a usual day/);
  assert.doesNotMatch(error, /sitting_hours_per_day|_/);
  assert.equal(await page.inputValue("input[name=runs]"), "4", "values kept");
  assert.equal(await page.inputValue("input[name=right_bridge]"), "16");
  assert.ok(await page.locator("input[name=feel][value='no']").isChecked());
  await shot(page, "check-refused-390");

  await page.fill("input[name=sitting]", "9");
  await page.locator("label.check:has(input[name=left_squat])").click();
  await page.locator("label.check:has(input[name=left_knee])").click();
  await page.locator("label.check:has(input[name=right_squat])").click();
  await page.locator("label:has(input[name=left_stance][value='drops'])").click();
  await page.locator("label:has(input[name=right_stance][value='level'])").click();
  await page.locator("#check-form button[type=submit]").click();
  await page.waitForLoadState("load");
  assert.match(await page.locator("[role=status]").first().innerText(), /Saved/);
  for (const table of ["#bridge-results", "#squat-results", "#stance-results"]) {
    assert.ok(await page.locator(table).isVisible(), `${table} on the page`);
  }
  const results = await page.locator(".results").innerText();
  assert.match(results, /Single-leg bridge to fatigue/);
  assert.match(results, /Single-leg squat/);
  assert.match(results, /Single-leg stance/);
  assert.match(await page.locator("#squat-results").innerText(), /\(1 of 5 seen\)/);
  assert.match(await page.locator("#stance-results").innerText(), /dropped/);
  await shot(page, "check-results-390");

  await page.goto(s.base + "/settings");
  await page.fill("input[name=speech_rate]", "9");
  await page.locator("form.form").evaluate((f) => { f.noValidate = true; });
  await page.locator("form.form button[type=submit]").click();
  await page.waitForLoadState("load");
  assert.match(await page.locator("[role=alert]").innerText(), /speech rate/);
  assert.doesNotMatch(await page.locator("[role=alert]").innerText(), /speech_rate/);
  assert.equal(await page.inputValue("input[name=speech_rate]"), "9", "value kept");
  await page.context().close();
});

test("chart bars keep their own widths at 1280 px, and every page is photographed at 390 and 1280 px, light and dark", async () => {
  const s = await start("pages");
  for (const [day, reps] of [["2026-02-16", "2x10"], ["2026-02-24", "3x10"], ["2026-03-03", "3x12"], [YESTERDAY, "2x8"]]) {
    s.cli("log", "bridge", reps, "--date", day, "--rpe", "5", "--felt", "glutes", "--pain", "0");
  }
  s.cli("log", "single-leg-bridge", "2x6", "--side", "left", "--date", "2026-03-03", "--rpe", "6", "--felt", "hamstrings", "--pain", "1");
  s.cli("log", "single-leg-bridge", "2x9", "--side", "right", "--date", "2026-03-03");
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage(viewport, colorScheme);
      await until(async () => {
        await page.goto(s.base + "/history");
        return (await page.locator(".session").count()) >= 5;
      }, "the logged sessions");
      for (const p of PAGES) {
        const response = await page.goto(s.base + p);
        assert.equal(response.status(), 200, p);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${p} overflows ${overflow}px at ${viewport.width}px`);
        if (p === "/progress" || p === "/runs") {
          const widths = await page.locator("svg.chart").evaluateAll((charts) => charts.map((svg) => {
            const bars = [...svg.querySelectorAll("rect.bar")];
            const chart = svg.getBoundingClientRect().width;
            return { chart, bars: bars.length, widest: Math.max(0, ...bars.map((b) => b.getBoundingClientRect().width)) };
          }));
          for (const w of widths.filter((x) => x.bars > 1)) {
            assert.ok(w.widest < w.chart / w.bars, `a bar is ${w.widest}px wide in a ${w.chart}px chart of ${w.bars} bars`);
          }
        }
        const name = (p === "/" ? "today" : p.slice(1).replaceAll("/", "-")) + `-${viewport.width}-${colorScheme}`;
        await shot(page, name);
      }
      await page.context().close();
    }
  }
  const history = await newPage();
  await history.goto(s.base + "/history");
  const text = await history.locator(".sessions").first().innerText();
  assert.doesNotMatch(text, /\bWEB\b|\bLOG\b|\bweb\b|\blog\b/, "no source jargon");
  assert.match(text, /Bridge 2 × 8/, "the exercise on each card");
  assert.ok(await history.locator("h3.week").count() >= 3, "grouped by week");
  await history.context().close();
});
