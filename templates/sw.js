{% load static %}// SpasmCare's service worker. Served from /sw.js rather than /static/ so its scope is the whole site.
"use strict";

const ICON = "{% static 'icons/icon-192.png' %}";

// ---- Offline: the app shell, every routine a person has opened, and the relief path ----
// Once any page has been opened, the relief path works with no network: "Back spasm right
// now?" and its one-tap check (answered here when offline), the relief routine and "Rest and
// breathe" with their drawings and their easier versions' drawings, and the offline page with
// the call buttons. These are fetched without cookies: only what anyone may see is kept for it.
// VERSION changes whenever any static file changes (it is the static manifest's hash), so a
// deploy installs a new worker, which drops the old static cache and refreshes saved pages. It is
// the same in every language: the worker a page in another language installs keeps the files
// and pages this phone already has, and fetches only its language's pages.
const VERSION = "{{ version }}";
const STATIC_CACHE = "static-" + VERSION;
// Pages for anyone on this phone, and pages shown to a signed-in person (the server marks those
// `Cache-Control: private`). The second is deleted the moment any page arrives for someone not
// signed in (after logging out, or when the session has ended), so nobody who uses the phone
// next is ever served a signed-in page offline. Logging out also deletes it from the page
// (static/js/sessions.js) and with the Clear-Site-Data header.
const PAGES_CACHE = "pages";
const PRIVATE_CACHE = "pages-private";
const PRECACHE_STATIC = {{ precache_static|safe }};
const PRECACHE_PAGES = {{ precache_pages|safe }};
const OFFLINE_URL = "{% url 'offline' %}";
const RELIEF_URL = "{% url 'relief' %}";
const RELIEF_PLAYER = "{{ relief_player }}";
// Pages kept for offline use once opened: routines and their players, in any language.
const SAVED_PAGES = new RegExp({{ saved_pages|safe }});

function isPrivate(response) {
  return /\b(private|no-store)\b/i.test(response.headers.get("Cache-Control") || "");
}

// A page is kept in the cache for whoever it was shown to, with every drawing in it: those of
// its easier versions too, which sit unseen in <template>s until "Switch to the easier version".
async function keepPage(path, response) {
  const cache = await caches.open(isPrivate(response) ? PRIVATE_CACHE : PAGES_CACHE);
  await Promise.all([cache.put(path, response.clone()), keepDrawings(response)]);
}

async function keepDrawings(response) {
  const html = await response.text();
  const drawings = new Set(Array.from(html.matchAll(/<img\b[^>]*\ssrc="(\/(?:static|media)\/[^"?#]+)"/g), (m) => m[1]));
  const statics = await caches.open(STATIC_CACHE);
  await Promise.all(
    Array.from(drawings, async (url) => {
      if (await statics.match(url)) return;
      const drawing = await fetch(url).catch(() => null);
      if (drawing && drawing.ok) await statics.put(url, drawing);
    })
  );
}

function forgetSignedInPages() {
  return caches.delete(PRIVATE_CACHE);
}

// Static files the phone already has are copied, not fetched again: their names carry a hash
// of their content, so a file kept by the last release or by another language's worker is the
// same file.
async function keepStatics(urls) {
  const statics = await caches.open(STATIC_CACHE);
  const missing = [];
  for (const url of urls) {
    const kept = await caches.match(url);
    if (kept) await statics.put(url, kept);
    else missing.push(url);
  }
  await statics.addAll(missing);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      await keepStatics(PRECACHE_STATIC);
      // Without cookies: the public pages, and no cookie set by them behind the page's back.
      await Promise.all(
        PRECACHE_PAGES.map((url) =>
          fetch(url, { credentials: "omit" })
            .then((response) => response.ok && keepPage(url, response))
            .catch(() => null)
        )
      );
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const kept = [STATIC_CACHE, PAGES_CACHE, PRIVATE_CACHE];
      const stale = names.filter((n) => !kept.includes(n));
      await Promise.all(stale.map((n) => caches.delete(n)));
      await self.clients.claim();
      // After a release, saved pages point at the old static files: fetch them again so they
      // match this one. Not on a first visit (install has just fetched them) or for a worker
      // installed for another language (the files are the same).
      if (!stale.some((n) => n.startsWith("static-"))) return;
      for (const name of [PAGES_CACHE, PRIVATE_CACHE]) {
        if (!(await caches.has(name))) continue; // opening one would create it
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          try {
            const credentials = name === PAGES_CACHE ? "omit" : "same-origin"; // public stays public
            const response = await fetch(request.url, { credentials });
            if (!response.ok) continue;
            if (!isPrivate(response)) await forgetSignedInPages();
            await keepPage(new URL(request.url).pathname, response);
          } catch (e) {
            /* offline now: the page refreshes the next time it is opened */
          }
        }
      }
    })()
  );
});

async function staticFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(STATIC_CACHE);
    cache.put(request, response.clone());
  }
  return response;
}

async function pageNetworkFirst(event, url) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (e) {
    const saved =
      (await caches.match(url.pathname, { cacheName: PRIVATE_CACHE })) ||
      (await caches.match(url.pathname, { cacheName: PAGES_CACHE }));
    return saved || (await caches.match(OFFLINE_URL, { cacheName: PAGES_CACHE })) || Response.error();
  }
  // Every page for a signed-in person is private: any other means nobody is signed in now.
  if (!isPrivate(response)) await forgetSignedInPages();
  if (response.ok && SAVED_PAGES.test(url.pathname) && !response.redirected) {
    event.waitUntil(keepPage(url.pathname, response.clone()));
  }
  return response;
}

// The one-tap check with no network: answered here as the server would answer it. "No" goes on
// to the routine it was asked for (its saved page starts: static/js/relief.js kept the answer on
// the phone), "Yes" to what to do and whom to call (the relief page's #get-help).
function samePath(next) {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") ? next : "";
}
async function reliefAnswer(request) {
  const form = await request.clone().formData().catch(() => null);
  try {
    return await fetch(request);
  } catch (e) {
    const answer = form && form.get("answer");
    if (answer === "no") return Response.redirect(samePath(form.get("next")) || RELIEF_PLAYER + "?from=relief", 303);
    return Response.redirect(RELIEF_URL + "#get-help", 303);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate" && url.pathname === RELIEF_URL) {
    event.respondWith(reliefAnswer(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/media/")) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(event, url));
  }
});

// Whatever a message says, a tap only ever opens a page of this site.
function pageUrl(url) {
  try {
    const target = new URL(url || "/", self.location.origin);
    if (target.origin === self.location.origin) return target.href;
  } catch (e) {}
  return new URL("/", self.location.origin).href;
}

// A tap brings the app forward rather than opening a second window: the window already showing
// the page, else the app's open window, taken to the page unless it is in the middle of a
// routine (then it is only brought forward). A new window only when none is open.
async function openPage(url) {
  const target = pageUrl(url);
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const showing = windows.find((client) => client.url === target);
  if (showing) return showing.focus();
  const open = windows.sort((a, b) => Number(b.focused) - Number(a.focused))[0];
  if (!open) return self.clients.openWindow(target);
  const focused = await open.focus();
  if (/\/play\/$/.test(new URL(focused.url).pathname)) return focused;
  return focused.navigate(target).catch(() => focused); // a window this worker doesn't control stays as it is
}

self.onpush = (event) => {
  // Subscribed with userVisibleOnly: every push must show a notification, even a garbled one.
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (e) {
    message = { body: event.data.text() };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "SpasmCare", {
      body: message.body || "",
      data: { url: pageUrl(message.url) },
      tag: message.tag || "spasmcare",
      icon: ICON,
      badge: ICON,
    })
  );
};

// Handlers are properties (not addEventListener) so the browser tests can call this one with a
// real notification: nothing outside the browser can tap a notification.
self.onnotificationclick = (event) => {
  event.notification.close();
  event.waitUntil(openPage(event.notification.data && event.notification.data.url));
};

// ---- A push subscription the browser replaced or ended ----
// The server moves the device's reminders to the new subscription; the old endpoint, known only
// to this browser and the server, is the proof (a worker has no session or CSRF token). A
// property, like the handlers above, so the browser tests can call it.
self.onpushsubscriptionchange = (event) => {
  event.waitUntil(
    (async () => {
      const old = event.oldSubscription;
      let current = event.newSubscription;
      if (!current && old && old.options) current = await self.registration.pushManager.subscribe(old.options);
      if (!old || !current) return; // the reminders page re-syncs on its next visit
      await fetch("{% url 'push_renew' %}", {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json" },
        // The old subscription's auth secret proves this is the same browser (views_push.push_renew).
        body: JSON.stringify({
          oldEndpoint: old.endpoint,
          oldAuth: old.toJSON().keys.auth,
          subscription: current.toJSON(),
        }),
      });
    })().catch(() => null)
  );
};
