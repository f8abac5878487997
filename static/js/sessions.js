// Finished sessions are kept on this phone until the server has them. Each carries a key made
// here, so sending it again (a retry, a double tap, an offline queue) never makes a second row.
(function () {
  "use strict";

  const QUEUE_KEY = "spasmcare.pending-sessions";
  const body = document.body;
  const signedIn = body.hasAttribute("data-signed-in");
  const saveUrl = body.dataset.saveUrl;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE_KEY)) || [];
    } catch (e) {
      return [];
    }
  }
  function store(list) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(list));
  }
  function upsert(session) {
    const list = load().filter((s) => s.key !== session.key);
    list.push(session);
    store(list);
  }
  function remove(key) {
    store(load().filter((s) => s.key !== key));
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function send(session) {
    let response;
    try {
      response = await fetch(saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(session),
      });
    } catch (e) {
      return "offline";
    }
    if (response.ok) return "saved";
    if (response.status === 400) return "rejected";
    return "later"; // signed out, token expired, server busy: keep it and try again
  }

  let running = null;
  function flush() {
    if (!signedIn || !saveUrl) return Promise.resolve({ saved: 0, waiting: load().length });
    if (running) return running;
    running = (async () => {
      let saved = 0;
      for (const session of load()) {
        const result = await send(session);
        if (result === "saved" || result === "rejected") {
          remove(session.key);
          if (result === "saved") saved += 1;
          else console.warn("SpasmCare: a session was refused by the server", session);
        }
      }
      running = null;
      const waiting = load().length;
      showWaiting(waiting);
      return { saved, waiting };
    })();
    return running;
  }

  function showWaiting(count) {
    const box = document.getElementById("pending-sessions");
    if (!box) return;
    box.hidden = count === 0;
    box.textContent = count
      ? `${count} finished session${count === 1 ? " is" : "s are"} waiting on this phone and will be added when you're back online.`
      : "";
  }

  window.SpasmCareSessions = { upsert, flush, newKey, load };
  window.addEventListener("online", flush);

  // On any page: send what is waiting. On the history page, show what just arrived.
  const initiallyWaiting = load().length;
  showWaiting(initiallyWaiting);
  if (initiallyWaiting && signedIn) {
    flush().then(({ saved }) => {
      if (saved && document.getElementById("pending-sessions")) window.location.reload();
    });
  }

  // ---- The player's finish screen ----
  const player = document.getElementById("player");
  const form = document.getElementById("finish-form");
  if (!player || !form) return;
  const status = document.getElementById("save-status");
  const result = document.getElementById("save-result");
  const offer = document.getElementById("save-offer");
  let current = null;
  let tapped = false; // what a tap on Save did is only said once it was tapped

  function setStatus(text, state) {
    status.textContent = text;
    status.dataset.state = state;
    if (result) result.textContent = tapped && state !== "saving" ? text : "";
  }
  function checkedValue(root, name) {
    const input = root.querySelector(`input[name="${name}"]:checked`);
    return input ? input.value : null;
  }
  async function saveNow() {
    upsert(current);
    if (!signedIn) {
      setStatus("Kept on this phone.", "local");
      if (offer) offer.hidden = false;
      return;
    }
    setStatus("Saving…", "saving");
    const { waiting } = await flush();
    const stillHere = load().some((s) => s.key === current.key);
    if (stillHere || waiting) {
      setStatus("Saved on this phone. It will be added to your history when you're back online.", "pending");
    } else {
      setStatus("Saved to your history.", "saved");
    }
  }

  player.addEventListener("routine:finished", (event) => {
    const d = event.detail;
    const painBefore = checkedValue(document, "pain_before");
    current = {
      key: newKey(),
      routine: player.dataset.routine,
      started_at: new Date(d.startedAt).toISOString(),
      ended_at: new Date(d.endedAt).toISOString(),
      active_seconds: Math.round(d.activeMs / 1000),
      steps_done: d.stepsDone,
      steps_total: d.stepsTotal,
      pain_before: painBefore === null ? null : Number(painBefore),
      events: d.events || [],
    };
    form.hidden = false;
    tapped = false;
    saveNow();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!current) return;
    const painAfter = checkedValue(form, "pain_after");
    current.pain_after = painAfter === null ? null : Number(painAfter);
    current.feeling = checkedValue(form, "feeling") || "";
    current.note = form.querySelector("textarea[name=note]").value.trim();
    tapped = true;
    saveNow();
  });
  window.addEventListener("online", () => {
    if (current && status.dataset.state === "pending") saveNow();
  });
})();
