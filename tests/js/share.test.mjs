// Sharing a routine's link (static/js/share.js): the share sheet, with Copy as the fallback.
import assert from "node:assert/strict";
import { test } from "node:test";

import { copyField, messages, shareLink } from "../../static/js/share.js";
import { WORDS } from "./steps.mjs";

const MESSAGES = messages(WORDS.forms);

const link = { title: "My mornings", text: "A routine", url: "https://spasmcare.example/routines/shared/abc/" };

function field(value) {
  return { value, selected: false, focus() {}, select() { this.selected = true; } };
}

test("the phone's share sheet gets the title, words and link", async () => {
  const sent = [];
  const nav = { share: async (data) => sent.push(data), canShare: () => true };
  assert.equal(await shareLink(nav, link), "shared");
  assert.deepEqual(sent, [link]);
});

test("closing the share sheet is not an error and copies nothing", async () => {
  const nav = { share: async () => { throw Object.assign(new Error("closed"), { name: "AbortError" }); } };
  assert.equal(await shareLink(nav, link), "cancelled");
  assert.equal(MESSAGES.cancelled, "");
});

test("no share sheet, or one that refuses the link, means copy instead", async () => {
  assert.equal(await shareLink({}, link), "unavailable");
  assert.equal(await shareLink({ share: async () => {}, canShare: () => false }, link), "unavailable");
  const refusing = { share: async () => { throw Object.assign(new Error("no"), { name: "NotAllowedError" }); } };
  assert.equal(await shareLink(refusing, link), "unavailable");
});

test("copy puts the link on the clipboard", async () => {
  const written = [];
  const nav = { clipboard: { writeText: async (text) => written.push(text) } };
  assert.equal(await copyField(nav, {}, field(link.url)), "copied");
  assert.deepEqual(written, [link.url]);
});

test("without the clipboard (a page not on HTTPS) the link is selected and copied the old way", async () => {
  const box = field(link.url);
  const commands = [];
  const doc = { execCommand: (name) => commands.push(name) > 0 };
  assert.equal(await copyField({}, doc, box), "copied");
  assert.ok(box.selected);
  assert.deepEqual(commands, ["copy"]);
});

test("when nothing can copy, the link is left selected and the words say so", async () => {
  const box = field(link.url);
  const nav = { clipboard: { writeText: async () => { throw new Error("denied"); } } };
  assert.equal(await copyField(nav, { execCommand: () => false }, box), "selected");
  assert.ok(box.selected);
  assert.match(MESSAGES.selected, /selected/);
});
