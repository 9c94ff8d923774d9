// runstrong: shared page script. Registers the service worker, shows the
// connection state, plays the phase tone, and keeps the outbox: API writes are stored in
// localStorage first and sent in order, so a set logged while the server is
// unreachable is replayed when it answers again (the API is idempotent, so
// a repeat is counted once). It also shows the daily reminder as a
// notification while the app is open (see "Reminders" below).
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

  // Reminders: a notification at the reminder time of the settings, while
  // a page of the app is open (a tab, or the installed app running). There
  // is no push service, so nothing arrives while no page is open; the
  // calendar feed (/calendar.ics) covers that. Permission is asked only when
  // the runner presses the [data-notify] button. At most one reminder a day
  // (the day is the server's, in the runner's time zone), none when today's
  // session is already recorded, none more than an hour late (a laptop
  // waking up in the evening).
  const REMINDED = "runstrong.remindedOn";
  const LATE_MS = 60 * 60 * 1000;
  let reminderTimer = null;

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + " answered " + response.status);
    return response.json();
  }

  // Today's date at "HH:MM" local time, or null for no reminder.
  function reminderAt(text, now) {
    const m = /^(\d{1,2}):(\d{2})$/.exec((text || "").trim());
    if (!m) return null;
    const at = new Date(now);
    at.setHours(Number(m[1]), Number(m[2]), 0, 0);
    return at;
  }

  function notificationsAllowed() {
    return "Notification" in window && Notification.permission === "granted";
  }

  // Sets the timer for today's reminder, or (once today's has been dealt
  // with, or is long past) for a fresh look just after midnight.
  async function scheduleReminder(todayDone) {
    clearTimeout(reminderTimer);
    if (!notificationsAllowed()) return;
    let settings;
    try { settings = await getJson("/api/v1/settings"); } catch (_) { return; }
    const now = new Date();
    const at = reminderAt(settings.reminder, now);
    if (!at) return;
    let wait = at - now;
    if (todayDone || wait < -LATE_MS) {
      const midnight = new Date(now);
      midnight.setHours(24, 0, 30, 0);
      reminderTimer = setTimeout(() => scheduleReminder(false), midnight - now);
      return;
    }
    reminderTimer = setTimeout(() => remind(at), Math.max(0, wait));
  }

  async function remind(at) {
    try {
      if (!notificationsAllowed() || Date.now() - at > LATE_MS) return;
      const today = await getJson("/api/v1/today");
      if (today.prescription.done_today) return;
      if (load(REMINDED, "") === today.date) return;
      save(REMINDED, today.date);
      const names = today.prescription.items.map((item) => item.name).join(", ");
      const title = "Time for your glute session";
      const options = { body: names ? "Today: " + names + "." : "", tag: "runstrong-reminder", icon: "/static/icon-192.png" };
      try {
        const shown = new Notification(title, options);
        shown.onclick = () => { window.focus(); location.href = "/"; };
      } catch (_) {
        // Android allows notifications only through the service worker.
        const registration = await navigator.serviceWorker.ready;
        await registration.showNotification(title, options);
      }
    } catch (_) {
      /* offline or refused: nothing to show */
    } finally {
      scheduleReminder(true);
    }
  }

  // The settings page's reminder controls: the feed's full address, and a
  // button that asks for permission (a browser asks only after a gesture).
  function reminderControls() {
    document.querySelectorAll("[data-calendar-url]").forEach((link) => {
      link.textContent = location.origin + link.getAttribute("href");
    });
    const status = document.querySelector("[data-notify-status]");
    const say = (text) => { if (status) status.textContent = text; };
    document.querySelectorAll("[data-notify]").forEach((button) => {
      if (!("Notification" in window)) { say("This browser cannot show notifications."); return; }
      const update = () => {
        const permission = Notification.permission;
        // `hidden` alone loses to a class that sets `display`.
        button.hidden = permission !== "default";
        button.style.display = button.hidden ? "none" : "";
        if (permission === "granted") say("Notifications are on in this browser: you are reminded at the reminder time while the app is open.");
        if (permission === "denied") say("Notifications are blocked for this site; allow them in the browser's site settings to be reminded here.");
      };
      update();
      button.addEventListener("click", async () => {
        try { await Notification.requestPermission(); } catch (_) { /* old callback-only API */ }
        update();
        scheduleReminder(false);
      });
    });
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
  reminderControls();
  scheduleReminder(false);
  if (pending().length) flush();
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  }
})();
