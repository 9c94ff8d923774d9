// runstrong: the live count (page /go/live). Senses reps in this page and
// lets the runstrong server count them:
//
// - camera mode: MediaPipe Pose runs here (script, wasm and model from
//   /vendor/mediapipe/pose/ on this server, never another host) and each
//   frame's 33 landmarks go over a WebSocket (/live/ws) to the sense engine.
//   When the server has no pose files yet, "Set up the camera mode" asks it
//   to install them (POST /live/install: the server downloads the pinned
//   package and checks it) and shows the progress (GET /live/install);
// - phone mode: DeviceMotion samples (acceleration including gravity, m/s²,
//   and rotation rate, deg/s, as gx = beta, gy = gamma, gz = alpha) go the
//   same way.
//
// The server answers with events: phases, reps (with the running count),
// reps re-classified as partial (the count goes down), form cues, progress
// and, after Stop, a summary with the measured tempo. The page shows and
// speaks them. After Stop the user confirms the count; the set is saved
// through the outbox (POST /api/v1/sessions, as the guided session does) as
// what was observed (the confirmed reps, the side, and what the counter
// measured); the server builds the record. With "Record" on, the raw
// stream is kept in memory and offered as a download in the recording format
// (landmark JSON Lines with the confirmed count in the meta line, or the
// motion CSV with the count in the file name).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const POSE_DIR = "/vendor/mediapipe/pose/";
  const params = new URLSearchParams(location.search);
  const CUE_REPEAT_MS = 8000;
  const MAX_RECORDED = 20000; // about 11 minutes of camera frames (≈ 40 MB)

  let mode = "camera", ws = null, running = false, stopping = false, voice = true;
  let count = 0, sent = 0, received = 0, errors = [], summary = null;
  let t0 = 0, lastT = -1, recording = null, meta = null;
  let stream = null, video = null, pose = null, poseReady = false, busy = false, frameTimer = null, sentAt = 0;
  let motionHandler = null, lastCue = {}, wakeLock = null;
  let plan = null;
  const startedAt = Date.now();
  let position = 0;

  // What the end-to-end test reads.
  let install = null; // the last install progress seen
  window.runstrongLive = { state: () => ({ mode, running, count, sent, received, errors: errors.slice(), summary, poseReady, install }) };

  function show(id, on) { $(id).hidden = !on; }
  function setupError(text) { $("setup-error").textContent = text; show("setup-error", !!text); }
  function announce(text) { $("announce").textContent = text; }

  function say(text, interrupt) {
    if (!voice || !("speechSynthesis" in window) || !text) return;
    if (interrupt) speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = "en";
    u.rate = (plan && plan.settings && plan.settings.speech_rate) || 1;
    speechSynthesis.speak(u);
  }

  function tone(freq, ms) {
    if (voice) window.runstrong.tone(freq, ms);
  }

  // ---- set-up form
  function selected() {
    const exercise = $("exercise").value;
    const side = exercise === "single-leg-bridge" ? $("side").value : null;
    return { exercise, side };
  }

  function refreshForm() {
    mode = document.querySelector("input[name=mode]:checked").value;
    show("camera-help", mode === "camera");
    show("phone-help", mode === "phone");
    show("side-row", $("exercise").value === "single-leg-bridge");
    if ($("no-pose")) show("no-pose", mode === "camera" && $("start").dataset.pose !== "true");
    show("insecure", !window.isSecureContext);
    $("start").disabled = mode === "camera" && $("start").dataset.pose !== "true";
  }

  async function loadPlan(exercise) {
    try {
      const r = await fetch("/api/v1/guide?exercise=" + encodeURIComponent(exercise));
      plan = r.ok ? await r.json() : null;
    } catch (_) { plan = null; }
  }

  // ---- the camera install
  const MB = (bytes) => (bytes / 1e6).toFixed(0);

  function showInstall(p) {
    install = p;
    const bar = $("install-progress"), text = $("install-status"), button = $("install");
    if (!bar) return;
    const busy = p.state === "downloading" || p.state === "verifying" || p.state === "unpacking";
    button.disabled = busy;
    bar.hidden = !busy;
    if (p.state === "downloading") {
      bar.value = p.total ? Math.min(100, (100 * p.received) / p.total) : 0;
      text.textContent = "Downloading the pose model: " + MB(p.received) + " of " + MB(p.total) + " MB…";
    } else if (p.state === "verifying") {
      bar.value = 100;
      text.textContent = "Checking the download…";
    } else if (p.state === "unpacking") {
      bar.value = 100;
      text.textContent = "Unpacking…";
    } else if (p.state === "installed") {
      $("start").dataset.pose = "true";
      show("no-pose", false);
      setupError("");
      announce("The camera mode is ready.");
      refreshForm();
    } else if (p.state === "failed") {
      text.textContent = "The set-up did not work: " + p.message;
      button.textContent = "Try again";
    }
    return busy;
  }

  async function installPose() {
    $("install").disabled = true;
    $("install-status").textContent = "Starting the download…";
    try {
      let r = await fetch("/live/install", { method: "POST" });
      let p = await r.json();
      while (showInstall(p)) {
        await new Promise((done) => setTimeout(done, 300));
        r = await fetch("/live/install");
        p = await r.json();
      }
    } catch (e) {
      showInstall({ state: "failed", message: "runstrong could not be reached (" + ((e && e.message) || e) + ")." });
    }
  }

  // ---- the socket
  function openSocket() {
    return new Promise((resolve, reject) => {
      const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/live/ws";
      const socket = new WebSocket(url);
      socket.onopen = () => resolve(socket);
      socket.onerror = () => reject(new Error("Cannot reach the runstrong server for counting. Is it running?"));
      socket.onmessage = (e) => { let m = null; try { m = JSON.parse(e.data); } catch (_) { return; } onMessage(m); };
      socket.onclose = () => { if (running && !stopping) { $("cue").textContent = "The connection to runstrong was lost; reps after this are not counted."; stopSensing(); running = false; } };
    });
  }

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(obj)); return true; }
    return false;
  }

  const PHASES = { lift: "UP", top: "HOLD", lower: "DOWN", rest: "REST" };

  function onMessage(m) {
    switch (m.type) {
      case "ready": break;
      case "phase":
        $("phase").textContent = PHASES[m.phase] || "–";
        if (m.phase === "lift") tone(660, 70);
        break;
      case "rep":
        count = m.count;
        $("count").textContent = String(count);
        $("tempo").textContent = [m.lift_s, m.hold_s, m.lower_s].map((x) => x.toFixed(1)).join("-");
        announce(count + (count === 1 ? " rep" : " reps"));
        $("phase").textContent = PHASES.rest;
        tone(880, 90);
        say(String(count), true);
        break;
      case "reclassified":
        count = m.count;
        $("count").textContent = String(count);
        announce("That first rep did not reach the full range: " + count + (count === 1 ? " rep" : " reps"));
        break;
      case "partial":
        $("phase").textContent = PHASES.rest;
        announce("Not counted: the hips did not come up far enough");
        break;
      case "cue": {
        $("cue").textContent = m.message;
        const now = performance.now();
        if (!lastCue[m.cue] || now - lastCue[m.cue] > CUE_REPEAT_MS) { say(m.message, false); lastCue[m.cue] = now; }
        break;
      }
      case "frames":
        received = m.received;
        $("frames").textContent = m.received + " frames counted by runstrong, " + m.used + " with your body in view";
        if (mode === "camera" && m.received >= 45 && m.used === 0 && count === 0) {
          $("cue").textContent = "runstrong cannot see your shoulders, hips and knees yet: turn the camera so that your whole side is in the picture.";
        }
        break;
      case "summary":
        summary = m;
        received = m.frames;
        count = m.reps;
        stopping = false;
        confirmCount();
        break;
      case "error":
        errors.push(m.message);
        if (errors.length <= 3) console.warn("runstrong:", m.message);
        break;
    }
  }

  // ---- camera
  function loadScript(src) {
    return new Promise((resolve, reject) => {
      if (window.Pose) return resolve();
      const s = document.createElement("script");
      s.src = src;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error("The pose model could not be loaded from runstrong. Reload this page and set up the camera mode again."));
      document.head.appendChild(s);
    });
  }

  async function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error("This browser gives no camera to this page (it needs a secure origin: see the user guide).");
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30, max: 30 }, facingMode: "user" }, audio: false });
    video = $("video");
    video.srcObject = stream;
    show("video", true);
    await video.play();
    if (!video.videoWidth) await new Promise((r) => video.addEventListener("loadedmetadata", r, { once: true }));
    if (!pose) {
      // One model per page: a second set reuses it.
      await loadScript(POSE_DIR + "pose.js");
      pose = new window.Pose({ locateFile: (file) => POSE_DIR + file });
      pose.setOptions({
        modelComplexity: Number(params.get("model") || 1),
        smoothLandmarks: params.get("smooth") !== "0",
        enableSegmentation: false,
        minDetectionConfidence: 0.5,
        minTrackingConfidence: 0.5,
      });
      pose.onResults(onPose);
      await pose.initialize();
      poseReady = true;
    }
    return { width: video.videoWidth, height: video.videoHeight };
  }

  const r5 = (x) => Math.round(x * 1e5) / 1e5;

  function onPose(results) {
    if (!running) return;
    let t = (sentAt - t0) / 1000; // when the picture was taken, not when the model finished
    if (t <= lastT) t = lastT + 0.001;
    lastT = t;
    const marks = (results.poseLandmarks || []).map((p) => ({ x: r5(p.x), y: r5(p.y), z: r5(p.z), visibility: r5(p.visibility === undefined ? 1 : p.visibility) }));
    const frame = { t: Math.round(t * 1000) / 1000, landmarks: marks };
    if (send(frame)) sent++;
    if (recording && recording.length < MAX_RECORDED) recording.push(JSON.stringify(frame));
  }

  async function cameraLoop() {
    if (!running || !pose) return;
    if (!busy && video.readyState >= 2) {
      busy = true;
      sentAt = performance.now();
      try { await pose.send({ image: video }); } catch (e) { errors.push("pose: " + e); }
      busy = false;
    }
    frameTimer = requestAnimationFrame(cameraLoop);
  }

  // ---- phone
  async function startMotion() {
    if (!("DeviceMotionEvent" in window)) throw new Error("This browser has no motion sensors for this page (it needs a secure origin: see the user guide).");
    motionHandler = (e) => {
      if (!running) return;
      const a = e.accelerationIncludingGravity, g = e.rotationRate;
      if (!a || a.x === null) return;
      const t = Math.round(e.timeStamp - t0) / 1000;
      if (t <= lastT) return;
      lastT = t;
      const sample = { t, accel: [a.x, a.y, a.z].map(r5), gyro: g ? [g.beta || 0, g.gamma || 0, g.alpha || 0].map(r5) : [0, 0, 0] };
      if (send(sample)) sent++;
      if (recording && recording.length < MAX_RECORDED) recording.push([sample.t].concat(sample.accel, sample.gyro).join(","));
    };
    window.addEventListener("devicemotion", motionHandler);
  }

  // ---- start and stop
  async function lockScreen() {
    try { if ("wakeLock" in navigator) wakeLock = await navigator.wakeLock.request("screen"); } catch (_) { wakeLock = null; }
  }

  async function start() {
    setupError("");
    $("start").disabled = true;
    $("start").textContent = mode === "camera" ? "Loading the camera and the pose model…" : "Starting…";
    const { exercise, side } = selected();
    count = 0; sent = 0; received = 0; errors = []; summary = null; lastT = -1; lastCue = {};
    $("count").textContent = "0";
    $("phase").textContent = "–";
    $("tempo").textContent = "–";
    $("frames").textContent = "";
    recording = $("record").checked ? [] : null;
    try {
      // iOS asks for the motion sensors only inside the tap, so before anything else is awaited.
      if (mode === "phone" && window.DeviceMotionEvent && typeof DeviceMotionEvent.requestPermission === "function") {
        const answer = await DeviceMotionEvent.requestPermission();
        if (answer !== "granted") throw new Error("Motion sensors were not allowed; allow them for this site to count with the phone.");
      }
      await loadPlan(exercise);
      ws = await openSocket();
      let size = null;
      if (mode === "camera") size = await startCamera();
      else await startMotion();
      meta = { width: size ? size.width : undefined, height: size ? size.height : undefined, source: mode === "camera" ? "mediapipe-pose" : "devicemotion", view: "side", exercise, side };
      send({ type: "start", exercise, side, input: mode === "camera" ? "landmarks" : "motion", width: size ? size.width : undefined, height: size ? size.height : undefined });
      t0 = performance.now();
      running = true;
      $("start").textContent = "Start";
      show("setup", false);
      show("saved", false);
      show("session", true);
      $("l-exercise").textContent = $("exercise").selectedOptions[0].textContent + (side ? " · " + side + " side" : "") + (mode === "camera" ? " · camera" : " · phone");
      $("cue").textContent = "Get into position and keep still for a moment.";
      say("Ready. Start when you are.", true);
      lockScreen();
      if (mode === "camera") cameraLoop();
    } catch (e) {
      stopSensing();
      if (ws) { ws.close(); ws = null; }
      setupError((e && e.message) || String(e));
      $("start").textContent = "Start";
      $("start").disabled = false;
      refreshForm();
    }
  }

  function stopSensing() {
    if (frameTimer) cancelAnimationFrame(frameTimer);
    frameTimer = null;
    if (stream) { stream.getTracks().forEach((t) => t.stop()); stream = null; }
    if (motionHandler) { window.removeEventListener("devicemotion", motionHandler); motionHandler = null; }
    if (wakeLock) { wakeLock.release().catch(() => {}); wakeLock = null; }
    show("video", false);
  }

  function stop() {
    if (!running) return;
    running = false;
    stopping = true;
    stopSensing();
    if (!send({ type: "stop" })) { stopping = false; summary = null; confirmCount(); }
  }

  // ---- confirm, save, download
  function confirmCount() {
    const s = summary;
    $("measured").textContent = s
      ? "runstrong counted " + s.reps + (s.reps === 1 ? " rep" : " reps") +
        (s.partial_reps ? " (and " + s.partial_reps + " partial, not counted)" : "") +
        (s.reps ? ", on average " + [s.mean_lift_s, s.mean_hold_s, s.mean_lower_s].map((x) => (x || 0).toFixed(1)).join("-") + " s up-top-down." : ".")
      : "The count from runstrong was lost; enter what you did.";
    $("confirmed").value = String(s ? s.reps : count);
    show("recording-note", !!recording);
    const dialog = $("confirm");
    if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
    $("confirmed").focus();
    $("confirmed").select();
  }

  function closeDialog() {
    const dialog = $("confirm");
    if (dialog.close) dialog.close(); else dialog.removeAttribute("open");
  }

  function saveSet(event) {
    event.preventDefault();
    const reps = Math.max(0, Math.min(500, Math.round(Number($("confirmed").value) || 0)));
    closeDialog();
    const { exercise, side } = selected();
    let text = "";
    if (reps > 0) {
      position += 1;
      const measured = summary && summary.reps > 0
        ? { reps: summary.reps, hold_s: summary.hold_s, tension_s: summary.tension_s }
        : null;
      const observed = { position, reps, completed_at_ms: Date.now(), side, measured };
      window.runstrong.enqueue({ url: "/api/v1/sessions", sessionKey: String(startedAt), body: { started_at_ms: startedAt, guide: { exercise }, observed: [observed] } });
      text = "Saved: " + reps + (reps === 1 ? " rep" : " reps") + (measured ? ", top hold " + measured.hold_s.toFixed(1) + " s." : ".");
    } else {
      text = "No rep, so no set was saved.";
    }
    finishRecording(reps);
    $("saved-text").textContent = text;
    announce(text);
    show("session", false);
    show("saved", true);
  }

  function discard() {
    closeDialog();
    finishRecording(null);
    $("saved-text").textContent = "Not saved.";
    show("session", false);
    show("saved", true);
  }

  function finishRecording(confirmed) {
    const link = $("download");
    if (link.href && link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.hidden = true;
    if (!recording || confirmed === null) { recording = null; return; }
    const stamp = new Date(startedAt).toISOString().slice(0, 10);
    const { exercise } = selected();
    let body, name, type;
    if (meta.source === "mediapipe-pose") {
      const head = { meta: Object.assign({}, meta, { confirmed_reps: confirmed, engine_reps: summary ? summary.reps : null, recorded_at: new Date().toISOString() }) };
      body = [JSON.stringify(head)].concat(recording).join("\n") + "\n";
      name = "runstrong-" + exercise + "-" + stamp + "-" + confirmed + "-reps.jsonl";
      type = "application/x-ndjson";
    } else {
      body = "t,ax,ay,az,gx,gy,gz\n" + recording.join("\n") + "\n";
      name = "runstrong-" + exercise + "-motion-" + stamp + "-" + confirmed + "-reps.csv";
      type = "text/csv";
    }
    link.href = URL.createObjectURL(new Blob([body], { type }));
    link.download = name;
    link.textContent = "Download the recording (" + recording.length + " " + (meta.source === "mediapipe-pose" ? "frames" : "samples") + ", " + confirmed + " reps)";
    link.hidden = false;
    recording = null;
  }

  function again() {
    if (ws) { ws.close(); ws = null; }
    show("saved", false);
    show("setup", true);
    $("start").disabled = false;
    refreshForm();
  }

  function init() {
    document.querySelectorAll("input[name=mode]").forEach((r) => r.addEventListener("change", refreshForm));
    $("exercise").addEventListener("change", refreshForm);
    if (params.get("mode") === "phone") document.querySelector("input[name=mode][value=phone]").checked = true;
    if (params.get("exercise")) $("exercise").value = params.get("exercise");
    $("start").addEventListener("click", start);
    if ($("install")) $("install").addEventListener("click", installPose);
    $("stop").addEventListener("click", stop);
    $("confirm-form").addEventListener("submit", saveSet);
    $("discard").addEventListener("click", discard);
    $("again").addEventListener("click", again);
    const stored = localStorage.getItem("runstrong.voice");
    voice = stored ? stored === "on" : true;
    const v = $("voice");
    v.textContent = voice ? "Voice on" : "Voice off";
    v.setAttribute("aria-pressed", String(voice));
    v.addEventListener("click", () => {
      voice = !voice;
      localStorage.setItem("runstrong.voice", voice ? "on" : "off");
      v.textContent = voice ? "Voice on" : "Voice off";
      v.setAttribute("aria-pressed", String(voice));
      if (!voice && "speechSynthesis" in window) speechSynthesis.cancel();
    });
    document.addEventListener("keydown", (e) => { if (running && (e.key === "Escape" || e.key === "s")) stop(); });
    refreshForm();
  }

  init();
})();
