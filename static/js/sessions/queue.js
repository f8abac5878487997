// The finished-sessions queue: sessions (and flare-ups, static/js/recovery/item.js) kept on this
// phone until the server has them. Pure apart from the storage and the `send` handed in, so
// node's runner tests every rule of it (tests/js/queue.test.mjs); static/js/sessions.js makes
// the one queue a page uses.
//
// Each record carries a key made here, so sending it again (a retry, a double tap, an offline
// queue) never makes a second row. A phone may be shared, so each says whose it is: the account
// signed in when it was kept, or nobody (null). A record is only ever sent while its own account
// is signed in; one kept signed out is offered to whoever signs in next, never added without
// asking. A record the server refuses stays here with the server's reason (`refused`) and is not
// sent again until it changes. Each change raises its `rev`, so an answer that arrives for an
// older copy never removes a newer one.
import { count, word } from "../words.js";

export const QUEUE_KEY = "spasmcare.pending-sessions";
const ROUNDS = 3; // a record changed while on its way is sent again; a few rounds at most

/** Whether the server refused this copy of the record (a changed copy is sent again). */
export const isRefused = (s) => Boolean(s.refused) && s.refused.rev === (s.rev || 0);

/** A random version 4 UUID, from `crypto` (the browser's). */
export function newKey(crypto = globalThis.crypto) {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Where a record is saved: its own `url` when it names a path on this site (never "//host" or
 * "/\host", which leave it), else `saveUrl` (a session's). */
export function destination(record, saveUrl) {
  return typeof record.url === "string" && /^\/[\w-]/.test(record.url) ? record.url : saveUrl;
}

/**
 * POST one record as JSON. Resolves to { result, message }: result is "saved", "refused" (the
 * server said no; message is its reason), "signed-out", "other-account", or "later" (offline,
 * server busy). `fetch` and `csrfToken` are the page's.
 */
export async function postRecord(record, { url, fetch = globalThis.fetch, csrfToken = "", now = () => new Date() }) {
  const { rev, refused, ...payload } = record;
  payload.sent_at = now().toISOString(); // the server corrects a phone clock that is off
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(payload),
    });
  } catch {
    return { result: "later", message: "" };
  }
  if (response.ok) return { result: "saved", message: "" };
  let message = "";
  try {
    const said = await response.json();
    message = said.reason || said.message || "";
  } catch {
    /* not JSON: a proxy's error page */
  }
  if (response.status === 400) return { result: "refused", message }; // "" when the server gave no reason
  if (response.status === 401) return { result: "signed-out", message };
  if (response.status === 409) return { result: "other-account", message };
  return { result: "later", message: "" };
}

/**
 * The queue in `storage` (localStorage, or anything with getItem/setItem) for `account` (the
 * signed-in account's id, or null). `send(record)` resolves to postRecord's answer.
 */
export function createQueue({ storage, account = null, send }) {
  function load() {
    try {
      const list = JSON.parse(storage.getItem(QUEUE_KEY));
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }
  /** Write the queue; false when this phone's storage refuses (private mode, full). */
  function store(list) {
    try {
      storage.setItem(QUEUE_KEY, JSON.stringify(list));
      return true;
    } catch {
      return false;
    }
  }
  /** Apply `change` to the kept copy of `key`, but only if it is still the copy at `rev`. */
  function settle(key, rev, change) {
    store(
      load()
        .map((s) => (s.key === key && (s.rev || 0) === rev ? change(s) : s))
        .filter(Boolean)
    );
  }
  // Records queued before they carried an owner count as kept signed out: offered, not sent.
  const isMine = (s) => account !== null && s.account === account;
  const mine = () => load().filter(isMine);

  let running = null;
  async function sendWaiting() {
    await null; // so `running` is set before this can finish
    let saved = 0;
    const results = new Map();
    for (let round = 0; round < ROUNDS; round += 1) {
      const due = mine().filter((s) => !isRefused(s));
      if (!due.length) break;
      for (const record of due) {
        const answer = await send(record);
        results.set(record.key, answer);
        const rev = record.rev || 0;
        if (answer.result === "saved") {
          saved += 1;
          settle(record.key, rev, () => null);
        } else if (answer.result === "refused") {
          settle(record.key, rev, (s) => ({ ...s, refused: { rev, message: answer.message } }));
        } else {
          return { saved, waiting: mine().length, results }; // offline, signed out, busy: the rest would fail the same way
        }
      }
    }
    return { saved, waiting: mine().length, results };
  }

  return {
    account,
    load,
    /** Keep `record` (a new copy of it: rev goes up). Returns whether the phone kept it. */
    upsert(record) {
      const list = load();
      const before = list.find((s) => s.key === record.key);
      record.rev = Math.max(record.rev || 0, before ? before.rev || 0 : 0) + 1;
      return store(list.filter((s) => s.key !== record.key).concat([record]));
    },
    remove(keys) {
      store(load().filter((s) => !keys.includes(s.key)));
    },
    /** This account's records, waiting to be sent or refused. */
    mine,
    /** Records kept while nobody was signed in: offered to whoever signs in. */
    unclaimed: () => load().filter((s) => !s.account),
    /** The records of `keys` become this account's (the person said "Add"). */
    claim(keys) {
      store(load().map((s) => (keys.includes(s.key) ? { ...s, account } : s)));
    },
    /** Send what is waiting for this account, one call at a time (a call made while another
     * runs goes after it, so changes made meanwhile are sent). Resolves to { saved, waiting,
     * results: Map of key to postRecord's answer }. */
    flush() {
      if (account === null) return Promise.resolve({ saved: 0, waiting: 0, results: new Map() });
      if (running) return running.then(() => this.flush());
      running = sendWaiting().finally(() => {
        running = null;
      });
      return running;
    },
  };
}

/** How a record is named to the person, in `words` (the sessions'): its own label (a flare-up's),
 * else the routine and when it was finished ("Spasm relief, finished today at 09:30"), the date
 * and time in the page's language. */
export function describe(record, words, now = new Date()) {
  if (record.label) return record.label;
  const name = record.routine_name || words.aRoutine;
  const when = new Date(record.ended_at);
  const time = when.toLocaleTimeString(words.lang, { hour: "2-digit", minute: "2-digit" });
  if (when.toDateString() === now.toDateString()) return word(words, "finishedToday", { name, time });
  const day = when.toLocaleDateString(words.lang, { weekday: "long", day: "numeric", month: "long" });
  return word(words, "finishedOn", { name, day, time });
}

/** What the history page says about `waiting` (this account's records still on the phone). */
export function waitingLines(waiting, words, now = new Date()) {
  const refused = waiting.filter(isRefused);
  const left = waiting.length - refused.length;
  const lines = [];
  if (left) lines.push(count(words, "waiting", left));
  for (const s of refused) {
    const message = s.refused.message || words.refusedDefault;
    lines.push(word(words, "notAdded", { name: describe(s, words, now), message }));
  }
  return lines;
}

/** What the offer after signing in says once "Add" has been answered, in `words` (the
 * sessions'), for the flush's { waiting, results }: added; kept for when the phone is back
 * online; or kept until the person logs in again (the server said they are signed out). */
export function addedLine({ waiting, results }, words) {
  if (!waiting) return words.added;
  const signedOut = [...results.values()].some((answer) => answer.result === "signed-out");
  return signedOut ? `${words.signedOut} ${words.logInToAdd}` : words.addedWhenOnline;
}

/** What the finish screen says about a session for postRecord's answer, in `words` (the
 * player's): [text, state], state "saved", "refused" or "pending". */
export function sessionLine({ result, message }, words) {
  const kept = words.keptSafe;
  const refusal = word(words, "notSaved", { message: message || words.refusedDefault });
  if (result === "saved") return [words.savedToHistory, "saved"];
  if (result === "refused") return [`${refusal} ${kept}`, "refused"];
  if (result === "signed-out") return [`${words.signedOut} ${kept} ${words.logInToAdd}`, "pending"];
  if (result === "other-account") return [refusal, "refused"];
  return [`${words.offline} ${kept} ${words.addedWhenOnline}`, "pending"];
}
