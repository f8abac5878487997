// The player's voice: says one line at a time through the browser's speech synthesis, without
// piling cues up, in a voice on the phone for the page's language. What to say and when is
// coach.js's; tested over a stand-in for speechSynthesis in tests/js/speaker.test.mjs.
import { speechSeconds } from "./coach.js";

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

/** True when the phone has voices but none for `lang`'s language (on the phone or not): a voice
 * for another language would mangle the words, so nothing is spoken. False while the voices
 * haven't loaded (an empty list): the browser then chooses by the utterance's lang. */
export function lacksVoice(voices, lang) {
  const list = Array.from(voices || []);
  const base = String(lang || "en").toLowerCase().replace("_", "-").split("-")[0];
  return list.length > 0 && !list.some((v) => String(v.lang || "").toLowerCase().replace("_", "-").split("-")[0] === base);
}

/**
 * Speaks through window.speechSynthesis, one utterance at a time:
 * - "count" and "phase" replace whatever is being said or waiting (time matters most);
 * - a "cue" while something is being said waits, and only the latest waiting cue is kept; it
 *   is dropped if it has waited longer than `staleMs`.
 * Never calls speechSynthesis.speak() while its own last utterance is still speaking.
 * `pace` is the #player-speech JSON: the rate to speak at, and how long a line should take.
 * Every utterance is in `lang` (the page's); when the phone has no voice for it (`noVoice`),
 * nothing is spoken and `available` is false, so the lines go to the screen and the live region.
 */
export class Speaker {
  constructor({
    synth = globalThis.speechSynthesis,
    Utterance = globalThis.SpeechSynthesisUtterance,
    lang = globalThis.document?.documentElement.lang || "en",
    pace,
    staleMs = 4000,
    now = () => Date.now(),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (id) => clearTimeout(id),
  } = {}) {
    Object.assign(this, { synth, Utterance, lang, pace, staleMs, now, setTimer, clearTimer });
    this.rate = pace.rate;
    this.enabled = true;
    this.current = null;
    this.pending = null;
    this.watchdog = null;
    this.voice = null;
    this.noVoice = false;
    if (synth) {
      this.chooseVoice();
      // Many browsers load their voices after the page; choose again when they arrive.
      if (synth.addEventListener) synth.addEventListener("voiceschanged", () => this.chooseVoice());
    }
  }

  get available() {
    return Boolean(this.synth && this.Utterance) && !this.noVoice;
  }

  chooseVoice() {
    const voices = this.synth.getVoices ? this.synth.getVoices() : [];
    this.voice = pickVoice(voices, this.lang);
    this.noVoice = lacksVoice(voices, this.lang);
    if (this.noVoice) this.cancel();
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
    this.watchdog = this.setTimer(() => this.finished(u), (speechSeconds(text, this.pace) / this.rate) * 1000 + 3000);
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
