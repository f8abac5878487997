// Finished sessions are kept on this phone until the server has them. Each carries a key made
// here, so sending it again (a retry, a double tap, an offline queue) never makes a second row.
//
// A phone may be shared, so each queued session says whose it is: the account signed in when
// it was finished (the page's data-account tag), or nobody. A session is only ever sent while
// its own account is signed in; one finished signed out is offered to whoever signs in next
// ("Add the session you just finished?"), never added without asking. Logging out sends what is
// waiting, then forgets everything this phone kept for the person.
//
// "Saved" is said only once the server has answered that it stored the session. A session the
// server refuses stays here with the server's reason (`refused`), and is not sent again until
// the person asks or changes it; what they add after the routine (pain after, feeling, note) is
// written here as they enter it and sent a moment later. Each change raises the session's `rev`,
// so an answer that arrives for an older copy never removes a newer one.
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
  /** Write the queue; false when this phone's storage refuses (private mode, full). */
  function store(list) {
    try {
      localStorage.setItem(QUEUE_KEY, JSON.stringify(list));
      return true;
    } catch (e) {
      return false;
    }
  }
  /** Keep `session` (a new copy of it: rev goes up). Returns whether the phone kept it. */
  function upsert(session) {
    const list = load();
    const before = list.find((s) => s.key === session.key);
    session.rev = Math.max(session.rev || 0, before ? before.rev || 0 : 0) + 1;
    return store(list.filter((s) => s.key !== session.key).concat([session]));
  }
  function remove(keys) {
    store(load().filter((s) => !keys.includes(s.key)));
  }
  /** Apply `change` to the kept copy of `key`, but only if it is still the copy at `rev`. */
  function settle(key, rev, change) {
    store(
      load()
        .map((s) => (s.key === key && (s.rev || 0) === rev ? change(s) : s))
        .filter(Boolean)
    );
  }
  // Sessions queued before they carried an owner count as finished signed out: offered, not sent.
  const isMine = (s) => account !== null && s.account === account;
  const isUnclaimed = (s) => !s.account;
  const mine = () => load().filter(isMine);
  const unclaimed = () => load().filter(isUnclaimed);
  const isRefused = (s) => Boolean(s.refused) && s.refused.rev === (s.rev || 0);

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

  /** Send one session. { result, message }: result is "saved", "refused" (the server said no,
   * with its reason), "signed-out", "other-account", or "later" (offline, server busy). */
  async function send(session) {
    const { rev, refused, ...payload } = session;
    payload.sent_at = new Date().toISOString(); // the server corrects a phone clock that is off
    let response;
    try {
      response = await fetch(destination(session), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(payload),
      });
    } catch (e) {
      return { result: "later", message: "" };
    }
    if (response.ok) return { result: "saved", message: "" };
    let message = "";
    try {
      const said = await response.json();
      message = said.reason || said.message || "";
    } catch (e) {
      /* not JSON: a proxy's error page */
    }
    if (response.status === 400) return { result: "refused", message: message || "The server didn't accept it." };
    if (response.status === 401) return { result: "signed-out", message };
    if (response.status === 409) return { result: "other-account", message };
    return { result: "later", message: "" };
  }

  let running = null;
  /** Send what is waiting for this account. Resolves to { saved, waiting, results }. */
  function flush() {
    if (!account || !saveUrl) return Promise.resolve({ saved: 0, waiting: mine().length, results: new Map() });
    if (running) return running.then(() => flush()); // changes made meanwhile go in the next round
    running = (async () => {
      await null; // so `running` is set before this can finish
      let saved = 0;
      const results = new Map();
      // A session changed while it was on its way is sent again; a few rounds at most.
      for (let round = 0; round < 3; round += 1) {
        const due = mine().filter((s) => !isRefused(s));
        if (!due.length) break;
        let stop = false;
        for (const session of due) {
          const answer = await send(session);
          results.set(session.key, answer);
          const rev = session.rev || 0;
          if (answer.result === "saved") {
            saved += 1;
            settle(session.key, rev, () => null);
          } else if (answer.result === "refused") {
            settle(session.key, rev, (s) => ({ ...s, refused: { rev, message: answer.message } }));
          } else {
            stop = true; // offline, signed out, busy: the rest would fail the same way
            break;
          }
        }
        if (stop) break;
      }
      const waiting = mine().length;
      showWaiting();
      return { saved, waiting, results };
    })().finally(() => {
      running = null;
    });
    return running;
  }
  function showWaiting() {
    const box = document.getElementById("pending-sessions");
    if (!box) return;
    const waiting = mine();
    const refused = waiting.filter(isRefused);
    const count = waiting.length - refused.length;
    const lines = [];
    if (count) {
      lines.push(
        `${count} finished session${count === 1 ? " is" : "s are"} waiting on this phone and will be added when you're back online.`
      );
    }
    refused.forEach((s) => lines.push(`${describe(s)} was not added: ${s.refused.message} It is kept on this phone.`));
    box.hidden = lines.length === 0;
    box.textContent = lines.join(" ");
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
  showWaiting();
  if (mine().some((s) => !isRefused(s))) {
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
  const answers = document.getElementById("save-result");
  const offer = document.getElementById("save-offer");
  const retryButton = document.getElementById("save-retry");
  let current = null;
  let keptHere = true; // false when this phone's storage refused to keep the session
  let unsent = false; // answers entered that neither this phone nor the server holds yet
  let answered = false; // the person has given any answer after the routine

  function say(el, text, state) {
    if (el.textContent !== text) el.textContent = text;
    el.dataset.state = state;
  }
  function checkedValue(root, name) {
    const input = root.querySelector(`input[name="${name}"]:checked`);
    return input ? input.value : null;
  }
  const KEPT = "It is kept on this phone, so nothing is lost.";
  // What the session's line says for each answer from the server.
  function sessionLine({ result, message }) {
    if (result === "saved") return ["Saved to your history.", "saved"];
    if (result === "refused") return [`Not saved: ${message} ${KEPT}`, "refused"];
    if (result === "signed-out") return [`Not saved yet: you're no longer logged in. ${KEPT} Log in and it will be added.`, "pending"];
    if (result === "other-account") return [`Not saved: ${message}`, "refused"];
    return [`Not saved yet: you seem to be offline. ${KEPT} It will be added to your history when you're back online.`, "pending"];
  }

  // Write the session and the answers on this phone, then send them (signed in).
  async function saveNow(withAnswers) {
    keptHere = upsert(current);
    unsent = answered && !keptHere;
    if (!account) {
      say(status, keptHere ? "Kept on this phone, not in a history yet." : "Not kept: this phone's storage is full or switched off.", "local");
      if (answered) say(answers, keptHere ? "Your answers are kept with it on this phone." : "", "local");
      if (offer) offer.hidden = false;
      return;
    }
    if (withAnswers) say(answers, "Saving your answers…", "saving");
    else say(status, "Saving…", "saving");
    report((await flush()).results);
  }
  // Say what the server answered for this session (or, if this round didn't send it, what is kept).
  function report(results) {
    const kept = load().find((s) => s.key === current.key);
    const answer =
      results.get(current.key) ||
      (!kept ? { result: "saved" } : isRefused(kept) ? { result: "refused", message: kept.refused.message } : { result: "later" });
    const [text, state] = sessionLine(answer);
    say(status, text, state);
    if (retryButton) retryButton.hidden = answer.result !== "refused";
    if (answer.result === "saved") unsent = false;
    if (answered) {
      say(answers, answer.result === "saved" ? "Your answers are saved." : keptHere ? "Your answers are kept on this phone with the session." : "Your answers are not saved yet.", state);
    }
  }

  player.addEventListener("routine:finished", (event) => {
    const d = event.detail;
    const painBefore = d.painBefore !== undefined ? d.painBefore : checkedValue(document, "pain_before");
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
    answered = false;
    say(answers, "", "");
    saveNow(false);
  });

  // The answers after the routine are kept as they are entered: a choice at once, a note a
  // moment after the typing stops (and at once when the page goes).
  function readAnswers() {
    if (!current) return false;
    const painAfter = checkedValue(form, "pain_after");
    current.pain_after = painAfter === null ? null : Number(painAfter);
    current.feeling = checkedValue(form, "feeling") || "";
    current.note = form.querySelector("textarea[name=note]").value.trim();
    answered = true;
    return true;
  }
  let typing = null;
  form.addEventListener("change", () => {
    clearTimeout(typing);
    if (readAnswers()) saveNow(true);
  });
  form.addEventListener("input", (event) => {
    if (event.target.name !== "note" || !readAnswers()) return;
    unsent = true;
    clearTimeout(typing);
    typing = setTimeout(() => saveNow(true), 800);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    if (readAnswers()) saveNow(true);
  });
  window.addEventListener("pagehide", () => {
    if (unsent && readAnswers()) upsert(current); // sent from the next page
  });
  // Only when this phone can't keep them: say so before the answers are lost.
  window.addEventListener("beforeunload", (event) => {
    if (unsent && !keptHere) event.preventDefault();
  });
  if (retryButton) {
    retryButton.addEventListener("click", () => {
      if (!current) return;
      retryButton.hidden = true;
      saveNow(false); // a new copy: the refusal was for the old one
    });
  }
  window.addEventListener("online", async () => {
    if (current && account && status.dataset.state === "pending") report((await flush()).results);
  });
})();
