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

test("carrying on stays on the same exercise when one before it was taken out", () => {
  const storage = memory();
  const before = ["cat-cow", "pelvic-tilt", "knee-rolls", "childs-pose"];
  saveProgress(storage, progressKey(""), { ...progress, step: 2, done: [0, 1], slugs: before }, 1000);
  // An editor unpublished pelvic-tilt: step 3 (knee rolls) is now the second step.
  const kept = loadProgress(storage, progressKey(""), "spasm-relief", ["cat-cow", "knee-rolls", "childs-pose"], 2000);
  assert.equal(kept.step, 1);
  assert.deepEqual(kept.done, [0]);
});

test("the second time an exercise comes up stays the second, and a step that is gone is not offered", () => {
  const storage = memory();
  const before = ["cat-cow", "knee-rolls", "cat-cow"];
  saveProgress(storage, progressKey(""), { ...progress, step: 2, done: [], slugs: before }, 1000);
  assert.equal(loadProgress(storage, progressKey(""), "spasm-relief", ["knee-rolls", "cat-cow", "cat-cow"], 2000).step, 2);
  saveProgress(storage, progressKey(""), { ...progress, step: 1, done: [], slugs: before }, 1000);
  assert.equal(loadProgress(storage, progressKey(""), "spasm-relief", ["cat-cow", "cat-cow"], 2000), null);
});
