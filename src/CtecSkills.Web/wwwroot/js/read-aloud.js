// Read-aloud: the "listen" buttons are rendered hidden and shown only when the browser has a voice for the content's
// language (zh-CN), so nobody taps a button that cannot speak. Without JavaScript they simply stay hidden.
(function () {
    'use strict';
    var synth = window.speechSynthesis;
    var buttons = document.querySelectorAll('button[data-listen]');
    if (!synth || typeof window.SpeechSynthesisUtterance !== 'function' || buttons.length === 0) {
        return;
    }
    var speaking = null;

    function normal(lang) {
        return (lang || '').toLowerCase().replace('_', '-');
    }

    // The exact language first (zh-CN), else another voice of the same language (zh-TW, cmn-Hans-CN …).
    function voiceFor(lang) {
        var want = normal(lang);
        var family = want.split('-')[0];
        var voices = synth.getVoices() || [];
        var near = null;
        for (var i = 0; i < voices.length; i++) {
            var have = normal(voices[i].lang);
            if (have === want) {
                return voices[i];
            }
            var root = have.split('-')[0];
            if (!near && (root === family || (family === 'zh' && root === 'cmn'))) {
                near = voices[i];
            }
        }
        return near;
    }

    // Text of the targets as a person reads it: one line per block, without the buttons and skipped hints.
    function textOf(ids) {
        var parts = [];
        function walk(node) {
            if (node.nodeType === 3) {
                parts.push(node.nodeValue);
                return;
            }
            if (node.nodeType !== 1 || node.hidden || node.tagName === 'BUTTON' || node.hasAttribute('data-listen-skip')) {
                return;
            }
            for (var child = node.firstChild; child; child = child.nextSibling) {
                walk(child);
            }
            if (/^(P|LI|H[1-6]|LEGEND|LABEL|DIV|TR|BLOCKQUOTE|PRE|FIGCAPTION|DT|DD|TABLE|UL|OL)$/.test(node.tagName)) {
                parts.push('\n');
            }
        }
        ids.split(/\s+/).forEach(function (id) {
            var target = document.getElementById(id);
            if (target) {
                walk(target);
                parts.push('\n');
            }
        });
        return parts.join('').replace(/[ \t\r]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
    }

    function show(button, playing) {
        button.setAttribute('aria-pressed', playing ? 'true' : 'false');
        button.textContent = button.getAttribute(playing ? 'data-stop-label' : 'data-play-label');
    }

    function stop() {
        if (speaking) {
            show(speaking.button, false);
            speaking = null;
        }
        synth.cancel();
    }

    function play(button) {
        var lang = button.getAttribute('data-lang');
        var utterance = new window.SpeechSynthesisUtterance(textOf(button.getAttribute('data-listen')));
        utterance.lang = lang;
        utterance.voice = voiceFor(lang);
        utterance.rate = 0.9;
        var current = { button: button, utterance: utterance };
        utterance.onend = utterance.onerror = function () {
            if (speaking === current) {
                show(button, false);
                speaking = null;
            }
        };
        speaking = current;
        show(button, true);
        synth.speak(utterance);
    }

    function reveal() {
        for (var i = 0; i < buttons.length; i++) {
            if (buttons[i].hidden && voiceFor(buttons[i].getAttribute('data-lang'))) {
                buttons[i].hidden = false;
            }
        }
    }

    for (var i = 0; i < buttons.length; i++) {
        buttons[i].addEventListener('click', function (event) {
            var button = event.currentTarget;
            var again = speaking && speaking.button === button;
            stop();
            if (!again) {
                play(button);
            }
        });
    }
    // Voices often arrive after the page: Chrome fills the list asynchronously and says so with voiceschanged.
    if (typeof synth.addEventListener === 'function') {
        synth.addEventListener('voiceschanged', reveal);
    }
    window.addEventListener('pagehide', stop);
    reveal();
}());
