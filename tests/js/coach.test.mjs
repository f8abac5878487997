// The spoken coach (static/js/player/coach.js): what is said in each phase, and when. The phases'
// lengths and the lines of a get-ready, a change of sides and a rest are Python's
// (exercises/pacing.py, tests/test_pacing.py); here, the coach takes them as given and places the
// work's cues, breathing and counts inside them. Run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Prompter, finishText, routinePlan, speechSeconds, stepPlan, transcript } from "../../static/js/player/coach.js";
import { PACE, constructiveRest, pelvicTilt, routine, singleKnee } from "./steps.mjs";

const COUNTDOWN = PACE.countdown;
const texts = (phase) => phase.say.map((u) => u.text);
const plan = (step, level = "more", options = {}) => stepPlan(step, level, { pace: PACE, ...options });

function assertNoOverlap(phase) {
  const ats = phase.say.map((u) => u.at);
  assert.equal(new Set(ats).size, ats.length, `two utterances at one second in ${phase.kind}: ${ats}`);
  const sorted = [...phase.say].sort((a, b) => a.at - b.at);
  for (let i = 0; i + 1 < sorted.length; i++) {
    assert.ok(sorted[i].at + sorted[i].seconds <= sorted[i + 1].at, `"${sorted[i].text}" runs into "${sorted[i + 1].text}"`);
  }
}

test("every phase lasts what Python says, and says Python's lines for the get-ready, switch and rest", () => {
  const phases = plan(singleKnee);
  assert.deepEqual(
    phases.map((p) => [p.kind, p.seconds]),
    [["ready", 9], ["work", 20], ["switch", 9], ["work", 20]]
  );
  assert.equal(texts(phases[2])[0], "Switch sides. Lower your foot slowly. Now ease your other knee in.");
  const [, , rest] = plan(constructiveRest);
  assert.deepEqual(
    rest.say.map((u) => [u.at, u.text, u.kind]),
    [[0, "Relax.", "phase"], [2, "Next, Pelvic tilt. Put your feet flat on the floor, with your knees bent.", "phase"]]
  );
  assert.equal(plan(constructiveRest)[0].positionChanged, true, "time to get down to the floor");
  assert.deepEqual(plan(pelvicTilt, "counts").map((p) => p.seconds), [7, 30, 15]);
});

test("a step reached by Back, Skip or carrying on gets the get-ready that says how, in full", () => {
  assert.equal(plan(pelvicTilt)[0].seconds, 13);
  assert.doesNotMatch(plan(pelvicTilt)[0].say[0].text, /Lie on your back/);
  const fresh = plan(pelvicTilt, "more", { fresh: true })[0];
  assert.equal(fresh.seconds, 25);
  assert.match(fresh.say[0].text, /Lie on your back/);
  // The first step has only the one get-ready: it is always said in full.
  assert.deepEqual(plan(constructiveRest, "more", { fresh: true })[0], plan(constructiveRest)[0]);
});

test("a hold: breathing and every cue spread out, then a count-down", () => {
  const [, hold] = plan(constructiveRest);
  assert.equal(hold.seconds, 60);
  const said = texts(hold);
  assert.equal(said[0], "Stay here, and rest.");
  for (const cue of constructiveRest.spoken.cues) assert.ok(said.includes(cue), cue);
  assert.ok(said.includes("Breathe in slowly… and slowly out."));
  assert.ok(said.includes("Halfway. 30 seconds to go."));
  assert.deepEqual(said.slice(-3), ["Three.", "Two.", "One."]);
  assert.deepEqual(hold.say.slice(-3).map((u) => u.at), [57, 58, 59]);
  assertNoOverlap(hold);
  // Nothing but the count in its last seconds: every cue is over before "Three".
  for (const u of hold.say.filter((u) => u.kind === "cue")) assert.ok(u.at + u.seconds <= 60 - COUNTDOWN);
  // Cues are spread, not bunched at the start.
  const cueTimes = hold.say.filter((u) => constructiveRest.spoken.cues.includes(u.text)).map((u) => u.at);
  assert.ok(cueTimes.at(-1) - cueTimes[0] >= 25, `cues at ${cueTimes}`);
});

test("a long hold paces the breathing and says the minutes left", () => {
  const walk = { ...constructiveRest, kind: "strength", hold: 300, phases: { more: { ...constructiveRest.phases.more, work: 300 } } };
  const [, hold] = plan(walk);
  const breaths = hold.say.filter((u) => u.text === walk.spoken.breathing).map((u) => u.at);
  assert.ok(breaths.length >= 3 && breaths.length <= 4, `breathing prompts at ${breaths}`);
  for (let i = 1; i < breaths.length; i++) assert.ok(breaths[i] - breaths[i - 1] >= 30);
  const minutes = hold.say.filter((u) => /to go/.test(u.text)).map((u) => [u.at, u.text]);
  assert.deepEqual(minutes, [[60, "4 minutes to go."], [120, "3 minutes to go."], [180, "2 minutes to go."], [240, "One minute to go."]]);
  assertNoOverlap(hold);
});

test("repetitions: a count each rep, cues with the counts, the last one named", () => {
  const [, reps] = plan(pelvicTilt);
  assert.deepEqual(
    reps.say.map((u) => [u.at, u.text]),
    [
      [0, "One."],
      [6, "Two. Keep the movement small."],
      [12, "Three. Your bottom stays on the floor."],
      [18, "Four. Keep breathing as you hold."],
      [24, "Five, the last one."],
    ]
  );
  assertNoOverlap(reps);
});

test("a rep cue too long for one rep takes the next rep's count rather than talking over it", () => {
  const quick = { ...pelvicTilt, repSeconds: 3, spoken: { ...pelvicTilt.spoken, cues: ["Keep the movement small and slow, and your bottom on the floor."] } };
  const [, reps] = plan(quick);
  assertNoOverlap(reps);
  assert.ok(texts(reps).some((t) => t.includes("Keep the movement small and slow")));
  assert.ok(reps.say.length < quick.reps, "a count was left out");
});

test("a per-side step: each side announced, the other side gets fresh cues", () => {
  const [, first, , second] = plan(singleKnee);
  assert.equal(texts(first)[0], "First side. Hold here.");
  assert.equal(texts(second)[0], "Other side. Hold here.");
  const cuesOn = (phase) => texts(phase).filter((t) => singleKnee.spoken.cues.includes(t));
  assert.ok(cuesOn(first).length >= 1);
  assert.ok(cuesOn(second).some((c) => !cuesOn(first).includes(c)) || cuesOn(first).length === 3, "side two hears cues side one missed");
  for (const phase of [first, second]) assertNoOverlap(phase);
});

test("just the counts: names, counts, sides and rests; no set-up, cues or breathing", () => {
  const steps = routine();
  const lines = transcript(steps, "counts", PACE).map((l) => l.text);
  const coaching = steps.flatMap((s) => [s.spoken.setup, s.spoken.breathing, s.spoken.switchSides, ...s.spoken.cues]).filter(Boolean);
  for (const line of lines) {
    for (const words of coaching) assert.ok(!line.includes(words), `"${line}" is coaching`);
  }
  assert.deepEqual(lines.slice(0, 2), ["Lower legs on a chair, 60 seconds.", "Stay here, and rest."]);
  assert.ok(lines.includes("Rest. Next, Pelvic tilt."));
  assert.ok(lines.includes("Five.") && lines.includes("Switch sides."));
  assert.equal(lines.at(-1), "That's the end of the routine. Well done.");
});

test("through a routine, the transcript keeps Python's clock and ends with the finish", () => {
  const steps = routine();
  const lines = transcript(steps, "more", PACE);
  const total = routinePlan(steps, "more", PACE).flat().reduce((sum, p) => sum + p.seconds, 0);
  assert.equal(total, 31 + 60 + 15 + 13 + 30 + 15 + 9 + 20 + 9 + 20);
  assert.deepEqual(lines.at(-1), { t: total, step: 3, phase: "end", text: finishText({ position: "lying" }, PACE.words), kind: "phase" });
  assert.equal(lines.find((l) => l.step === 2).t, 31 + 60 + 15, "step 2 starts when step 1's rest ends");
});

test("no two utterances are scheduled at the same second anywhere in a routine", () => {
  for (const level of ["more", "counts"]) {
    const times = transcript(routine(), level, PACE).map((l) => l.t);
    assert.equal(new Set(times).size, times.length, `${level}: ${times}`);
    for (const phases of routinePlan(routine(), level, PACE)) phases.forEach(assertNoOverlap);
  }
});

test("nothing spoken has brackets or symbols a voice would read out", () => {
  for (const level of ["more", "counts"]) {
    for (const line of transcript(routine(), level, PACE)) assert.doesNotMatch(line.text, /[()[\]/&]/);
  }
});

test("the finish tells the truth about a routine that stopped early", () => {
  assert.equal(finishText({ level: "counts", done: 4, total: 6 }, PACE.words), "You did 4 of 6 steps. Well done.");
  assert.equal(finishText({ level: "counts", done: 0, total: 6 }, PACE.words), "You did 0 of 6 steps.");
  assert.match(finishText({ stopped: true }, PACE.words), /^Routine stopped\./);
  assert.match(finishText({ position: "standing" }, PACE.words), /carry on with your day/);
  assert.match(finishText({ position: "lying" }, PACE.words), /Roll onto your side/);
});

test("a Prompter hands each utterance over once, when its second comes", () => {
  const [, hold] = plan(constructiveRest);
  const prompter = new Prompter(hold.say);
  assert.deepEqual(prompter.upTo(0).map((u) => u.text), ["Stay here, and rest."]);
  assert.deepEqual(prompter.upTo(0.5), []);
  const rest = prompter.upTo(60);
  assert.equal(rest.length, hold.say.length - 1);
  assert.deepEqual(prompter.upTo(61), []);
});

test("speech is estimated at the pace the page hands over", () => {
  assert.ok(speechSeconds("One.", PACE) < 1);
  const sentence = "Lie on your back on the floor, close to the front of a chair or sofa.";
  assert.ok(speechSeconds(sentence, PACE) > 5 && speechSeconds(sentence, PACE) < 9);
  const slower = { ...PACE, wordsPerSecond: 1.5 };
  assert.ok(speechSeconds(sentence, slower) > speechSeconds(sentence, PACE));
});
