// Offline reading (docs/decisions/0028): registers the service worker (/sw.js), asks it to send the steps queued
// offline whenever the network may be back, runs "save to phone" on a course page and the saved list on /offline.
// Without JavaScript, or in a browser without service workers, nothing shows and every page works online as before.
(function () {
  'use strict';
  var workers = navigator.serviceWorker;
  var script = document.currentScript;
  if (!workers || !window.caches || !window.indexedDB || !window.MessageChannel) {
    return;
  }

  function ask(message) {
    return workers.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  // Quizzes answered offline and graded since: one link each to the result, until the learner has opened it.
  function showGraded(state) {
    var main = document.querySelector('main');
    (state && state.graded || []).forEach(function (g) {
      if (!main || g.url === location.pathname || document.querySelector('[data-graded-key="' + g.key + '"]')) {
        return;
      }
      var notice = document.createElement('p');
      notice.className = 'notice';
      notice.setAttribute('role', 'status');
      notice.setAttribute('data-graded-key', g.key);
      var link = document.createElement('a');
      link.href = g.url;
      link.textContent = script.getAttribute('data-graded');
      notice.appendChild(link);
      main.insertBefore(notice, main.firstChild);
    });
    showSaved(state);
  }

  function flush() {
    if (navigator.onLine !== false) {
      ask({ type: 'flush' }).then(showGraded);
    }
  }

  // The course page: the size from the server's manifest first, saved on tap, refreshed when the course changed.
  var box = document.getElementById('offline-save');
  function saveBox() {
    var button = box.querySelector('button');
    var state = box.querySelector('[data-state]');
    var size = box.querySelector('[data-size-label]');
    var url = box.getAttribute('data-manifest');
    var slug = url.split('/')[2];
    var manifest = null;
    function saved() {
      state.textContent = box.getAttribute('data-saved');
      button.hidden = true;
    }
    function save() {
      button.disabled = true;
      state.textContent = box.getAttribute('data-saving');
      ask({ type: 'save', manifest: manifest }).then(function (answer) {
        button.disabled = false;
        if (answer && answer.ok) {
          saved();
        } else {
          state.textContent = box.getAttribute('data-failed');
        }
      });
    }
    button.addEventListener('click', save);
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; }, function () { return null; })
      .then(function (m) {
        manifest = m;
        return ask({ type: 'saved', slug: slug });
      })
      .then(function (copy) {
        if (!manifest && !copy) {
          return;
        }
        box.hidden = false;
        if (manifest) {
          size.textContent = size.getAttribute('data-size-label').replace('{0}', manifest.size);
        }
        if (copy && (!manifest || copy.version === manifest.version)) {
          saved();
        } else if (copy) {
          save();
        }
      });
  }

  // /offline (or the offline page shown for a page not saved): what is saved and what waits for the network.
  var list = document.getElementById('offline-saved');
  function showSaved(state) {
    if (!list || !state) {
      return;
    }
    list.textContent = '';
    state.courses.forEach(function (c) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = c.url;
      link.textContent = c.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    document.getElementById('offline-none').hidden = state.courses.length > 0;
    var pending = document.getElementById('offline-pending') || document.createElement('p');
    pending.id = 'offline-pending';
    pending.textContent = list.getAttribute('data-pending').replace('{0}', state.pending);
    pending.hidden = state.pending === 0;
    list.parentNode.insertBefore(pending, list);
  }
  if (list) {
    document.getElementById('offline-now').hidden = location.pathname === '/offline';
    document.getElementById('offline-quiz').hidden = !/[?&]queued=quiz/.test(location.search);
    ask({ type: 'state' }).then(showSaved);
  }

  // Registered once the page has loaded and the phone is idle, so the worker's install and the queue never compete
  // with the page a learner is waiting for (Lighthouse counted this as blocking time on lesson, quiz and wallet).
  function start() {
    workers.register('/sw.js').then(function () {
      if (box) {
        saveBox();
      }
      flush();
    }, function () { /* no service worker: pages stay online-only */ });
  }
  function whenIdle() {
    (window.requestIdleCallback || function (f) { setTimeout(f, 1); })(start);
  }
  if (document.readyState === 'complete') {
    whenIdle();
  } else {
    window.addEventListener('load', whenIdle);
  }
  workers.addEventListener('message', function (event) {
    if (event.data && event.data.type === 'state') {
      showGraded(event.data.state);
    }
  });
  window.addEventListener('online', flush);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      flush();
    }
  });
}());
