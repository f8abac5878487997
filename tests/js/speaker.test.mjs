// The player's voice (static/js/player/speaker.js), over a stand-in for the browser's speechSynthesis.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Speaker, pickVoice } from "../../static/js/player/speaker.js";
import { PACE, singleKnee } from "./steps.mjs";

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

// ---- The page's language: Dutch on a phone with and without a Dutch voice ----

import { createCues } from "../../static/js/player/cues.js";
import { coachedPhases } from "../../static/js/player/voice.js";

const NO_DUTCH_VOICE = "Deze telefoon heeft geen Nederlandse stem. Volg de woorden op het scherm en de piepjes.";

function dutch(voices) {
  const synth = new FakeSynth(voices);
  const voice = new Speaker({ synth, Utterance: FakeUtterance, lang: "nl-NL", pace: PACE, setTimer: () => 0, clearTimer: () => {} });
  const announcer = { textContent: "" };
  const heard = []; // what the live region carried, in order
  const shown = [];
  const cues = createCues({ voice: true }, announcer, voice, { noVoice: NO_DUTCH_VOICE, onNoVoice: (text) => shown.push(text) });
  const say = (text, kind) => {
    cues.say(text, kind);
    if (announcer.textContent && announcer.textContent !== heard.at(-1)) heard.push(announcer.textContent);
  };
  return { synth, voice, say, heard, shown };
}

test("with a Dutch voice on the phone, Dutch lines are spoken in Dutch by that voice", () => {
  const nl = { name: "Xander", lang: "nl-NL", localService: true };
  const { synth, say, heard, shown } = dutch([{ name: "Daniel", lang: "en-GB", localService: true, default: true }, nl]);
  say("Maak je klaar.", "phase");
  assert.equal(synth.spoken.length, 1);
  assert.equal(synth.spoken[0].text, "Maak je klaar.");
  assert.equal(synth.spoken[0].lang, "nl-NL");
  assert.equal(synth.spoken[0].voice, nl);
  assert.deepEqual(shown, [], "no notice when the voice is there");
  assert.deepEqual(heard, [], "the live region stays quiet while the voice speaks");
});

test("a Belgian Dutch voice speaks Dutch when there is no Netherlands one (prefix match)", () => {
  const be = { name: "Ellen", lang: "nl_BE", localService: true };
  const { synth, say } = dutch([{ name: "Daniel", lang: "en-GB", localService: true }, be]);
  say("Wissel van kant.", "phase");
  assert.equal(synth.spoken[0].voice, be);
});

test("without a Dutch voice nothing is spoken in an English voice: the lines go to the screen reader and the notice comes once", () => {
  const { synth, voice, say, heard, shown } = dutch([
    { name: "Daniel", lang: "en-GB", localService: true, default: true },
    { name: "Monica", lang: "es-ES", localService: true },
  ]);
  assert.equal(voice.noVoice, true);
  assert.equal(voice.available, false);
  say("Maak je klaar.", "phase");
  say("Eén.", "count");
  say("Wissel van kant.", "phase");
  assert.deepEqual(synth.spoken, [], "an English voice reading Dutch would be worse than the tones");
  assert.deepEqual(shown, [NO_DUTCH_VOICE], "shown on the screen once");
  assert.deepEqual(heard, [`${NO_DUTCH_VOICE} Maak je klaar.`, "Eén.", "Wissel van kant."], "said once, then every line");
});

test("voices that arrive late decide: none yet means the browser chooses by the utterance's language", () => {
  const { synth, voice, say, shown } = dutch([]);
  say("Maak je klaar.", "phase");
  assert.equal(synth.spoken[0].lang, "nl-NL", "spoken, in Dutch, while the phone hasn't listed its voices");
  synth.finish();
  synth.voices = [{ name: "Daniel", lang: "en-GB", localService: true }];
  synth.listeners.voiceschanged();
  assert.equal(voice.noVoice, true);
  say("Rust.", "phase");
  assert.equal(synth.spoken.length, 1, "nothing more is spoken once the phone says it has no Dutch voice");
  assert.deepEqual(shown, [NO_DUTCH_VOICE]);
});

test("with spoken cues switched off, the missing voice is not mentioned", () => {
  const synth = new FakeSynth([{ name: "Daniel", lang: "en-GB", localService: true }]);
  const voice = new Speaker({ synth, Utterance: FakeUtterance, lang: "es-ES", pace: PACE, setTimer: () => 0, clearTimer: () => {} });
  const announcer = { textContent: "" };
  const shown = [];
  const cues = createCues({ voice: false }, announcer, voice, { noVoice: "Este teléfono no tiene una voz en español.", onNoVoice: (t) => shown.push(t) });
  cues.say("Prepárate.", "phase");
  assert.deepEqual(shown, []);
  assert.equal(announcer.textContent, "Prepárate.");
});

test("the voice's words are the page's: a Dutch count-down and side change from Dutch words", () => {
  const words = {
    ...PACE.words,
    lang: "nl-NL",
    firstSide: "Eerste kant.",
    otherSide: "Andere kant.",
    holdStretch: "Houd deze houding vast.",
    count: "%(number)s.",
    numbers: ["Nul", "Eén", "Twee", "Drie"],
    secondsLeft: { one: "Nog %(count)s seconde.", other: "Nog %(count)s seconden." },
    halfway: { one: "Halverwege. Nog %(count)s seconde.", other: "Halverwege. Nog %(count)s seconden." },
  };
  const pace = { ...PACE, lang: "nl-NL", words };
  const step = {
    ...singleKnee,
    hold: 30,
    phases: { ...singleKnee.phases, more: { ...singleKnee.phases.more, work: 30 } },
  };
  const phases = coachedPhases({ guidance: "more" }, new Set(), pace)(step);
  const lines = phases.filter((p) => p.kind === "work").flatMap((p) => p.say.map((u) => u.text));
  assert.ok(lines.includes("Eerste kant. Houd deze houding vast."), lines.join(" | "));
  assert.ok(lines.includes("Andere kant. Houd deze houding vast."));
  assert.ok(lines.includes("Halverwege. Nog 15 seconden."));
  assert.ok(lines.includes("Drie.") && lines.includes("Twee.") && lines.includes("Eén."));
  // (the step's own cues are content, English here: part D's translated fields give them in Dutch)
  assert.ok(!lines.some((l) => /seconds to go|First side|Other side|Hold here|Halfway/.test(l)), "none of our English left");
});
