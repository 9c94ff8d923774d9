// Browser tests of the run pages in headless Chromium: a database seeded
// through `runstrong runs import` with real GPX files (a fixture of the
// `runs` crate and generated tracks back to 2019), then at 390 px
// and 1280 px the Runs page shows the whole history by month with the
// longest runs, a run from 2019 is found there and its link opens its page
// (/runs/{id}) with the splits and the pace chart, and no page scrolls
// sideways on a phone. Screenshots go to test-artifacts/ (not committed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
const FIXTURES = path.join(repo, "crates/runs/tests/data");
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
// Today, for the server: the 2019 runs are years before the weeks shown.
const ENV = { RUNSTRONG_TODAY: "2026-06-08", TZ: "UTC" };

const work = mkdtempSync(path.join(tmpdir(), "runstrong-runs-"));
const db = path.join(work, "runstrong.db");
let port = 0;
let server = null;
let browser = null;
const base = () => `http://127.0.0.1:${port}`;

// A GPX run of `km` kilometres starting at `start` (ISO, UTC), 5:00 per km
// with a point every 15 s (50 m), and a slower last kilometre.
function gpxRun(start, km) {
  const t0 = Date.parse(start);
  const points = [];
  let seconds = 0;
  let metres = 0;
  while (metres <= km * 1000) {
    const lat = 47 + metres / 111195;
    points.push(`<trkpt lat="${lat.toFixed(7)}" lon="8.0"><time>${new Date(t0 + seconds * 1000).toISOString()}</time></trkpt>`);
    seconds += 15;
    metres += metres >= (km - 1) * 1000 ? 40 : 50;
  }
  return `<?xml version="1.0"?>\n<gpx version="1.1" creator="runstrong e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>\n${points.join("\n")}\n</trkseg></trk></gpx>\n`;
}

async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name + ".png"), fullPage: true });
}

async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

before(async () => {
  assert.ok(existsSync(BIN), `build the binary first: ${BIN} is missing`);
  const files = path.join(work, "files");
  mkdirSync(files);
  for (const fixture of ["run-strava.gpx"]) {
    copyFileSync(path.join(FIXTURES, fixture), path.join(files, fixture));
  }
  const runs = [
    ["2019-04-14T07:30:00Z", 21],
    ["2019-04-20T08:00:00Z", 6],
    ["2021-09-05T06:45:00Z", 12],
    ["2026-05-30T07:00:00Z", 8],
    ["2026-06-06T07:00:00Z", 5],
  ];
  for (const [start, km] of runs) {
    writeFileSync(path.join(files, `${start.slice(0, 10)}.gpx`), gpxRun(start, km));
  }
  const out = execFileSync(BIN, ["--db", db, "runs", "import", files], { encoding: "utf8", env: { ...process.env, ...ENV, NO_COLOR: "1" } });
  assert.match(out, /Imported 6 activities/, out);
  port = await freePort();
  server = await serve(BIN, db, port, ENV);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    await new Promise((resolve) => { server.once("exit", resolve); server.kill("SIGTERM"); });
  }
  rmSync(work, { recursive: true, force: true });
});

for (const [size, viewport] of Object.entries(SIZES)) {
  test(`the whole history and an old run's page at ${viewport.width} px`, async () => {
    const context = await browser.newContext({ viewport, timezoneId: "UTC" });
    const outside = [];
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname !== "127.0.0.1") { outside.push(url.href); return route.abort(); }
      return route.continue();
    });
    const page = await context.newPage();
    const answer = await page.goto(base() + "/runs");
    assert.equal(answer.status(), 200);

    const history = page.locator("#history");
    await history.waitFor();
    assert.match(await history.locator("h2").innerText(), /Whole history/);
    assert.match(await history.innerText(), /6 runs/);
    const months = await history.locator("h3").allInnerTexts();
    for (const month of ["June 2026", "May 2026", "September 2021", "April 2019", "March 2024"]) {
      assert.ok(months.some((m) => m.startsWith(month)), `${month} in ${months.join(" | ")}`);
    }
    assert.ok(months.indexOf(months.find((m) => m.startsWith("June 2026"))) < months.indexOf(months.find((m) => m.startsWith("April 2019"))), "newest first");
    // The longest run (21 km, April 2019) heads the longest runs.
    const longest = history.locator("h3:text-is('Longest runs') + ol li");
    assert.ok(await longest.count() >= 3);
    assert.match(await longest.first().innerText(), /2019: 21\.\d+ km/);
    assert.equal(await overflow(page), 0, `no sideways scroll on /runs at ${viewport.width} px`);
    await shot(page, `runs-history-${size}`);

    // The 2019 month lists both runs; the first link opens its page.
    const april = page.getByRole("region", { name: "Activities in April 2019" });
    assert.equal(await april.locator("tbody tr").count(), 2);
    const link = april.locator("a[href^='/runs/']").first();
    const href = await link.getAttribute("href");
    assert.match(href, /^\/runs\/\d+$/);
    await link.scrollIntoViewIfNeeded();
    await Promise.all([page.waitForURL(base() + href), link.click()]);
    assert.match(await page.locator("h1").innerText(), /2019/);
    const splits = page.getByRole("region", { name: "Splits" });
    assert.ok(await splits.locator("tbody tr").count() >= 6, "a row for each kilometre");
    const pace = page.locator("figure", { hasText: "Pace (min per km" });
    assert.equal(await pace.locator("svg").count(), 1, "the pace chart is drawn");
    const box = await pace.locator("svg").boundingBox();
    assert.ok(box && box.width > 200 && box.width <= viewport.width, `pace chart width ${box && box.width}`);
    assert.equal(await overflow(page), 0, `no sideways scroll on ${href} at ${viewport.width} px`);
    await shot(page, `run-2019-${size}`);

    // Back to the list, through the page's own link.
    await Promise.all([page.waitForURL(base() + "/runs"), page.getByRole("link", { name: "← Runs" }).click()]);
    assert.deepEqual(outside, [], "no request leaves this computer");
    await context.close();
  });
}
