// Sound, voice and vibration cues, the person's choices about them, and keeping the screen on.
// Thin wrappers over browser APIs (Web Audio, speech synthesis, vibration, Wake Lock); each
// does nothing where the device lacks it, because the visual timer always runs.

/** Cue choices: the account's when signed in, else the last ones made on this phone. */
export function readPrefs(accountPrefs, storage, storageKey) {
  let kept = {};
  if (!accountPrefs) {
    try {
      kept = JSON.parse(storage.getItem(storageKey)) || {};
    } catch {
      kept = {};
    }
  }
  const prefs = Object.assign({ sound: true, voice: true, vibrate: true, guidance: "more" }, accountPrefs || kept);
  if (prefs.guidance !== "counts") prefs.guidance = "more";
  return prefs;
}

/**
 * Cues that follow `prefs` (read each time, so a changed switch applies at once). `speaker` is
 * coach.js's Speaker (one utterance at a time). One voice at a time: with spoken cues on, the
 * voice says each line and `announcer`, a live region, stays quiet, or a screen-reader user
 * would hear every line twice at once; with them off (or no speech on the device) the live
 * region carries the lines to the screen reader. The cue settings say so by the switch.
 */
export function createCues(prefs, announcer, speaker, { noVoice = "", onNoVoice = () => {} } = {}) {
  let audio = null;
  let toldNoVoice = false;
  function context() {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    // iOS leaves the context "interrupted" after a call or Siri, and "suspended" after the page
    // was hidden: it plays nothing until resumed.
    if (audio.state !== "running") audio.resume().catch(() => {});
    return audio;
  }
  // One tone: a sine near 1 kHz (where a phone speaker is loudest) with a quick rise and fall,
  // so it is crisp without clicking, and loud without clipping.
  function tone(ctx, frequency, at, ms) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = frequency;
    const end = at + ms / 1000;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.9, at + 0.01);
    gain.gain.setValueAtTime(0.9, Math.max(at + 0.01, end - 0.06));
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(end + 0.02);
  }
  return {
    /** A short tone (the 3-2-1); `frequencies` several in a row (the end of a hold). */
    beep(frequencies = 880, ms = 150) {
      if (!prefs.sound) return;
      try {
        const ctx = context();
        [].concat(frequencies).forEach((f, i) => {
          tone(ctx, f, ctx.currentTime + i * (ms / 1000 + 0.08), ms);
        });
      } catch {
        /* no audio on this device: the visual timer still runs */
      }
    },
    /** Bring sound back after the page was hidden or a call came in (call on visible, focus, tap). */
    wake() {
      if (audio && audio.state !== "running" && prefs.sound) audio.resume().catch(() => {});
    },
    /** Say `text` now ("phase", "count") or when the voice is free ("cue"). With spoken cues
     * on and no voice on the phone for the page's language, the first line comes with
     * `noVoice` (the words saying so), once, and `onNoVoice` shows it on the screen. */
    say(text, kind = "phase") {
      speaker.enabled = prefs.voice !== false;
      let line = text;
      if (speaker.enabled && speaker.noVoice && !toldNoVoice) {
        toldNoVoice = true;
        onNoVoice(noVoice);
        line = [noVoice, text].filter(Boolean).join(" ");
      }
      if (!speaker.enabled || !speaker.available) announcer.textContent = line;
      speaker.say(text, kind);
    },
    hush(text) {
      speaker.cancel();
      if (text) announcer.textContent = text;
    },
    buzz(pattern) {
      if (prefs.vibrate && navigator.vibrate) navigator.vibrate(pattern);
    },
  };
}

/**
 * Screen Wake Lock: keep() while playing, release() when paused or done. The request is
 * asynchronous: a lock that arrives after release() was called is let go at once. `onUnavailable`
 * is called when the screen can't be kept on (no API, or the browser refused), so the page can
 * say so rather than promise it. `wakeLock` is navigator.wakeLock (injectable for tests).
 */
export function createWakeLock(onUnavailable = () => {}, wakeLock = globalThis.navigator && navigator.wakeLock) {
  let lock = null;
  let wanted = false;
  let asking = null;
  return {
    get held() {
      return Boolean(lock);
    },
    async keep() {
      wanted = true;
      if (!wakeLock) return onUnavailable();
      if (lock || asking) return asking;
      asking = (async () => {
        try {
          const got = await wakeLock.request("screen");
          if (!wanted) return got.release(); // paused (or finished) while we waited
          lock = got;
          got.addEventListener("release", () => {
            if (lock === got) lock = null;
          });
        } catch {
          lock = null;
          if (wanted) onUnavailable();
        } finally {
          asking = null;
        }
      })();
      return asking;
    },
    release() {
      wanted = false;
      if (lock) lock.release();
      lock = null;
    },
  };
}
