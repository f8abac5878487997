// The spoken coach: what the player's voice says in each phase of a step, and when. Pure, so the
// whole schedule is tested without a browser (tests/js/coach.test.mjs).
//
// Python works out how long every phase lasts and what a get-ready, a change of sides and a rest
// say (exercises/pacing.py): each step of the #player-steps-data JSON (Routine.player_steps)
// carries them as `phases`, per level of guidance. This module holds no length of its own: it
// turns those phases into the player's, and places what the work says inside the work's own
// seconds: each side's start, the cues, the breathing and the counts, without overlap.
//
// A step: { slug, name, dose, kind, position, mode: "hold" | "reps", hold, reps, repSeconds,
//   sides: 1 | 2, spoken: { name, setup, cues: [..], breathing, switchSides }, phases, easier }
// `pace` is the #player-speech JSON (pacing.speech_json): { wordsPerSecond, pauseSeconds,
//   leadSeconds, rate, gapSeconds, countdown, words }, for the page's language; `words` is what
//   the voice says in it (spasmcare/core/js_words.py voice_words).
// Times are whole seconds from the start of a phase. Levels: "more" (full coaching) or
// "counts" (names, counts and side changes only).

const MAX_BREATHS = 4; // breathing prompts in one hold, however long
import { count, word } from "../words.js";

/** Estimated seconds the voice takes to say `text` at `pace` (words, plus a short pause at each
 * punctuation mark inside it): the sum Python makes for the phase lengths, with its figures. */
export function speechSeconds(text, pace) {
  const trimmed = String(text).trim();
  const words = trimmed.split(/\s+/).filter(Boolean).length;
  const pauses = (trimmed.replace(/[.,;:!?…]+$/, "").match(/[.,;:!?…]+/g) || []).length;
  return words / pace.wordsPerSecond + pauses * pace.pauseSeconds + pace.leadSeconds;
}

/** `n` as the voice says it ("Three"), from `words.numbers`; digits past the list. */
export function numberWord(n, words) {
  return (words.numbers || [])[n] || String(n);
}

function utterance(at, text, kind, pace) {
  return { at, text, kind, seconds: speechSeconds(text, pace) };
}

function ends(u) {
  return u.at + u.seconds;
}

function joined(...parts) {
  return parts.filter(Boolean).join(" ");
}

function sideLabel(step, side, words) {
  if (step.sides < 2) return "";
  return side === 1 ? words.firstSide : words.otherSide;
}

function holdStart(step, words) {
  if (step.kind === "relief") return words.holdRelief;
  if (step.kind === "stretch") return words.holdStretch;
  return words.begin;
}

// ---- Placing utterances without overlap ----

function fits(candidate, placed, end, gap) {
  if (ends(candidate) > end) return false;
  return placed.every((u) => ends(candidate) + gap <= u.at || candidate.at >= ends(u) + gap);
}

// The earliest whole second at or after `from` where `candidate` fits among `placed`.
function earliestFit(candidate, placed, from, end, gap) {
  for (let at = Math.ceil(from); at + candidate.seconds <= end; at++) {
    const moved = { ...candidate, at };
    if (fits(moved, placed, end, gap)) return moved;
  }
  return null;
}

// Spread `items` (utterances without times) evenly over [start, end), around `fixed` ones.
// Returns the placed utterances, or null if they don't all fit.
function spread(items, fixed, start, end, gap) {
  const placed = [...fixed];
  const span = end - start;
  const result = [];
  let cursor = start;
  for (let i = 0; i < items.length; i++) {
    const target = Math.max(cursor, start + (i * span) / items.length);
    const u = earliestFit(items[i], placed, target, end, gap);
    if (!u) return null;
    placed.push(u);
    result.push(u);
    cursor = ends(u) + gap;
  }
  return result;
}

// ---- What the work says ----

function holdWork(step, seconds, side, level, alreadySaid, pace) {
  const { countdown, gapSeconds: gap, words } = pace;
  const start = utterance(0, joined(sideLabel(step, side, words), holdStart(step, words)), "phase", pace);
  const fixed = [start];
  if (seconds >= 120) {
    for (let left = 60; seconds - left >= 10; left += 60) {
      const text = count(words, "minutesLeft", left / 60);
      fixed.push(utterance(seconds - left, text, "count", pace));
    }
  } else if (seconds >= 30) {
    const left = Math.floor(seconds / 10) * 5; // a round number near the middle
    const text = count(words, left * 2 === seconds ? "halfway" : "secondsLeft", left);
    fixed.push(utterance(seconds - left, text, "count", pace));
  }
  if (seconds > countdown + 2) {
    for (let n = countdown; n >= 1; n--) fixed.push(utterance(seconds - n, word(words, "count", { number: numberWord(n, words) }), "count", pace));
  }
  if (level !== "more") return fixed.sort((a, b) => a.at - b.at);

  const spoken = step.spoken || {};
  const breath = spoken.breathing ? utterance(0, spoken.breathing, "cue", pace) : null;
  const all = spoken.cues || [];
  // The other side starts with the cues a short hold had no time for on the first.
  const cues = [...all.filter((c) => !alreadySaid.has(c)), ...all.filter((c) => alreadySaid.has(c))].map((text) =>
    utterance(0, text, "cue", pace)
  );
  const windowStart = ends(start) + gap;
  const windowEnd = seconds - countdown - gap + 1; // the last cue ends a second before the count
  // Everything spread evenly when it fits; otherwise whatever fits, one after another, rather
  // than a rush.
  let flexible = spread([breath, ...cues].filter(Boolean), fixed, windowStart, windowEnd, gap);
  if (!flexible) {
    // A short hold: a cue first, so each side is coached, and the breathing pace if it still
    // fits (the other side gets it first when this one had no room).
    let order = [cues[0], breath, ...cues.slice(1)];
    if (breath && alreadySaid.has(breath.text)) order = [...cues, breath];
    else if (side > 1) order = [breath, ...cues];
    flexible = [];
    let from = windowStart;
    for (const item of order.filter(Boolean)) {
      const u = earliestFit(item, [...fixed, ...flexible], from, windowEnd, gap);
      if (u) {
        flexible.push(u);
        from = ends(u) + gap;
      }
    }
  }
  const said = [...fixed, ...flexible];
  if (breath) paceBreathing(said, breath, step.kind === "relief" ? 15 : 30, windowEnd, gap);
  return said.sort((a, b) => a.at - b.at);
}

// Longer holds: a breathing prompt in the middle of each long silence, no more often than
// every `every` seconds.
function paceBreathing(said, breath, every, end, gap) {
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
      if (!nearBreath && fits(candidate, said, end, gap) && (!best || silence > best.silence)) best = { candidate, silence };
    }
    if (!best) return;
    said.push(best.candidate);
    count++;
  }
}

function repWork(step, side, level, pace) {
  const { words } = pace;
  const n = step.reps;
  const spoken = step.spoken || {};
  const extra = new Map(); // rep number -> what is said after its count
  if (level === "more" && n > 1) {
    // Rep 1 is only counted: the get-ready has just said how to move and breathe.
    const items = (spoken.cues || []).filter(Boolean).slice(0, n - 1);
    items.forEach((text, i) => {
      extra.set(2 + Math.floor((i * (n - 1)) / items.length), text);
    });
  }
  const said = [];
  const waiting = []; // cues whose rep was still busy with the one before wait for the next free rep
  let busyUntil = -Infinity;
  for (let rep = 1; rep <= n; rep++) {
    const at = (rep - 1) * step.repSeconds;
    if (extra.has(rep)) waiting.push(extra.get(rep));
    if (at < busyUntil) continue; // the rep before is still being spoken: this count is skipped
    const cue = waiting.shift() || "";
    const last = rep === n && !cue && level === "more" && n > 1;
    const counted = word(words, last ? "lastOne" : "count", { number: numberWord(rep, words) });
    const kind = rep === 1 ? "phase" : cue ? "cue" : "count";
    const u = utterance(at, joined(rep === 1 ? sideLabel(step, side, words) : "", counted, cue), kind, pace);
    said.push(u);
    busyUntil = ends(u) + 0.5;
  }
  return said;
}

/** What is said when the routine ends, in `words` (the voice's). `position` is the last step's
 * ("lying", "sitting"…); `done`/`total` count finished steps; `stopped` when it ended early
 * (pain, or ✕). */
export function finishText({ level = "more", position = "", done = null, total = null, stopped = false } = {}, words) {
  if (stopped) return words.stopped;
  const tally = done !== null && total !== null && done < total ? count(words, "tally", total, { done }) : words.theEnd;
  const praise = done === 0 ? "" : words.wellDone; // never "well done" for nothing done
  if (level !== "more") return joined(tally, praise);
  const getUp = position === "lying" || position === "hands_knees" ? words.getUpFromFloor : words.getUp;
  return joined(tally, praise, getUp);
}

/**
 * The phases of one step in the player's order, each { kind, seconds, say: [utterance] }:
 * ready, work (side 1), switch, work (side 2), then rest when the step has one. Lengths and the
 * lines of ready, switch and rest are Python's (step.phases[level]); an utterance is { at: whole
 * seconds into the phase, text, kind: "phase" | "cue" | "count", seconds: estimated length }.
 * `fresh`: the step was reached by Back, Skip, carrying on or an easier version rather than from
 * the rest before, so its get-ready says how to get into position in full. A ready phase says
 * `positionChanged` when it holds time to move to a new position.
 */
export function stepPlan(step, level, { fresh = false, pace }) {
  const own = step.phases[level];
  const lines = (phase) => phase.say.map((u) => utterance(u.at, u.text, "phase", pace));
  const ready = fresh && own.readyFresh ? own.readyFresh : own.ready;
  const phases = [{ kind: "ready", seconds: ready.seconds, say: lines(ready), positionChanged: ready.positionChanged }];
  const cuesSaid = new Set();
  for (let side = 1; side <= step.sides; side++) {
    if (side > 1) phases.push({ kind: "switch", seconds: own.switch.seconds, say: lines(own.switch) });
    const say = step.mode === "reps" ? repWork(step, side, level, pace) : holdWork(step, own.work, side, level, cuesSaid, pace);
    for (const u of say) cuesSaid.add(u.text);
    phases.push({ kind: "work", side, seconds: own.work, say });
  }
  if (own.rest) phases.push({ kind: "rest", seconds: own.rest.seconds, say: lines(own.rest) });
  return phases;
}

/** stepPlan for every step, as the routine flows from one to the next. */
export function routinePlan(steps, level, pace) {
  return steps.map((step) => stepPlan(step, level, { pace }));
}

/** Every utterance of a routine with its time from the start, as the voice would say it when
 * nothing is paused or skipped, the finish included: [{ t, step (1-based), phase, text, kind }]. */
export function transcript(steps, level, pace) {
  const lines = [];
  let t = 0;
  routinePlan(steps, level, pace).forEach((phases, index) => {
    for (const phase of phases) {
      for (const u of phase.say) lines.push({ t: t + u.at, step: index + 1, phase: phase.kind, text: u.text, kind: u.kind });
      t += phase.seconds;
    }
  });
  const last = steps.at(-1);
  if (last) lines.push({ t, step: steps.length, phase: "end", text: finishText({ level, position: last.position }, pace.words), kind: "phase" });
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
