// "Send reminders to this device": subscribe this browser to Web Push and hand the subscription
// to the server, which keeps one row per device.
(function () {
  "use strict";

  const button = document.getElementById("push-enable");
  const status = document.getElementById("push-status");
  if (!button || !status) return;

  // Its words in the page's language ({% js_words "push" %}: spasmcare/core/js_words.py).
  const words = JSON.parse(document.getElementById("js-words-push").textContent);
  const ua = navigator.userAgent;
  const isApple = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
  const BLOCKED = words.blocked;

  function say(text) {
    status.textContent = text;
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(isApple ? words.homeScreen : words.unsupported);
    return;
  }
  button.hidden = false;
  if (Notification.permission === "denied") say(BLOCKED);

  function deviceLabel() {
    const first = (pairs) => (pairs.find(([pattern]) => pattern.test(ua)) || [])[1];
    const browser =
      first([
        [/Edg\//, "Edge"],
        [/SamsungBrowser/, "Samsung Internet"],
        [/Firefox|FxiOS/, "Firefox"],
        [/OPR\//, "Opera"],
        [/Chrome|CriOS/, "Chrome"],
        [/Safari/, "Safari"],
      ]) || words.aBrowser;
    const system =
      isApple && /Macintosh/.test(ua)
        ? "iPad" // iPadOS asks for desktop sites by default and says it is a Mac
        : first([
            [/iPhone|iPod/, "iPhone"],
            [/iPad/, "iPad"],
            [/Android/, "Android"],
            [/CrOS/, "ChromeOS"],
            [/Windows/, "Windows"],
            [/Macintosh/, "Mac"],
            [/Linux/, "Linux"],
          ]);
    return system ? words.deviceLabel.replace("%(browser)s", browser).replace("%(system)s", system) : browser;
  }

  function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function subscription(registration) {
    const key = keyBytes(button.dataset.key);
    const existing = await registration.pushManager.getSubscription();
    if (existing) {
      const current = existing.options?.applicationServerKey;
      const sameKey = current && new Uint8Array(current).every((b, i) => b === key[i]);
      if (sameKey) return existing;
      await existing.unsubscribe(); // made for an older server key: useless now
    }
    return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  }

  async function enable() {
    // Asked first, straight from the tap: Safari only shows the prompt during a user gesture.
    const permission = await Notification.requestPermission();
    if (permission === "denied") return say(BLOCKED);
    if (permission !== "granted") return say(words.stillOff);

    say(words.settingUp);
    await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    const registration = await navigator.serviceWorker.ready;
    const sub = await subscription(registration);
    const response = await fetch(button.dataset.subscribeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ ...sub.toJSON(), label: deviceLabel() }),
    });
    if (response.redirected) return say(words.logInAgain);
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      return say(answer.message || words.couldNotSave);
    }
    remember(sub.endpoint);
    window.location.reload(); // the server draws the device list and says it worked
  }

  // The endpoint this browser last gave the server, to notice when the browser replaces or
  // drops its subscription (they expire, and clearing site data ends them).
  const STORED = "spasmcare-push-endpoint";
  function remember(endpoint) {
    try {
      if (endpoint) localStorage.setItem(STORED, endpoint);
      else localStorage.removeItem(STORED);
    } catch {
      /* storage blocked: the service worker's pushsubscriptionchange still covers most cases */
    }
  }
  function remembered() {
    try {
      return localStorage.getItem(STORED);
    } catch {
      return null;
    }
  }

  // On every visit: if this browser's subscription changed since it was saved, move the
  // device's reminders to the new one; if it was dropped, make a new one (permission is
  // already granted). A device the person removed stays removed: the server answers 404.
  async function resync() {
    const previous = remembered();
    if (!previous || Notification.permission !== "granted") return;
    const registration = await navigator.serviceWorker.getRegistration("/");
    if (!registration) return;
    const current = (await registration.pushManager.getSubscription()) || (await subscription(registration));
    if (current.endpoint === previous) return; // nothing changed
    const response = await fetch(button.dataset.renewUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ oldEndpoint: previous, subscription: current.toJSON() }),
    });
    if (response.ok) remember(current.endpoint);
    else if (response.status === 404) remember(null);
  }
  resync().catch((error) => console.warn("SpasmCare: push re-sync failed", error));

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await enable();
    } catch (error) {
      console.warn("SpasmCare: push setup failed", error);
      say(navigator.onLine ? words.couldNotSetUp : words.offline);
    } finally {
      button.disabled = false;
    }
  });
})();
