// runstrong: the guided session in the browser. Plays the coach's timeline
// (GET /api/v1/guide) with a countdown ring, big rep and set counters, an
// animated figure, one spoken cue at a time and short tones. The timeline
// carries every rule (seconds with the runner's tempo and rest settings,
// labels, what to say, which set a segment belongs to, how many reps count
// when a set is ended early, where a skip lands); this script only keeps the
// clock: every deadline is computed from the session start on
// performance.now() (start + planned seconds so far + time paused), so
// nothing drifts. When a set ends, what was observed (its position, the
// reps, the time) goes to the outbox at once (POST /api/v1/sessions, keyed
// by the session's start) and the server builds the record, so a reload or
// a lost connection loses nothing: the page resumes after the last set.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const pace = Math.min(10, Math.max(0.001, parseFloat(params.get("pace")) || 1));
  const only = params.get("exercise") || "";
  // What to play: the day's plan, one exercise, or the day adapted (primer
  // only, a swap, fewer minutes): the same request as GET /api/v1/guide.
  const request = {};
  if (only) request.exercise = only;
  if (params.get("primer") === "1") request.primer = true;
  if (params.get("swap")) request.swap = params.get("swap");
  if (params.get("minutes")) request.minutes = parseFloat(params.get("minutes"));
  const query = new URLSearchParams();
  Object.keys(request).forEach((k) => query.set(k, String(request[k])));
  const variant = query.toString();
  const CURRENT = "runstrong.current";
  const reduceMotion = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
  let plan = null, segs = [], dur = [], local = null;
  let idx = 0, start = 0, planned = 0, offset = 0, paused = false, pausedAt = 0, running = false;
  let voice = true, wakeLock = null, lastSpoken = "";

  const loadLocal = () => { try { return JSON.parse(localStorage.getItem(CURRENT)); } catch (_) { return null; } };
  const saveLocal = () => { try { localStorage.setItem(CURRENT, JSON.stringify(local)); } catch (_) { /* ignore */ } };

  function say(text, interrupt) {
    if (!voice || !("speechSynthesis" in window) || !text) return;
    if (interrupt) speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.rate = (plan && plan.settings && plan.settings.speech_rate) || 1;
    u.lang = "en";
    const voices = speechSynthesis.getVoices();
    const v = voices.find((x) => x.lang && x.lang.startsWith("en") && x.localService) || voices.find((x) => x.lang && x.lang.startsWith("en"));
    if (v) u.voice = v;
    speechSynthesis.speak(u);
    lastSpoken = text;
  }

  function tone(freq, ms) {
    if (voice) window.runstrong.tone(freq, ms);
  }

  function announce(text) { $("live").textContent = text; }

  async function lockScreen() {
    try { if ("wakeLock" in navigator) wakeLock = await navigator.wakeLock.request("screen"); } catch (_) { wakeLock = null; }
  }
  document.addEventListener("visibilitychange", () => { if (running && document.visibilityState === "visible") lockScreen(); });

  // ---- figure
  function figureFor(seg) {
    const item = plan.items[Math.min(seg.item, plan.items.length - 1)];
    return plan.figures[item.exercise];
  }
  let shownFigure = null;
  function drawFigure(seg, t) {
    const fig = figureFor(seg);
    const svg = $("figure");
    if (!fig) { svg.style.visibility = "hidden"; return; }
    svg.style.visibility = "visible";
    if (shownFigure !== fig) {
      shownFigure = fig;
      svg.setAttribute("viewBox", fig.view_box.join(" "));
      $("f-props").innerHTML = fig.props;
      $("f-floor").setAttribute("d", "M" + fig.view_box[0] + " 0H" + (fig.view_box[0] + fig.view_box[2]));
    }
    const n = fig.frames.length - 1;
    const k = reduceMotion ? (t >= 0.5 ? n : 0) : Math.round(Math.min(1, Math.max(0, t)) * n);
    const f = fig.frames[k];
    $("f-near").setAttribute("d", f.near);
    $("f-far").setAttribute("d", f.far);
    $("f-trunk").setAttribute("d", f.trunk);
    const h = $("f-head");
    h.setAttribute("cx", f.head[0]); h.setAttribute("cy", f.head[1]); h.setAttribute("r", f.head[2]);
  }

  // ---- timeline
  function prepare() {
    segs = plan.segments;
    dur = segs.map((s) => s.seconds * pace * 1000);
  }

  function deadline(i) { return start + planned + dur[i] + offset; }

  function segmentText(seg) {
    const item = plan.items[Math.min(seg.item, plan.items.length - 1)];
    return item.name + (seg.side ? " · " + seg.side + " side" : "");
  }

  function enter(i, now) {
    const seg = segs[i];
    $("phase").textContent = seg.label;
    document.body.dataset.phase = seg.phase;
    $("exercise").textContent = segmentText(seg);
    $("rep").textContent = seg.rep ? seg.rep + "/" + seg.reps : "–";
    $("set").textContent = seg.set + "/" + seg.sets;
    $("cue").textContent = seg.cue;
    const freq = { setup: 440, lift: 660, top: 880, lower: 550, rest: 330 }[seg.phase];
    tone(freq, 90);
    announce(seg.announce);
    if (seg.spoken) say(seg.spoken, true);
    local.index = i;
    saveLocal();
  }

  // Sends what was observed of a set that ended; the server builds the record.
  function recordSet(seg, reps) {
    const observed = { position: seg.position, reps, completed_at_ms: Date.now() };
    local.done.push(seg.position);
    saveLocal();
    window.runstrong.enqueue({
      url: "/api/v1/sessions", sessionKey: String(local.startedAt),
      body: { date: plan.date, started_at_ms: local.startedAt, guide: request, observed: [observed] },
    });
    announce("Set " + seg.set + " saved");
    syncText();
  }

  function syncText() {
    const waiting = window.runstrong.pending().length;
    $("sync").textContent = local.done.length + " set" + (local.done.length === 1 ? "" : "s") + " saved" + (waiting ? " (" + waiting + " waiting to sync)" : "");
  }

  function tick() {
    if (!running || paused) return;
    const now = performance.now();
    while (idx < segs.length && now >= deadline(idx)) {
      const seg = segs[idx];
      if (seg.completes_set && !local.done.includes(seg.position)) recordSet(seg, seg.reps);
      planned += dur[idx];
      idx++;
      if (idx < segs.length) enter(idx, now);
    }
    if (idx >= segs.length) return finish();
    const seg = segs[idx];
    const remaining = deadline(idx) - now;
    const p = dur[idx] > 0 ? 1 - remaining / dur[idx] : 1;
    $("count").textContent = Math.max(0, Math.ceil(remaining / (pace * 1000)));
    $("ring").style.strokeDashoffset = String(100 * p);
    const ease = (x) => 0.5 - Math.cos(Math.PI * x) / 2;
    drawFigure(seg, seg.phase === "lift" ? ease(p) : seg.phase === "top" ? 1 : seg.phase === "lower" ? 1 - ease(p) : 0);
    if (seg.phase === "rest" && remaining < 3000 * pace && remaining > 2800 * pace) tone(440, 60);
  }

  function loop() { tick(); if (running) requestAnimationFrame(loop); }

  function begin() {
    running = true;
    $("intro").hidden = true;
    $("player").hidden = false;
    lockScreen();
    start = performance.now();
    planned = 0;
    offset = 0;
    for (let i = 0; i < idx; i++) planned += dur[i];
    offset = -planned;
    if (idx >= segs.length) return finish();
    enter(idx, start);
    requestAnimationFrame(loop);
    setInterval(tick, 200); // keeps sets flowing when frames are throttled
    $("player").focus && $("player").setAttribute("tabindex", "-1");
  }

  function togglePause() {
    if (!running) return;
    const now = performance.now();
    if (paused) {
      offset += now - pausedAt;
      paused = false;
      $("pause").textContent = "Pause";
      announce("Resumed");
    } else {
      paused = true;
      pausedAt = now;
      $("pause").textContent = "Resume";
      announce("Paused");
      if ("speechSynthesis" in window) speechSynthesis.cancel();
    }
    $("pause").setAttribute("aria-pressed", String(paused));
  }

  // Ends the segment early: a set in progress keeps the reps the timeline
  // says count (none during a set-up); returns where a skip lands.
  function closeSet() {
    const seg = segs[idx];
    if (seg.reps_if_stopped > 0 && !local.done.includes(seg.position)) recordSet(seg, seg.reps_if_stopped);
    return seg.skip_to;
  }

  function skip() {
    if (!running || idx >= segs.length) return;
    if (paused) togglePause();
    const next = closeSet();
    const now = performance.now();
    for (let i = idx; i < Math.min(next, segs.length); i++) planned += dur[i];
    idx = next;
    offset = now - start - planned;
    if (idx >= segs.length) return finish();
    enter(idx, now);
  }

  function stop() {
    if (!running) return;
    if (idx < segs.length) closeSet();
    finish();
  }

  function finish() {
    running = false;
    document.body.dataset.phase = "";
    if (wakeLock) { wakeLock.release().catch(() => {}); wakeLock = null; }
    $("player").hidden = true;
    if (!local.done.length) {
      localStorage.removeItem(CURRENT);
      $("intro").hidden = false;
      $("intro-text").textContent = "No set was completed, so nothing was saved.";
      return;
    }
    local.index = segs.length;
    saveLocal();
    tone(880, 200);
    say("Well done. Three quick questions.", true);
    $("questions").hidden = false;
    const first = $("questions").querySelector("input");
    if (first) first.focus();
  }

  // The three questions: Save with one left open asks again; "Answer
  // later" saves the session without answers, and Today asks for them.
  function answers(event) {
    event.preventDefault();
    const form = new FormData($("questions"));
    const open = [["rpe", "how hard it was"], ["felt", "where you felt it"], ["pain", "any pain"]].filter(([name]) => form.get(name) === null).map(([, words]) => words);
    if (open.length) {
      const list = open.length > 1 ? open.slice(0, -1).join(", ") + " and " + open[open.length - 1] : open[0];
      $("q-error").hidden = false;
      $("q-error").textContent = "Please answer every question: still open is " + list + ". Or choose Answer later, and Today will ask again.";
      $("q-error").focus && $("q-error").setAttribute("tabindex", "-1");
      $("q-error").focus();
      return;
    }
    sendAnswers({ rpe: Number(form.get("rpe")), felt: form.get("felt"), pain: Number(form.get("pain")) });
  }

  function later() {
    sendAnswers({});
    answeredLater = true;
  }

  let answeredLater = false;
  function sendAnswers(body) {
    const key = String(local.startedAt);
    window.runstrong.enqueue({ url: "/api/v1/sessions/{session:" + key + "}/finish", body, kind: "finish" });
    localStorage.removeItem(CURRENT);
    $("questions").hidden = true;
    $("done").hidden = false;
    $("done-summary").textContent = local.done.length + " set" + (local.done.length === 1 ? "" : "s") + " done. Saving…";
    $("done").focus && $("done").setAttribute("tabindex", "-1");
  }

  window.runstrong.onSent((entry, status, data) => {
    if (entry.kind === "finish") {
      if (status >= 200 && status < 300 && data && data.session) {
        const s = data.session;
        const reps = s.sets.reduce((a, x) => a + x.reps, 0);
        $("done-summary").textContent = "Saved: " + s.sets.length + " sets, " + reps + " reps." + (answeredLater ? " The questions wait on Today: the next plan needs them." : "");
        const next = $("next");
        next.textContent = "";
        const lines = data.next.changes.length ? data.next.changes : ["Same plan: " + data.next.items.map((i) => i.name + " " + i.sets + " × " + i.reps).join("; ")];
        lines.concat(data.next.advice || []).forEach((text) => { const p = document.createElement("p"); p.textContent = text; next.appendChild(p); });
      } else if (data && data.error) {
        $("done-summary").textContent = "Not saved: " + data.error;
      }
    }
    if (local) syncText();
  });

  function controls() {
    $("begin").addEventListener("click", begin);
    $("pause").addEventListener("click", togglePause);
    $("skip").addEventListener("click", skip);
    $("stop").addEventListener("click", stop);
    $("voice").addEventListener("click", () => {
      voice = !voice;
      localStorage.setItem("runstrong.voice", voice ? "on" : "off");
      $("voice").textContent = voice ? "Voice on" : "Voice off";
      $("voice").setAttribute("aria-pressed", String(voice));
      if (!voice && "speechSynthesis" in window) speechSynthesis.cancel();
    });
    $("questions").addEventListener("submit", answers);
    $("later").addEventListener("click", later);
    $("gate").addEventListener("submit", checkIn);
    if (window.matchMedia && matchMedia("(hover: hover) and (pointer: fine)").matches) $("keys").hidden = false;
    document.addEventListener("keydown", (e) => {
      if (!running || e.target.closest("form")) return;
      if (e.key === " ") { e.preventDefault(); togglePause(); }
      else if (e.key === "ArrowRight" || e.key === "s") skip();
      else if (e.key === "v") $("voice").click();
    });
  }

  // The pain check-in the plan asks for before the first set: the answer
  // goes to the server, which prescribes again; the page then shows the
  // plan that follows.
  async function checkIn(event) {
    event.preventDefault();
    const form = new FormData($("gate"));
    if (form.get("pain_now") === null) {
      $("gate-error").hidden = false;
      $("gate-error").textContent = "Please choose a number: 0 if nothing hurts.";
      return;
    }
    const body = { pain_now: Number(form.get("pain_now")), legs_heavy: form.get("legs_heavy") !== null };
    let response;
    try {
      response = await fetch("/api/v1/check-in", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    } catch (_) {
      $("gate-error").hidden = false;
      $("gate-error").textContent = "Cannot reach runstrong to save the answer. Is the server running?";
      return;
    }
    if (!response.ok) {
      const data = await response.json().catch(() => ({}));
      $("gate-error").hidden = false;
      $("gate-error").textContent = data.error || "The answer was not saved.";
      return;
    }
    $("gate").hidden = true;
    $("gate-error").hidden = true;
    load();
  }

  function showNotes() {
    const notes = $("notes");
    notes.textContent = "";
    (plan.notes || []).forEach((text) => {
      const p = document.createElement("p");
      p.className = "notice";
      p.textContent = text;
      notes.appendChild(p);
    });
    if (plan.unanswered) {
      $("unanswered").hidden = false;
      $("unanswered").textContent = "";
      $("unanswered").append(plan.unanswered.text + " ");
      const a = document.createElement("a");
      a.href = "/#answer";
      a.textContent = "Answer on Today";
      $("unanswered").appendChild(a);
    } else {
      $("unanswered").hidden = true;
    }
  }

  async function load() {
    let response;
    $("begin").disabled = true;
    try {
      response = await fetch("/api/v1/guide" + (variant ? "?" + variant : ""));
    } catch (_) {
      $("intro-text").textContent = "Cannot reach runstrong. Is the server running?";
      return;
    }
    plan = await response.json();
    if (!response.ok) { $("intro-text").textContent = plan.error || "Cannot load today's plan."; return; }
    prepare();
    showNotes();
    if (plan.pain_gate) {
      $("gate-reason").textContent = plan.pain_gate.reason;
      $("gate-question").textContent = plan.pain_gate.question;
      $("gate").hidden = false;
      $("begin").hidden = true;
      $("intro-text").textContent = "One question first: the plan may change with the answer.";
      return;
    }
    $("begin").hidden = false;
    if (!plan.items.length) {
      $("begin").hidden = true;
      $("intro-text").textContent = "Nothing to play today: rest, and let it settle.";
      return;
    }
    const stored = localStorage.getItem("runstrong.voice");
    voice = stored ? stored === "on" : plan.settings.voice;
    $("voice").textContent = voice ? "Voice on" : "Voice off";
    $("voice").setAttribute("aria-pressed", String(voice));
    // Resume: this browser's unfinished session, or today's from the server.
    const mine = loadLocal();
    const server = plan.session;
    if (mine && mine.date === plan.date && (mine.variant || "") === variant && mine.count === segs.length) {
      local = mine;
      if (server && server.started_at_ms === mine.startedAt) server.sets.forEach((s) => { if (!local.done.includes(s.position)) local.done.push(s.position); });
    } else if (server) {
      local = { date: plan.date, variant, count: segs.length, startedAt: server.started_at_ms, done: server.sets.map((s) => s.position), index: 0 };
    } else {
      local = { date: plan.date, variant, count: segs.length, startedAt: Date.now(), done: [], index: 0 };
    }
    // Carry on after the last set done (sets stored on the server, or still
    // waiting in this browser's outbox).
    idx = local.done.reduce((at, p) => {
      const set = plan.sets[p - 1];
      return set ? Math.max(at, set.last_segment + 1) : at;
    }, 0);
    const last = local.done.length;
    saveLocal();
    const perSide = (i) => (i.per_side ? " each side" : "");
    const names = plan.items.map((i) => i.name + " " + i.sets + " × " + i.reps + perSide(i)).join(", ");
    const minutes = Math.max(1, Math.round(plan.total_seconds / 60));
    $("intro-text").textContent = names + ". About " + minutes + " min.";
    if (last) {
      // What is left after the sets already done: each set still to play.
      const left = plan.sets.filter((set) => !local.done.includes(set.position));
      const seconds = idx < segs.length ? segs.slice(idx).reduce((a, s) => a + s.seconds, 0) : 0;
      $("intro-text").textContent = left.length
        ? left.length + " set" + (left.length === 1 ? "" : "s") + " left of " + names + ". About " + Math.max(1, Math.round(seconds / 60)) + " min."
        : "Every set is done: only the questions are left.";
      $("resume-text").hidden = false;
      $("resume-text").textContent = last + " set" + (last === 1 ? " is" : "s are") + " already saved from earlier today; you carry on from there.";
      $("begin").textContent = idx >= segs.length ? "Answer the questions" : "Resume";
    }
    $("begin").disabled = false;
    if (params.get("autostart") === "1") begin();
  }

  function init() {
    controls();
    load();
  }

  init();
})();
