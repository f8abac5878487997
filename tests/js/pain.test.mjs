// The pain rules as the player looks them up. The rules object stands in for the JSON Python
// writes into the page; these tests check the lookups, not the thresholds (tests/test_safety.py
// holds those).
import assert from "node:assert/strict";
import { test } from "node:test";

import { actionsFor, adviceFor, asksForCheck, lastPain, levelFor, summaryLines } from "../../static/js/player/pain.js";

const row = (level) => Array.from({ length: 11 }, () => level);
const rules = {
  light: { none: row("carry-on"), 7: [...row("carry-on").slice(0, 9), "do-less", "stop-exercise"] },
  askCheck: { none: row(false), 2: [...row(false).slice(0, 5), ...row(true).slice(0, 6)] },
  sharpLevel: "stop-exercise",
  numbnessLevel: "stop-routine",
  lastPain: null,
  lastPainKey: "last-pain",
  advice: {
    "carry-on": { heading: "Carry on", text: "Keep going." },
    "do-less": { heading: "Do a little less", text: "Less." },
    "stop-exercise": { heading: "Stop this exercise", text: "Stop." },
    "stop-routine": { heading: "Stop the routine", text: "See a doctor." },
  },
};
for (let n = 0; n <= 10; n++) rules.light[n] = rules.light[n] || row("carry-on");
rules.light[7] = [...row("carry-on").slice(0, 9), "do-less", "stop-exercise"];
for (let n = 0; n <= 10; n++) rules.askCheck[n] = rules.askCheck[n] || row(false);

const storage = (value) => ({ getItem: () => value });

test("the level is looked up from the person's own start, or the fixed light without one", () => {
  assert.equal(levelFor(rules, 7, 9), "do-less");
  assert.equal(levelFor(rules, 7, 10), "stop-exercise");
  assert.equal(levelFor(rules, null, 10), "carry-on");
});

test("sharp or spreading pain and numbness use their own levels whatever the number", () => {
  assert.equal(levelFor(rules, 7, 0, { sharp: true }), "stop-exercise");
  assert.equal(levelFor(rules, 7, 0, { sharp: true, numbness: true }), "stop-routine");
  assert.equal(levelFor(rules, null, null, { numbness: true }), "stop-routine");
});

test("the last rating is the account's, else the one kept on this phone, else none", () => {
  assert.equal(lastPain({ ...rules, lastPain: 4 }, storage("9")), 4);
  assert.equal(lastPain(rules, storage("2")), 2);
  assert.equal(lastPain(rules, storage("eleven")), null);
  assert.equal(lastPain(rules, storage("11")), null);
  assert.equal(lastPain(rules, storage(null)), null);
});

test("whether a rating asks the questions is looked up against the last rating", () => {
  assert.equal(asksForCheck(rules, 2, 5), true);
  assert.equal(asksForCheck(rules, 2, 4), false);
  assert.equal(asksForCheck(rules, null, 10), false);
  assert.equal(asksForCheck(rules, 2, null), false); // no rating, no question
});

test("the advice names the easier version only where it helps", () => {
  assert.equal(adviceFor(rules, "do-less", "Heel slides").text, "Less. The easier version is Heel slides.");
  assert.equal(adviceFor(rules, "carry-on", "Heel slides").text, "Keep going.");
  assert.equal(adviceFor(rules, "stop-exercise").text, "Stop.");
});

test("each level offers its own buttons", () => {
  assert.deepEqual([...actionsFor("carry-on", true)], ["carry-on"]);
  assert.deepEqual([...actionsFor("do-less", true)].sort(), ["carry-on", "swap"]);
  assert.deepEqual([...actionsFor("stop-exercise", false)].sort(), ["skip", "stop"]);
});

test("the finish screen repeats each answer in the dialog's words", () => {
  const events = [
    { type: "hurt", step: 1, pain: 9, start: 7, level: "do-less" },
    { type: "swap", step: 1 },
    { type: "hurt", step: 2, pain: null, start: null, level: "stop-exercise" },
  ];
  assert.deepEqual(summaryLines(rules, events), [
    "Step 1: pain 9 (you started at 7). Do a little less.",
    "Step 2. Stop this exercise.",
  ]);
});
