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
      body: { date: plan.date, started_at_ms: local.startedAt, exercise: only || null, observed: [observed] },
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

  function answers(event) {
    event.preventDefault();
    const form = new FormData($("questions"));
    const num = (name) => (form.get(name) === null ? null : Number(form.get(name)));
    const body = { rpe: num("rpe"), felt: form.get("felt") || null, pain: num("pain") };
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
        $("done-summary").textContent = "Saved: " + s.sets.length + " sets, " + reps + " reps.";
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
    document.addEventListener("keydown", (e) => {
      if (!running || e.target.closest("form")) return;
      if (e.key === " ") { e.preventDefault(); togglePause(); }
      else if (e.key === "ArrowRight" || e.key === "s") skip();
      else if (e.key === "v") $("voice").click();
    });
  }

  async function init() {
    controls();
    let response;
    try {
      response = await fetch("/api/v1/guide" + (only ? "?exercise=" + encodeURIComponent(only) : ""));
    } catch (_) {
      $("intro-text").textContent = "Cannot reach runstrong. Is the server running?";
      return;
    }
    plan = await response.json();
    if (!response.ok) { $("intro-text").textContent = plan.error || "Cannot load today's plan."; return; }
    prepare();
    const stored = localStorage.getItem("runstrong.voice");
    voice = stored ? stored === "on" : plan.settings.voice;
    $("voice").textContent = voice ? "Voice on" : "Voice off";
    $("voice").setAttribute("aria-pressed", String(voice));
    // Resume: this browser's unfinished session, or today's from the server.
    const mine = loadLocal();
    const server = plan.session;
    if (mine && mine.date === plan.date && mine.only === only && mine.count === segs.length) {
      local = mine;
      if (server && server.started_at_ms === mine.startedAt) server.sets.forEach((s) => { if (!local.done.includes(s.position)) local.done.push(s.position); });
    } else if (server && !only) {
      local = { date: plan.date, only, count: segs.length, startedAt: server.started_at_ms, done: server.sets.map((s) => s.position), index: 0 };
    } else {
      local = { date: plan.date, only, count: segs.length, startedAt: Date.now(), done: [], index: 0 };
    }
    // Carry on after the last set done (sets stored on the server, or still
    // waiting in this browser's outbox).
    idx = local.done.reduce((at, p) => {
      const set = plan.sets[p - 1];
      return set ? Math.max(at, set.last_segment + 1) : at;
    }, 0);
    const last = local.done.length;
    saveLocal();
    const names = plan.items.map((i) => i.name + " " + i.sets + " × " + i.reps + (i.per_side ? " each side" : "")).join(", ");
    const minutes = Math.round(plan.total_seconds / 60);
    $("intro-text").textContent = names + ". About " + minutes + " min.";
    if (last) {
      $("resume-text").hidden = false;
      $("resume-text").textContent = local.done.length + " set" + (local.done.length === 1 ? " is" : "s are") + " already saved from earlier today; you carry on from there.";
      $("begin").textContent = idx >= segs.length ? "Answer the questions" : "Resume";
    }
    $("begin").disabled = false;
    if (params.get("autostart") === "1") begin();
  }

  init();
})();
