// A flare-up as it waits on the phone in the finished-sessions queue (static/js/sessions.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { describe, flareUpItem, localIsoDate, problems } from "../../static/js/recovery/item.js";
import { WORDS } from "./steps.mjs";

const words = WORDS["flare-ups"];

function fields(entries) {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
}

test("the queued record carries what the form holds, where to send it and whose it is", () => {
  const item = flareUpItem(
    fields([
      ["started_on", "2026-11-24"],
      ["settled_on", ""],
      ["triggers", "lifting"],
      ["triggers", "twisting"],
      ["helped", "heat"],
      ["note", "  Moved the sofa  "],
    ]),
    { key: "k-1", account: null, url: "/recovery/flare-ups/sync/", words }
  );
  assert.deepEqual(item, {
    kind: "flare-up",
    key: "k-1",
    account: null,
    url: "/recovery/flare-ups/sync/",
    label: "A flare-up from Tuesday 24 November",
    started_on: "2026-11-24",
    settled_on: null,
    triggers: ["lifting", "twisting"],
    helped: ["heat"],
    note: "Moved the sofa",
  });
});

test("a note longer than the server takes is cut to 500 characters, not refused", () => {
  const item = flareUpItem(fields([["started_on", "2026-11-24"], ["note", "x".repeat(600)]]), { key: "k", url: "/x/", words });
  assert.equal(item.note.length, 500);
});

test("a signed-in phone tags the record with its account", () => {
  const item = flareUpItem(fields([["started_on", "2026-11-24"]]), { key: "k", account: "abc123", url: "/x/", words });
  assert.equal(item.account, "abc123");
});

test("today is the phone's own calendar day, not UTC's", () => {
  assert.equal(localIsoDate(new Date(2026, 0, 5, 23, 59)), "2026-01-05");
  assert.equal(localIsoDate(new Date(2026, 11, 31, 0, 1)), "2026-12-31");
});

test("a record without a readable day is still named", () => {
  assert.equal(describe("", words), "A flare-up");
  assert.equal(describe("2026-02-03", words), "A flare-up from Tuesday 3 February");
});

test("what the server would refuse is said before the record is kept", () => {
  const item = (overrides) => ({ started_on: "2026-11-24", settled_on: null, triggers: [], ...overrides });
  assert.deepEqual(problems(item({}), words), []);
  assert.deepEqual(problems(item({ started_on: "" }), words), ["Add the day it started."]);
  assert.deepEqual(problems(item({ triggers: ["lifting", "nothing_clear"] }), words), [
    "Choose “Nothing clear” on its own, or the things that set it off.",
  ]);
  assert.deepEqual(problems(item({ triggers: ["nothing_clear"] }), words), []);
  assert.deepEqual(problems(item({ settled_on: "2026-11-20" }), words), ["It can't settle before it started."]);
});
