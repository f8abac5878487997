// The live preview under an article's Markdown text box: a moment after the editor stops typing,
// the unsaved title, summary and text go to the admin-only preview URL, which answers with the
// whole article page as readers will see it (the site's own template and styles, cleaned against
// the same safelist as the article page); it is shown in a phone-wide frame next to the text,
// scrolled to the place being edited and marked there. Moving the caret moves the preview too.
// The frame runs no scripts (sandbox without allow-scripts).
import { findBlock, placeInMarkdown } from "./preview-place.js";

const WAIT_MS = 500; // after the last key, before asking for a new preview

// One preview under each language's text box ("body_en", "body_nl"…), with that language's title
// and summary.
for (const textarea of document.querySelectorAll("textarea[data-preview-url]")) {
  const form = textarea.form;
  const suffix = textarea.name.slice("body".length);
  const status = document.createElement("p");
  status.className = "help learn-preview-status";
  status.setAttribute("role", "status");

  const frame = document.createElement("iframe");
  frame.className = "learn-preview";
  frame.title = "Live preview of the article at phone width";
  frame.setAttribute("sandbox", "allow-same-origin");
  // Set through the CSS object model, which the Content Security Policy allows.
  Object.assign(frame.style, {
    display: "block",
    width: "390px",
    maxWidth: "100%",
    height: "640px",
    border: "1px solid var(--border-color, #ccc)",
    borderRadius: "12px",
    marginTop: "0.5rem",
    background: "#fff",
  });
  textarea.after(status, frame);

  let marked = null;
  function showPlace() {
    const doc = frame.contentDocument;
    const view = frame.contentWindow;
    if (!doc || !view || !doc.body) return;
    const place = placeInMarkdown(textarea.value, textarea.selectionStart);
    const block = findBlock(doc, place);
    if (marked) marked.style.outline = "";
    marked = block;
    let top;
    if (block) {
      block.style.outline = "3px solid #b4501a";
      block.style.outlineOffset = "3px";
      top = block.getBoundingClientRect().top + view.scrollY - view.innerHeight / 3;
    } else {
      top = place.fraction * (doc.documentElement.scrollHeight - view.innerHeight);
    }
    view.scrollTo(0, Math.max(0, top));
  }
  frame.addEventListener("load", showPlace);

  let asked = 0;
  async function refresh() {
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    const body = new FormData();
    body.append("body", textarea.value);
    for (const name of ["title", "summary", "reviewed"]) {
      const field = form.elements.namedItem(name === "reviewed" ? name : name + suffix);
      if (field && "value" in field) body.append(name, field.value);
    }
    const mine = (asked += 1);
    status.textContent = "Updating the preview…";
    try {
      const response = await fetch(textarea.dataset.previewUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        body: body,
        credentials: "same-origin",
      });
      if (response.status === 400) {
        // The text is too long or nested too deep: the server says which, and what to do.
        const problem = await response.text();
        if (mine === asked) status.textContent = problem;
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const html = await response.text();
      if (mine !== asked) return; // a newer preview is on its way
      // The server has already cleaned this HTML against the same safelist as the article page.
      frame.srcdoc = html;
      status.textContent = "Preview up to date. Save to keep your changes.";
    } catch {
      if (mine === asked) status.textContent = "The preview could not be updated. Your text is unchanged.";
    }
  }

  let timer = 0;
  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, WAIT_MS);
  }
  textarea.addEventListener("input", soon);
  for (const name of ["title", "summary"]) {
    const field = form.elements.namedItem(name + suffix);
    if (field) field.addEventListener("input", soon);
  }
  // The caret moved without a change: the same preview, scrolled to the new place.
  for (const type of ["click", "keyup", "focus"]) textarea.addEventListener(type, showPlace);
  refresh();
}
