// runstrong: shared page script. Registers the service worker, shows the
// connection state, plays the phase tone, and keeps the outbox: API writes are stored in
// localStorage first and sent in order, so a set logged while the server is
// unreachable is replayed when it answers again (the API is idempotent, so
// a repeat is counted once).
"use strict";
(function () {
  const KEY = "runstrong.outbox";
  const IDS = "runstrong.sessionIds";
  const load = (key, empty) => { try { return JSON.parse(localStorage.getItem(key)) || empty; } catch (_) { return empty; } };
  const save = (key, value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch (_) { /* storage full or blocked */ } };
  let flushing = false;
  let timer = null;
  const listeners = [];

  function status(text) {
    const el = document.getElementById("net");
    if (el) el.textContent = text;
  }

  function pending() { return load(KEY, []); }

  // Resolves "{session:STARTED_AT}" in a URL from the ids learnt so far.
  function resolve(url) {
    const ids = load(IDS, {});
    const m = url.match(/\{session:(\d+)\}/);
    if (!m) return url;
    return ids[m[1]] ? url.replace(m[0], ids[m[1]]) : null;
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (;;) {
        const queue = pending();
        if (!queue.length) { status(""); break; }
        const entry = queue[0];
        const url = resolve(entry.url);
        if (!url) { queue.shift(); save(KEY, queue); continue; }
        let response;
        try {
          response = await fetch(url, { method: entry.method || "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(entry.body) });
        } catch (_) {
          status("Offline: " + queue.length + " waiting to sync");
          schedule(4000);
          break;
        }
        if (response.status >= 500 || response.status === 408 || response.status === 429) {
          status("Server busy: " + queue.length + " waiting to sync");
          schedule(4000);
          break;
        }
        let data = null;
        try { data = await response.json(); } catch (_) { data = null; }
        if (response.ok && data && data.id && entry.sessionKey) {
          const ids = load(IDS, {});
          ids[entry.sessionKey] = data.id;
          save(IDS, ids);
        }
        const rest = pending();
        if (rest.length && rest[0].uid === entry.uid) rest.shift();
        save(KEY, rest);
        listeners.forEach((fn) => fn(entry, response.status, data));
      }
    } finally {
      flushing = false;
    }
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  function enqueue(entry) {
    entry.uid = Date.now() + "-" + Math.random().toString(36).slice(2);
    const queue = pending();
    queue.push(entry);
    save(KEY, queue);
    return flush();
  }

  // A short tone for phase changes (Web Audio), shared by the guided session
  // and the live count; silently nothing where audio is unavailable.
  let audio = null;
  function tone(freq, ms) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = freq;
      g.gain.setValueAtTime(0.0001, audio.currentTime);
      g.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.01);
      g.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + ms / 1000);
      o.connect(g).connect(audio.destination);
      o.start();
      o.stop(audio.currentTime + ms / 1000 + 0.02);
    } catch (_) { /* no audio */ }
  }

  window.runstrong = {
    tone,
    enqueue,
    flush,
    pending,
    onSent: (fn) => listeners.push(fn),
    sessionId: (key) => load(IDS, {})[key] || null,
  };

  window.addEventListener("online", flush);
  if (pending().length) flush();
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  }
})();
