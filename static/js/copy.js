// "Copy address" buttons: copy the value of the field named in data-copy.
(function () {
  "use strict";
  const words = JSON.parse(document.getElementById("js-words-forms").textContent);
  document.querySelectorAll("[data-copy]").forEach((button) => {
    const field = document.querySelector(button.dataset.copy);
    const status = document.getElementById("copy-status");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        if (status) status.textContent = words.copied;
      } catch {
        field.select();
        if (status) status.textContent = words.selectToCopy;
      }
    });
  });
})();
