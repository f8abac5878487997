// The pain rules as the player looks them up. The rules object stands in for the JSON Python
// writes into the page; these tests check the lookups, not the thresholds (tests/test_safety.py
// holds those).
import assert from "node:assert/strict";
import { test } from "node:test";
import { WORDS } from "./steps.mjs";

import {
  actionsFor,
  adviceFor,
  asksForCheck,
  checkForm,
  checkOutcome,
  lastPain,
  levelFor,
  questionsFor,
  summaryLines,
} from "../../static/js/player/pain.js";

const row = (level) => Array.from({ length: 11 }, () => level);
const rules = {
  light: { none: row("carry-on"), 7: [...row("carry-on").slice(0, 9), "do-less", "stop-exercise"] },
  askCheck: { none: row(false), 2: [...row(false).slice(0, 5), ...row(true).slice(0, 6)] },
  sharpLevel: "stop-exercise",
  numbnessLevel: "stop-routine",
  lastPain: null,
  lastPainKey: "last-pain",
  advice: {
    "carry-on": { heading: "Carry on", text: "Keep going.", easier: "" },
    "do-less": { heading: "Do a little less", text: "Less.", easier: "Or switch to the easier version, {name}." },
    "stop-exercise": { heading: "Stop this exercise", text: "Stop.", easier: "Or try {name}." },
    "stop-routine": { heading: "Stop the routine", text: "See a doctor.", easier: "" },
  },
  restAdvice: {
    "carry-on": { heading: "Carry on resting", text: "Rest." },
    "do-less": { heading: "Make yourself more comfortable", text: "Shift." },
    "stop-exercise": { heading: "Try another position", text: "Move slowly." },
    "stop-routine": { heading: "Stop the routine", text: "See a doctor." },
  },
  lightByChange: { same: row("carry-on"), more: row("do-less"), "much-more": row("stop-exercise") },
  questions: [
    { name: "emergency_signs", outcome: "emergency", coveredByRelief: true, answeredBySevere: false },
    { name: "urgent_signs", outcome: "urgent", coveredByRelief: false, answeredBySevere: false },
    { name: "see_soon_signs", outcome: "soon", coveredByRelief: false, answeredBySevere: true },
  ],
  severe: [...row(false).slice(0, 9), true, true],
  fineOutcome: "fine",
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

test("with no start, how the pain compares with the start stands in for it", () => {
  assert.equal(levelFor(rules, null, 7, { change: "same" }), "carry-on");
  assert.equal(levelFor(rules, null, 7, { change: "much-more" }), "stop-exercise");
  assert.equal(levelFor(rules, 7, 9, { change: "much-more" }), "do-less", "a real start wins");
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

test("the advice names the easier version only where there is one, and where it helps", () => {
  assert.equal(adviceFor(rules, "do-less", "Heel slides").text, "Less. Or switch to the easier version, Heel slides.");
  assert.equal(adviceFor(rules, "carry-on", "Heel slides").text, "Keep going.");
  assert.equal(adviceFor(rules, "stop-exercise").text, "Stop.");
  assert.doesNotMatch(adviceFor(rules, "stop-exercise", "").text, /easier/);
});

test("a rest position has its own words and never says to stop resting", () => {
  assert.deepEqual(adviceFor(rules, "stop-exercise", "", true), { heading: "Try another position", text: "Move slowly." });
  assert.ok([...actionsFor("stop-exercise", false, true)].includes("carry-on"));
  assert.ok(![...actionsFor("do-less", true, true)].includes("swap"));
});

test("each level offers its own buttons, the easier version only where there is one", () => {
  assert.deepEqual([...actionsFor("carry-on", true)], ["carry-on"]);
  assert.deepEqual([...actionsFor("do-less", true)].sort(), ["carry-on", "swap"]);
  assert.deepEqual([...actionsFor("do-less", false)].sort(), ["carry-on"]);
  assert.deepEqual([...actionsFor("stop-exercise", false)].sort(), ["skip", "stop"]);
});

test("a severe rating after the one-tap check asks only the urgent signs; a 'no' books a doctor", () => {
  const asked = questionsFor(rules, 9, true);
  assert.deepEqual(asked.map((q) => q.name), ["urgent_signs"]);
  assert.deepEqual(checkOutcome(rules, 9, asked, {}), { ask: "urgent_signs" });
  assert.deepEqual(checkOutcome(rules, 9, asked, { urgent_signs: false }), { outcome: "soon" });
  assert.deepEqual(checkForm(rules, 9, { urgent_signs: false }), {
    emergency_signs: "no",
    urgent_signs: "no",
    see_soon_signs: "yes",
  });
});

test("a high rating with nothing answered asks all three, most serious first; the first yes decides", () => {
  const asked = questionsFor(rules, 7, false);
  assert.equal(asked.length, 3);
  assert.deepEqual(checkOutcome(rules, 7, asked, { emergency_signs: false }), { ask: "urgent_signs" });
  assert.deepEqual(checkOutcome(rules, 7, asked, { emergency_signs: true }), { outcome: "emergency" });
  assert.deepEqual(checkOutcome(rules, 7, asked, { emergency_signs: false, urgent_signs: false, see_soon_signs: false }), {
    outcome: "fine",
  });
});

test("the finish screen repeats each answer in the dialog's words", () => {
  const events = [
    { type: "hurt", step: 1, pain: 9, start: 7, level: "do-less" },
    { type: "swap", step: 1 },
    { type: "hurt", step: 2, pain: null, start: null, level: "stop-exercise" },
    { type: "hurt", step: 3, pain: 7, start: null, level: "stop-exercise" },
  ];
  assert.deepEqual(summaryLines(rules, events, new Set([3]), WORDS.player), [
    "Step 1: pain 9 (you started at 7). Do a little less.",
    "Step 2. Stop this exercise.",
    "Step 3: pain 7. Try another position.",
  ]);
});
