// The phone's own time zone, so a person's days start at their midnight. Sign-up fills its
// hidden field with it; Settings offers it when it differs from the saved one. Without
// JavaScript, accounts start on UTC and the zone can be picked in Settings.
(function () {
  "use strict";

  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    return;
  }
  if (!zone) return;

  document.querySelectorAll("input[data-detect-timezone]").forEach((input) => {
    input.value = zone;
  });
  document.querySelectorAll("[data-timezone-label]").forEach((label) => {
    label.textContent = zone.replace(/_/g, " ");
  });

  const select = document.getElementById("id_timezone");
  const offer = document.querySelector("[data-timezone-offer]");
  if (select?.tagName !== "SELECT" || !offer) return;
  const known = Array.from(select.options).some((option) => option.value === zone);
  if (!known || select.value === zone) return;
  offer.hidden = false;
  offer.querySelector("[data-use-device-timezone]").addEventListener("click", () => {
    select.value = zone;
    offer.hidden = true;
    select.focus();
  });
})();
