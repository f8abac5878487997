// The playing screen: owns the player page's elements (templates/exercises/play.html), shows
// what the controller tells it, and hands the person's taps and keys back. No timing and no
// rules here: the words come from the controller and hurt.js.
import { pulse, wireScreen } from "./screen.js";
import { readWords } from "../words.js";

const $ = (id) => document.getElementById(id);

export function createView(player, words = readWords("player")) {
  const stepEls = Array.from(player.querySelectorAll(".player-step"));
  const live = $("live");
  const timer = $("timer");
  const label = $("phase-label");
  const repCounter = $("rep-counter");
  const nextUp = $("next-up");
  const progress = $("progress");
  const controls = $("controls");
  const pauseButton = $("pause-button");
  const readyButton = $("ready-button");
  const screenNote = $("screen-note");
  const noVoiceNote = $("no-voice-note");
  const finish = $("finish");
  const hurtDialog = $("hurt-dialog");
  const hurtForm = $("hurt-form");
  const hurtAdvice = $("hurt-advice");
  let screen = { playing() {} };

  function setProgress(percent) {
    progress.firstElementChild.style.width = percent + "%";
    progress.setAttribute("aria-valuenow", String(percent));
  }
  function showStep(index) {
    stepEls.forEach((el, i) => {
      el.hidden = i !== index;
    });
  }
  showStep(-1);
  finish.hidden = true;

  return {
    /** Show step `index` (0-based) and hide the others; -1 hides them all. */
    showStep,

    /** A new phase: { kind, label, nextUp ("" for none), canSayReady }. */
    showPhase({ kind, label: text, nextUp: next, canSayReady }) {
      live.dataset.phase = kind;
      label.textContent = text;
      // The no-voice notice stays for the phase it was said in, then gives the small screen back.
      if (noVoiceNote) noVoiceNote.hidden = true;
      nextUp.textContent = next;
      nextUp.hidden = !next;
      repCounter.hidden = true;
      readyButton.hidden = !canSayReady;
    },

    /** What changes as the clock runs: { clock: "m:ss", rep: "Repetition 2 of 5" or "", percent }. */
    showTime({ clock, rep, percent }) {
      timer.textContent = clock;
      if (rep) repCounter.textContent = rep;
      repCounter.hidden = !rep;
      setProgress(percent);
    },

    pulse,

    /** Start (or carry on): the intro and the finish give way to the playing screen. */
    showPlaying() {
      for (const el of [$("carry-on"), $("intro"), finish]) el.hidden = true;
      for (const el of [live, controls, progress]) el.hidden = false;
      document.body.classList.add("playing");
      screen.playing(true);
    },

    setPaused(paused) {
      document.body.classList.toggle("is-paused", paused);
      pauseButton.querySelector(".label").textContent = paused ? words.resume : words.pause;
      pauseButton.setAttribute("aria-pressed", String(paused));
      if (paused) label.dataset.before = label.textContent;
      label.textContent = paused ? words.paused : label.dataset.before || label.textContent;
    },

    /** Say so, rather than promise a screen that stays on. */
    showScreenNote(on) {
      screenNote.hidden = !on;
    },

    /** The phone has no voice for the page's language: say so where the voice would have been. */
    showNoVoice(text) {
      if (!noVoiceNote) return;
      noVoiceNote.textContent = text;
      noVoiceNote.hidden = false;
    },

    /** Step `index` becomes its easier version (the <template class="easier"> in its item). */
    swapToEasier(index) {
      const item = stepEls[index];
      const template = item.querySelector("template.easier");
      item.querySelector(".step-body").replaceWith(template.content.querySelector(".step-body").cloneNode(true));
    },

    /** The finish screen (`told`: the controller's words), then "routine:finished" on #player
     * with the session (`detail`) for sessions.js to save. */
    finished(told, detail) {
      screenNote.hidden = true;
      readyButton.hidden = true;
      showStep(-1);
      live.hidden = true;
      controls.hidden = true;
      setProgress(100);
      document.body.classList.remove("playing", "is-paused");
      screen.playing(false);
      $("finish-heading").textContent = told.heading;
      for (const el of player.querySelectorAll('[data-feeling="too_easy"]')) el.hidden = !told.offerTooEasy;
      $("stopped-advice").hidden = !told.stopped;
      $("numbness-advice").hidden = !told.numbness;
      $("numbness-call").hidden = !told.numbness;
      const summary = $("hurt-summary");
      summary.replaceChildren(...told.hurtLines.map((line) => Object.assign(document.createElement("li"), { textContent: line })));
      summary.hidden = told.hurtLines.length === 0;
      $("finish-time").textContent = told.movedFor;
      $("finish-steps").textContent = told.steps;
      finish.hidden = false;
      finish.focus();
      player.dispatchEvent(new CustomEvent("routine:finished", { bubbles: true, detail }));
    },

    // ---- "This hurts" ----
    openHurt({ askChange }) {
      hurtForm.reset();
      $("hurt-change").hidden = !askChange;
      hurtForm.hidden = false;
      hurtAdvice.hidden = true;
      $("hurt-error").hidden = true;
      hurtDialog.showModal();
    },

    /** { heading, text, offered: a Set of the buttons' actions to show, labels: { action: words } }. */
    showAdvice({ heading, text, offered, labels }) {
      $("hurt-advice-heading").textContent = heading;
      $("hurt-advice-text").textContent = text;
      for (const button of hurtAdvice.querySelectorAll("[data-action]")) {
        const action = button.dataset.action;
        button.hidden = !offered.has(action);
        if (labels[action]) button.textContent = labels[action];
      }
      hurtForm.hidden = true;
      hurtAdvice.hidden = false;
      $("hurt-advice-heading").focus();
    },

    closeHurt() {
      if (hurtDialog.open) hurtDialog.close();
    },

    /** Hand the person's taps and keys to `controller` and `hurt` (hurt.js). */
    bind(controller, hurt) {
      readyButton.addEventListener("click", () => controller.ready());
      pauseButton.addEventListener("click", () => controller.togglePause());
      $("back-button").addEventListener("click", () => controller.back());
      $("skip-button").addEventListener("click", () => controller.skip());
      // A reload can come at any moment: where the person is, kept as the page goes.
      window.addEventListener("pagehide", () => controller.keep());
      document.addEventListener("keydown", (event) => {
        if (!controller.playing || hurtDialog.open || event.target.closest("input, textarea, select, dialog")) return;
        if (event.key === " " && !event.target.closest("button, a, summary")) {
          event.preventDefault();
          controller.togglePause();
        } else if (event.key === "ArrowRight") {
          controller.skip();
        } else if (event.key === "ArrowLeft") {
          controller.back();
        }
      });
      // Sheets and dialogs over the playing screen (screen.js).
      screen = wireScreen({
        isPlaying: () => controller.playing,
        isPaused: () => controller.paused,
        togglePause: () => controller.togglePause(),
        currentStep: () => controller.step.index,
        progress: () => controller.progress(),
        endEarly: () => controller.endEarly(),
        words,
      });

      $("hurt-button").addEventListener("click", () => hurt.open());
      hurtForm.addEventListener("submit", (event) => {
        if (event.submitter && event.submitter.value === "cancel") return; // closes the dialog
        event.preventDefault();
        const picked = hurtForm.querySelector('input[name="hurt_pain"]:checked');
        const change = hurtForm.querySelector('input[name="change"]:checked');
        const answered = hurt.answer({
          pain: picked ? Number(picked.value) : null,
          sharp: hurtForm.querySelector('input[name="sharp"]').checked,
          numbness: hurtForm.querySelector('input[name="numbness"]').checked,
          change: change ? change.value : null,
        });
        if (!answered) $("hurt-error").hidden = false;
      });
      hurtDialog.addEventListener("close", () => hurt.closed());
      hurtAdvice.addEventListener("click", (event) => {
        const button = event.target.closest("[data-action]");
        if (button) hurt.act(button.dataset.action);
      });
    },
  };
}
