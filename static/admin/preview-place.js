// Where in the preview an editor is writing: the plain text of the Markdown block around the
// caret, and the element of the rendered article that shows it. Pure (the document is passed
// in), so node's test runner checks it (tests/js/preview-place.test.mjs).

const MIN_LENGTH = 3;
const MAX_LENGTH = 60;

/** The readable text of one line of Markdown: no heading, quote, list or table marks, no
 * emphasis, links reduced to their words, images and tags left out. */
export function plainLine(line) {
  let text = line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?)+/, "")
    .replace(/^\s*([-*+]|\d{1,9}[.)])\s+/, "")
    .replace(/^\s*\|/, "")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]*>/g, "")
    .replace(/[*_`~]+/g, "");
  // A table row: its first cell with words in it.
  if (text.includes("|")) text = text.split("|").map((cell) => cell.trim()).find((cell) => /\w/.test(cell)) || "";
  text = text.replace(/\s+/g, " ").trim();
  if (/^[-:| ]*$/.test(text)) return ""; // a table's ruler, or a horizontal rule
  if (text.length <= MAX_LENGTH) return text;
  const cut = text.slice(0, MAX_LENGTH);
  return cut.slice(0, cut.lastIndexOf(" ") > MIN_LENGTH ? cut.lastIndexOf(" ") : MAX_LENGTH);
}

/** {text, occurrence, fraction} for the caret at `offset` in `markdown`: the words of the line
 * it is on (or the nearest line above with words), which earlier lines say the same, and how far
 * down the text it is (0–1), for when no words can be found. */
export function placeInMarkdown(markdown, offset) {
  const lines = markdown.slice(0, offset).split("\n");
  const all = markdown.split("\n");
  let index = lines.length - 1;
  let text = plainLine(all[index] || "");
  while (text.length < MIN_LENGTH && index > 0) {
    index -= 1;
    text = plainLine(all[index]);
  }
  if (text.length < MIN_LENGTH) text = "";
  let occurrence = 0;
  for (let i = 0; i < index; i += 1) if (text && plainLine(all[i]).includes(text)) occurrence += 1;
  return { text, occurrence, fraction: all.length > 1 ? index / (all.length - 1) : 0 };
}

const BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, td, th, blockquote, pre, dt, dd";

function normalized(element) {
  return element.textContent.replace(/\s+/g, " ").trim();
}

/** The element of the rendered article that shows `place`, innermost first; null if none. */
export function findBlock(doc, place) {
  const root = doc.querySelector(".article") || doc.body;
  if (!root || !place.text) return null;
  const matches = [...root.querySelectorAll(BLOCKS)].filter(
    (element) =>
      normalized(element).includes(place.text) &&
      ![...element.querySelectorAll(BLOCKS)].some((inner) => normalized(inner).includes(place.text)),
  );
  return matches[Math.min(place.occurrence, matches.length - 1)] || null;
}
