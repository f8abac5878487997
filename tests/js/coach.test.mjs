// The spoken coach (static/js/player/coach.js): run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  COUNTDOWN,
  Prompter,
  Speaker,
  finishText,
  pickVoice,
  routinePlan,
  speechSeconds,
  stepPlan,
  transcript,
} from "../../static/js/player/coach.js";

// Steps in the shape of Routine.player_steps (exercises/models.py).
const constructiveRest = {
  slug: "constructive-rest",
  name: "Lower legs on a chair (rest position)",
  dose: "60 seconds",
  kind: "relief",
  position: "lying",
  mode: "hold",
  hold: 60,
  reps: null,
  repSeconds: 5,
  sides: 1,
  rest: 15,
  spoken: {
    name: "Lower legs on a chair",
    setup: "Lie on your back on the floor, close to the front of a chair. Rest your lower legs on the seat.",
    cues: ["Let your back soften into the floor.", "Let your shoulders and jaw go soft.", "Let your legs feel heavy on the seat."],
    breathing: "Breathe in slowly… and slowly out.",
    switchSides: "",
  },
  next: { name: "Pelvic tilt", setup: "Put your feet flat on the floor, with your knees bent.", position: "lying" },
};
const pelvicTilt = {
  slug: "pelvic-tilt",
  name: "Pelvic tilt",
  dose: "5 times",
  kind: "strength",
  position: "lying",
  mode: "reps",
  hold: null,
  reps: 5,
  repSeconds: 6,
  sides: 1,
  rest: 15,
  spoken: {
    name: "Pelvic tilt",
    setup: "Lie on your back with your knees bent. Each time, press the small of your back into the floor, then let go.",
    cues: ["Keep the movement small.", "Your bottom stays on the floor.", "Keep breathing as you hold."],
    breathing: "Breathe out as you flatten your back, and in as you let go.",
    switchSides: "",
  },
  next: { name: "Single knee to chest", setup: "Hold behind one thigh, and ease that knee towards your chest.", position: "lying" },
};
const singleKnee = {
  slug: "single-knee-to-chest",
  name: "Single knee to chest",
  dose: "20 seconds on each side",
  kind: "stretch",
  position: "lying",
  mode: "hold",
  hold: 20,
  reps: null,
  repSeconds: 5,
  sides: 2,
  rest: 0,
  spoken: {
    name: "Single knee to chest",
    setup: "Hold behind one thigh, and ease that knee towards your chest.",
    cues: ["Keep your other foot on the floor.", "Let your shoulders relax.", "Stop at a mild stretch."],
    breathing: "Breathe in slowly… and out.",
    switchSides: "Lower your foot slowly. Now ease your other knee in.",
  },
  next: null,
};
const routine = [constructiveRest, pelvicTilt, singleKnee];

const texts = (phase) => phase.say.map((u) => u.text);
const work = (phases) => phases.filter((p) => p.kind === "work");

function assertNoOverlap(phase) {
  const ats = phase.say.map((u) => u.at);
  assert.equal(new Set(ats).size, ats.length, `two utterances at one second in ${phase.kind}: ${ats}`);
  const sorted = [...phase.say].sort((a, b) => a.at - b.at);
  for (let i = 0; i + 1 < sorted.length; i++) {
    assert.ok(sorted[i].at + sorted[i].seconds <= sorted[i + 1].at, `"${sorted[i].text}" runs into "${sorted[i + 1].text}"`);
  }
}

test("a hold: set-up at get-ready, breathing and every cue spread out, then a count-down", () => {
  const [ready, hold, rest] = stepPlan(constructiveRest, "more");

  assert.equal(ready.kind, "ready");
  assert.match(texts(ready)[0], /^Lower legs on a chair, 60 seconds\. Lie on your back/);
  assert.ok(ready.seconds >= Math.ceil(ready.say[0].seconds) + COUNTDOWN, "the get-ready lasts until the set-up is said");
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
  assert.equal(rest.kind, "rest");
});

test("a long hold paces the breathing and says the minutes left", () => {
  const walk = { ...constructiveRest, kind: "strength", hold: 300, dose: "5 minutes", next: null, rest: 0 };
  const [, hold] = stepPlan(walk, "more");
  const breaths = hold.say.filter((u) => u.text === walk.spoken.breathing).map((u) => u.at);
  assert.ok(breaths.length >= 3 && breaths.length <= 4, `breathing prompts at ${breaths}`);
  for (let i = 1; i < breaths.length; i++) assert.ok(breaths[i] - breaths[i - 1] >= 30);
  const minutes = hold.say.filter((u) => /to go/.test(u.text)).map((u) => [u.at, u.text]);
  assert.deepEqual(minutes, [[60, "4 minutes to go."], [120, "3 minutes to go."], [180, "2 minutes to go."], [240, "One minute to go."]]);
  assertNoOverlap(hold);
});

test("repetitions: the rhythm at get-ready, a count each rep, cues with the counts, the last one named", () => {
  const [ready, reps] = stepPlan(pelvicTilt, "more");
  assert.match(texts(ready)[0], /Pelvic tilt, 5 times\. Lie on your back.*Breathe out as you flatten your back/);
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
  const [, reps] = stepPlan(quick, "more");
  assertNoOverlap(reps);
  assert.ok(texts(reps).some((t) => t.includes("Keep the movement small and slow")));
  assert.ok(reps.say.length < quick.reps, "a count was left out");
});

test("a per-side step: each side announced, the switch explained, the other side gets fresh cues", () => {
  const phases = stepPlan(singleKnee, "more", { introduced: true });
  assert.deepEqual(phases.map((p) => p.kind), ["ready", "work", "switch", "work", "end"]);
  const [ready, first, change, second, end] = phases;
  assert.equal(texts(ready)[0], "Single knee to chest, 20 seconds on each side.", "introduced in the rest before: named only");
  assert.equal(texts(first)[0], "First side. Hold here.");
  assert.equal(texts(change)[0], "Switch sides. Lower your foot slowly. Now ease your other knee in.");
  assert.ok(change.seconds >= 5 && change.seconds >= Math.ceil(change.say[0].seconds));
  assert.equal(texts(second)[0], "Other side. Hold here.");
  const cuesOn = (phase) => texts(phase).filter((t) => singleKnee.spoken.cues.includes(t));
  assert.ok(cuesOn(first).length >= 1);
  assert.ok(cuesOn(second).some((c) => !cuesOn(first).includes(c)) || cuesOn(first).length === 3, "side two hears cues side one missed");
  for (const phase of [first, second]) assertNoOverlap(phase);
  assert.match(texts(end)[0], /That's the end of the routine\. Well done\. .*Roll onto your side/);
});

test("the rest says what's next and how to get into position, and lasts long enough to say it", () => {
  const rest = stepPlan(constructiveRest, "more").find((p) => p.kind === "rest");
  assert.deepEqual(texts(rest), ["Relax.", "Next, Pelvic tilt. Put your feet flat on the floor, with your knees bent."]);
  assert.ok(rest.seconds >= 15);
  const last = rest.say.at(-1);
  assert.ok(last.at + last.seconds <= rest.seconds);
  assertNoOverlap(rest);

  const long = { ...constructiveRest, rest: 5, next: { ...constructiveRest.next, setup: "Slide your legs off the chair one at a time, and put your feet flat on the floor with your knees bent." } };
  const stretched = stepPlan(long, "more").find((p) => p.kind === "rest");
  assert.ok(stretched.seconds > 5, "a short rest grows to fit the instructions");
});

test("across a routine, a step introduced in the rest isn't explained twice, but the first one is", () => {
  const [first, second] = routinePlan(routine, "more");
  assert.match(first[0].say[0].text, /Lie on your back on the floor/);
  assert.equal(second[0].say[0].text.includes(pelvicTilt.spoken.setup), false);
  // Someone who skipped to a step hears it explained in full.
  assert.ok(stepPlan(pelvicTilt, "more")[0].say[0].text.includes(pelvicTilt.spoken.setup));
});

test("just the counts: names, counts, sides and rests; no set-up, cues or breathing", () => {
  const lines = transcript(routine, "counts").map((l) => l.text);
  const coaching = routine.flatMap((s) => [s.spoken.setup, s.spoken.breathing, s.spoken.switchSides, ...s.spoken.cues]).filter(Boolean);
  for (const line of lines) {
    for (const words of coaching) assert.ok(!line.includes(words), `"${line}" is coaching`);
  }
  assert.deepEqual(lines.slice(0, 2), ["Lower legs on a chair, 60 seconds.", "Stay here, and rest."]);
  assert.ok(lines.includes("Rest. Next, Pelvic tilt."));
  assert.ok(lines.includes("Five.") && lines.includes("Switch sides."));
  assert.equal(lines.at(-1), "That's the end of the routine. Well done.");
});

test("no two utterances are scheduled at the same second anywhere in a routine", () => {
  for (const level of ["more", "counts"]) {
    const times = transcript(routine, level).map((l) => l.t);
    assert.equal(new Set(times).size, times.length, `${level}: ${times}`);
    for (const phases of routinePlan(routine, level)) phases.forEach(assertNoOverlap);
  }
});

test("nothing spoken has brackets or symbols a voice would read out", () => {
  for (const level of ["more", "counts"]) {
    for (const line of transcript(routine, level)) assert.doesNotMatch(line.text, /[()[\]/&]/);
  }
});

test("the finish tells the truth about a routine that stopped early", () => {
  assert.equal(finishText({ level: "counts", done: 4, total: 6 }), "You did 4 of 6 steps. Well done.");
  assert.equal(finishText({ level: "counts", done: 0, total: 6 }), "You did 0 of 6 steps.");
  assert.match(finishText({ stopped: true }), /^Routine stopped\./);
  assert.match(finishText({ position: "standing" }), /carry on with your day/);
});

test("a Prompter hands each utterance over once, when its second comes", () => {
  const [, hold] = stepPlan(constructiveRest, "more");
  const prompter = new Prompter(hold.say);
  assert.deepEqual(prompter.upTo(0).map((u) => u.text), ["Stay here, and rest."]);
  assert.deepEqual(prompter.upTo(0.5), []);
  const rest = prompter.upTo(60);
  assert.equal(rest.length, hold.say.length - 1);
  assert.deepEqual(prompter.upTo(61), []);
});

test("speech length estimates are in the range a calm voice takes", () => {
  assert.ok(speechSeconds("One.") < 1);
  const sentence = "Lie on your back on the floor, close to the front of a chair or sofa.";
  assert.ok(speechSeconds(sentence) > 5 && speechSeconds(sentence) < 9);
});

// ---- The Speaker, over a stand-in for the browser's speechSynthesis ----

class FakeSynth {
  constructor(voices = []) {
    this.voices = voices;
    this.spoken = [];
    this.speaking = null;
    this.overlaps = 0;
    this.cancels = 0;
    this.listeners = {};
  }
  getVoices() {
    return this.voices;
  }
  addEventListener(name, fn) {
    this.listeners[name] = fn;
  }
  speak(u) {
    if (this.speaking) this.overlaps++;
    this.speaking = u;
    this.spoken.push(u);
  }
  cancel() {
    this.cancels++;
    const u = this.speaking;
    this.speaking = null;
    if (u && u.onerror) u.onerror({ error: "interrupted" }); // as Chrome reports a cancel
  }
  finish() {
    const u = this.speaking;
    this.speaking = null;
    if (u && u.onend) u.onend({});
  }
}
class FakeUtterance {
  constructor(text) {
    this.text = text;
  }
}

function speaker(synth, clock = { t: 0 }) {
  return new Speaker({ synth, Utterance: FakeUtterance, lang: "en-GB", now: () => clock.t, setTimer: () => 0, clearTimer: () => {} });
}

test("the Speaker never speaks over itself: a cue waits, and only the latest waiting cue is kept", () => {
  const synth = new FakeSynth();
  const voice = speaker(synth);
  voice.say("Stay here, and rest.", "phase");
  voice.say("Let your back soften into the floor.", "cue");
  voice.say("Let your shoulders go soft.", "cue");
  assert.deepEqual(synth.spoken.map((u) => u.text), ["Stay here, and rest."]);
  synth.finish();
  assert.deepEqual(synth.spoken.map((u) => u.text), ["Stay here, and rest.", "Let your shoulders go soft."]);
  synth.finish();
  assert.equal(synth.spoken.length, 2, "the older waiting cue was dropped, not piled up");
  assert.equal(synth.overlaps, 0);
});

test("the Speaker lets a count-down replace what is being said", () => {
  const synth = new FakeSynth();
  const voice = speaker(synth);
  voice.say("Let your legs feel heavy on the seat.", "cue");
  voice.say("Let your jaw go soft.", "cue"); // waiting
  voice.say("Three.", "count");
  voice.say("Two.", "count");
  assert.deepEqual(synth.spoken.map((u) => u.text), ["Let your legs feel heavy on the seat.", "Three.", "Two."]);
  assert.equal(synth.overlaps, 0, "each replacement cancelled the one before");
  synth.finish();
  assert.equal(synth.spoken.length, 3, "the cue that was waiting is forgotten");
});

test("the Speaker drops a cue that waited too long to still make sense", () => {
  const synth = new FakeSynth();
  const clock = { t: 0 };
  const voice = speaker(synth, clock);
  voice.say("Next, Pelvic tilt. Put your feet flat on the floor, with your knees bent.", "phase");
  voice.say("Keep the movement small.", "cue");
  clock.t = 10_000;
  synth.finish();
  assert.equal(synth.spoken.length, 1);
});

test("the Speaker uses the page's language, a calm rate and a natural voice on the phone", () => {
  const voices = [
    { name: "Google UK English Female", lang: "en-GB", localService: false },
    { name: "Daniel", lang: "en-GB", localService: true, default: true },
    { name: "Serena (Enhanced)", lang: "en-GB", localService: true },
    { name: "Anna", lang: "de-DE", localService: true },
  ];
  const synth = new FakeSynth(voices);
  const voice = speaker(synth);
  voice.say("Relax.", "phase");
  const [u] = synth.spoken;
  assert.equal(u.lang, "en-GB");
  assert.equal(u.rate, 0.9);
  assert.equal(u.voice.name, "Serena (Enhanced)");
});

test("pickVoice prefers a local voice of the language and never sends text to a remote one", () => {
  assert.equal(pickVoice([{ name: "Google US English", lang: "en-US", localService: false }], "en"), null);
  assert.equal(pickVoice([{ name: "Karen", lang: "en-AU", localService: true }], "en").name, "Karen");
  assert.equal(pickVoice([{ name: "Anna", lang: "de-DE", localService: true }], "en"), null);
  const chosen = pickVoice(
    [
      { name: "Samantha", lang: "en-US", localService: true },
      { name: "Samantha (Premium)", lang: "en_US", localService: true },
    ],
    "en-US"
  );
  assert.equal(chosen.name, "Samantha (Premium)");
});

test("the Speaker picks a voice again when the browser's voices arrive late", () => {
  const synth = new FakeSynth([]);
  const voice = speaker(synth);
  assert.equal(voice.voice, null);
  synth.voices = [{ name: "Google English", lang: "en-GB", localService: true }];
  synth.listeners.voiceschanged();
  assert.equal(voice.voice.name, "Google English");
});

test("a silenced Speaker says nothing, and cancel forgets what was waiting", () => {
  const synth = new FakeSynth();
  const voice = speaker(synth);
  voice.enabled = false;
  voice.say("Relax.", "phase");
  assert.equal(synth.spoken.length, 0);
  voice.enabled = true;
  voice.say("Relax.", "phase");
  voice.say("Let your shoulders go soft.", "cue");
  voice.cancel();
  synth.finish();
  assert.equal(synth.spoken.length, 1);
});

test("a new position (floor, chair, standing) gets more time, in the get-ready or the rest before", () => {
  const timing = { getReadySeconds: 3, switchSidesSeconds: 5, moveSeconds: 4, positionChangeSeconds: 12 };
  const same = stepPlan(pelvicTilt, "more", { timing })[0];
  const moved = stepPlan(pelvicTilt, "more", { timing, positionChanged: true })[0];
  assert.equal(moved.seconds - same.seconds, 12);
  assert.equal(moved.positionChanged, true);
  // Told in the rest before: the rest holds the extra time, and the get-ready only names it.
  const short = { ...constructiveRest, rest: 1 };
  const toChair = { ...short, next: { ...short.next, position: "sitting" } };
  const restSame = stepPlan(short, "more", { timing }).find((p) => p.kind === "rest");
  const restMoved = stepPlan(toChair, "more", { timing }).find((p) => p.kind === "rest");
  assert.equal(restMoved.seconds - restSame.seconds, 12 - 4);
  assert.equal(stepPlan(pelvicTilt, "more", { timing, positionChanged: true, introduced: true })[0].seconds, stepPlan(pelvicTilt, "more", { timing, introduced: true })[0].seconds);
});
