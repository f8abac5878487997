// Fixes to Django admin widgets that screen readers and axe find unlabelled:
// - the autocomplete boxes (select2) name themselves only by their current value, which is empty
//   for a new row: they are given the field's label as well;
// - the search icons of the two-list pickers (filter_horizontal) carry a label on an element
//   with no role: they become images.
// Widgets added later (a new inline row) are fixed as they appear.
"use strict";

(function () {
  function fieldName(select) {
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return (label && label.textContent.replace(/:$/, "").trim()) || select.getAttribute("aria-label") || "";
  }

  function nameCombobox(combobox) {
    const container = combobox.closest(".select2-container");
    const select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || combobox.dataset.named) return;
    const rendered = combobox.querySelector(".select2-selection__rendered");
    const name = document.createElement("span");
    name.className = "visually-hidden";
    name.id = select.id + "-name";
    name.textContent = fieldName(select);
    container.append(name);
    // "Exercise, Cat–cow": the field, then the value (a name read from a list of ids does not
    // follow the ids the value lists in turn, so the value is read as its text).
    const ids = rendered ? name.id + " " + rendered.id : name.id;
    combobox.setAttribute("aria-labelledby", ids);
    if (rendered) rendered.setAttribute("aria-labelledby", ids);
    combobox.dataset.named = "true";
  }

  function fix(root) {
    root.querySelectorAll('.select2-selection[role="combobox"]').forEach(nameCombobox);
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function start() {
    fix(document);
    new MutationObserver(function () {
      fix(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
