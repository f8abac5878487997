import { test } from "node:test";
import assert from "node:assert/strict";

globalThis.document = { addEventListener() {} };
const { failureMessage, csrfFromCookies } = await import("../../static/js/htmx-errors.js");
const { WORDS } = await import("./steps.mjs");
const words = WORDS.forms;

test("every failure keeps what was typed and says what to do", () => {
  for (const status of [0, 400, 401, 403, 404, 429, 500, 503]) {
    const message = failureMessage(status, true, words);
    assert.match(message, /What you typed is still here/, String(status));
    assert.match(message, /try again|log in/i, String(status));
  }
});

test("an expired login says to log in again, a stale page to try again", () => {
  assert.match(failureMessage(401, true, words), /logged out.*log in again/);
  assert.match(failureMessage(403, true, words), /out of date/);
  assert.match(failureMessage(0, false, words), /offline/);
});

test("the CSRF token is read from the cookie string", () => {
  assert.equal(csrfFromCookies("a=1; csrftoken=abc123; b=2"), "abc123");
  assert.equal(csrfFromCookies("csrftoken=xyz"), "xyz");
  assert.equal(csrfFromCookies("notcsrftoken=no"), "");
  assert.equal(csrfFromCookies(""), "");
});
