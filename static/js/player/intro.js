// Before Start: the cue settings, the pain rating, the red-flag questions a high or rising rating
// asks, the one-tap relief check, and the offer to carry on after a reload. Page wiring over the
// pure pain rules (pain.js) and progress (resume.js); the rating goes to the controller as the
// routine's starting point, never a gate on its own.
import { asksForCheck, checkForm, checkOutcome, lastPain, questionsFor } from "./pain.js";
import { clearProgress, loadProgress } from "./resume.js";

const $ = (id) => document.getElementById(id);
const CUES_OPEN_KEY = "spasmcare.player.cue-settings";

/** The cue settings under Start: each switch changes `prefs` at once (guidance from the next
 * Start); `keep()` stores them; `onVoiceOff()` silences the voice. Folded unless opened last
 * time on this phone. */
export function wireCueSettings(player, prefs, keep, onVoiceOff) {
  for (const input of player.querySelectorAll('.cue-settings input[type="checkbox"]')) {
    input.checked = prefs[input.name] !== false;
    input.addEventListener("change", () => {
      prefs[input.name] = input.checked;
      if (input.name === "voice" && !input.checked) onVoiceOff();
      keep();
    });
  }
  for (const input of player.querySelectorAll('input[type="radio"][name="guidance"]')) {
    input.checked = input.value === prefs.guidance;
    input.addEventListener("change", () => {
      if (!input.checked) return;
      prefs.guidance = input.value;
      keep();
    });
  }
  const details = $("cue-settings");
  details.open = localStorage.getItem(CUES_OPEN_KEY) === "open";
  details.addEventListener("toggle", () => localStorage.setItem(CUES_OPEN_KEY, details.open ? "open" : "folded"));
}

/**
 * The rating before starting and what it asks. High or rising pain since the last session asks
 * the red-flag questions once per episode, here, right under the rating, one question at a time;
 * the server has already worked out, for every rating, whether it asks and what each outcome
 * allows this routine (rules). Offline too.
 */
export function wireIntro(player, rules, controller) {
  const painBeforeForm = $("pain-before-form");
  const check = $("pain-check");
  const startButton = $("start-button");
  let answers = {};

  // The one-tap check was answered this episode: the server saw it, or this phone (offline).
  function reliefChecked() {
    let at = Number.NaN;
    try {
      at = Number(localStorage.getItem(rules.reliefKey));
    } catch {
      /* storage off */
    }
    const age = Date.now() - at;
    return rules.reliefChecked || (age >= 0 && age < rules.episodeMs);
  }
  function ratePainBefore() {
    const picked = painBeforeForm.querySelector("input:checked");
    controller.startPain = picked ? Number(picked.value) : null;
    answers = {};
    showCheck({ rated: true });
  }
  function showCheck({ rated = false, answered = false } = {}) {
    const rating = controller.startPain;
    const relieved = reliefChecked();
    const asks = asksForCheck(rules, lastPain(rules, localStorage), rating, relieved);
    const appears = asks && check.hidden;
    check.hidden = !asks;
    startButton.hidden = asks;
    $("pain-check-undo").hidden = true;
    if (!asks) return {};
    check.querySelector(".pain-check-rating").textContent = String(rating);
    const { ask, outcome } = checkOutcome(rules, rating, questionsFor(rules, rating, relieved), answers);
    for (const q of check.querySelectorAll("[data-question]")) q.hidden = q.dataset.question !== ask;
    for (const o of check.querySelectorAll("[data-outcome]")) o.hidden = o.dataset.outcome !== outcome;
    check.querySelector(".pain-check-why").hidden = Boolean(outcome);
    if (outcome) {
      const allowed = rules.allowedAfter[outcome];
      startButton.hidden = !allowed;
      for (const list of check.querySelectorAll("[data-waiting]")) list.hidden = allowed;
      $("pain-check-undo").hidden = false;
    }
    // The question, or what it means, where the person just tapped, on screen. After an answer
    // the buttons tapped are gone, so focus goes to the check and a screen reader reads on from
    // there; a rating leaves focus on the scale (arrow keys keep moving through it).
    if ((rated && appears) || answered) check.scrollIntoView({ block: "start" });
    if (answered) check.focus({ preventScroll: true });
    return { outcome };
  }
  // Kept by the server as if answered on the safety check, so it isn't asked again this episode.
  function remember() {
    const body = new URLSearchParams(checkForm(rules, controller.startPain, answers));
    body.set("pain", String(controller.startPain));
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
      if (showCheck({ answered: true }).outcome) remember();
    } else if (event.target.id === "pain-check-undo") {
      answers = {}; // a mis-tap is undone at once
      showCheck({ answered: true });
    }
  });
  painBeforeForm.addEventListener("change", ratePainBefore);
  if (rules.startPain !== null) {
    const carried = painBeforeForm.querySelector(`input[value="${rules.startPain}"]`);
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
      if (event.submitter?.value !== "no") return; // "yes": what to do, from the server
      event.preventDefault();
      try {
        localStorage.setItem(rules.reliefKey, String(Date.now()));
      } catch {
        /* storage off: this page still opens */
      }
      const data = new FormData(event.target);
      data.set("answer", "no");
      fetch(event.target.action, { method: "POST", credentials: "same-origin", body: data }).catch(() => {}); // the cookie, for next time
      open();
      painBeforeForm.querySelector("legend").scrollIntoView({ block: "nearest" });
      startButton.focus({ preventScroll: true });
    });
  }

  // The latest rating stays on this phone, to compare the next session with.
  function keepPain(value) {
    if (value !== null && value !== undefined) localStorage.setItem(rules.lastPainKey, String(value));
  }
  player.addEventListener("routine:finished", (event) => keepPain(event.detail.painBefore));
  $("finish-form").addEventListener("change", () => {
    const after = $("finish-form").querySelector('input[name="pain_after"]:checked');
    if (after) keepPain(Number(after.value));
  });
  // Coming back with the browser's Back button shows this page as it was: fetch it afresh so
  // an answer just given on the safety check counts.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) window.location.reload();
  });
}

/** Start, and the offer to carry on where the person was (after a reload, the browser's Back
 * or an accidental close). */
export function wireStart(player, controller, storageKey) {
  const startButton = $("start-button");
  startButton.addEventListener("click", () => controller.start());
  const slugs = controller.steps.map((s) => s.slug);
  const kept = loadProgress(localStorage, storageKey, player.dataset.routine, slugs);
  if (!kept) return;
  $("carry-on-step").textContent = String(kept.step + 1);
  $("carry-on").hidden = false;
  $("carry-on-button").addEventListener("click", () => controller.start(kept));
  $("start-again-button").addEventListener("click", () => {
    clearProgress(localStorage, storageKey);
    $("carry-on").hidden = true;
    if (!startButton.hidden) controller.start();
  });
}
