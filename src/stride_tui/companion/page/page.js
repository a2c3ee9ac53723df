// Stride's companion page: draws the session Stride sends, plays its cue sounds after one
// tap, and sends taps back (each becomes the same session-driver call as a key press).
"use strict";

// Everything the page knows, readable from outside (tests, a curious person's console).
const stride = (window.stride = {
  connected: false,
  state: null,
  messages: 0,
  reconnects: 0,
  failures: 0,
  sent: [],
  errors: [],
  audio: { enabled: false, announced: [], requested: [], played: [] },
  vibrations: 0,
  wakeLock: "off",
});

const $ = (id) => document.getElementById(id);
const base = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";
let socket = null;
let retryDelay = 500;
let ctx = null;
let playhead = 0;
const buffers = new Map();
let wakeSentinel = null;

// --- the live connection --------------------------------------------------------------

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}${base}ws`);
  socket.onopen = () => {
    stride.connected = true;
    retryDelay = 500;
    showLink();
  };
  socket.onmessage = (event) => {
    stride.messages += 1;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (message.type === "hello") applyColours(message.colours || {});
    else if (message.type === "state") draw(message);
    else if (message.type === "error") showError(message.message);
  };
  socket.onclose = (event) => {
    const was = stride.connected;
    stride.connected = false;
    socket = null;
    stride.failures = was ? 0 : stride.failures + 1;
    showLink(event.reason);
    if (was) stride.reconnects += 1;
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 5000);
  };
}

function showLink(reason) {
  const link = $("link");
  if (stride.connected) {
    link.textContent = "Connected";
    link.classList.remove("down");
  } else if (stride.failures >= 3 && !stride.state) {
    link.textContent = "Cannot connect: Stride may be closed, the page turned off, " +
      "or 3 pages already open. Trying again…";
    link.classList.add("down");
  } else {
    link.textContent = (reason ? reason + " " : "") + "Connection lost — reconnecting…";
    link.classList.add("down");
  }
}

function send(message) {
  stride.sent.push(message);
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  else showError("Not connected: the tap was not sent. Reconnecting…");
}

function showError(text) {
  stride.errors.push(text);
  const box = $("error");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => (box.hidden = true), 4000);
}

function applyColours(colours) {
  for (const [name, value] of Object.entries(colours)) {
    document.documentElement.style.setProperty(`--${name}`, value);
  }
}

// --- drawing --------------------------------------------------------------------------

function text(id, value) {
  const el = $(id);
  if (el.textContent !== value) el.textContent = value;
}

function draw(state) {
  stride.state = state;
  document.body.className = `phase-${state.phase}` + (state.paused ? " paused" : "");
  text("phase", state.label);
  const walk = state.walk;
  $("walk-view").hidden = !walk;
  if (walk) {
    text("elapsed", walk.elapsed);
    text("remaining", walk.remaining);
    $("bar-fill").style.width = `${Math.round(walk.progress * 1000) / 10}%`;
    const next = $("next");
    if (walk.next) next.innerHTML = "";
    if (walk.next) {
      next.append("Next: ");
      const b = document.createElement("b");
      b.textContent = walk.next.title;
      next.append(b, ` in ${walk.next.in}`);
    } else {
      text("next", "No more cues — walk on to the end.");
    }
    const last = walk.last;
    text("last-title", last ? last.title : "Easy pace");
    text("last-body", last ? last.body : "You can talk, but not sing.");
    $("last").classList.toggle("visible", Boolean(last));
  }
  const step = state.step;
  $("step-view").hidden = !step;
  if (step) {
    const then = step.rest ? "rest, then " : "";
    text("step-routine", `${step.routine} · ${then}move ${step.index} of ${step.total}`);
    text("step-name", step.name);
    text("step-counter", step.counter);
    text("step-unit", step.unit);
    text("step-how", step.how);
  }
  const advice = state.advice;
  $("advice-view").hidden = !advice;
  if (advice) {
    text("advice-headline", advice.headline);
    const list = $("advice-steps");
    list.innerHTML = "";
    for (const line of advice.steps) {
      const li = document.createElement("li");
      li.textContent = line;
      list.append(li);
    }
  }
  text("message", state.message || "");
  $("note").hidden = !state.note;
  text("note", state.note || "");
  const actions = new Set(state.actions || []);
  for (const button of document.querySelectorAll("#actions button")) {
    button.hidden = !actions.has(button.dataset.action);
  }
  text("act-pause", state.paused ? "Resume" : "Pause");
  text("act-pain", state.phase === "pain-after" ? "Pain now" : "Pain check");
  if (!actions.has("pain")) $("sheet-pain").hidden = true;
  if (!actions.has("end")) $("sheet-end").hidden = true;
  if (!actions.has("red-flag")) $("sheet-flag").hidden = true;
  if (state.ask === "pain" && actions.has("pain")) $("sheet-pain").hidden = false;
  if (state.phase === "pain-after" && actions.has("pain") && !drawn.askedAfter) {
    drawn.askedAfter = true;
    $("sheet-pain").hidden = false;
  }
  drawFlags(state.flags || []);
  for (const sound of state.sounds || []) announce(sound);
  keepAwake(state.phase === "walk" && !state.paused);
}
const drawn = { flags: false, askedAfter: false };

function drawFlags(flags) {
  if (drawn.flags || !flags.length) return;
  drawn.flags = true;
  const list = $("flag-list");
  for (const flag of flags) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.flag = flag.id;
    button.textContent = flag.label[0].toUpperCase() + flag.label.slice(1);
    button.addEventListener("click", () => {
      $("sheet-flag").hidden = true;
      send({ type: "red-flag", flag: flag.id });
    });
    list.append(button);
  }
}

// --- sound, vibration, the screen kept awake ------------------------------------------

function announce(sound) {
  stride.audio.announced.push(sound);
  if ("vibrate" in navigator) {
    try {
      if (navigator.vibrate(sound.key === "tick" ? 40 : [160, 80, 160])) stride.vibrations += 1;
    } catch (e) {
      /* not allowed before a tap: fine */
    }
  }
  if (!stride.audio.enabled || !ctx) return;
  const urls = sound.clips.map((clip) => new URL(`${base}sound/${clip}.wav`, location.href).href);
  stride.audio.requested.push({ key: sound.key, urls });
  playInOrder(urls);
}

async function playInOrder(urls) {
  // Fetch all first, then schedule back to back, so the words follow the chime without a gap.
  const loaded = await Promise.all(urls.map(load));
  for (let i = 0; i < urls.length; i++) {
    const buffer = loaded[i];
    if (!buffer) continue;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    const at = Math.max(ctx.currentTime, playhead);
    source.start(at);
    playhead = at + buffer.duration;
    stride.audio.played.push(urls[i]);
  }
}

async function load(url) {
  if (!buffers.has(url)) {
    buffers.set(
      url,
      fetch(url)
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(r.status))))
        .then((data) => ctx.decodeAudioData(data))
        .catch(() => null)
    );
  }
  return buffers.get(url);
}

function startSound() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) {
    showError("This browser cannot play sound.");
    return;
  }
  ctx = ctx || new Context();
  ctx.resume();
  // A moment of silence, played inside the tap, unlocks sound on phones that need it.
  const silence = ctx.createBuffer(1, 1, 22050);
  const source = ctx.createBufferSource();
  source.buffer = silence;
  source.connect(ctx.destination);
  source.start();
  stride.audio.enabled = true;
  $("sound-start").hidden = true;
  if (stride.state) keepAwake(stride.state.phase === "walk" && !stride.state.paused);
}

async function keepAwake(wanted) {
  if (!("wakeLock" in navigator)) {
    stride.wakeLock = "unsupported";
    return;
  }
  if (wanted && !wakeSentinel && document.visibilityState === "visible") {
    stride.wakeLock = "asking";
    try {
      wakeSentinel = await navigator.wakeLock.request("screen");
      stride.wakeLock = "on";
      wakeSentinel.addEventListener("release", () => {
        wakeSentinel = null;
        stride.wakeLock = "off";
      });
    } catch (e) {
      stride.wakeLock = "refused";
    }
  } else if (!wanted && wakeSentinel) {
    const sentinel = wakeSentinel;
    wakeSentinel = null;
    sentinel.release();
  }
}

document.addEventListener("visibilitychange", () => {
  // The lock goes when the page is hidden; take it again when the page comes back.
  if (stride.state) keepAwake(stride.state.phase === "walk" && !stride.state.paused);
});

// --- taps ---------------------------------------------------------------------------

function setUp() {
  $("sound-start").addEventListener("click", startSound);
  const grid = $("pain-grid");
  for (let score = 0; score <= 10; score++) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = String(score);
    button.dataset.score = String(score);
    button.addEventListener("click", () => {
      $("sheet-pain").hidden = true;
      send({ type: "pain", score });
    });
    grid.append(button);
  }
  $("act-pause").addEventListener("click", () => send({ type: "pause" }));
  $("act-pain").addEventListener("click", () => ($("sheet-pain").hidden = false));
  $("act-end").addEventListener("click", () => ($("sheet-end").hidden = false));
  $("act-red-flag").addEventListener("click", () => ($("sheet-flag").hidden = false));
  $("end-yes").addEventListener("click", () => {
    $("sheet-end").hidden = true;
    send({ type: "end" });
  });
  for (const button of document.querySelectorAll("[data-close]")) {
    button.addEventListener("click", () => (button.closest(".sheet").hidden = true));
  }
  connect();
}

setUp();
