// A "Preview" button under an article's Markdown text box: sends the unsaved title, summary and
// text to the admin-only preview URL, which answers with the whole article page as readers will
// see it (the site's own template and styles), shown right below in a phone-wide frame. The
// frame runs no scripts (sandbox without allow-scripts).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const textarea = document.querySelector("textarea[data-preview-url]");
  if (!textarea) return;
  const form = textarea.form;

  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = "Preview";

  const status = document.createElement("span");
  status.className = "help";
  status.setAttribute("role", "status");

  const box = document.createElement("iframe");
  box.className = "learn-preview";
  box.hidden = true;
  box.title = "Preview of the article at phone width";
  box.setAttribute("sandbox", "allow-same-origin");
  // Set through the CSS object model, which the Content Security Policy allows.
  Object.assign(box.style, {
    display: "block",
    width: "390px",
    maxWidth: "100%",
    height: "720px",
    border: "1px solid var(--border-color, #ccc)",
    borderRadius: "12px",
    marginTop: "0.5rem",
    background: "#fff",
  });

  const bar = document.createElement("div");
  bar.append(button, " ", status);
  textarea.after(bar, box);

  button.addEventListener("click", async function () {
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    const body = new FormData();
    body.append("body", textarea.value);
    for (const name of ["title", "summary", "reviewed"]) {
      const field = form.elements.namedItem(name);
      if (field && "value" in field) body.append(name, field.value);
    }
    button.disabled = true;
    status.textContent = "Loading preview…";
    try {
      const response = await fetch(textarea.dataset.previewUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        body: body,
        credentials: "same-origin",
      });
      if (response.status === 400) {
        // The text is too long or nested too deep: the server says which, and what to do.
        status.textContent = await response.text();
        return;
      }
      if (!response.ok) throw new Error(response.status);
      // The server has already cleaned this HTML against the same safelist as the article page.
      box.srcdoc = await response.text();
      box.hidden = false;
      status.textContent = "Preview updated. Save to keep your changes.";
    } catch (error) {
      status.textContent = "The preview could not be loaded. Your text is unchanged.";
    } finally {
      button.disabled = false;
    }
  });
});
