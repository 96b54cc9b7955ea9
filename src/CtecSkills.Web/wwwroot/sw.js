// CtecSkills service worker (docs/decisions/0028). Keeps the shell (stylesheet, scripts, the offline page) and the
// courses a learner saved; pages go to the network first and come from the phone only when there is no signal.
// Lessons opened and quizzes answered offline wait in IndexedDB, each with its own key, until the queue is flushed
// (on load, online, visibilitychange, Background Sync): the server applies each key once (docs/decisions/0027).
// Saved pages and queued steps belong to the account whose tag (header Ctec-Owner) the server's pages carried: when
// another account or nobody is signed in, the saved courses go; a step is sent only while its own account is signed in.
'use strict';
var SHELL = 'ctec-shell-v1';
var COURSE = 'ctec-course-';
var LESSON = /^\/courses\/([^/]+)\/lessons\/\d+$/;
var QUIZ = /^\/courses\/([^/]+)\/quiz$/;
var COURSE_PAGE = /^\/courses\/([^/]+)(\/|$)/;
var OWNER = 'Ctec-Owner';
// Another account's steps wait this long for it to sign in again on this phone, then are dropped (ADR 0028).
var OWNER_WAIT = 30 * 24 * 3600 * 1000;

// --- IndexedDB: saved courses, the queue of steps, quizzes graded since -------------------------------------------
function open() {
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open('ctec-offline', 2);
    request.onupgradeneeded = function () {
      ['courses', 'queue', 'graded', 'meta'].forEach(function (name) {
        if (!request.result.objectStoreNames.contains(name)) {
          request.result.createObjectStore(name, { keyPath: name === 'courses' ? 'slug' : 'key' });
        }
      });
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

async function store(name, mode, work) {
  var db = await open();
  return new Promise(function (resolve, reject) {
    var tx = db.transaction(name, mode);
    var request = work(tx.objectStore(name));
    tx.oncomplete = function () { db.close(); resolve(request.result); };
    tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
  });
}
var all = function (name) { return store(name, 'readonly', function (s) { return s.getAll(); }); };
var get = function (name, key) { return store(name, 'readonly', function (s) { return s.get(key); }); };
var put = function (name, value) { return store(name, 'readwrite', function (s) { return s.put(value); }); };
var remove = function (name, key) { return store(name, 'readwrite', function (s) { return s.delete(key); }); };
var clear = function (name) { return store(name, 'readwrite', function (s) { return s.clear(); }); };

// --- Whose phone it is now: the tag of the account the server's last page was for ('' when signed out) ------------
async function owner() {
  var known = await get('meta', 'owner');
  return known ? known.value : '';
}

// Another account, or nobody: the saved courses and graded links of the one before go (their pages show their name,
// menus and attempts); their queued steps stay, filed under their tag, and wait for them.
async function seen(tag) {
  var before = await get('meta', 'owner');
  if (before && before.value === tag) {
    return;
  }
  await put('meta', { key: 'owner', value: tag });
  if (!before) {
    return;
  }
  var keys = await caches.keys();
  await Promise.all(keys.filter(function (k) { return k.indexOf(COURSE) === 0; }).map(function (k) { return caches.delete(k); }));
  await clear('courses');
  await clear('graded');
  fetch('/offline', { credentials: 'same-origin' }).then(function (fresh) {
    return fresh.ok ? caches.open(SHELL).then(function (cache) { return cache.put('/offline', fresh); }) : null;
  }).catch(function () { /* the shell's copy stays until the next save */ });
}

function tagOf(response) {
  return response.headers.get(OWNER) || '';
}

// --- Install: the offline page and the assets it loads, exactly as the server sends them now ----------------------
async function precache() {
  var cache = await caches.open(SHELL);
  var response = await fetch('/offline', { credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error('The offline page did not load: ' + response.status);
  }
  var html = await response.clone().text();
  await seen(tagOf(response));
  await cache.put('/offline', response);
  var assets = [];
  html.replace(/<(?:link[^>]+href|script[^>]+src)="(\/(?:css|js)\/[^"]+)"/g, function (_, url) {
    assets.push(url.replace(/&amp;/g, '&'));
  });
  await cache.addAll(assets);
}

self.addEventListener('install', function (event) {
  event.waitUntil(precache().then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('ctec-shell-') === 0 && k !== SHELL; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// --- Requests ------------------------------------------------------------------------------------------------------
self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === 'POST' && request.mode === 'navigate' && QUIZ.test(url.pathname)) {
    event.respondWith(submitQuiz(request, url));
  } else if (request.method !== 'GET') {
    return;
  } else if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  } else if (/^\/(css|js)\//.test(url.pathname) || /^\/courses\/[^/]+\/media\//.test(url.pathname)) {
    event.respondWith(asset(request, url));
  }
});

// The saved copy of a course, or null (never creates a cache for an address that only looks like a course).
async function courseCache(path) {
  var match = COURSE_PAGE.exec(path);
  return match && await caches.has(COURSE + match[1]) ? caches.open(COURSE + match[1]) : null;
}

// Network first, so that an online learner always sees today's page (and it is counted as read by the server); a
// saved copy is refreshed on the way. Without signal: the saved copy (a lesson read is queued), else the offline page.
async function page(request, url) {
  try {
    var response = await fetch(request);
    if (response.status < 500) {
      await seen(tagOf(response));
    }
    var saved = await courseCache(url.pathname);
    if (saved && response.ok && !response.redirected) {
      if (await saved.match(url.pathname)) {
        await saved.put(url.pathname, response.clone());
      }
    }
    if (response.ok) {
      await forgetGraded(url.pathname);
    }
    return response;
  } catch (offline) {
    var kept = await courseCache(url.pathname);
    var copy = kept && await kept.match(url.pathname, { ignoreVary: true });
    if (copy) {
      if (LESSON.test(url.pathname)) {
        await queueRead(url.pathname + '/read');
      }
      return copy;
    }
    return (await caches.match('/offline', { ignoreSearch: true, ignoreVary: true })) || Response.error();
  }
}

// Stylesheets and scripts carry their content hash (?v=), images belong to a saved course: the phone's copy is current.
async function asset(request, url) {
  var hit = await caches.match(request, { ignoreVary: true });
  if (hit) {
    return hit;
  }
  try {
    var response = await fetch(request);
    if (response.ok && /^\/(css|js)\//.test(url.pathname)) {
      await (await caches.open(SHELL)).put(request, response.clone());
    }
    return response;
  } catch (offline) {
    return (await caches.match(request, { ignoreSearch: true, ignoreVary: true })) || Response.error();
  }
}

// A quiz answered without signal: the answers wait in the queue and are graded by the server when they arrive.
async function submitQuiz(request, url) {
  var copy = request.clone();
  try {
    return await fetch(request);
  } catch (offline) {
    var fields = [];
    (await copy.formData()).forEach(function (value, name) {
      if (/^q\d+$/.test(name)) {
        fields.push([name, value]);
      }
    });
    await put('queue', { key: self.crypto.randomUUID(), url: url.pathname, fields: fields, owner: await owner(), at: Date.now() });
    requestSync();
    return Response.redirect(new URL('/offline?queued=quiz', self.location.origin).href, 303);
  }
}

async function queueRead(path) {
  var queued = await all('queue');
  var tag = await owner();
  if (!queued.some(function (step) { return step.url === path && step.owner === tag; })) {
    await put('queue', { key: self.crypto.randomUUID(), url: path, owner: tag, at: Date.now() });
    requestSync();
  }
}

function requestSync() {
  if (self.registration.sync) {
    self.registration.sync.register('ctec-flush').catch(function () { /* the page's triggers send it instead */ });
  }
}

// --- Flush: every queued step with a fresh antiforgery token; a step leaves the queue only once the server answered --
var running = null;

function flush() {
  if (!running) {
    running = send().finally(function () { running = null; });
  }
  return running;
}

async function send() {
  var steps = (await all('queue')).sort(function (a, b) { return a.at - b.at; });
  if (steps.length === 0) {
    return true;
  }
  var token;
  var tag;
  try {
    var answer = await fetch('/offline/token', { credentials: 'same-origin', redirect: 'manual', cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!answer.ok) {
      return false;
    }
    var fresh = await answer.json();
    token = fresh.token;
    tag = fresh.owner || '';
    await seen(tag);
  } catch (offline) {
    return false;
  }
  // Only the signed-in account's own steps: the token is whoever is signed in now, not whoever made the step.
  var cutoff = Date.now() - OWNER_WAIT;
  await Promise.all(steps.filter(function (step) { return step.owner !== tag && step.at < cutoff; })
    .map(function (step) { return remove('queue', step.key); }));
  steps = steps.filter(function (step) { return tag && step.owner === tag; });
  for (var i = 0; i < steps.length; i++) {
    var step = steps[i];
    var body = new URLSearchParams(step.fields || []);
    body.set('key', step.key);
    body.set('__RequestVerificationToken', token);
    var response;
    try {
      response = await fetch(step.url, { method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual', headers: { Accept: 'application/json' } });
    } catch (offline) {
      return false;
    }
    var json = /json/.test(response.headers.get('content-type') || '') ? await response.json() : null;
    if (response.ok && json && json.attempt) {
      await put('graded', { key: step.key, url: json.attempt });
    }
    if (json || response.status === 404) {
      // Taken (applied or replayed), or refused for good (key refused, no attempt left, course gone).
      await remove('queue', step.key);
    } else {
      // Signed out, token refused, server trouble: kept for the next try, in order.
      return false;
    }
  }
  var clients = await self.clients.matchAll({ type: 'window' });
  var now = await state();
  clients.forEach(function (client) { client.postMessage({ type: 'state', state: now }); });
  return true;
}

self.addEventListener('sync', function (event) {
  if (event.tag === 'ctec-flush') {
    event.waitUntil(flush().then(function (done) {
      if (!done) {
        throw new Error('Still offline: the browser tries the sync again later.');
      }
    }));
  }
});

async function forgetGraded(path) {
  var graded = await all('graded');
  await Promise.all(graded.filter(function (g) { return g.url === path; }).map(function (g) { return remove('graded', g.key); }));
}

async function state() {
  var tag = await owner();
  var pending = (await all('queue')).filter(function (step) { return step.owner === tag; }).length;
  return { courses: await all('courses'), pending: pending, graded: await all('graded') };
}

// --- Saving a course: every address of the server's manifest, replacing what an older version saved ---------------
async function save(manifest) {
  var cache = await caches.open(COURSE + manifest.slug);
  // "Purpose: prefetch": the server does not count a lesson saved as a lesson read.
  var responses = await Promise.all(manifest.urls.map(function (url) {
    return fetch(url, { credentials: 'same-origin', redirect: 'manual', headers: { Purpose: 'prefetch' } });
  }));
  if (responses.some(function (r) { return !r.ok; })) {
    return { ok: false };
  }
  await Promise.all(responses.map(function (r, i) { return cache.put(manifest.urls[i], r); }));
  var keys = await cache.keys();
  await Promise.all(keys.filter(function (r) { return manifest.urls.indexOf(new URL(r.url).pathname) < 0; })
    .map(function (r) { return cache.delete(r); }));
  await put('courses', { slug: manifest.slug, title: manifest.title, version: manifest.version, url: manifest.urls[0], at: Date.now() });
  // The offline page again, with the menus of the account that saved.
  try {
    var offlinePage = await fetch('/offline', { credentials: 'same-origin' });
    if (offlinePage.ok) {
      await (await caches.open(SHELL)).put('/offline', offlinePage);
    }
  } catch (offline) { /* the one from install stays */ }
  return { ok: true };
}

self.addEventListener('message', function (event) {
  var message = event.data || {};
  var port = event.ports[0];
  var work = message.type === 'flush' ? flush().then(state)
    : message.type === 'save' ? save(message.manifest)
    : message.type === 'saved' ? get('courses', String(message.slug))
    : state();
  event.waitUntil(work.then(function (value) { return value; }, function () { return null; })
    .then(function (value) { if (port) { port.postMessage(value === undefined ? null : value); } }));
});
