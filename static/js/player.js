// The guided routine player. Every step is already in the page; this script shows one at a
// time, runs the timers against the wall clock, and gives sound, voice and vibration cues.
(function () {
  "use strict";

  const PREFS_KEY = "spasmcare.player.prefs";

  const player = document.getElementById("player");
  if (!player) return;
  const $ = (id) => document.getElementById(id);
  // The safety rules and timings, defined once in Python (spasmcare/learn/safety.py): this
  // script only looks things up in them.
  const rules = JSON.parse($("player-rules").textContent);
  const GET_READY = rules.getReadySeconds;
  const SWITCH_SIDES = rules.switchSidesSeconds;
  const stepEls = Array.from(player.querySelectorAll(".player-step"));
  const live = $("live");
  const timerEl = $("timer");
  const phaseLabel = $("phase-label");
  const repCounter = $("rep-counter");
  const nextUp = $("next-up");
  const announcer = $("announcer");
  const progress = $("progress");
  const controls = $("controls");
  const pauseButton = $("pause-button");
  const finish = $("finish");

  document.documentElement.classList.add("js");
  player.querySelectorAll(".js-only").forEach((el) => (el.hidden = false));

  // ---- Preferences (sound, voice, vibration), remembered in the browser ----
  // Signed in, the account's choices (Settings) apply; signed out, the last choice on this phone.
  const accountPrefs = $("account-prefs");
  const prefs = Object.assign(
    { sound: true, voice: true, vibrate: true },
    accountPrefs ? JSON.parse(accountPrefs.textContent) : readPrefs()
  );
  if (player.dataset.voice === "on") prefs.voice = true; // "Back spasm right now?" plays with voice
  player.querySelectorAll(".cue-settings input").forEach((input) => {
    input.checked = prefs[input.name] !== false;
    input.addEventListener("change", () => {
      prefs[input.name] = input.checked;
      if (!accountPrefs) localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
    });
  });
  function readPrefs() {
    try {
      return JSON.parse(localStorage.getItem(PREFS_KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  // ---- The plan: every phase of every step, with its length in seconds ----
  function readStep(data) {
    return {
      name: data.name,
      slug: data.slug,
      dose: data.dose,
      mode: data.mode,
      work: Number(data.work),
      reps: Number(data.reps) || 0,
      repSeconds: Number(data.repSeconds) || 5,
      sides: Number(data.sides) || 1,
    };
  }
  const steps = stepEls.map((el, index) =>
    Object.assign(readStep(el.dataset), {
      el,
      index,
      rest: Number(el.dataset.rest) || 0,
      easier: el.querySelector("template.easier"),
    })
  );
  let phases = [];
  let totalSeconds = 0;
  function buildPhases() {
    phases = [];
    steps.forEach((step) => {
      step.firstPhase = phases.length;
      phases.push({ step, kind: "ready", seconds: GET_READY });
      for (let side = 1; side <= step.sides; side++) {
        if (side > 1) phases.push({ step, kind: "switch", seconds: SWITCH_SIDES });
        phases.push({ step, kind: "work", side, seconds: step.work, last: side === step.sides });
      }
      if (step.rest) phases.push({ step, kind: "rest", seconds: step.rest });
    });
    totalSeconds = phases.reduce((sum, p) => sum + p.seconds, 0);
  }
  buildPhases();

  // ---- State ----
  let current = -1; // index into phases
  let endsAt = 0; // wall-clock ms when the current phase ends
  let remainingMs = 0; // kept while paused
  let paused = false;
  let startedAt = 0;
  let activeMs = 0; // time spent playing, pauses left out
  let lastTick = 0;
  let lastWholeSecond = null;
  let ticker = null;
  const done = new Set();
  const events = [];
  let stopped = false;

  // ---- Cues ----
  let audio = null;
  function beep(frequency, ms) {
    if (!prefs.sound) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      osc.type = "sine";
      gain.gain.setValueAtTime(0.0001, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.25, audio.currentTime + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + ms / 1000);
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + ms / 1000 + 0.05);
    } catch (e) {
      /* no audio on this device: the visual timer still runs */
    }
  }
  function say(text) {
    announcer.textContent = text;
    if (!prefs.voice || !("speechSynthesis" in window)) return;
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.95;
    window.speechSynthesis.speak(utterance);
  }
  function buzz(pattern) {
    if (prefs.vibrate && navigator.vibrate) navigator.vibrate(pattern);
  }

  // ---- Screen Wake Lock: keep the screen on while playing ----
  let wakeLock = null;
  async function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock) return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      wakeLock.addEventListener("release", () => (wakeLock = null));
    } catch (e) {
      wakeLock = null;
    }
  }
  function letSleep() {
    if (wakeLock) wakeLock.release();
    wakeLock = null;
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && current >= 0 && !paused) keepAwake();
  });

  // ---- Display ----
  function formatClock(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function sideName(phase) {
    if (phase.step.sides < 2) return "";
    return phase.side === 1 ? "Left side" : "Right side";
  }
  function showStep(step) {
    stepEls.forEach((el) => (el.hidden = el !== step.el));
  }
  function enterPhase(index) {
    current = index;
    const phase = phases[index];
    endsAt = Date.now() + phase.seconds * 1000;
    lastWholeSecond = null;
    showStep(phase.step);
    repCounter.hidden = true;
    nextUp.hidden = true;
    live.dataset.phase = phase.kind;
    const next = steps[phase.step.index + 1];
    if (phase.kind === "ready") {
      phaseLabel.textContent = "Get ready";
      say(phase.step.name + ". " + phase.step.dose + ".");
    } else if (phase.kind === "work") {
      const side = sideName(phase);
      phaseLabel.textContent = side || (phase.step.mode === "hold" ? "Hold" : "Go");
      if (side) say(side);
      buzz(80);
    } else if (phase.kind === "switch") {
      phaseLabel.textContent = "Switch sides";
      say("Switch sides");
      buzz([60, 60, 60]);
    } else if (phase.kind === "rest") {
      phaseLabel.textContent = "Rest";
      if (next) {
        nextUp.textContent = "Next up: " + next.name + " (" + next.dose + ")";
        nextUp.hidden = false;
        say("Rest. Next up: " + next.name + ".");
      }
    }
    render();
  }
  function render() {
    if (current < 0) return;
    const phase = phases[current];
    const left = (paused ? remainingMs : endsAt - Date.now()) / 1000;
    timerEl.textContent = formatClock(left);
    if (phase.kind === "work" && phase.step.mode === "reps") {
      const elapsed = phase.seconds - left;
      const rep = Math.min(phase.step.reps, Math.floor(elapsed / phase.step.repSeconds) + 1);
      repCounter.textContent = "Repetition " + rep + " of " + phase.step.reps;
      repCounter.hidden = false;
      if (rep !== phase.rep) {
        if (phase.rep) say(String(rep));
        phase.rep = rep;
      }
    }
    const before = phases.slice(0, current).reduce((sum, p) => sum + p.seconds, 0);
    const fraction = Math.min(1, (before + phase.seconds - Math.max(0, left)) / totalSeconds);
    const percent = Math.round(fraction * 100);
    progress.firstElementChild.style.width = percent + "%";
    progress.setAttribute("aria-valuenow", String(percent));
    // 3-2-1 before a hold or a get-ready ends; a longer tone when the work is done.
    const whole = Math.ceil(left);
    if (whole !== lastWholeSecond) {
      lastWholeSecond = whole;
      if (whole <= 3 && whole >= 1 && (phase.kind === "ready" || phase.kind === "work") && phase.seconds > 3) beep(660, 120);
    }
  }

  // ---- The clock ----
  function tick() {
    const now = Date.now();
    if (!paused) activeMs += now - lastTick;
    lastTick = now;
    if (paused || current < 0) return;
    // A backgrounded tab or locked phone may sleep for a while: catch up through every
    // phase that ended meanwhile, so the routine keeps to the wall clock.
    while (current >= 0 && Date.now() >= endsAt) {
      const overshoot = Date.now() - endsAt;
      completePhase();
      if (current < 0) return;
      endsAt -= overshoot;
    }
    render();
  }
  function completePhase() {
    const phase = phases[current];
    if (phase.kind === "work") {
      beep(880, 350);
      buzz(200);
      if (phase.last) done.add(phase.step.index);
    }
    if (current + 1 >= phases.length) return finishRoutine();
    enterPhase(current + 1);
  }

  function start() {
    $("intro").hidden = true;
    finish.hidden = true;
    live.hidden = false;
    controls.hidden = false;
    progress.hidden = false;
    document.body.classList.add("playing");
    startedAt = Date.now();
    lastTick = startedAt;
    activeMs = 0;
    done.clear();
    events.length = 0;
    stopped = false;
    paused = false;
    setPauseLabel();
    keepAwake();
    beep(520, 60); // unlocks audio on iOS inside the tap
    enterPhase(0);
    ticker = setInterval(tick, 200);
  }
  function togglePause() {
    if (current < 0) return;
    if (paused) {
      paused = false;
      endsAt = Date.now() + remainingMs;
      keepAwake();
      say("Carry on");
    } else {
      paused = true;
      remainingMs = Math.max(0, endsAt - Date.now());
      letSleep();
      if ("speechSynthesis" in window) window.speechSynthesis.cancel();
      announcer.textContent = "Paused";
    }
    lastTick = Date.now();
    setPauseLabel();
    render();
  }
  function setPauseLabel() {
    document.body.classList.toggle("is-paused", paused);
    pauseButton.querySelector(".label").textContent = paused ? "Resume" : "Pause";
    pauseButton.setAttribute("aria-pressed", String(paused));
    if (paused) phaseLabel.dataset.before = phaseLabel.textContent;
    phaseLabel.textContent = paused ? "Paused" : phaseLabel.dataset.before || phaseLabel.textContent;
  }
  function jumpTo(stepIndex) {
    if (stepIndex >= steps.length) return finishRoutine();
    const wasPaused = paused;
    paused = false;
    enterPhase(steps[Math.max(0, stepIndex)].firstPhase);
    if (wasPaused) togglePause();
  }
  function back() {
    if (current < 0) return;
    // Within the first moments of a step, Back goes to the step before; later it restarts it.
    const step = phases[current].step;
    const left = paused ? remainingMs : endsAt - Date.now();
    const atStepStart = current === step.firstPhase && left > (GET_READY - 2) * 1000;
    jumpTo(atStepStart ? step.index - 1 : step.index);
  }
  function skip() {
    if (current < 0) return;
    jumpTo(phases[current].step.index + 1);
  }
  function finishRoutine() {
    clearInterval(ticker);
    current = -1;
    paused = false;
    letSleep();
    stepEls.forEach((el) => (el.hidden = true));
    live.hidden = true;
    controls.hidden = true;
    progress.firstElementChild.style.width = "100%";
    progress.setAttribute("aria-valuenow", "100");
    document.body.classList.remove("playing");
    $("finish-heading").textContent = stopped ? "Routine stopped" : "Well done";
    $("stopped-advice").hidden = !stopped;
    const numbness = events.some((e) => e.level === "stop-routine");
    $("numbness-advice").hidden = !numbness;
    $("numbness-call").hidden = !numbness;
    showHurtSummary();
    const minutes = Math.max(1, Math.round(activeMs / 60000));
    $("finish-time").textContent = minutes + (minutes === 1 ? " minute" : " minutes");
    $("finish-steps").textContent = done.size + " of " + steps.length;
    finish.hidden = false;
    finish.focus();
    beep(660, 200);
    setTimeout(() => beep(880, 400), 220);
    say(stopped ? "Routine stopped. Rest comfortably." : "Well done. Routine finished.");
    player.dispatchEvent(
      new CustomEvent("routine:finished", {
        bubbles: true,
        detail: { startedAt, endedAt: Date.now(), activeMs, stepsDone: done.size, stepsTotal: steps.length, events, stopped },
      })
    );
  }

  // What the "This hurts" dialog said, repeated on the finish screen in the same words.
  function showHurtSummary() {
    const list = $("hurt-summary");
    list.replaceChildren(
      ...events
        .filter((e) => e.type === "hurt")
        .map((e) => {
          const item = document.createElement("li");
          const rated = e.pain === null ? "" : ": pain " + e.pain + (e.start === null ? "" : " (you started at " + e.start + ")");
          item.textContent = "Step " + e.step + rated + ". " + rules.advice[e.level].heading + ".";
          return item;
        })
    );
    list.hidden = list.children.length === 0;
  }

  // ---- "This hurts": the traffic light from the safety rules, from the person's own start ----
  const hurtDialog = $("hurt-dialog");
  const hurtForm = $("hurt-form");
  const hurtAdvice = $("hurt-advice");
  let hurtStep = null;
  let resumeAfterHurt = false;
  let hurtEvent = null;
  let startPain = null; // the rating given before starting, if any: this routine's baseline

  function openHurt() {
    if (current < 0) return;
    hurtStep = phases[current].step;
    resumeAfterHurt = !paused;
    if (!paused) togglePause();
    hurtForm.reset();
    hurtForm.hidden = false;
    hurtAdvice.hidden = true;
    $("hurt-error").hidden = true;
    hurtDialog.showModal();
  }
  function closeHurt(resume) {
    if (hurtDialog.open) hurtDialog.close();
    if (resume && resumeAfterHurt && paused) togglePause();
    resumeAfterHurt = false;
  }
  function levelFor(pain, sharp, numbness) {
    if (numbness) return rules.numbnessLevel;
    if (sharp) return rules.sharpLevel;
    return rules.light[startPain === null ? "none" : String(startPain)][pain];
  }
  function advise(pain, sharp, numbness) {
    const level = levelFor(pain, sharp, numbness);
    hurtEvent = {
      type: "hurt", step: hurtStep.index + 1, exercise: hurtStep.slug, pain, start: startPain,
      sharp, numbness, level, action: level,
    };
    events.push(hurtEvent);
    if (level === "stop-routine") return stopRoutine();
    const { heading, text } = rules.advice[level];
    const canSwap = Boolean(hurtStep.easier);
    const easierName = canSwap ? hurtStep.easier.dataset.name : "";
    $("hurt-advice-heading").textContent = heading;
    $("hurt-advice-text").textContent = text + (canSwap && level !== "carry-on" ? " The easier version is " + easierName + "." : "");
    hurtAdvice.querySelectorAll("[data-action]").forEach((button) => {
      const action = button.dataset.action;
      button.hidden = !(
        (action === "swap" && canSwap && level !== "carry-on") ||
        (action === "carry-on" && level !== "stop-exercise") ||
        ((action === "skip" || action === "stop") && level === "stop-exercise")
      );
      if (action === "swap") button.textContent = "Switch to " + easierName;
      if (action === "carry-on") button.textContent = level === "carry-on" ? "Carry on" : "Carry on gently";
    });
    hurtForm.hidden = true;
    hurtAdvice.hidden = false;
    $("hurt-advice-heading").focus();
    say(heading);
  }
  function swapToEasier(step) {
    const template = step.easier;
    step.el.querySelector(".step-body").replaceWith(template.content.querySelector(".step-body").cloneNode(true));
    Object.assign(step, readStep(template.dataset), { easier: null });
    step.el.dataset.name = step.name;
    buildPhases();
    if (paused) togglePause();
    jumpTo(step.index);
    say("Switching to " + step.name + ".");
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
    if (!picked && !sharp && !numbness) {
      $("hurt-error").hidden = false;
      return;
    }
    advise(picked ? Number(picked.value) : null, sharp, numbness);
  });
  hurtDialog.addEventListener("close", () => {
    if (resumeAfterHurt && paused && current >= 0) togglePause();
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
      if (paused) togglePause();
      jumpTo(hurtStep.index + 1);
    } else if (action === "stop") stopRoutine();
  });

  // ---- The rating before starting: a starting point, never a gate on its own ----
  // High or rising pain since the last session asks the red-flag questions once for this
  // episode; the server has already worked out, for every rating, whether it asks.
  function lastPain() {
    if (rules.lastPain !== null) return rules.lastPain;
    const kept = localStorage.getItem(rules.lastPainKey);
    return kept !== null && /^\d+$/.test(kept) ? Number(kept) : null;
  }
  const painBeforeForm = $("pain-before-form");
  function ratePainBefore() {
    const picked = painBeforeForm.querySelector("input:checked");
    startPain = picked ? Number(picked.value) : null;
    const last = lastPain();
    const asks = startPain !== null && rules.askCheck[last === null ? "none" : String(last)][startPain];
    $("pain-recheck").hidden = !asks;
    $("start-button").hidden = asks;
    if (asks) $("pain-recheck-link").href = rules.checkUrls[startPain];
  }
  painBeforeForm.addEventListener("change", ratePainBefore);
  if (rules.startPain !== null) {
    const carried = painBeforeForm.querySelector('input[value="' + rules.startPain + '"]');
    if (carried) carried.checked = true;
  }
  ratePainBefore();
  // The latest rating stays on this phone, to compare the next session with.
  function keepPain(value) {
    if (value !== null && value !== undefined) localStorage.setItem(rules.lastPainKey, String(value));
  }
  player.addEventListener("routine:finished", () => keepPain(startPain));
  $("finish-form").addEventListener("submit", () => {
    const after = $("finish-form").querySelector('input[name="pain_after"]:checked');
    if (after) keepPain(Number(after.value));
  });
  // Coming back with the browser's Back button shows this page as it was: fetch it afresh so
  // an answer just given on the safety check counts.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) window.location.reload();
  });

  // ---- Wiring ----
  stepEls.forEach((el) => (el.hidden = true));
  finish.hidden = true;
  $("start-button").addEventListener("click", start);
  pauseButton.addEventListener("click", togglePause);
  $("back-button").addEventListener("click", back);
  $("skip-button").addEventListener("click", skip);
  document.addEventListener("keydown", (event) => {
    if (current < 0 || hurtDialog.open || event.target.closest("input, textarea, select, dialog")) return;
    if (event.key === " " && !event.target.closest("button, a, summary")) {
      event.preventDefault();
      togglePause();
    } else if (event.key === "ArrowRight") {
      skip();
    } else if (event.key === "ArrowLeft") {
      back();
    }
  });
  window.SpasmCarePlayer = { get phases() { return phases; }, get current() { return current; }, events };
})();
