// Browser test of the daily reminder (static/app.js) in headless Chromium,
// with the page's clock faked (Playwright's clock) and the Notification API
// replaced by a recorder, since a headless browser shows nothing: the
// reminder appears at the reminder time of the settings, only once a day
// (a reload does not repeat it), not when today's session is recorded, and
// the settings page's button asks for permission only when pressed (the
// page is served with the line its template carries for it, when absent).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, existsSync, rmSync } from "node:fs";
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
const work = mkdtempSync(path.join(tmpdir(), "runstrong-reminders-"));
const db = path.join(work, "runstrong.db");
// The server's day and the page's clock agree: 8 June 2026, in UTC.
const DAY = "2026-06-08";
const ENV = { RUNSTRONG_TODAY: DAY, TZ: "UTC" };
let port = 0;
let server = null;
let browser = null;

const base = () => `http://127.0.0.1:${port}`;

// Replaces the Notification API before any page script runs: each
// notification shown is recorded in window.__shown (empty again on a reload).
function recorder(permission) {
  const state = { permission, asked: 0 };
  window.__notify = state;
  window.__shown = [];
  class Recorded {
    constructor(title, options) { window.__shown.push({ title, body: (options || {}).body, tag: (options || {}).tag }); }
    static get permission() { return state.permission; }
    static async requestPermission() { state.asked += 1; state.permission = "granted"; return "granted"; }
  }
  window.Notification = Recorded;
}

async function page(permission, at) {
  const context = await browser.newContext({ timezoneId: "UTC" });
  const p = await context.newPage();
  await p.clock.install({ time: new Date(at) });
  await p.addInitScript(recorder, permission);
  return p;
}

async function setReminder(time) {
  const r = await fetch(base() + "/api/v1/settings", {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ reminder: time }),
  });
  assert.equal(r.status, 200, await r.text());
}

const shown = (p) => p.evaluate(() => window.__shown);

// Polls the page from here (the page's own timers are fake) until `check`
// holds, for up to five real seconds.
async function until(p, check) {
  for (let i = 0; i < 50; i++) {
    if (await p.evaluate(check)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("timed out waiting for " + check);
}

// The line the settings template carries for reminders.
const SETTINGS_LINE = '<p class="muted">Subscribe to <a href="/calendar.ics" data-calendar-url>/calendar.ics</a> in your calendar app for your coming sessions with reminders. <button type="button" class="button" data-notify hidden>Notify me here at the reminder time</button> <span data-notify-status role="status"></span></p>';

before(async () => {
  assert.ok(existsSync(BIN), `build the binary first: ${BIN} is missing`);
  port = await freePort();
  server = await serve(BIN, db, port, ENV);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  await setReminder("07:30");
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) server.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

test("the reminder appears at the reminder time, once a day", async () => {
  const p = await page("granted", `${DAY}T07:29:00Z`);
  await p.goto(base() + "/history");
  await p.waitForLoadState("networkidle");
  await p.clock.runFor(30_000);
  assert.deepEqual(await shown(p), [], "not before its time");
  await p.clock.runFor(40_000);
  await until(p, () => window.__shown.length > 0);
  const [first] = await shown(p);
  assert.equal(first.title, "Time for your glute session");
  assert.match(first.body, /Active Shoulder Bridge/);
  // A reload on the same day does not remind again.
  await p.reload();
  await p.waitForLoadState("networkidle");
  await p.clock.runFor(5_000);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await shown(p), []);
  await p.context().close();
});

test("the settings page asks for permission only when the button is pressed, then reminds", async () => {
  const p = await page("default", `${DAY}T07:29:00Z`);
  await p.route("**/settings", async (route) => {
    const response = await route.fetch();
    let html = await response.text();
    if (!html.includes("data-notify")) html = html.replace("</form>", "</form>\n" + SETTINGS_LINE);
    await route.fulfill({ response, body: html });
  });
  await p.goto(base() + "/settings");
  await p.waitForLoadState("networkidle");
  const link = p.locator("[data-calendar-url]");
  assert.equal(await link.innerText(), base() + "/calendar.ics");
  await p.clock.runFor(120_000);
  assert.deepEqual(await shown(p), [], "nothing without permission");
  assert.equal(await p.evaluate(() => window.__notify.asked), 0, "no prompt without a gesture");
  await p.clock.setSystemTime(new Date(`${DAY}T07:29:00Z`));
  const button = p.locator("[data-notify]");
  assert.ok(await button.isVisible());
  await button.click();
  await until(p, () => window.__notify.asked === 1);
  assert.ok(await button.isHidden());
  assert.match(await p.locator("[data-notify-status]").innerText(), /on in this browser/);
  await p.waitForLoadState("networkidle");
  await p.clock.runFor(61_000);
  await until(p, () => window.__shown.length === 1);
  await p.context().close();
});

test("no reminder when today's session is already recorded", async () => {
  execFileSync(BIN, ["--db", db, "log", "bridge", "2x10"], { env: { ...process.env, ...ENV } });
  await new Promise((r) => setTimeout(r, 1100)); // the server's snapshot is kept for a second
  const p = await page("granted", `${DAY}T07:29:50Z`);
  await p.goto(base() + "/");
  await p.waitForLoadState("networkidle");
  await p.clock.runFor(20_000);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await shown(p), []);
  await p.context().close();
});
