// The guided routine player: page wiring. Every step is already in the page (play.html); this
// module shows one at a time and connects the pieces:
//   plan.js   the phases of the routine and their lengths (pure)
//   timing.js the wall-clock timer over those phases (pure, time injectable)
//   pain.js   the pain rules, looked up in the rules Python hands over (pure)
//   cues.js   sound, voice, vibration and the screen wake lock (browser APIs)
//   voice.js  the spoken coach (coach.js) over the phases: what is said, and when
//   resume.js where the person was, kept on this phone to carry on after a reload
// The safety rules and timings come from the #player-rules JSON (spasmcare/learn/safety.py).
// When a routine ends it dispatches "routine:finished" on #player with { startedAt, endedAt,
// activeMs, stepsDone, stepsTotal, painBefore, events, stopped } (sessions.js saves it).
import { Speaker, finishText } from "../coach.js";
import { createCues, createWakeLock, readPrefs } from "./cues.js";
import { actionsFor, adviceFor, asksForCheck, checkForm, checkOutcome, lastPain, levelFor, questionsFor, summaryLines } from "./pain.js";
import { buildPlan, percentDone, readStep, repetitionAt, sideName, stepForBack } from "./plan.js";
import { clearProgress, loadProgress, progressKey, saveProgress } from "./resume.js";
import { createClock, formatClock } from "./timing.js";
import { coachedPhases, createNarrator, easierCoach } from "./voice.js";
import { finishSummary, movedFor } from "./finish.js";
import { pulse, wireScreen } from "./screen.js";

const PREFS_KEY = "spasmcare.player.prefs";
const CUES_OPEN_KEY = "spasmcare.player.cue-settings";
const $ = (id) => document.getElementById(id);
const player = $("player");
if (player) wire(player);

function wire(player) {
  const rules = JSON.parse($("player-rules").textContent);
  const timing = {
    getReadySeconds: rules.getReadySeconds,
    switchSidesSeconds: rules.switchSidesSeconds,
    moveSeconds: rules.moveSeconds,
    positionChangeSeconds: rules.positionChangeSeconds,
  };
  const coachData = JSON.parse($("player-steps-data").textContent);
  const stepEls = Array.from(player.querySelectorAll(".player-step"));
  const live = $("live");
  const timerEl = $("timer");
  const phaseLabel = $("phase-label");
  const repCounter = $("rep-counter");
  const nextUp = $("next-up");
  const progress = $("progress");
  const controls = $("controls");
  const pauseButton = $("pause-button");
  const finish = $("finish");

  document.documentElement.classList.add("js");
  player.querySelectorAll(".js-only").forEach((el) => (el.hidden = false));

  // ---- Cue preferences: the account's (Settings) signed in, else the last choice on this phone ----
  const accountPrefs = $("account-prefs");
  const prefs = readPrefs(accountPrefs ? JSON.parse(accountPrefs.textContent) : null, localStorage, PREFS_KEY);
  if (player.dataset.voice === "on") prefs.voice = true; // "Back spasm right now?" plays with voice
  const keepPrefs = () => {
    if (!accountPrefs) localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  };
  player.querySelectorAll('.cue-settings input[type="checkbox"]').forEach((input) => {
    input.checked = prefs[input.name] !== false;
    input.addEventListener("change", () => {
      prefs[input.name] = input.checked;
      if (input.name === "voice" && !input.checked) speaker.cancel();
      keepPrefs();
    });
  });
  player.querySelectorAll('input[type="radio"][name="guidance"]').forEach((input) => {
    input.checked = input.value === prefs.guidance;
    input.addEventListener("change", () => {
      if (!input.checked) return;
      prefs.guidance = input.value;
      keepPrefs(); // applies from Start
    });
  });
  // The cue settings fold away under Start; opened once, they stay open on this phone.
  const cueSettings = $("cue-settings");
  cueSettings.open = localStorage.getItem(CUES_OPEN_KEY) === "open";
  cueSettings.addEventListener("toggle", () => localStorage.setItem(CUES_OPEN_KEY, cueSettings.open ? "open" : "folded"));
  const speaker = new Speaker();
  speaker.enabled = prefs.voice !== false;
  const cues = createCues(prefs, $("announcer"), speaker);
  const narrator = createNarrator((text, kind) => cues.say(text, kind));
  // Saying so rather than promising a screen that stays on.
  const screenNote = $("screen-note");
  const wakeLock = createWakeLock(() => {
    if (clock.current >= 0 && !clock.paused) screenNote.hidden = false;
  });
  if (!navigator.wakeLock) $("start-button").querySelector("small").textContent = screenNote.textContent;
  // iOS: sound stays off after the page was hidden or a call came in, until resumed.
  ["focus", "pointerdown"].forEach((type) => window.addEventListener(type, () => cues.wake(), true));

  // ---- The plan and the clock ----
  const steps = stepEls.map((el, index) =>
    Object.assign(readStep(el.dataset), {
      el,
      index,
      rest: Number(el.dataset.rest) || 0,
      easier: el.querySelector("template.easier"),
      coach: coachData[index],
    })
  );
  const fresh = new Set(); // steps reached by Back, Skip or carrying on: explained in full
  const phasesOf = coachedPhases(steps, prefs, timing, fresh);
  let plan = buildPlan(steps, phasesOf);
  const clock = createClock(plan.phases);
  function rebuildPlan() {
    plan = buildPlan(steps, phasesOf);
    clock.setPhases(plan.phases);
  }
  const readyButton = $("ready-button");
  let priorActiveMs = 0; // time played before a reload, when carrying on
  const progressStore = progressKey(player.dataset.account || "");
  let ticker = null;
  let startedAt = 0;
  let lastWholeSecond = null;
  let lastRep = null;
  const done = new Set();
  const events = [];
  let stopped = false;

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    cues.wake();
    if (clock.current >= 0 && !clock.paused) wakeLock.keep();
  });

  function showStep(step) {
    stepEls.forEach((el) => (el.hidden = el !== step.el));
  }
  function enterPhase(index) {
    const phase = plan.phases[index];
    lastWholeSecond = null;
    lastRep = null;
    const next = steps[phase.step.index + 1];
    // During a rest the next exercise's figure shows, moving, with what's next.
    showStep(phase.kind === "rest" && next ? next : phase.step);
    repCounter.hidden = true;
    nextUp.hidden = true;
    live.dataset.phase = phase.kind;
    readyButton.hidden = !(phase.kind === "ready" || (phase.kind === "rest" && next));
    narrator.enter(phase);
    if (phase.kind === "ready") {
      phaseLabel.textContent = phase.positionChanged ? "Get into position" : "Get ready";
    } else if (phase.kind === "work") {
      const side = sideName(phase);
      phaseLabel.textContent = side || (phase.step.mode === "hold" ? "Hold" : "Go");
      cues.buzz(80);
    } else if (phase.kind === "switch") {
      phaseLabel.textContent = "Switch sides";
      cues.buzz([60, 60, 60]);
    } else if (phase.kind === "rest") {
      phaseLabel.textContent = "Rest";
      if (next) {
        nextUp.textContent = "Next up: " + next.name + " (" + next.dose + ")";
        nextUp.hidden = false;
      }
    }
    keepProgress();
    render();
  }
  let keptAt = 0;
  function keepProgress() {
    const phase = plan.phases[clock.current];
    if (!phase) return;
    keptAt = Date.now();
    saveProgress(localStorage, progressStore, {
      routine: player.dataset.routine, step: phase.step.index, phase: phase.kind, side: phase.side || null,
      startPain, events, done: Array.from(done), activeMs: priorActiveMs + clock.activeMs, startedAt,
      slugs: steps.map((s) => s.slug),
    });
  }
  // A reload can come at any moment: the time played is kept every few seconds, and as the page goes.
  window.addEventListener("pagehide", keepProgress);
  function render() {
    const index = clock.current;
    if (index < 0) return;
    const phase = plan.phases[index];
    const left = clock.secondsLeft();
    timerEl.textContent = formatClock(left);
    if (phase.kind === "work" && phase.step.mode === "reps") {
      const rep = repetitionAt(phase, left);
      repCounter.textContent = "Repetition " + rep + " of " + phase.step.reps;
      repCounter.hidden = false;
      lastRep = rep;
    }
    if (!clock.paused) narrator.update(phase.seconds - left);
    const percent = percentDone(plan, index, left);
    progress.firstElementChild.style.width = percent + "%";
    progress.setAttribute("aria-valuenow", String(percent));
    // 3-2-1 before a hold or a get-ready ends; a longer tone when the work is done.
    const whole = Math.ceil(left);
    if (whole !== lastWholeSecond) {
      lastWholeSecond = whole;
      if (whole <= 3 && whole >= 1 && (phase.kind === "ready" || phase.kind === "work") && phase.seconds > 3) {
        cues.beep(880, 120);
        pulse("count");
      }
    }
  }
  function tick() {
    for (const { completed, entered } of clock.tick()) {
      const phase = plan.phases[completed];
      if (phase.kind === "work") {
        cues.beep([988, 784], 220); // two falling tones: the hold is over
        pulse("end");
        cues.buzz(200);
        if (phase.last) done.add(phase.step.index);
      }
      if (entered < 0) return finishRoutine();
      enterPhase(entered);
    }
    render();
    if (Date.now() - keptAt > 5000) keepProgress();
  }

  function start(from = null) {
    $("carry-on").hidden = true;
    $("intro").hidden = true;
    finish.hidden = true;
    live.hidden = false;
    controls.hidden = false;
    progress.hidden = false;
    document.body.classList.add("playing");
    screen.playing(true);
    startedAt = from ? from.startedAt : Date.now();
    done.clear();
    events.length = 0;
    stopped = false;
    priorActiveMs = 0;
    fresh.clear();
    if (from) {
      from.done.forEach((i) => done.add(i));
      events.push(...from.events);
      startPain = from.startPain;
      priorActiveMs = from.activeMs;
      fresh.add(from.step); // said in full: the person may have moved since
    }
    rebuildPlan();
    clock.start(from ? plan.firstPhase[from.step] : 0);
    setPauseLabel();
    wakeLock.keep();
    cues.beep(880, 60); // unlocks audio on iOS inside the tap
    enterPhase(clock.current);
    ticker = setInterval(tick, 200);
  }
  function togglePause() {
    if (clock.current < 0) return;
    if (clock.paused) {
      clock.resume();
      wakeLock.keep();
      const phase = plan.phases[clock.current];
      cues.say("Carry on.", "phase");
      narrator.resume(phase.seconds - clock.secondsLeft());
    } else {
      clock.pause();
      wakeLock.release();
      screenNote.hidden = true;
      cues.hush("Paused");
      keepProgress();
    }
    setPauseLabel();
    render();
  }
  function setPauseLabel() {
    const paused = clock.paused;
    document.body.classList.toggle("is-paused", paused);
    pauseButton.querySelector(".label").textContent = paused ? "Resume" : "Pause";
    pauseButton.setAttribute("aria-pressed", String(paused));
    if (paused) phaseLabel.dataset.before = phaseLabel.textContent;
    phaseLabel.textContent = paused ? "Paused" : phaseLabel.dataset.before || phaseLabel.textContent;
  }
  function jumpTo(stepIndex) {
    if (stepIndex >= steps.length) return finishRoutine();
    const wasPaused = clock.paused;
    if (wasPaused) clock.resume();
    const target = Math.max(0, stepIndex);
    fresh.add(target); // the rest before didn't lead here: say how to get into position
    rebuildPlan();
    clock.enter(plan.firstPhase[target]);
    enterPhase(clock.current);
    if (wasPaused) togglePause();
  }
  function back() {
    if (clock.current < 0) return;
    jumpTo(stepForBack(plan, clock.current, clock.secondsLeft() * 1000));
  }
  function skip() {
    if (clock.current < 0) return;
    jumpTo(plan.phases[clock.current].step.index + 1);
  }
  // "I'm ready": end a get-ready or a rest early, as soon as the person is in position.
  function ready() {
    if (clock.current < 0 || clock.paused || readyButton.hidden) return;
    if (clock.current + 1 >= plan.phases.length) return;
    clock.enter(clock.current + 1);
    enterPhase(clock.current);
  }
  function finishRoutine() {
    clearInterval(ticker);
    const lastStep = plan.phases[Math.max(0, clock.current)] ? plan.phases[Math.max(0, clock.current)].step : steps[steps.length - 1];
    clock.stop();
    wakeLock.release();
    screenNote.hidden = true;
    readyButton.hidden = true;
    clearProgress(localStorage, progressStore);
    stepEls.forEach((el) => (el.hidden = true));
    live.hidden = true;
    controls.hidden = true;
    progress.firstElementChild.style.width = "100%";
    progress.setAttribute("aria-valuenow", "100");
    document.body.classList.remove("playing", "is-paused");
    screen.playing(false);
    const told = finishSummary({ done: done.size, total: steps.length, stopped });
    $("finish-heading").textContent = told.heading;
    player.querySelectorAll('[data-feeling="too_easy"]').forEach((el) => (el.hidden = !told.offerTooEasy));
    $("stopped-advice").hidden = !stopped;
    const numbness = events.some((e) => e.level === rules.numbnessLevel);
    $("numbness-advice").hidden = !numbness;
    $("numbness-call").hidden = !numbness;
    const summary = $("hurt-summary");
    const restSteps = new Set(steps.filter(isRest).map((step) => step.index + 1));
    summary.replaceChildren(
      ...summaryLines(rules, events, restSteps).map((line) => Object.assign(document.createElement("li"), { textContent: line }))
    );
    summary.hidden = summary.children.length === 0;
    const activeMs = priorActiveMs + clock.activeMs;
    $("finish-time").textContent = movedFor(activeMs);
    $("finish-steps").textContent = done.size + " of " + steps.length;
    finish.hidden = false;
    finish.focus();
    cues.beep([784, 988], 220);
    const position = (lastStep.coach || {}).position || "";
    cues.say(finishText({ level: prefs.guidance, position, done: done.size, total: steps.length, stopped }), "phase");
    player.dispatchEvent(
      new CustomEvent("routine:finished", {
        bubbles: true,
        detail: {
          startedAt, endedAt: Date.now(), activeMs, stepsDone: done.size, stepsTotal: steps.length, painBefore: startPain, events, stopped,
        },
      })
    );
  }

  // ---- "This hurts": the traffic light, from the person's own start ----
  const hurtDialog = $("hurt-dialog");
  const hurtForm = $("hurt-form");
  const hurtAdvice = $("hurt-advice");
  let hurtStep = null;
  let resumeAfterHurt = false;
  let hurtEvent = null;
  let startPain = null; // the rating given before starting, if any: this routine's baseline
  // Rest positions and breathing are not exercise: their advice never says to stop resting.
  const isRest = (step) => rules.restKinds.includes(step.el.dataset.kind);

  function openHurt() {
    if (clock.current < 0) return;
    hurtStep = plan.phases[clock.current].step;
    resumeAfterHurt = !clock.paused;
    if (!clock.paused) togglePause();
    hurtForm.reset();
    $("hurt-change").hidden = startPain !== null; // without a start, how it compares stands in
    hurtForm.hidden = false;
    hurtAdvice.hidden = true;
    $("hurt-error").hidden = true;
    hurtDialog.showModal();
  }
  function closeHurt(resume) {
    if (hurtDialog.open) hurtDialog.close();
    if (resume && resumeAfterHurt && clock.paused) togglePause();
    resumeAfterHurt = false;
  }
  function advise(pain, sharp, numbness, change) {
    const level = levelFor(rules, startPain, pain, { sharp, numbness, change });
    hurtEvent = {
      type: "hurt", step: hurtStep.index + 1, exercise: hurtStep.slug, pain, start: startPain,
      change, sharp, numbness, level, action: level,
    };
    events.push(hurtEvent);
    keepProgress();
    if (level === rules.numbnessLevel) return stopRoutine();
    const canSwap = Boolean(hurtStep.easier);
    const easierName = canSwap ? hurtStep.easier.dataset.name : "";
    const rest = isRest(hurtStep);
    const { heading, text } = adviceFor(rules, level, easierName, rest);
    $("hurt-advice-heading").textContent = heading;
    $("hurt-advice-text").textContent = text;
    const offered = actionsFor(level, canSwap, rest);
    hurtAdvice.querySelectorAll("[data-action]").forEach((button) => {
      const action = button.dataset.action;
      button.hidden = !offered.has(action);
      if (action === "swap") button.textContent = "Switch to " + easierName;
      if (action === "carry-on") button.textContent = rest ? "Carry on resting" : level === "carry-on" ? "Carry on" : "Carry on gently";
    });
    hurtForm.hidden = true;
    hurtAdvice.hidden = false;
    $("hurt-advice-heading").focus();
    cues.say(heading);
  }
  function swapToEasier(step) {
    const template = step.easier;
    step.el.querySelector(".step-body").replaceWith(template.content.querySelector(".step-body").cloneNode(true));
    Object.assign(step, readStep(template.dataset), { easier: null, coach: easierCoach(step.coach) });
    step.el.dataset.name = step.name;
    step.el.dataset.kind = template.dataset.kind;
    if (clock.paused) togglePause();
    jumpTo(step.index); // says the easier version's name, dose and setup
  }
  function stopRoutine() {
    stopped = true;
    closeHurt(false);
    finishRoutine();
  }
  $("hurt-button").addEventListener("click", openHurt);
  hurtForm.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.value === "cancel") return; // closes the dialog
    event.preventDefault();
    const picked = hurtForm.querySelector('input[name="hurt_pain"]:checked');
    const sharp = hurtForm.querySelector('input[name="sharp"]').checked;
    const numbness = hurtForm.querySelector('input[name="numbness"]').checked;
    const change = hurtForm.querySelector('input[name="change"]:checked');
    if (!picked && !sharp && !numbness) {
      $("hurt-error").hidden = false;
      return;
    }
    advise(picked ? Number(picked.value) : null, sharp, numbness, change ? change.value : null);
  });
  hurtDialog.addEventListener("close", () => {
    if (resumeAfterHurt && clock.paused && clock.current >= 0) togglePause();
    resumeAfterHurt = false;
  });
  hurtAdvice.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (hurtEvent) hurtEvent.action = action;
    if (action === "carry-on") closeHurt(true);
    else if (action === "swap") {
      resumeAfterHurt = false;
      closeHurt(false);
      swapToEasier(hurtStep);
    } else if (action === "skip") {
      resumeAfterHurt = false;
      closeHurt(false);
      if (clock.paused) togglePause();
      jumpTo(hurtStep.index + 1);
    } else if (action === "stop") stopRoutine();
  });

  // ---- The rating before starting: a starting point, never a gate on its own ----
  // High or rising pain since the last session asks the red-flag questions once per episode,
  // here, right under the rating, one question at a time; the server has already worked out,
  // for every rating, whether it asks and what each outcome allows this routine. Offline too.
  const painBeforeForm = $("pain-before-form");
  const check = $("pain-check");
  const startButton = $("start-button");
  let answers = {};
  // The one-tap check was answered this episode: the server saw it, or this phone (offline).
  function reliefChecked() {
    let at = NaN;
    try {
      at = Number(localStorage.getItem(rules.reliefKey));
    } catch (e) {
      /* storage off */
    }
    const age = Date.now() - at;
    return rules.reliefChecked || (age >= 0 && age < rules.episodeMs);
  }
  function ratePainBefore() {
    const picked = painBeforeForm.querySelector("input:checked");
    startPain = picked ? Number(picked.value) : null;
    answers = {};
    showCheck({ rated: true });
  }
  function showCheck({ rated = false, answered = false } = {}) {
    const relieved = reliefChecked();
    const asks = asksForCheck(rules, lastPain(rules, localStorage), startPain, relieved);
    const appears = asks && check.hidden;
    check.hidden = !asks;
    startButton.hidden = asks;
    $("pain-check-undo").hidden = true;
    if (!asks) return {};
    check.querySelector(".pain-check-rating").textContent = String(startPain);
    const asked = questionsFor(rules, startPain, relieved);
    const { ask, outcome } = checkOutcome(rules, startPain, asked, answers);
    check.querySelectorAll("[data-question]").forEach((q) => (q.hidden = q.dataset.question !== ask));
    check.querySelectorAll("[data-outcome]").forEach((o) => (o.hidden = o.dataset.outcome !== outcome));
    check.querySelector(".pain-check-why").hidden = Boolean(outcome);
    if (outcome) {
      const allowed = rules.allowedAfter[outcome];
      startButton.hidden = !allowed;
      check.querySelectorAll("[data-waiting]").forEach((list) => (list.hidden = allowed));
      $("pain-check-undo").hidden = false;
    }
    // The question, or what it means, where the person just tapped, on screen. After an answer
    // the buttons tapped are gone, so focus goes to the check and a screen reader reads on from
    // there; a rating leaves focus on the scale (arrow keys keep moving through it).
    if ((rated && appears) || answered) check.scrollIntoView({ block: "start" });
    if (answered) check.focus({ preventScroll: true });
    return { outcome, relieved };
  }
  // Kept by the server as if answered on the safety check, so it isn't asked again this episode.
  function remember(relieved) {
    const body = new URLSearchParams(checkForm(rules, startPain, relieved, answers));
    body.set("pain", String(startPain));
    const token = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1];
    fetch(rules.checkUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? decodeURIComponent(token) : "", Accept: "application/json" },
      body,
    }).catch(() => {}); // offline: the answer still counts on this page
  }
  check.addEventListener("click", (event) => {
    const button = event.target.closest("[data-answer]");
    if (button) {
      answers[button.closest("[data-question]").dataset.question] = button.dataset.answer === "yes";
      const { outcome, relieved } = showCheck({ answered: true });
      if (outcome) remember(relieved);
    } else if (event.target.id === "pain-check-undo") {
      answers = {}; // a mis-tap is undone at once
      showCheck({ answered: true });
    }
  });
  painBeforeForm.addEventListener("change", ratePainBefore);
  if (rules.startPain !== null) {
    const carried = painBeforeForm.querySelector('input[value="' + rules.startPain + '"]');
    if (carried) carried.checked = true;
  }
  ratePainBefore();

  // ---- The one-tap relief check, when nothing has been answered yet (offline too) ----
  const gate = $("relief-gate");
  if (gate) {
    const intro = $("intro");
    const open = () => {
      gate.hidden = true;
      intro.hidden = false;
      showCheck();
    };
    if (reliefChecked()) open();
    else intro.hidden = true;
    gate.addEventListener("submit", (event) => {
      if (!event.submitter || event.submitter.value !== "no") return; // "yes": what to do, from the server
      event.preventDefault();
      try {
        localStorage.setItem(rules.reliefKey, String(Date.now()));
      } catch (e) {
        /* storage off: this page still opens */
      }
      const form = event.target;
      const data = new FormData(form);
      data.set("answer", "no");
      fetch(form.action, { method: "POST", credentials: "same-origin", body: data }).catch(() => {}); // the cookie, for next time
      open();
      painBeforeForm.querySelector("legend").scrollIntoView({ block: "nearest" });
      startButton.focus({ preventScroll: true });
    });
  }
  // The latest rating stays on this phone, to compare the next session with.
  function keepPain(value) {
    if (value !== null && value !== undefined) localStorage.setItem(rules.lastPainKey, String(value));
  }
  player.addEventListener("routine:finished", () => keepPain(startPain));
  $("finish-form").addEventListener("change", () => {
    const after = $("finish-form").querySelector('input[name="pain_after"]:checked');
    if (after) keepPain(Number(after.value));
  });
  // Coming back with the browser's Back button shows this page as it was: fetch it afresh so
  // an answer just given on the safety check counts.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) window.location.reload();
  });

  // ---- Wiring ----
  // Sheets and dialogs over the playing screen (screen.js), on the runtime's own controls.
  const screen = wireScreen({
    isPlaying: () => clock.current >= 0,
    isPaused: () => clock.paused,
    togglePause,
    currentStep: () => plan.phases[clock.current].step.index,
    progress: () => ({ done: done.size, total: steps.length }),
    endEarly: finishRoutine,
  });
  stepEls.forEach((el) => (el.hidden = true));
  finish.hidden = true;
  $("start-button").addEventListener("click", () => start());
  readyButton.addEventListener("click", ready);
  // Back after a reload, the browser's Back or an accidental close: offer to carry on.
  const kept = loadProgress(localStorage, progressStore, player.dataset.routine, steps.map((s) => s.slug));
  if (kept) {
    $("carry-on-step").textContent = String(kept.step + 1);
    $("carry-on").hidden = false;
    $("carry-on-button").addEventListener("click", () => start(kept));
    $("start-again-button").addEventListener("click", () => {
      clearProgress(localStorage, progressStore);
      $("carry-on").hidden = true;
      if (!$("start-button").hidden) start();
    });
  }
  pauseButton.addEventListener("click", togglePause);
  $("back-button").addEventListener("click", back);
  $("skip-button").addEventListener("click", skip);
  document.addEventListener("keydown", (event) => {
    if (clock.current < 0 || hurtDialog.open || event.target.closest("input, textarea, select, dialog")) return;
    if (event.key === " " && !event.target.closest("button, a, summary")) {
      event.preventDefault();
      togglePause();
    } else if (event.key === "ArrowRight") {
      skip();
    } else if (event.key === "ArrowLeft") {
      back();
    }
  });
}
