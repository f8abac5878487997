// The printable summary's "Print or save as PDF" button: the browser's own print window (the
// page's print styles do the rest). Without JavaScript the page says how to print it.
const button = document.getElementById("print-button");
if (button && typeof window.print === "function") {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
