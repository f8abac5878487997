// The player's voice (static/js/player/speaker.js), over a stand-in for the browser's speechSynthesis.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Speaker, pickVoice } from "../../static/js/player/speaker.js";
import { PACE } from "./steps.mjs";

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
    if (u?.onerror) u.onerror({ error: "interrupted" }); // as Chrome reports a cancel
  }
  finish() {
    const u = this.speaking;
    this.speaking = null;
    if (u?.onend) u.onend({});
  }
}
class FakeUtterance {
  constructor(text) {
    this.text = text;
  }
}

function speaker(synth, clock = { t: 0 }) {
  return new Speaker({ synth, Utterance: FakeUtterance, lang: "en-GB", pace: PACE, now: () => clock.t, setTimer: () => 0, clearTimer: () => {} });
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

test("the Speaker uses the page's language, the rate Python chose and a natural voice on the phone", () => {
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
  assert.equal(u.rate, PACE.rate);
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

test("the Speaker gives up on a voice that never says it finished, a little after it should have", () => {
  const synth = new FakeSynth();
  const timers = [];
  const voice = new Speaker({ synth, Utterance: FakeUtterance, pace: PACE, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => {} });
  voice.say("Let your back soften into the floor.", "phase");
  voice.say("Let your shoulders go soft.", "cue"); // waits for the first
  assert.ok(timers[0].ms > 3000 && timers[0].ms < 10_000, `gave up after ${timers[0].ms} ms`);
  timers[0].fn(); // no "end" ever came
  assert.deepEqual(synth.spoken.map((u) => u.text), ["Let your back soften into the floor.", "Let your shoulders go soft."]);
});
