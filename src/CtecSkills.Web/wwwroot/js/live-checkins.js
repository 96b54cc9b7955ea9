// Staff check-in screen: asks for the live list every few seconds and redraws it, so that a learner who scans appears
// at once and staff can strike out someone who is not in the room. Without JavaScript the page reloads itself with
// every new QR code and has a refresh link (with it, the code is swapped in place); the strike buttons are plain forms either way.
(function () {
    'use strict';
    var live = document.getElementById('live');
    if (!live || !window.fetch) {
        return;
    }
    var token = live.querySelector('input[name="__RequestVerificationToken"]');
    var present = live.querySelector('[data-live-present]');
    var struck = live.querySelector('[data-live-struck]');
    var struckBlock = live.querySelector('[data-live-struck-block]');
    var title = live.querySelector('[data-live-title]');

    function format(template, values) {
        return template.replace(/\{(\d+)\}/g, function (_, i) { return String(values[+i]); });
    }

    function details(text) {
        var span = document.createElement('span');
        span.className = 'muted';
        span.textContent = ' ' + text;
        return span;
    }

    function presentItem(line) {
        var li = document.createElement('li');
        var who = document.createElement('span');
        who.textContent = line.name;
        who.appendChild(details([line.phone, line.how, line.at].filter(Boolean).join(' · ')));
        var form = document.createElement('form');
        form.method = 'post';
        form.action = live.getAttribute('data-strike');
        var id = document.createElement('input');
        id.type = 'hidden';
        id.name = 'enrollmentId';
        id.value = line.enrollmentId;
        form.appendChild(id);
        if (token) {
            form.appendChild(token.cloneNode());
        }
        var button = document.createElement('button');
        button.type = 'submit';
        button.className = 'secondary';
        button.textContent = live.getAttribute('data-strike-label');
        form.appendChild(button);
        li.appendChild(who);
        li.appendChild(form);
        return li;
    }

    function struckItem(line) {
        var li = document.createElement('li');
        var name = document.createElement('s');
        name.textContent = line.name;
        li.appendChild(name);
        li.appendChild(details([line.phone, line.at].filter(Boolean).join(' · ')));
        return li;
    }

    function draw(data) {
        title.textContent = format(live.getAttribute('data-title'), [data.present, data.enrolled]);
        present.replaceChildren();
        if (data.checkedIn.length === 0) {
            var empty = document.createElement('li');
            empty.className = 'muted';
            empty.textContent = live.getAttribute('data-empty');
            present.appendChild(empty);
        }
        data.checkedIn.forEach(function (line) { present.appendChild(presentItem(line)); });
        struck.replaceChildren();
        data.struck.forEach(function (line) { struck.appendChild(struckItem(line)); });
        struckBlock.hidden = data.struck.length === 0;
    }

    function poll() {
        fetch(live.getAttribute('data-url'), { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) { if (data) { draw(data); } })
            .catch(function () { /* the next poll tries again */ });
    }

    // A new code replaces the old one in place: the page is fetched again and only the code and its address swapped.
    function renewCode() {
        fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) {
                if (!html) {
                    return;
                }
                var fresh = new DOMParser().parseFromString(html, 'text/html');
                ['[data-qr]', '[data-qr-url]'].forEach(function (selector) {
                    var now = document.querySelector(selector);
                    var next = fresh.querySelector(selector);
                    if (now && next) {
                        now.replaceWith(next);
                    }
                });
            })
            .catch(function () { /* the next round tries again */ });
    }

    window.setInterval(poll, (+live.getAttribute('data-poll') || 3) * 1000);
    var qr = document.querySelector('[data-qr]');
    if (qr && window.DOMParser) {
        window.setInterval(renewCode, (+qr.getAttribute('data-refresh') || 60) * 1000);
    }
})();
