// A "Preview" button under an article's Markdown text box: sends the unsaved text to the
// admin-only preview URL and shows the sanitised HTML readers would see, right below.
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

  const box = document.createElement("div");
  box.className = "readonly learn-preview";
  box.hidden = true;
  box.setAttribute("aria-label", "Preview of the text");
  // Set through the CSS object model, which the Content Security Policy allows.
  Object.assign(box.style, {
    border: "1px solid var(--border-color, #ccc)",
    borderRadius: "4px",
    padding: "0.5rem 1rem",
    marginTop: "0.5rem",
    maxWidth: "40em",
  });

  const bar = document.createElement("div");
  bar.append(button, " ", status);
  textarea.after(bar, box);

  button.addEventListener("click", async function () {
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    const body = new FormData();
    body.append("body", textarea.value);
    button.disabled = true;
    status.textContent = "Loading preview…";
    try {
      const response = await fetch(textarea.dataset.previewUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        body: body,
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(response.status);
      // The server has already cleaned this HTML against the same safelist as the article page.
      box.innerHTML = await response.text();
      box.hidden = false;
      status.textContent = "Preview updated. Save to keep your changes.";
    } catch (error) {
      status.textContent = "The preview could not be loaded. Your text is unchanged.";
    } finally {
      button.disabled = false;
    }
  });
});
