// The finished-sessions queue (static/js/sessions/queue.js): whose records go where on a shared
// phone, what is sent, what is kept, and what a late answer may not undo.
import assert from "node:assert/strict";
import { test } from "node:test";
import { WORDS } from "./steps.mjs";

const words = WORDS.sessions;

import {
  QUEUE_KEY,
  addedLine,
  createQueue,
  describe,
  destination,
  isRefused,
  newKey,
  postRecord,
  sessionLine,
  waitingLines,
} from "../../static/js/sessions/queue.js";

function fakeStorage(full = false) {
  const kept = new Map();
  return {
    getItem: (k) => kept.get(k) ?? null,
    setItem: (k, v) => {
      if (full) throw new Error("QuotaExceededError");
      kept.set(k, String(v));
    },
  };
}

/** A server that answers each record with `answers[key]` (default: saved), and notes what came. */
function server(answers = {}) {
  const got = [];
  return {
    got,
    send: async (record) => {
      got.push({ key: record.key, rev: record.rev, note: record.note });
      return answers[record.key] || { result: "saved", message: "" };
    },
  };
}

const session = (key, account, extra = {}) => ({ key, account, routine: "spasm-relief", ...extra });

test("only the signed-in account's records are sent; someone else's and nobody's stay on the phone", async () => {
  const storage = fakeStorage();
  const api = server();
  const mine = createQueue({ storage, account: "7", send: api.send });
  mine.upsert(session("a", "7"));
  mine.upsert(session("b", "8"));
  mine.upsert(session("c", null));
  const { saved, waiting } = await mine.flush();
  assert.deepEqual(api.got.map((r) => r.key), ["a"]);
  assert.deepEqual([saved, waiting], [1, 0]);
  assert.deepEqual(mine.load().map((s) => s.key), ["b", "c"]);
  assert.deepEqual(mine.unclaimed().map((s) => s.key), ["c"]);
});

test("signed out, nothing is sent at all", async () => {
  const api = server();
  const nobody = createQueue({ storage: fakeStorage(), account: null, send: api.send });
  nobody.upsert(session("c", null));
  assert.deepEqual(await nobody.flush(), { saved: 0, waiting: 0, results: new Map() });
  assert.equal(api.got.length, 0);
  assert.equal(nobody.mine().length, 0);
});

test("a session kept signed out is added only when the person says so", async () => {
  const storage = fakeStorage();
  const api = server();
  createQueue({ storage, account: null, send: api.send }).upsert(session("c", null));
  const signedIn = createQueue({ storage, account: "7", send: api.send });
  await signedIn.flush();
  assert.equal(api.got.length, 0, "not without asking");
  signedIn.claim(["c"]);
  await signedIn.flush();
  assert.deepEqual(api.got.map((r) => r.key), ["c"]);
  assert.equal(signedIn.load().length, 0);
});

test("a refused record stays with the server's reason, and is sent again only once it changes", async () => {
  const api = server({ a: { result: "refused", message: "The date is in the future." } });
  const queue = createQueue({ storage: fakeStorage(), account: "7", send: api.send });
  queue.upsert(session("a", "7"));
  const { results } = await queue.flush();
  assert.equal(results.get("a").result, "refused");
  const [kept] = queue.load();
  assert.ok(isRefused(kept));
  assert.equal(kept.refused.message, "The date is in the future.");
  await queue.flush();
  assert.equal(api.got.length, 1, "not sent again as it was");
  queue.upsert({ ...kept, note: "changed" });
  assert.equal(isRefused(queue.load()[0]), false);
  await queue.flush();
  assert.equal(api.got.length, 2);
});

test("offline, the round stops and everything stays for later", async () => {
  const api = server({ a: { result: "later", message: "" } });
  const queue = createQueue({ storage: fakeStorage(), account: "7", send: api.send });
  queue.upsert(session("a", "7"));
  queue.upsert(session("b", "7"));
  const { saved, waiting } = await queue.flush();
  assert.deepEqual(api.got.map((r) => r.key), ["a"], "the rest would fail the same way");
  assert.deepEqual([saved, waiting], [0, 2]);
});

test("an answer for an older copy never removes the newer one written meanwhile", async () => {
  const storage = fakeStorage();
  let queue = null;
  const send = async (record) => {
    if (record.rev === 1) queue.upsert({ ...record, note: "written while it was on its way" });
    return { result: "saved", message: "" };
  };
  queue = createQueue({ storage, account: "7", send });
  queue.upsert(session("a", "7"));
  const { saved } = await queue.flush();
  assert.equal(saved, 2, "the newer copy went in the next round");
  assert.equal(queue.load().length, 0);
});

test("each change raises the copy's rev, so a late answer can tell it is old", () => {
  const queue = createQueue({ storage: fakeStorage(), account: "7", send: server().send });
  const record = session("a", "7");
  queue.upsert(record);
  queue.upsert({ ...record, rev: 0, note: "an edit from a copy that lost count" });
  assert.equal(queue.load()[0].rev, 2);
});

test("sends made at once go one after another, each record once", async () => {
  const api = server();
  const queue = createQueue({ storage: fakeStorage(), account: "7", send: api.send });
  queue.upsert(session("a", "7"));
  await Promise.all([queue.flush(), queue.flush(), queue.flush()]);
  assert.deepEqual(api.got.map((r) => r.key), ["a"]);
});

test("a phone that can't store says so, rather than claiming it kept the session", () => {
  const queue = createQueue({ storage: fakeStorage(true), account: "7", send: server().send });
  assert.equal(queue.upsert(session("a", "7")), false);
});

test("a broken queue in storage reads as empty, not as an error", () => {
  const storage = fakeStorage();
  storage.setItem(QUEUE_KEY, "{not json");
  assert.deepEqual(createQueue({ storage, account: "7", send: server().send }).load(), []);
  storage.setItem(QUEUE_KEY, JSON.stringify({ a: 1 }));
  assert.deepEqual(createQueue({ storage, account: "7", send: server().send }).load(), []);
});

test("a record is saved on this site only: its own path, or the sessions' address", () => {
  assert.equal(destination({ url: "/recovery/flare-ups/sync/" }, "/history/save/"), "/recovery/flare-ups/sync/");
  for (const url of ["//evil.example/x", "/\\evil.example", "https://evil.example/", "", null, 5]) {
    assert.equal(destination({ url }, "/history/save/"), "/history/save/", String(url));
  }
});

test("keys are version 4 UUIDs, with or without crypto.randomUUID", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(newKey(), uuid);
  const bytes = { getRandomValues: (array) => array.fill(255) };
  assert.match(newKey(bytes), uuid);
});

test("sending: what each answer of the server means, and what goes on the wire", async () => {
  const calls = [];
  const reply = (status, body) => async (url, init) => {
    calls.push({ url, init });
    return { ok: status < 300, status, json: async () => body };
  };
  const record = { key: "a", rev: 3, refused: { rev: 2, message: "old" }, routine: "spasm-relief" };
  const now = () => new Date("2026-03-01T10:00:00Z");
  const sent = await postRecord(record, { url: "/history/save/", fetch: reply(201, {}), csrfToken: "t0k", now });
  assert.deepEqual(sent, { result: "saved", message: "" });
  const { url, init } = calls[0];
  assert.equal(url, "/history/save/");
  assert.equal(init.headers["X-CSRFToken"], "t0k");
  assert.deepEqual(JSON.parse(init.body), { key: "a", routine: "spasm-relief", sent_at: "2026-03-01T10:00:00.000Z" });
  const answer = (status, body) => postRecord(record, { url: "/", fetch: reply(status, body), now });
  assert.deepEqual(await answer(400, { reason: "Too long." }), { result: "refused", message: "Too long." });
  assert.deepEqual(await answer(400, {}), { result: "refused", message: "" });
  assert.equal((await answer(401, {})).result, "signed-out");
  assert.equal((await answer(409, { message: "Another account." })).message, "Another account.");
  assert.equal((await answer(503, {})).result, "later");
  const offline = await postRecord(record, { url: "/", fetch: async () => Promise.reject(new TypeError("offline")), now });
  assert.equal(offline.result, "later");
});

test("what the person is told: each session named, what waits and why", () => {
  const now = new Date("2026-03-01T12:00:00");
  const today = { routine_name: "Spasm relief", ended_at: "2026-03-01T09:30:00" };
  assert.match(describe(today, words, now), /^Spasm relief, finished today at 09:30/);
  assert.equal(describe({ label: "Flare-up from 28 February" }, words, now), "Flare-up from 28 February");
  const refused = { ...today, rev: 1, refused: { rev: 1, message: "The date is in the future." } };
  assert.deepEqual(waitingLines([today, today, refused], words, now), [
    "2 finished sessions are waiting on this phone and will be added when you're back online.",
    `${describe(today, words, now)} was not added: The date is in the future. It is kept on this phone.`,
  ]);
  assert.deepEqual(sessionLine({ result: "saved" }, WORDS.player), ["Saved to your history.", "saved"]);
  assert.equal(sessionLine({ result: "later" }, WORDS.player)[1], "pending");
  assert.match(sessionLine({ result: "refused", message: "Too long." }, WORDS.player)[0], /^Not saved: Too long\. It is kept on this phone/);
  assert.match(sessionLine({ result: "refused", message: "" }, WORDS.player)[0], /^Not saved: The server didn't accept it\./);
});

test("after 'Add', the offer says why anything still waits: offline, or logged out", () => {
  const answered = (...results) => new Map(results.map((result, i) => [`k${i}`, { result, message: "" }]));
  assert.equal(addedLine({ saved: 2, waiting: 0, results: answered("saved", "saved") }, words), "Added to your history.");
  assert.equal(
    addedLine({ saved: 0, waiting: 2, results: answered("later") }, words),
    "It will be added to your history when you're back online."
  );
  // The login ended between the page loading and the tap: not "when you're back online".
  assert.equal(
    addedLine({ saved: 1, waiting: 1, results: answered("saved", "signed-out") }, words),
    "Not saved yet: you're no longer logged in. Log in and it will be added."
  );
});
