// The player's heart, with no DOM: which phase is under way, what the screen should show for it,
// what is said and sounded, and what happens on Start, Pause, Back, Skip, "I'm ready", the end
// and carrying on after a reload. Everything it touches is handed in, so node's runner drives it
// with a fake view, fake cues and time moved by hand (tests/js/controller.test.mjs).
//
// createController({ routine, steps, rules, prefs, pace, view, cues, wakeLock, storage,
//   storageKey, now, every }):
//   steps    the #player-steps-data JSON (Routine.player_steps): phases and their lengths included
//   rules    the #player-rules JSON (the pain rules: spasmcare/learn/safety.py player_rules)
//   prefs    the cue choices ({ guidance: "more" | "counts", ... }), read at each Start
//   pace     the #player-speech JSON (how the voice places its lines; exercises/pacing.py)
//   view     what the person sees (view.js; see its methods there)
//   cues     beep(frequencies, ms), buzz(pattern), say(text, kind), hush(text) (cues.js)
//   wakeLock keep(), release() (cues.js)
//   storage, storageKey  where the progress is kept for carrying on (resume.js)
//   now      milliseconds since the epoch (Date.now); every(fn, ms) a repeating timer that
//            returns a function to stop it
// When the routine ends, view.finished(screen, detail) gets the finish screen's words and the
// session to save (detail: { startedAt, endedAt, activeMs, stepsDone, stepsTotal, painBefore,
// events, stopped }; sessions.js saves it).
import { finishText } from "./coach.js";
import { finishScreen } from "./finish.js";
import { buildPlan, percentDone, phaseLabel, repetitionAt, stepForBack } from "./plan.js";
import { word } from "../words.js";
import { clearProgress, saveProgress } from "./resume.js";
import { createClock, formatClock } from "./timing.js";
import { coachedPhases, createNarrator, easierCoach } from "./voice.js";

export const TICK_MS = 200;
const KEEP_EVERY_MS = 5000; // a reload can come at any moment: the time played is kept this often

function repeating(fn, ms) {
  const id = setInterval(fn, ms);
  return () => clearInterval(id);
}

export function createController({
  routine,
  steps: data,
  rules,
  prefs,
  pace,
  words,
  view,
  cues,
  wakeLock,
  storage,
  storageKey,
  now = () => Date.now(),
  every = repeating,
}) {
  const steps = data.map((item, index) => ({ ...item, index }));
  const fresh = new Set(); // steps reached by Back, Skip or carrying on: explained in full
  const phasesOf = coachedPhases(prefs, fresh, pace);
  let plan = buildPlan(steps, phasesOf);
  const clock = createClock(plan.phases, now);
  const narrator = createNarrator((text, kind) => cues.say(text, kind));
  const done = new Set();
  const events = [];
  let stopTicking = null;
  let startedAt = 0;
  let priorActiveMs = 0; // time played before a reload, when carrying on
  let keptAt = 0;
  let lastWholeSecond = null;
  let canSayReady = false;
  let stopped = false;
  let startPain = null; // the rating given before starting, if any: this routine's baseline

  const current = () => plan.phases[clock.current];
  const isRest = (step) => rules.restKinds.includes(step.kind);

  function rebuildPlan() {
    plan = buildPlan(steps, phasesOf);
    clock.setPhases(plan.phases);
  }

  function keep() {
    const phase = current();
    if (!phase) return;
    keptAt = now();
    saveProgress(
      storage,
      storageKey,
      { routine, step: phase.step.index, phase: phase.kind, side: phase.side || null, startPain, events, startedAt,
        done: Array.from(done), activeMs: priorActiveMs + clock.activeMs, slugs: steps.map((s) => s.slug) },
      keptAt
    );
  }

  function enterPhase() {
    const phase = current();
    lastWholeSecond = null;
    const next = steps[phase.step.index + 1];
    const resting = phase.kind === "rest" && Boolean(next);
    canSayReady = phase.kind === "ready" || resting;
    // During a rest the next exercise's figure shows, moving, with what's next.
    view.showStep(resting ? next.index : phase.step.index);
    view.showPhase({
      kind: phase.kind,
      label: phaseLabel(phase, words),
      nextUp: resting ? word(words, "nextUp", { name: next.name, dose: next.dose }) : "",
      canSayReady,
    });
    narrator.enter(phase);
    if (phase.kind === "work") cues.buzz(80);
    else if (phase.kind === "switch") cues.buzz([60, 60, 60]);
    keep();
    render();
  }

  function render() {
    const phase = current();
    if (!phase) return;
    const left = clock.secondsLeft();
    const counting = phase.kind === "work" && phase.step.mode === "reps";
    view.showTime({
      clock: formatClock(left),
      rep: counting ? word(words, "repetition", { rep: repetitionAt(phase, left), count: phase.step.reps }) : "",
      percent: percentDone(plan, clock.current, left),
    });
    if (!clock.paused) narrator.update(phase.seconds - left);
    // 3-2-1 before a hold or a get-ready ends; a longer tone when the work is done.
    const whole = Math.ceil(left);
    if (whole === lastWholeSecond) return;
    lastWholeSecond = whole;
    const counted = (phase.kind === "ready" || phase.kind === "work") && phase.seconds > pace.countdown;
    if (counted && whole >= 1 && whole <= pace.countdown) {
      cues.beep(880, 120);
      view.pulse("count");
    }
  }

  function tick() {
    for (const { completed, entered } of clock.tick()) {
      const phase = plan.phases[completed];
      if (phase.kind === "work") {
        cues.beep([988, 784], 220); // two falling tones: the hold is over
        view.pulse("end");
        cues.buzz(200);
        if (phase.last) done.add(phase.step.index);
      }
      if (entered < 0) return finish(steps[steps.length - 1]);
      enterPhase();
    }
    render();
    if (now() - keptAt > KEEP_EVERY_MS) keep();
  }

  /** Start the routine, or carry on from `from` (resume.js loadProgress). */
  function start(from = null) {
    view.showPlaying();
    startedAt = from ? from.startedAt : now();
    done.clear();
    events.length = 0;
    stopped = false;
    priorActiveMs = 0;
    fresh.clear();
    if (from) {
      for (const i of from.done) done.add(i);
      events.push(...from.events);
      startPain = from.startPain;
      priorActiveMs = from.activeMs;
      fresh.add(from.step); // said in full: the person may have moved since
    }
    rebuildPlan();
    clock.start(from ? plan.firstPhase[from.step] : 0);
    view.setPaused(false);
    wakeLock.keep();
    cues.beep(880, 60); // unlocks audio on iOS inside the tap
    enterPhase();
    if (stopTicking) stopTicking();
    stopTicking = every(tick, TICK_MS);
  }

  function togglePause() {
    if (clock.current < 0) return;
    if (clock.paused) {
      clock.resume();
      wakeLock.keep();
      cues.say(pace.words.carryOn, "phase");
      narrator.resume(current().seconds - clock.secondsLeft());
    } else {
      clock.pause();
      wakeLock.release();
      view.showScreenNote(false);
      cues.hush(words.paused);
      keep();
    }
    view.setPaused(clock.paused);
    render();
  }

  function jumpTo(stepIndex) {
    if (stepIndex >= steps.length) return finish(steps[steps.length - 1]);
    const wasPaused = clock.paused;
    if (wasPaused) clock.resume();
    const target = Math.max(0, stepIndex);
    fresh.add(target); // the rest before didn't lead here: say how to get into position
    rebuildPlan();
    clock.enter(plan.firstPhase[target]);
    enterPhase();
    if (wasPaused) togglePause();
  }

  function finish(lastStep = current() ? current().step : steps[steps.length - 1]) {
    if (stopTicking) stopTicking();
    stopTicking = null;
    canSayReady = false;
    clock.stop();
    wakeLock.release();
    clearProgress(storage, storageKey);
    const activeMs = priorActiveMs + clock.activeMs;
    const restSteps = new Set(steps.filter(isRest).map((step) => step.index + 1));
    const told = finishScreen({ rules, done: done.size, total: steps.length, stopped, events, restSteps, activeMs, words });
    const session = { startedAt, endedAt: now(), activeMs, stepsDone: done.size, stepsTotal: steps.length, painBefore: startPain, events, stopped };
    view.finished(told, session);
    cues.beep([784, 988], 220);
    const level = prefs.guidance;
    cues.say(
      finishText({ level, position: lastStep.position || "", done: done.size, total: steps.length, stopped }, pace.words),
      "phase"
    );
  }

  return {
    steps,
    tick,
    start,
    togglePause,
    jumpTo,
    /** Keep where the person is now (the page is going away). */
    keep,
    get playing() {
      return clock.current >= 0;
    },
    get paused() {
      return clock.paused;
    },
    get startPain() {
      return startPain;
    },
    set startPain(value) {
      startPain = value;
    },
    /** The step on screen's data, or null before Start and after the end. */
    get step() {
      return current() ? current().step : null;
    },
    progress() {
      return { done: done.size, total: steps.length };
    },
    isRest,
    back() {
      if (clock.current < 0) return;
      jumpTo(stepForBack(plan, clock.current, clock.secondsLeft() * 1000));
    },
    skip() {
      if (clock.current < 0) return;
      jumpTo(current().step.index + 1);
    },
    /** "I'm ready": end a get-ready or a rest early, as soon as the person is in position. */
    ready() {
      if (clock.current < 0 || clock.paused || !canSayReady) return;
      if (clock.current + 1 >= plan.phases.length) return;
      clock.enter(clock.current + 1);
      enterPhase();
    },
    /** End now (✕ → "End and save what I did"); the finish screen saves what was done. */
    endEarly() {
      if (clock.current >= 0) finish();
    },
    /** Record a "This hurts" answer with the session. */
    record(event) {
      events.push(event);
      keep();
    },
    /** Go on with `step`'s easier version from its get-ready, said in full. */
    swapToEasier(step) {
      Object.assign(step, easierCoach(step));
      view.swapToEasier(step.index);
      if (clock.paused) togglePause();
      jumpTo(step.index);
    },
    /** End for pain: the finish says so and never offers "Too easy". */
    stop() {
      stopped = true;
      finish();
    },
  };
}
