// The admin's live article preview finds the place being edited (static/admin/preview-place.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { findBlock, placeInMarkdown, plainLine } from "../../static/admin/preview-place.js";

test("Markdown marks are left out of the words looked for", () => {
  assert.equal(plainLine("## When to **see** a doctor"), "When to see a doctor");
  assert.equal(plainLine("  - Keep [gently moving](/learn/home-care/) each day"), "Keep gently moving each day");
  assert.equal(plainLine("3. Call the `emergency` number"), "Call the emergency number");
  assert.equal(plainLine("> Rest is part of the plan"), "Rest is part of the plan");
  assert.equal(plainLine("| Heat | 20 minutes |"), "Heat");
  assert.equal(plainLine("|---|:---:|"), "");
  assert.equal(plainLine("![a figure](/x.png)"), "");
});

test("a long line is cut at a word", () => {
  const line = "Most back spasms settle within a few days with gentle movement, warmth and time to rest";
  const text = plainLine(line);
  assert.ok(text.length <= 60 && line.startsWith(text) && !text.endsWith(" "));
});

test("the caret's line, or the nearest line above with words, and how many say the same before it", () => {
  const markdown = "# Title\n\nFirst point\n\n- Rest\n- Walk\n\nRest\n";
  assert.equal(placeInMarkdown(markdown, markdown.indexOf("Walk") + 2).text, "Walk");
  const blankAfterList = markdown.indexOf("\n\nRest") + 1;
  assert.equal(placeInMarkdown(markdown, blankAfterList).text, "Walk");
  const secondRest = placeInMarkdown(markdown, markdown.lastIndexOf("Rest") + 1);
  assert.deepEqual([secondRest.text, secondRest.occurrence], ["Rest", 1]);
});

function fakeDocument(blocks) {
  // Elements as the preview's article holds them: {tag, text, children}.
  const make = ({ tag, text, children = [] }) => {
    const kids = children.map(make);
    return {
      tag,
      textContent: text + kids.map((k) => k.textContent).join(" "),
      querySelectorAll: () => kids.flatMap((k) => [k, ...k.querySelectorAll()]),
    };
  };
  const elements = blocks.map(make);
  const article = { querySelectorAll: () => elements.flatMap((e) => [e, ...e.querySelectorAll()]) };
  return { querySelector: () => article, body: article };
}

test("the innermost element showing the words, the same occurrence as in the text", () => {
  const doc = fakeDocument([
    { tag: "p", text: "Rest" },
    { tag: "ul", text: "", children: [{ tag: "li", text: "Rest" }, { tag: "li", text: "Walk" }] },
  ]);
  assert.equal(findBlock(doc, { text: "Walk", occurrence: 0 }).tag, "li");
  assert.equal(findBlock(doc, { text: "Rest", occurrence: 1 }).tag, "li");
  assert.equal(findBlock(doc, { text: "Nowhere", occurrence: 0 }), null);
});
