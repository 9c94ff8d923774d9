// runstrong service worker: caches the app shell so Today, Go and Library
// open without a connection. Pages are network-first (fresh when online,
// the cached copy when not); static assets are cache-first. Sets logged
// offline are queued by the page (static/app.js) and replayed when the
// server answers again.
const CACHE = "runstrong-__VERSION__";
const SHELL = ["/", "/go", "/library", "/static/app.css", "/static/app.js", "/static/go.js", "/static/icon.svg", "/manifest.webmanifest", "/api/v1/guide"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request).then((response) => {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
        return response;
      }))
    );
    return;
  }
  event.respondWith(
    fetch(request).then((response) => {
      if (response.ok && (request.mode === "navigate" || url.pathname === "/api/v1/guide" || url.pathname.startsWith("/library"))) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    }).catch(() => caches.match(request, { ignoreSearch: url.pathname !== "/go" }).then((hit) => hit || caches.match("/")))
  );
});
