// The player's state machine (static/js/player/controller.js, and "This hurts" in hurt.js), with
// no browser: a fake view records what the screen would show, fake cues what would be said and
// sounded, and time is moved by hand, a 200 ms tick at a time, as the page's timer would.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createController } from "../../static/js/player/controller.js";
import { createHurt } from "../../static/js/player/hurt.js";
import { loadProgress } from "../../static/js/player/resume.js";
import { PACE, WORDS, routine } from "./steps.mjs";

// The pain rules in the shape Python writes them (spasmcare/learn/safety.py player_rules).
const light = [..."cccc"].map(() => "carry-on").concat(["do-less", "do-less"], Array(5).fill("stop-exercise"));
const RULES = {
  light: { none: light, 2: light },
  lightByChange: { same: light, more: light, "much-more": light },
  sharpLevel: "stop-exercise",
  numbnessLevel: "stop-routine",
  restKinds: ["relief"],
  advice: {
    "carry-on": { heading: "Carry on", text: "Keep going gently." },
    "do-less": { heading: "Ease off a little", text: "Move less far.", easier: "Or switch to the easier version, {name}." },
    "stop-exercise": { heading: "Stop this exercise", text: "Skip it.", easier: "Or try the easier version, {name}." },
    "stop-routine": { heading: "Stop the routine", text: "See a doctor." },
  },
  restAdvice: {
    "carry-on": { heading: "Carry on resting", text: "Stay as you are." },
    "do-less": { heading: "Rest more easily", text: "Find an easier position." },
    "stop-exercise": { heading: "Change position", text: "Try lying on your side." },
    "stop-routine": { heading: "Stop the routine", text: "See a doctor." },
  },
};
// The three steps take, with more guidance and nothing paused (Python's numbers, tests/js/steps.mjs):
const STEP_1 = 31 + 60 + 15;
const STEP_2 = 13 + 30 + 15;
const STEP_3 = 9 + 20 + 9 + 20;

function fakeView() {
  const view = { step: null, phase: null, time: null, playing: false, paused: false, pulses: [], swapped: [], end: null, hurt: null, advice: null };
  return Object.assign(view, {
    showStep: (index) => (view.step = index),
    showPhase: (phase) => (view.phase = phase),
    showTime: (time) => (view.time = time),
    pulse: (kind) => view.pulses.push(kind),
    showPlaying: () => (view.playing = true),
    setPaused: (paused) => (view.paused = paused),
    showScreenNote: () => {},
    swapToEasier: (index) => view.swapped.push(index),
    finished: (told, detail) => {
      view.playing = false;
      view.end = { told, detail };
    },
    openHurt: (options) => (view.hurt = options),
    showAdvice: (advice) => (view.advice = advice),
    closeHurt: () => (view.hurt = null),
  });
}

function fakeStorage() {
  const kept = new Map();
  return { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => kept.set(k, String(v)), removeItem: (k) => kept.delete(k) };
}

/** A player over the test routine, with everything it touches recorded. */
function player({ steps = routine(), guidance = "more", storage = fakeStorage(), startAt = 1_000_000 } = {}) {
  const time = { t: startAt, ticking: null };
  const said = [];
  const beeps = [];
  const lock = { held: false };
  const view = fakeView();
  const cues = {
    beep: (frequencies) => beeps.push([].concat(frequencies)),
    buzz: () => {},
    say: (text, kind = "phase") => said.push([text, kind]),
    hush: (text) => said.push([`(hush) ${text}`, "hush"]),
  };
  const controller = createController({
    routine: "test-routine",
    steps,
    rules: RULES,
    prefs: { guidance },
    pace: PACE,
    words: WORDS.player,
    view,
    cues,
    wakeLock: { keep: () => (lock.held = true), release: () => (lock.held = false) },
    storage,
    storageKey: "progress",
    now: () => time.t,
    every: (fn) => {
      time.ticking = fn;
      return () => (time.ticking = null);
    },
  });
  const hurt = createHurt({ player: controller, rules: RULES, view, cues, words: WORDS.player });
  /** Let `seconds` pass on the page's clock, ticking as the page does. */
  function play(seconds) {
    for (let ms = 0; ms < seconds * 1000; ms += 200) {
      time.t += 200;
      if (time.ticking) time.ticking();
    }
  }
  const lastSaid = () => said.at(-1)[0];
  return { controller, hurt, view, said, beeps, lock, storage, time, play, lastSaid };
}

test("Start shows the first step with Python's get-ready and says how to get into position", () => {
  const p = player();
  p.controller.start();
  assert.equal(p.view.playing, true);
  assert.equal(p.view.step, 0);
  assert.deepEqual(p.view.phase, { kind: "ready", label: "Get into position", nextUp: "", canSayReady: true });
  assert.equal(p.view.time.clock, "0:31");
  assert.match(p.lastSaid(), /^Lower legs on a chair, 60 seconds\. Lie on your back/);
  assert.equal(p.lock.held, true, "the screen is kept on");
});

test("phases follow one another at Python's lengths, with the 3-2-1 and the end of a hold sounded", () => {
  const p = player();
  p.controller.start();
  p.play(27.8);
  assert.equal(p.view.phase.kind, "ready");
  assert.equal(p.view.pulses.filter((k) => k === "count").length, 0);
  p.play(3);
  assert.equal(p.view.pulses.filter((k) => k === "count").length, 3, "3-2-1 before the hold");
  p.play(0.2);
  assert.deepEqual(p.view.phase, { kind: "work", label: "Hold", nextUp: "", canSayReady: false });
  assert.equal(p.view.time.clock, "1:00");
  assert.equal(p.lastSaid(), "Stay here, and rest.");
  p.play(60);
  assert.ok(p.view.pulses.includes("end"));
  // The rest shows the next exercise, moving, and says how to get into it.
  assert.equal(p.view.step, 1);
  assert.deepEqual(p.view.phase, { kind: "rest", label: "Rest", nextUp: "Next up: Pelvic tilt (5 times)", canSayReady: true });
  p.play(2);
  assert.equal(p.lastSaid(), "Next, Pelvic tilt. Put your feet flat on the floor, with your knees bent.");
  p.play(13);
  assert.equal(p.view.phase.kind, "ready");
  assert.equal(p.view.time.clock, "0:13", "named only: the rest said how");
  p.play(13 + 6);
  assert.equal(p.view.time.rep, "Repetition 2 of 5");
});

test("the whole routine takes exactly what Python says, then the finish has the session to save", () => {
  const p = player();
  p.controller.startPain = 2;
  p.controller.start();
  p.play(STEP_1 + STEP_2 + STEP_3 - 0.2);
  assert.equal(p.view.end, null, "still in the last hold a moment before the end");
  p.play(0.2);
  const { told, detail } = p.view.end;
  assert.equal(told.heading, "Well done");
  assert.equal(told.steps, "3 of 3");
  assert.equal(detail.stepsDone, 3);
  assert.equal(detail.activeMs, (STEP_1 + STEP_2 + STEP_3) * 1000);
  assert.equal(detail.painBefore, 2);
  assert.equal(detail.stopped, false);
  assert.match(p.lastSaid(), /^That's the end of the routine\. Well done\. .*Roll onto your side/);
  assert.equal(p.storage.getItem("progress"), null, "nothing left to carry on");
  assert.equal(p.lock.held, false);
  assert.equal(p.controller.playing, false);
});

test("just the counts runs the counts' lengths", () => {
  const p = player({ guidance: "counts" });
  p.controller.start();
  assert.equal(p.view.time.clock, "0:20");
  assert.equal(p.lastSaid(), "Lower legs on a chair, 60 seconds.");
  p.play(20 + 60 + 15 + 7 + 30 + 15 + 9 + 20 + 5 + 20);
  assert.equal(p.view.end.detail.activeMs, 201_000);
});

test("paused, time stands still; resumed, the instruction under way is said again", () => {
  const p = player();
  p.controller.start();
  p.play(5);
  p.controller.togglePause();
  assert.equal(p.view.paused, true);
  assert.equal(p.lastSaid(), "(hush) Paused");
  const shown = p.view.time.clock;
  p.play(120);
  assert.equal(p.view.time.clock, shown);
  assert.equal(p.lock.held, false);
  p.controller.togglePause();
  assert.equal(p.view.paused, false);
  assert.deepEqual(p.said.slice(-2).map(([text]) => text.slice(0, 21)), ["Carry on.", "Lower legs on a chair"]);
  p.play(STEP_1 + STEP_2 + STEP_3 - 5);
  assert.equal(p.view.end.detail.activeMs, (STEP_1 + STEP_2 + STEP_3) * 1000, "pauses left out");
});

test("Skip goes to the next step's get-ready, said in full; Back restarts a step or goes to the one before", () => {
  const p = player();
  p.controller.start();
  p.play(40);
  p.controller.skip();
  assert.equal(p.view.step, 1);
  assert.equal(p.view.time.clock, "0:25", "the get-ready that says how");
  assert.match(p.lastSaid(), /Lie on your back with your knees bent/);
  p.controller.back(); // in the first seconds of a step: the step before
  assert.equal(p.view.step, 0);
  p.play(40);
  p.controller.back(); // part way into it: the same step again
  assert.equal(p.view.step, 0);
  assert.equal(p.view.phase.kind, "ready");
});

test("I'm ready ends a get-ready or a rest early, and does nothing in a hold", () => {
  const p = player();
  p.controller.start();
  p.controller.ready();
  assert.equal(p.view.phase.kind, "work");
  p.controller.ready();
  assert.equal(p.view.phase.kind, "work");
  p.play(60);
  assert.equal(p.view.phase.kind, "rest");
  p.controller.ready();
  assert.equal(p.view.step, 1);
  assert.equal(p.view.phase.kind, "ready");
});

test("after a reload, carrying on starts the same step in full, with what was done and said before", () => {
  const storage = fakeStorage();
  const before = player({ storage });
  before.controller.startPain = 2;
  before.controller.start();
  before.play(STEP_1 + 20); // into step 2's work
  before.hurt.open();
  before.hurt.answer({ pain: 3 });
  before.hurt.act("carry-on");
  before.controller.keep(); // the page goes
  const kept = loadProgress(storage, "progress", "test-routine", routine().map((s) => s.slug), before.time.t);
  assert.equal(kept.step, 1);

  const after = player({ storage, startAt: before.time.t + 60_000 });
  after.controller.start(kept);
  assert.equal(after.view.step, 1);
  assert.match(after.lastSaid(), /Lie on your back with your knees bent/, "said in full: the person may have moved");
  after.play(25 + 30 + 15 + STEP_3);
  const { detail } = after.view.end;
  assert.equal(detail.stepsDone, 3);
  assert.equal(detail.painBefore, 2);
  assert.equal(detail.events.length, 1);
  assert.equal(detail.activeMs, (STEP_1 + 20 + 25 + 30 + 15 + STEP_3) * 1000);
  assert.equal(detail.startedAt, 1_000_000, "the session began before the reload");
});

test("This hurts pauses, and carrying on gently resumes", () => {
  const p = player();
  p.controller.startPain = 2;
  p.controller.start();
  p.play(STEP_1 + 20);
  p.hurt.open();
  assert.equal(p.controller.paused, true);
  assert.deepEqual(p.view.hurt, { askChange: false });
  assert.equal(p.hurt.answer({}), false, "nothing chosen: nothing changes");
  p.hurt.answer({ pain: 5 });
  assert.equal(p.view.advice.heading, "Ease off a little");
  assert.deepEqual([...p.view.advice.offered], ["carry-on"], "no easier version to offer");
  assert.equal(p.view.advice.labels["carry-on"], "Carry on gently");
  p.hurt.act("carry-on");
  assert.equal(p.controller.paused, false);
  assert.equal(p.view.hurt, null);
});

test("This hurts in a rest position never says to stop resting", () => {
  const p = player();
  p.controller.start();
  p.play(40);
  p.hurt.open();
  assert.deepEqual(p.view.hurt, { askChange: true }, "no rating before: how it compares stands in");
  p.hurt.answer({ pain: 8 });
  assert.equal(p.view.advice.heading, "Change position");
  assert.deepEqual([...p.view.advice.offered].sort(), ["carry-on", "skip", "stop"]);
  assert.equal(p.view.advice.labels["carry-on"], "Carry on resting");
});

test("the easier version is swapped in, said in full, at its own lengths, and the answer is kept", () => {
  const steps = routine();
  const easier = structuredClone(steps[1]);
  Object.assign(easier, { slug: "easier-tilt", name: "Easier tilt", reps: 3, easier: null });
  easier.phases.more = { ...easier.phases.more, ready: easier.phases.more.readyFresh, work: 18 };
  delete easier.phases.more.readyFresh;
  steps[1].easier = easier;
  const p = player({ steps });
  p.controller.startPain = 2;
  p.controller.start();
  p.play(STEP_1 + 20);
  p.hurt.open();
  p.hurt.answer({ pain: 5 });
  assert.deepEqual([...p.view.advice.offered].sort(), ["carry-on", "swap"]);
  assert.equal(p.view.advice.labels.swap, "Switch to Easier tilt");
  assert.match(p.view.advice.text, /Or switch to the easier version, Easier tilt\./);
  p.hurt.act("swap");
  assert.deepEqual(p.view.swapped, [1]);
  assert.equal(p.controller.paused, false);
  assert.equal(p.view.phase.kind, "ready");
  p.play(25);
  assert.equal(p.view.time.clock, "0:18");
  assert.equal(p.view.time.rep, "Repetition 1 of 3");
  p.controller.endEarly();
  const [event] = p.view.end.detail.events;
  assert.deepEqual([event.step, event.exercise, event.pain, event.start, event.level, event.action], [2, "pelvic-tilt", 5, 2, "do-less", "swap"]);
});

test("new numbness ends the routine at once, and the finish says so", () => {
  const p = player();
  p.controller.start();
  p.play(STEP_1 + 20);
  p.hurt.open();
  p.hurt.answer({ numbness: true });
  const { told, detail } = p.view.end;
  assert.equal(detail.stopped, true);
  assert.equal(told.numbness, true);
  assert.equal(told.offerTooEasy, false);
  assert.equal(told.heading, "Routine stopped");
  assert.match(p.lastSaid(), /^Routine stopped\./);
  assert.equal(p.view.hurt, null);
});

test("skipping from This hurts goes on with the next step; closing the dialog resumes only what was running", () => {
  const p = player();
  p.controller.start();
  p.play(STEP_1 + 20);
  p.hurt.open();
  p.hurt.answer({ pain: 8 });
  p.hurt.act("skip");
  assert.equal(p.view.step, 2);
  assert.equal(p.controller.paused, false);
  p.controller.togglePause();
  p.hurt.open();
  p.hurt.closed(); // Escape
  assert.equal(p.controller.paused, true, "it was paused before: it stays paused");
});

test("ending early counts what was done and says so honestly", () => {
  const p = player();
  p.controller.start();
  p.play(STEP_1 + 5);
  p.controller.endEarly();
  assert.equal(p.view.end.told.heading, "You did 1 of 3 steps");
  assert.match(p.lastSaid(), /^You did 1 of 3 steps\. Well done\./);
  assert.equal(p.controller.progress().done, 1);
});

test("the place is kept every few seconds, so a reload loses little", () => {
  const storage = fakeStorage();
  const p = player({ storage });
  p.controller.start();
  p.play(40);
  const kept = JSON.parse(storage.getItem("progress"));
  assert.deepEqual([kept.routine, kept.step, kept.phase], ["test-routine", 0, "work"]);
  assert.ok(kept.activeMs >= 35_000 && kept.activeMs <= 40_000, kept.activeMs);
});
