// Sound, voice and vibration cues, the person's choices about them, and keeping the screen on.
// Thin wrappers over browser APIs (Web Audio, speech synthesis, vibration, Wake Lock); each
// does nothing where the device lacks it, because the visual timer always runs.

/** Cue choices: the account's when signed in, else the last ones made on this phone. */
export function readPrefs(accountPrefs, storage, storageKey) {
  let kept = {};
  if (!accountPrefs) {
    try {
      kept = JSON.parse(storage.getItem(storageKey)) || {};
    } catch (e) {
      kept = {};
    }
  }
  return Object.assign({ sound: true, voice: true, vibrate: true }, accountPrefs || kept);
}

/** Cues that follow `prefs` (read each time, so a changed switch applies at once). */
export function createCues(prefs, announcer) {
  let audio = null;
  return {
    beep(frequency, ms) {
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
    },
    say(text) {
      announcer.textContent = text;
      if (!prefs.voice || !("speechSynthesis" in window)) return;
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.rate = 0.95;
      window.speechSynthesis.speak(utterance);
    },
    hush(text) {
      if ("speechSynthesis" in window) window.speechSynthesis.cancel();
      announcer.textContent = text;
    },
    buzz(pattern) {
      if (prefs.vibrate && navigator.vibrate) navigator.vibrate(pattern);
    },
  };
}

/** Screen Wake Lock: keep() while playing, release() when paused or done. */
export function createWakeLock() {
  let lock = null;
  return {
    async keep() {
      if (!("wakeLock" in navigator) || lock) return;
      try {
        lock = await navigator.wakeLock.request("screen");
        lock.addEventListener("release", () => (lock = null));
      } catch (e) {
        lock = null;
      }
    },
    release() {
      if (lock) lock.release();
      lock = null;
    },
  };
}
