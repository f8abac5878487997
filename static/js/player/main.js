// The guided routine player: reads what the page hands over and connects the parts. Every step
// is already in the page (templates/exercises/play.html); the parts:
//   controller.js the state machine: phases, Start, Pause, Back, Skip, the end (no DOM)
//   hurt.js       "This hurts": the traffic light's advice and what each answer does (no DOM)
//   view.js       the playing screen, the finish and the "This hurts" dialog (the DOM)
//   intro.js      before Start: the cue settings, the rating, the red-flag check, carrying on
//   coach.js      what the voice says in each phase, and when; speaker.js says it
//   voice.js      the coach over the player's phases; plan.js the phases in order; timing.js the clock
//   pain.js, finish.js, resume.js  the pain rules, the finish's words, carrying on (pure)
//   cues.js, screen.js  sound, vibration, the wake lock; the sheets over the playing screen
//   save.js       the finish screen's saving, through the finished-sessions queue (../sessions.js)
// What the page hands over, as JSON: the steps with every phase's length (#player-steps-data,
// exercises/pacing.py), the pain rules (#player-rules, spasmcare/learn/safety.py) and the
// voice's pace in the page's language (#player-speech).
import { createController } from "./controller.js";
import { createCues, createWakeLock, readPrefs } from "./cues.js";
import { createHurt } from "./hurt.js";
import { wireCueSettings, wireIntro, wireStart } from "./intro.js";
import { progressKey } from "./resume.js";
import { wireSave } from "./save.js";
import { Speaker } from "./speaker.js";
import { createView } from "./view.js";
import { readWords } from "../words.js";

const PREFS_KEY = "spasmcare.player.prefs";
const $ = (id) => document.getElementById(id);
const json = (id) => JSON.parse($(id).textContent);

const player = $("player");
if (player) wire(player);

function wire(player) {
  document.documentElement.classList.add("js");
  for (const el of player.querySelectorAll(".js-only")) el.hidden = false;
  const rules = json("player-rules");
  const pace = json("player-speech"); // with the voice's words
  const words = readWords("player");

  // Cue choices: the account's (Settings) signed in, else the last ones made on this phone.
  const accountPrefs = $("account-prefs") ? json("account-prefs") : null;
  const prefs = readPrefs(accountPrefs, localStorage, PREFS_KEY);
  if (player.dataset.voice === "on") prefs.voice = true; // "Back spasm right now?" plays with voice
  const speaker = new Speaker({ pace, lang: pace.lang });
  speaker.enabled = prefs.voice !== false;
  const keepPrefs = () => {
    if (!accountPrefs) localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  };
  wireCueSettings(player, prefs, keepPrefs, () => speaker.cancel());
  const view = createView(player, words);
  const cues = createCues(prefs, $("announcer"), speaker, { noVoice: words.noVoice, onNoVoice: (text) => view.showNoVoice(text) });

  const storageKey = progressKey(player.dataset.account || "");
  // Saying so rather than promising a screen that stays on.
  const wakeLock = createWakeLock(() => {
    if (controller.playing && !controller.paused) view.showScreenNote(true);
  });
  if (!navigator.wakeLock) $("start-button").querySelector("small").textContent = $("screen-note").textContent;
  const controller = createController({
    routine: player.dataset.routine,
    steps: json("player-steps-data"),
    rules,
    prefs,
    pace,
    words,
    view,
    cues,
    wakeLock,
    storage: localStorage,
    storageKey,
  });
  view.bind(controller, createHurt({ player: controller, rules, view, cues, words }));
  wireIntro(player, rules, controller);
  wireSave(player, words);
  wireStart(player, controller, storageKey);

  // iOS: sound stays off after the page was hidden or a call came in, until resumed.
  for (const type of ["focus", "pointerdown"]) window.addEventListener(type, () => cues.wake(), true);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    cues.wake();
    if (controller.playing && !controller.paused) wakeLock.keep();
  });
}
