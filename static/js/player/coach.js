// The spoken coach: what the player's voice says, and when, for each step of a routine, and a
// Speaker that says it without piling cues up. Pure functions apart from Speaker, so the whole
// schedule can be tested without a browser (tests/js/coach.test.mjs).
//
// A step is one item of the JSON the player page carries (Routine.player_steps in
// exercises/models.py):
//   { slug, name, dose, kind, position, mode: "hold" | "reps", hold, reps, repSeconds,
//     sides: 1 | 2, rest, spoken: { name, setup, cues: [..], breathing, switchSides },
//     next: { name, setup, position } | null, easier: {...} | null }
// Times are whole seconds from the start of a phase. Levels: "more" (full coaching) or
// "counts" (names, counts and side changes only).

export const SPEECH_RATE = 0.9;
export const COUNTDOWN = 3; // the last seconds of a hold are counted down, and kept free of cues
// The player's base times (shortest get-ready and change of sides, time to move after being told
// how, and the extra time when the position changes: floor, chair, standing) come from Python
// (exercises/pacing.py, handed over in the player rules), which also works out the duration a
// routine shows with the same rules; a test checks both agree. Tests may leave them out (0).
const NO_TIMING = { getReadySeconds: 0, switchSidesSeconds: 0, moveSeconds: 0, positionChangeSeconds: 0 };

const GAP = 1; // silence between one utterance's estimated end and the next
const MAX_BREATHS = 4; // breathing prompts in one hold, however long
const NUMBER_WORDS = [
  "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
  "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
  "Nineteen", "Twenty",
];

/** Estimated seconds a voice at SPEECH_RATE takes to say `text` (about 2.2 words a second,
 * plus a short pause at each punctuation mark inside it); deliberately on the slow side. */
export function speechSeconds(text) {
  const trimmed = String(text).trim();
  const words = trimmed.split(/\s+/).filter(Boolean).length;
  const pauses = (trimmed.replace(/[.,;:!?…]+$/, "").match(/[.,;:!?…]+/g) || []).length;
  return words / 2.2 + pauses * 0.3 + 0.2;
}

export function numberWord(n) {
  return NUMBER_WORDS[n] || String(n);
}

/** "30 seconds", "one minute", "5 minutes". */
export function durationWords(seconds) {
  if (seconds >= 60 && seconds % 60 === 0) {
    const minutes = seconds / 60;
    return minutes === 1 ? "one minute" : `${minutes} minutes`;
  }
  return `${seconds} seconds`;
}

function utterance(at, text, kind) {
  return { at, text, kind, seconds: speechSeconds(text) };
}

function ends(u) {
  return u.at + u.seconds;
}

function joined(...parts) {
  return parts.filter(Boolean).join(" ");
}

function spokenName(step) {
  return (step.spoken && step.spoken.name) || step.name;
}

function workSeconds(step) {
  return step.mode === "reps" ? step.reps * step.repSeconds : step.hold;
}

function doseText(step) {
  if (step.dose) return step.dose;
  const each = step.sides > 1 ? " on each side" : "";
  return (step.mode === "reps" ? `${step.reps} times` : durationWords(step.hold)) + each;
}

function sideLabel(step, side) {
  if (step.sides < 2) return "";
  return side === 1 ? "First side." : "Other side.";
}

function holdStart(step) {
  if (step.kind === "relief") return "Stay here, and rest.";
  if (step.kind === "stretch") return "Hold here.";
  return "Begin.";
}

// ---- Placing utterances without overlap ----

function fits(candidate, placed, end) {
  if (ends(candidate) > end) return false;
  return placed.every((u) => ends(candidate) + GAP <= u.at || candidate.at >= ends(u) + GAP);
}

// The earliest whole second at or after `from` where `candidate` fits among `placed`.
function earliestFit(candidate, placed, from, end) {
  for (let at = Math.ceil(from); at + candidate.seconds <= end; at++) {
    const moved = { ...candidate, at };
    if (fits(moved, placed, end)) return moved;
  }
  return null;
}

// Spread `items` (utterances without times) evenly over [start, end), around `fixed` ones.
// Returns the placed utterances, or null if they don't all fit.
function spread(items, fixed, start, end) {
  const placed = [...fixed];
  const span = end - start;
  const result = [];
  let cursor = start;
  for (let i = 0; i < items.length; i++) {
    const target = Math.max(cursor, start + (i * span) / items.length);
    const u = earliestFit(items[i], placed, target, end);
    if (!u) return null;
    placed.push(u);
    result.push(u);
    cursor = ends(u) + GAP;
  }
  return result;
}

// ---- One phase at a time ----

function holdWork(step, side, level, alreadySaid) {
  const seconds = step.hold;
  const start = utterance(0, joined(sideLabel(step, side), holdStart(step)), "phase");
  const fixed = [start];
  if (seconds >= 120) {
    for (let left = 60; seconds - left >= 10; left += 60) {
      const text = left === 60 ? "One minute to go." : `${left / 60} minutes to go.`;
      fixed.push(utterance(seconds - left, text, "count"));
    }
  } else if (seconds >= 30) {
    const left = Math.floor(seconds / 10) * 5; // a round number near the middle
    const text = left * 2 === seconds ? `Halfway. ${left} seconds to go.` : `${left} seconds to go.`;
    fixed.push(utterance(seconds - left, text, "count"));
  }
  if (seconds > COUNTDOWN + 2) {
    for (let n = COUNTDOWN; n >= 1; n--) fixed.push(utterance(seconds - n, `${numberWord(n)}.`, "count"));
  }
  if (level !== "more") return fixed.sort((a, b) => a.at - b.at);

  const spoken = step.spoken || {};
  const breath = spoken.breathing ? utterance(0, spoken.breathing, "cue") : null;
  const all = spoken.cues || [];
  // The other side starts with the cues a short hold had no time for on the first.
  const cues = [...all.filter((c) => !alreadySaid.has(c)), ...all.filter((c) => alreadySaid.has(c))].map((text) =>
    utterance(0, text, "cue")
  );
  const windowStart = ends(start) + GAP;
  const windowEnd = seconds - COUNTDOWN - GAP + 1; // the last cue ends a second before "Three"
  // Everything spread evenly when it fits; otherwise whatever fits, one after another, rather
  // than a rush.
  let flexible = spread([breath, ...cues].filter(Boolean), fixed, windowStart, windowEnd);
  if (!flexible) {
    // A short hold: a cue first, so each side is coached, and the breathing pace if it still
    // fits (the other side gets it first when this one had no room).
    let order = [cues[0], breath, ...cues.slice(1)];
    if (breath && alreadySaid.has(breath.text)) order = [...cues, breath];
    else if (side > 1) order = [breath, ...cues];
    flexible = [];
    let from = windowStart;
    for (const item of order.filter(Boolean)) {
      const u = earliestFit(item, [...fixed, ...flexible], from, windowEnd);
      if (u) {
        flexible.push(u);
        from = ends(u) + GAP;
      }
    }
  }
  const said = [...fixed, ...flexible];
  if (breath) paceBreathing(said, breath, step.kind === "relief" ? 15 : 30, windowEnd);
  return said.sort((a, b) => a.at - b.at);
}

// Longer holds: a breathing prompt in the middle of each long silence, no more often than
// every `every` seconds.
function paceBreathing(said, breath, every, end) {
  let count = said.filter((u) => u.text === breath.text).length;
  while (count < MAX_BREATHS) {
    said.sort((a, b) => a.at - b.at);
    let best = null;
    for (let i = 0; i + 1 < said.length; i++) {
      const silence = said[i + 1].at - ends(said[i]);
      if (silence < breath.seconds + 10) continue;
      const at = Math.round(ends(said[i]) + (silence - breath.seconds) / 2);
      const candidate = { ...breath, at };
      const nearBreath = said.some((u) => u.text === breath.text && Math.abs(u.at - at) < every);
      if (!nearBreath && fits(candidate, said, end) && (!best || silence > best.silence)) best = { candidate, silence };
    }
    if (!best) return;
    said.push(best.candidate);
    count++;
  }
}

function repWork(step, side, level) {
  const n = step.reps;
  const pace = step.repSeconds;
  const spoken = step.spoken || {};
  const extra = new Map(); // rep number -> what is said after its count
  if (level === "more" && n > 1) {
    // Rep 1 is only counted: the get-ready has just said how to move and breathe.
    const items = (spoken.cues || []).filter(Boolean).slice(0, n - 1);
    items.forEach((text, i) => extra.set(2 + Math.floor((i * (n - 1)) / items.length), text));
  }
  const said = [];
  const waiting = []; // cues whose rep was still busy with the one before wait for the next free rep
  let busyUntil = -Infinity;
  for (let rep = 1; rep <= n; rep++) {
    const at = (rep - 1) * pace;
    if (extra.has(rep)) waiting.push(extra.get(rep));
    if (at < busyUntil) continue; // the rep before is still being spoken: this count is skipped
    const cue = waiting.shift() || "";
    const last = rep === n && !cue && level === "more" && n > 1;
    const count = last ? `${numberWord(rep)}, the last one.` : `${numberWord(rep)}.`;
    const kind = rep === 1 ? "phase" : cue ? "cue" : "count";
    const u = utterance(at, joined(rep === 1 ? sideLabel(step, side) : "", count, cue), kind);
    said.push(u);
    busyUntil = ends(u) + 0.5;
  }
  return said;
}

function readyPhase(step, level, introduced, positionChanged, timing) {
  const spoken = step.spoken || {};
  const setup = level === "more" && !introduced ? spoken.setup || "" : "";
  // For repetitions the breathing is the rhythm of the movement: said just before starting.
  const rhythm = level === "more" && step.mode === "reps" ? spoken.breathing || "" : "";
  const u = utterance(0, joined(`${spokenName(step)}, ${doseText(step)}.`, setup, rhythm), "phase");
  // Not told in the rest before: time to move into a new position after hearing how.
  const moving = !introduced && positionChanged ? timing.positionChangeSeconds : 0;
  const seconds = Math.max(timing.getReadySeconds, Math.ceil(u.seconds + GAP) + moving + COUNTDOWN);
  return { kind: "ready", seconds, say: [u], positionChanged: Boolean(moving) };
}

function switchPhase(step, level, timing) {
  const how = level === "more" ? (step.spoken && step.spoken.switchSides) || "" : "";
  const u = utterance(0, joined("Switch sides.", how), "phase");
  return { kind: "switch", seconds: Math.max(timing.switchSidesSeconds, Math.ceil(u.seconds + GAP + 1)), say: [u] };
}

function restPhase(step, level, timing) {
  const next = step.next;
  const seconds = step.rest;
  if (!next) return { kind: "rest", seconds, say: [utterance(0, "Rest.", "phase")], introducesNext: false };
  if (level !== "more") {
    return { kind: "rest", seconds, say: [utterance(0, `Rest. Next, ${next.name}.`, "phase")], introducesNext: false };
  }
  const relax = utterance(0, "Relax.", "phase");
  const announce = utterance(Math.ceil(ends(relax) + GAP), joined(`Next, ${next.name}.`, next.setup), "phase");
  // The rest is for moving into the next position, so it lasts at least as long as it takes
  // to say how (plus a moment to do it); the next get-ready then only names the step.
  const move = next.position && next.position !== step.position ? timing.positionChangeSeconds : timing.moveSeconds;
  const needed = Math.ceil(ends(announce)) + move;
  return { kind: "rest", seconds: Math.max(seconds, needed), say: [relax, announce], introducesNext: true };
}

/** What is said when the routine ends. `position` is the last step's ("lying", "sitting"…);
 * `done`/`total` count finished steps; `stopped` when it ended early (pain, or ✕). */
export function finishText({ level = "more", position = "", done = null, total = null, stopped = false } = {}) {
  if (stopped) return "Routine stopped. Rest in whatever position eases your back most.";
  const tally = done !== null && total !== null && done < total ? `You did ${done} of ${total} steps.` : "That's the end of the routine.";
  const praise = done === 0 ? "" : "Well done."; // never "well done" for nothing done
  if (level !== "more") return joined(tally, praise);
  const getUp =
    position === "lying" || position === "hands_knees"
      ? "Take a moment before you get up. Roll onto your side first, and push yourself up with your arms."
      : "Take a moment before you carry on with your day.";
  return joined(tally, praise, getUp);
}

/**
 * The phases of one step, in the player's order, each { kind, seconds, say: [utterance] }:
 * ready, work (side 1), switch, work (side 2), then rest (when step.rest > 0) or, after the last
 * step, end. An utterance is { at: whole seconds into the phase, text, kind: "phase" | "cue" |
 * "count", seconds: estimated length }. `seconds` of ready, switch and rest are what the voice
 * needs to say how to get into position (never under timing.getReadySeconds,
 * timing.switchSidesSeconds or the step's own rest); work is the step's own.
 * options.introduced: the rest before already said how to get into position, so the get-ready
 * only names the step. options.positionChanged: the step is in a new position (floor, chair,
 * standing), so whoever wasn't told in a rest gets timing.positionChangeSeconds more to get there.
 * options.timing: the player's base times in seconds (see NO_TIMING).
 */
export function stepPlan(step, level = "more", { introduced = false, positionChanged = false, timing = NO_TIMING } = {}) {
  const phases = [readyPhase(step, level, introduced, positionChanged, timing)];
  const cuesSaid = new Set();
  for (let side = 1; side <= step.sides; side++) {
    if (side > 1) phases.push(switchPhase(step, level, timing));
    const say = step.mode === "reps" ? repWork(step, side, level) : holdWork(step, side, level, cuesSaid);
    say.forEach((u) => cuesSaid.add(u.text));
    phases.push({ kind: "work", side, seconds: workSeconds(step), say });
  }
  if (step.rest > 0) phases.push(restPhase(step, level, timing));
  else if (!step.next) {
    phases.push({ kind: "end", seconds: 0, say: [utterance(0, finishText({ level, position: step.position }), "phase")] });
  }
  return phases;
}

/** Whether step `index` of `steps` is in a different position from the step before (the
 * first step always is: the person starts holding the phone). */
export function positionChangedAt(steps, index) {
  return index === 0 || steps[index - 1].position !== steps[index].position;
}

/** stepPlan for every step, each told whether the rest before it introduced it. */
export function routinePlan(steps, level = "more", timing = NO_TIMING) {
  let introduced = false;
  return steps.map((step, index) => {
    const phases = stepPlan(step, level, { introduced, positionChanged: positionChangedAt(steps, index), timing });
    const rest = phases.find((p) => p.kind === "rest");
    introduced = Boolean(rest && rest.introducesNext);
    return phases;
  });
}

/** Seconds the whole routine takes when nothing is paused or skipped. */
export function routineSeconds(steps, level = "more", timing = NO_TIMING) {
  return routinePlan(steps, level, timing).flat().reduce((sum, phase) => sum + phase.seconds, 0);
}

/** Every utterance of a routine with its time from the start, as the voice would say it when
 * nothing is paused or skipped: [{ t, step (1-based), phase, text, kind }]. */
export function transcript(steps, level = "more", timing = NO_TIMING) {
  const lines = [];
  let t = 0;
  routinePlan(steps, level, timing).forEach((phases, index) => {
    for (const phase of phases) {
      for (const u of phase.say) lines.push({ t: t + u.at, step: index + 1, phase: phase.kind, text: u.text, kind: u.kind });
      t += phase.seconds;
    }
  });
  return lines;
}

/** Walks one phase's utterances as its clock runs. Call `upTo(elapsedSeconds)` on every tick;
 * it returns what has come due since the last call (say only the last one if several are due
 * at once, after the phone slept). */
export class Prompter {
  constructor(say) {
    this.say = [...say].sort((a, b) => a.at - b.at);
    this.next = 0;
  }
  upTo(elapsed) {
    const due = [];
    while (this.next < this.say.length && this.say[this.next].at <= elapsed) due.push(this.say[this.next++]);
    return due;
  }
}

// ---- The voice ----

const NATURAL = /natural|enhanced|premium|siri|google/i;

/** The best voice for `lang` among `voices` (SpeechSynthesisVoice-like objects): same language,
 * on the phone itself (localService, so no text leaves it), with a natural-sounding name, then
 * the exact regional match and the default. null when the phone has no local voice for it:
 * the browser's default then speaks. */
export function pickVoice(voices, lang) {
  const wanted = String(lang || "en").toLowerCase().replace("_", "-");
  const base = wanted.split("-")[0];
  const tag = (v) => String(v.lang || "").toLowerCase().replace("_", "-");
  const score = (v) => (NATURAL.test(v.name) ? 4 : 0) + (tag(v) === wanted ? 2 : 0) + (v.default ? 1 : 0);
  const local = Array.from(voices || []).filter((v) => v.localService && tag(v).split("-")[0] === base);
  if (!local.length) return null;
  return local.reduce((best, v) => (score(v) > score(best) ? v : best));
}

/**
 * Speaks through window.speechSynthesis, one utterance at a time:
 * - "count" and "phase" replace whatever is being said or waiting (time matters most);
 * - a "cue" while something is being said waits, and only the latest waiting cue is kept; it
 *   is dropped if it has waited longer than `staleMs`.
 * Never calls speechSynthesis.speak() while its own last utterance is still speaking.
 */
export class Speaker {
  constructor({
    synth = globalThis.speechSynthesis,
    Utterance = globalThis.SpeechSynthesisUtterance,
    lang = (globalThis.document && globalThis.document.documentElement.lang) || "en",
    rate = SPEECH_RATE,
    staleMs = 4000,
    now = () => Date.now(),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (id) => clearTimeout(id),
  } = {}) {
    Object.assign(this, { synth, Utterance, lang, rate, staleMs, now, setTimer, clearTimer });
    this.enabled = true;
    this.current = null;
    this.pending = null;
    this.watchdog = null;
    this.voice = null;
    if (synth) {
      this.chooseVoice();
      // Many browsers load their voices after the page; choose again when they arrive.
      if (synth.addEventListener) synth.addEventListener("voiceschanged", () => this.chooseVoice());
    }
  }

  get available() {
    return Boolean(this.synth && this.Utterance);
  }

  chooseVoice() {
    this.voice = pickVoice(this.synth.getVoices ? this.synth.getVoices() : [], this.lang);
  }

  /** Say `text`; kind is "count", "phase" or "cue" (see the class comment). */
  say(text, kind = "cue") {
    if (!this.enabled || !this.available || !text) return;
    if (kind !== "cue") {
      this.pending = null;
      if (this.current) this.stopCurrent();
      this.start(text);
    } else if (this.current) {
      this.pending = { text, since: this.now() };
    } else {
      this.start(text);
    }
  }

  /** Silence now, and forget anything waiting (pause, leaving the page). */
  cancel() {
    this.pending = null;
    if (this.current) this.stopCurrent();
  }

  stopCurrent() {
    this.current = null;
    this.clearTimer(this.watchdog);
    this.synth.cancel();
  }

  start(text) {
    const u = new this.Utterance(text);
    u.lang = this.lang;
    u.rate = this.rate;
    if (this.voice) u.voice = this.voice;
    u.onend = u.onerror = () => this.finished(u);
    this.current = u;
    // Some browsers never fire "end" (a voice that failed, Safari after an interruption):
    // give up waiting a little after it should have finished.
    this.clearTimer(this.watchdog);
    this.watchdog = this.setTimer(() => this.finished(u), (speechSeconds(text) / this.rate) * 1000 + 3000);
    this.synth.speak(u);
  }

  finished(u) {
    if (this.current !== u) return; // an utterance replaced earlier, reporting late
    this.current = null;
    this.clearTimer(this.watchdog);
    const waiting = this.pending;
    this.pending = null;
    if (waiting && this.now() - waiting.since <= this.staleMs) this.start(waiting.text);
  }
}
