// What htmx does when a request fails, on every page that uses it: nothing is swapped, so what
// the person typed stays where it is, and a sentence next to the form says what happened and
// what to do. Before each request the CSRF token is read again from its cookie, so a page left
// open while the person logged in again in another tab still saves.
import { readWords } from "./words.js";

const words = readWords("forms");

/** The sentence for a failed request, in `words` (the forms' words): `status` is the HTTP
 * status (0 when nothing came back). */
export function failureMessage(status, online, words) {
  if (status === 0) return online ? words.noAnswer : words.offline;
  if (status === 401) return words.loggedOut;
  if (status === 403) return words.outOfDate;
  if (status === 429) return words.tooMany;
  if (status >= 500) return words.serverError;
  return words.failed;
}

/** The CSRF token in a document.cookie string, or "" when there is none. */
export function csrfFromCookies(cookies) {
  const match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(cookies || "");
  return match ? decodeURIComponent(match[1]) : "";
}

function say(element, status, loginUrl) {
  const form = element.closest("form") || element;
  let note = form.querySelector(":scope > .request-failed");
  if (!note) {
    note = document.createElement("p");
    note.className = "error request-failed";
    note.setAttribute("role", "alert");
    form.append(note);
  }
  note.textContent = failureMessage(status, navigator.onLine, words);
  if (status === 401 && loginUrl) {
    const link = document.createElement("a");
    link.href = loginUrl;
    link.target = "_blank";
    link.textContent = words.logInNewTab;
    note.append(" ", link);
  }
}

document.addEventListener("htmx:configRequest", (event) => {
  const token = csrfFromCookies(document.cookie);
  if (!token) return;
  event.detail.headers["X-CSRFToken"] = token;
  const parameters = event.detail.parameters;
  if (parameters instanceof FormData) {
    if (parameters.has("csrfmiddlewaretoken")) parameters.set("csrfmiddlewaretoken", token);
  } else if (parameters && "csrfmiddlewaretoken" in parameters) {
    parameters.csrfmiddlewaretoken = token;
  }
});

document.addEventListener("htmx:beforeSwap", (event) => {
  // A 400 from SpasmCare is the form again, with what was typed and what to change: shown in place.
  if (event.detail.xhr.status === 400 && event.detail.xhr.responseText) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt.closest("form") || event.detail.elt;
  form.querySelector(":scope > .request-failed")?.remove();
});

document.addEventListener("htmx:responseError", (event) => {
  say(event.detail.elt, event.detail.xhr.status, event.detail.xhr.getResponseHeader("X-Login-Url"));
});

document.addEventListener("htmx:sendError", (event) => {
  say(event.detail.elt, 0);
});
