// Builder saves in the background one at a time, the latest state last (static/js/one-at-a-time.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { oneAtATime } from "../../static/js/one-at-a-time.js";

// A save the test answers by hand, recording what state each one sent.
function server() {
  const sent = [];
  const pending = [];
  let state = "A";
  return {
    sent,
    pending,
    set(value) { state = value; },
    run() {
      sent.push(state);
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("a second save waits for the first, so the latest order is the one written last", async () => {
  const s = server();
  const request = oneAtATime(() => s.run());
  const first = request();
  s.set("B");
  const second = request();
  assert.deepEqual(s.sent, ["A"], "the second save is not sent while the first is on its way");
  s.pending.shift().resolve();
  await tick();
  assert.deepEqual(s.sent, ["A", "B"]);
  s.pending.shift().resolve();
  assert.equal(await first, true);
  assert.equal(await second, true);
});

test("many moves while a save is on its way become one more save, of the latest state", async () => {
  const s = server();
  const request = oneAtATime(() => s.run());
  request();
  for (const state of ["B", "C", "D"]) {
    s.set(state);
    request();
  }
  s.pending.shift().resolve();
  await tick();
  s.pending.shift().resolve();
  await tick();
  assert.deepEqual(s.sent, ["A", "D"]);
});

test("'Saved.' is not said when the last save failed, even if an earlier one succeeded", async () => {
  const s = server();
  const request = oneAtATime(() => s.run());
  const first = request();
  s.set("B");
  request();
  s.pending.shift().resolve();
  await tick();
  s.pending.shift().reject(new Error("500"));
  assert.equal(await first, false);
});

test("after a failure the next move tries again", async () => {
  const s = server();
  const request = oneAtATime(() => s.run());
  const first = request();
  s.pending.shift().reject(new Error("offline"));
  assert.equal(await first, false);
  s.set("B");
  const second = request();
  s.pending.shift().resolve();
  assert.equal(await second, true);
  assert.deepEqual(s.sent, ["A", "B"]);
});
