// Cue preferences: the account's when signed in, else what this phone remembers.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createCues, createWakeLock, readPrefs } from "../../static/js/player/cues.js";

const storage = (value) => ({ getItem: () => value });

test("everything is on until the person turns it off", () => {
  assert.deepEqual(readPrefs(null, storage(null), "k"), { sound: true, voice: true, vibrate: true, guidance: "more" });
});

test("the account's choices win over what the phone remembers", () => {
  const prefs = readPrefs({ sound: false, voice: true, vibrate: false }, storage('{"sound": true}'), "k");
  assert.deepEqual(prefs, { sound: false, voice: true, vibrate: false, guidance: "more" });
});

test("signed out, the phone's last choice applies, and a garbled one is ignored", () => {
  assert.equal(readPrefs(null, storage('{"voice": false}'), "k").voice, false);
  assert.deepEqual(readPrefs(null, storage("{not json"), "k"), { sound: true, voice: true, vibrate: true, guidance: "more" });
});

test("guidance is more unless just the counts was chosen", () => {
  assert.equal(readPrefs({ guidance: "counts" }, storage(null), "k").guidance, "counts");
  assert.equal(readPrefs(null, storage('{"guidance": "counts"}'), "k").guidance, "counts");
  assert.equal(readPrefs(null, storage('{"guidance": "shout"}'), "k").guidance, "more");
});

// A wake lock whose request resolves only when the test says so.
function slowWakeLock() {
  const requests = [];
  return {
    requests,
    request() {
      return new Promise((resolve) => {
        const lock = { released: false, release() { this.released = true; return Promise.resolve(); }, addEventListener() {} };
        requests.push({ lock, grant: () => resolve(lock) });
      });
    },
  };
}

test("a wake lock that arrives after Pause is released at once", async () => {
  const api = slowWakeLock();
  const wakeLock = createWakeLock(() => {}, api);
  const asked = wakeLock.keep();
  wakeLock.release(); // paused before the browser answered
  api.requests[0].grant();
  await asked;
  assert.equal(api.requests[0].lock.released, true);
  assert.equal(wakeLock.held, false);
});

test("a wake lock that arrives while playing is kept until released", async () => {
  const api = slowWakeLock();
  const wakeLock = createWakeLock(() => {}, api);
  const asked = wakeLock.keep();
  api.requests[0].grant();
  await asked;
  assert.equal(wakeLock.held, true);
  wakeLock.release();
  assert.equal(api.requests[0].lock.released, true);
});

test("without the API, or when refused, the page is told the screen may turn off", async () => {
  let told = 0;
  await createWakeLock(() => told++, undefined).keep();
  await createWakeLock(() => told++, { request: () => Promise.reject(new Error("NotAllowedError")) }).keep();
  assert.equal(told, 2);
});

// A speaker that records what it was asked to say.
function recordingSpeaker(available = true) {
  return { enabled: true, available, said: [], say(text) { if (this.enabled && this.available) this.said.push(text); }, cancel() {} };
}

test("one voice at a time: with spoken cues on the live region stays quiet", () => {
  const announcer = { textContent: "" };
  const speaker = recordingSpeaker();
  const cues = createCues({ voice: true }, announcer, speaker);
  cues.say("Hold for 30 seconds.");
  assert.deepEqual(speaker.said, ["Hold for 30 seconds."]);
  assert.equal(announcer.textContent, "");
});

test("with spoken cues off, or no speech on the device, the screen reader gets the lines", () => {
  const prefs = { voice: false };
  const announcer = { textContent: "" };
  const speaker = recordingSpeaker();
  const cues = createCues(prefs, announcer, speaker);
  cues.say("Switch sides.");
  assert.equal(announcer.textContent, "Switch sides.");
  assert.deepEqual(speaker.said, []);
  prefs.voice = true; // changed mid-routine: applies at once
  cues.say("Rest.");
  assert.equal(announcer.textContent, "Switch sides.");
  const mute = { textContent: "" };
  createCues({ voice: true }, mute, recordingSpeaker(false)).say("Hold.");
  assert.equal(mute.textContent, "Hold.");
});
