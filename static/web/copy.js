// The follow-up kit's copy buttons: copy a draft's text to the clipboard.
// Progressive enhancement: the buttons are hidden until this script shows them, and the
// text stays in its box to select and copy by hand.
(function () {
  "use strict";

  function say(button, message) {
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (status) {
      status.textContent = message;
    }
  }

  // The old way, for browsers without the asynchronous clipboard (or without a secure
  // context, as on a plain-HTTP intranet): select the text and ask for a copy.
  function copyBySelecting(box) {
    box.focus();
    box.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button) {
    var box = document.getElementById(button.getAttribute("data-copy"));
    if (!box) {
      return;
    }
    var done = function () { say(button, "Copied: paste it into your e-mail."); };
    var failed = function () {
      say(button, copyBySelecting(box) ? "Copied: paste it into your e-mail."
        : "The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(done, failed);
    } else {
      failed();
    }
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
