// Carrying on where the person was (static/js/player/resume.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { KEEP_MS, clearProgress, loadProgress, progressKey, saveProgress } from "../../static/js/player/resume.js";

function memory() {
  const items = new Map();
  return {
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => items.set(k, String(v)),
    removeItem: (k) => items.delete(k),
  };
}

const progress = { routine: "spasm-relief", step: 2, phase: "work", side: 1, startPain: 6, events: [{ type: "hurt", pain: 5 }], done: [0, 1], activeMs: 90000, startedAt: 500 };

test("a routine carries on from the step the person was on, with what happened so far", () => {
  const storage = memory();
  saveProgress(storage, progressKey(""), progress, 1000);
  const kept = loadProgress(storage, progressKey(""), "spasm-relief", 6, 2000);
  assert.equal(kept.step, 2);
  assert.equal(kept.startPain, 6);
  assert.deepEqual(kept.done, [0, 1]);
  assert.equal(kept.events.length, 1);
  assert.equal(kept.activeMs, 90000);
  assert.equal(kept.startedAt, 500, "the session begins when the routine did, not at the reload");
});

test("each account keeps its own, apart from the signed-out person on the same phone", () => {
  const storage = memory();
  saveProgress(storage, progressKey(7), progress, 1000);
  assert.equal(loadProgress(storage, progressKey(8), "spasm-relief", 6, 2000), null);
  assert.equal(loadProgress(storage, progressKey(""), "spasm-relief", 6, 2000), null);
  assert.notEqual(loadProgress(storage, progressKey(7), "spasm-relief", 6, 2000), null);
});

test("nothing is offered for another routine, after hours, beyond the last step, or from garbage", () => {
  const storage = memory();
  const key = progressKey("");
  saveProgress(storage, key, progress, 1000);
  assert.equal(loadProgress(storage, key, "desk-break", 6, 2000), null);
  assert.equal(loadProgress(storage, key, "spasm-relief", 6, 1000 + KEEP_MS), null);
  assert.equal(loadProgress(storage, key, "spasm-relief", 2, 2000), null);
  storage.setItem(key, "{not json");
  assert.equal(loadProgress(storage, key, "spasm-relief", 6, 2000), null);
});

test("finishing forgets it", () => {
  const storage = memory();
  const key = progressKey("");
  saveProgress(storage, key, progress, 1000);
  clearProgress(storage, key);
  assert.equal(loadProgress(storage, key, "spasm-relief", 6, 2000), null);
});

test("a phone whose storage refuses writes just doesn't offer to carry on", () => {
  const storage = { setItem() { throw new Error("QuotaExceededError"); }, getItem: () => null, removeItem() {} };
  saveProgress(storage, "k", progress);
  assert.equal(loadProgress(storage, "k", "spasm-relief", 6), null);
});
