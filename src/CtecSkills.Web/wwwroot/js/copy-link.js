// Share links: the "copy link" buttons are rendered hidden and shown only where the clipboard API works; without
// JavaScript the learner copies the link from its read-only box.
(function () {
    'use strict';
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') {
        return;
    }
    var buttons = document.querySelectorAll('button[data-copy]');
    for (var i = 0; i < buttons.length; i++) {
        (function (button) {
            var input = document.getElementById(button.getAttribute('data-copy'));
            if (!input) {
                return;
            }
            var label = button.textContent;
            button.hidden = false;
            button.addEventListener('click', function () {
                navigator.clipboard.writeText(input.value).then(function () {
                    button.textContent = button.getAttribute('data-copied') || label;
                    window.setTimeout(function () { button.textContent = label; }, 2000);
                }, function () {
                    input.select();
                });
            });
        })(buttons[i]);
    }
})();
