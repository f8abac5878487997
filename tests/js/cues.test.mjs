// Cue preferences: the account's when signed in, else what this phone remembers.
import assert from "node:assert/strict";
import { test } from "node:test";

import { readPrefs } from "../../static/js/player/cues.js";

const storage = (value) => ({ getItem: () => value });

test("everything is on until the person turns it off", () => {
  assert.deepEqual(readPrefs(null, storage(null), "k"), { sound: true, voice: true, vibrate: true });
});

test("the account's choices win over what the phone remembers", () => {
  const prefs = readPrefs({ sound: false, voice: true, vibrate: false }, storage('{"sound": true}'), "k");
  assert.deepEqual(prefs, { sound: false, voice: true, vibrate: false });
});

test("signed out, the phone's last choice applies, and a garbled one is ignored", () => {
  assert.equal(readPrefs(null, storage('{"voice": false}'), "k").voice, false);
  assert.deepEqual(readPrefs(null, storage("{not json"), "k"), { sound: true, voice: true, vibrate: true });
});
