// Finished sessions are kept on this phone until the server has them. Each carries a key made
// here, so sending it again (a retry, a double tap, an offline queue) never makes a second row.
//
// A phone may be shared, so each queued session says whose it is: the account signed in when
// it was finished (the page's data-account tag), or nobody. A session is only ever sent while
// its own account is signed in; one finished signed out is offered to whoever signs in next
// ("Add the session you just finished?"), never added without asking. Logging out sends what is
// waiting, then forgets everything this phone kept for the person.
(function () {
  "use strict";

  const QUEUE_KEY = "spasmcare.pending-sessions";
  const LAST_PAIN_KEY = "spasmcare.last-pain";
  const PRIVATE_PAGES = "pages-private"; // the service worker's signed-in pages (templates/sw.js)
  const body = document.body;
  const signedIn = body.hasAttribute("data-signed-in");
  const account = signedIn ? body.dataset.account || null : null;
  const saveUrl = body.dataset.saveUrl;

  function load() {
    try {
      const list = JSON.parse(localStorage.getItem(QUEUE_KEY));
      return Array.isArray(list) ? list : [];
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
  function remove(keys) {
    store(load().filter((s) => !keys.includes(s.key)));
  }
  // Sessions queued before they carried an owner count as finished signed out: offered, not sent.
  const isMine = (s) => account !== null && s.account === account;
  const isUnclaimed = (s) => !s.account;
  const mine = () => load().filter(isMine);
  const unclaimed = () => load().filter(isUnclaimed);

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  // Other records kept here (a flare-up: static/js/recovery/item.js) say where they are saved:
  // a path on this site only (never "//host" or "/\\host", which leave it).
  function destination(record) {
    return typeof record.url === "string" && /^\/[\w-]/.test(record.url) ? record.url : saveUrl;
  }
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function send(session) {
    let response;
    try {
      response = await fetch(destination(session), {
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
    return "later"; // signed out, token expired, another account (409), server busy: keep it
  }

  let running = null;
  function flush() {
    if (!account || !saveUrl) return Promise.resolve({ saved: 0, waiting: mine().length });
    if (running) return running;
    running = (async () => {
      let saved = 0;
      for (const session of mine()) {
        const result = await send(session);
        if (result === "saved" || result === "rejected") {
          remove([session.key]);
          if (result === "saved") saved += 1;
          else console.warn("SpasmCare: a session was refused by the server", session);
        }
      }
      running = null;
      const waiting = mine().length;
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

  // ---- "Add the session you just finished?" ----
  function describe(session) {
    if (session.label) return session.label;
    const name = session.routine_name || "A routine";
    const when = new Date(session.ended_at);
    const day = when.toDateString() === new Date().toDateString() ? "today" : when.toLocaleDateString([], { weekday: "long", day: "numeric", month: "long" });
    return `${name}, finished ${day} at ${when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
  }

  function offerUnclaimed() {
    const offer = document.getElementById("session-offer");
    const waiting = unclaimed();
    if (!offer || !account || !waiting.length) return;
    const question = offer.querySelector("#session-offer-question strong");
    const detail = offer.querySelector("#session-offer-detail");
    const buttons = offer.querySelector(".session-offer-actions");
    if (waiting.some((s) => s.kind)) question.textContent = "Add what you kept on this phone?";
    else if (waiting.length > 1) question.textContent = `Add the ${waiting.length} sessions you just finished?`;
    detail.textContent = `${waiting.map(describe).join("; ")}. Kept on this phone while nobody was logged in.`;
    offer.hidden = false;
    offer.addEventListener("click", async (event) => {
      const answer = event.target.closest("button[data-answer]");
      if (!answer) return;
      const keys = waiting.map((s) => s.key);
      buttons.hidden = true;
      if (answer.dataset.answer === "decline") {
        remove(keys);
        detail.textContent = "Fine, it has been removed from this phone.";
        return;
      }
      store(load().map((s) => (keys.includes(s.key) ? { ...s, account } : s)));
      detail.textContent = "Adding…";
      const { saved, waiting: left } = await flush();
      detail.textContent = left ? "It will be added to your history when you're back online." : "Added to your history.";
      if (saved && document.getElementById("pending-sessions")) window.location.reload();
    });
  }

  // ---- Logging out ----
  async function forgetThisPerson() {
    remove(mine().map((s) => s.key));
    localStorage.removeItem(LAST_PAIN_KEY);
    if ("caches" in window) await caches.delete(PRIVATE_PAGES).catch(() => {});
  }
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.hasAttribute("data-logout") || form.dataset.leaving) return;
    event.preventDefault();
    form.dataset.leaving = "true";
    // Send what is waiting first (it is theirs to keep), but don't hold them up for long.
    await Promise.race([flush(), new Promise((resolve) => setTimeout(resolve, 5000))]);
    await forgetThisPerson();
    form.submit();
  });

  window.SpasmCareSessions = { upsert, flush, newKey, load };
  window.addEventListener("online", flush);

  // On any page: send what is waiting. On the history page, show what just arrived.
  const initiallyWaiting = mine().length;
  showWaiting(initiallyWaiting);
  if (initiallyWaiting) {
    flush().then(({ saved }) => {
      if (saved && document.getElementById("pending-sessions")) window.location.reload();
    });
  }
  offerUnclaimed();

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
    if (!account) {
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
    const title = document.querySelector(".player-title");
    current = {
      key: newKey(),
      account, // whose it is: the signed-in account, or null (offered to whoever signs in)
      routine: player.dataset.routine,
      routine_name: title ? title.textContent.trim() : "",
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
