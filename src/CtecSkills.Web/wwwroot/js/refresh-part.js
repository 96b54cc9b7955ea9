// Pages that wait for work done in the background (a data download being prepared, certificates being issued): the
// parts that change (data-refresh="seconds", each with an id; empty once there is nothing to wait for) are fetched
// again and swapped in place, only when they changed; a part marked aria-live tells a screen reader what changed.
// Reloading the whole page, as before, lost the reader's place and the scroll every few seconds (WCAG 2.2.1). Without
// JavaScript the page still reloads itself (<noscript> meta refresh).
(function () {
    'use strict';
    var parts = document.querySelectorAll('[data-refresh][id]:not([data-refresh=""])');
    if (parts.length === 0 || !window.fetch || !window.DOMParser) {
        return;
    }
    var seconds = +parts[0].getAttribute('data-refresh') || 5;

    function next() {
        window.setTimeout(round, seconds * 1000);
    }

    function swap(part, fresh) {
        if (fresh.innerHTML !== part.innerHTML) {
            part.replaceChildren.apply(part, Array.prototype.map.call(fresh.childNodes, function (node) {
                return document.importNode(node, true);
            }));
        }
        part.setAttribute('data-refresh', fresh.getAttribute('data-refresh') || '');
    }

    function round() {
        fetch(window.location.pathname + window.location.search, { credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) {
                var page = html && new DOMParser().parseFromString(html, 'text/html');
                var waiting = false;
                Array.prototype.forEach.call(parts, function (part) {
                    var fresh = page && page.getElementById(part.id);
                    if (!fresh) {
                        // Signed out or an error page: the next round tries again; the page's links still work.
                        waiting = true;
                        return;
                    }
                    swap(part, fresh);
                    waiting = waiting || !!fresh.getAttribute('data-refresh');
                });
                if (waiting) {
                    next();
                }
            })
            .catch(next);
    }

    next();
})();
