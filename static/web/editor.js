// The sample editor's line numbers and error line, over a plain textarea.
// Progressive enhancement: without this script the textarea works as it always has, and
// the page still says which line has the problem.
(function () {
  "use strict";

  function enhance(holder) {
    var textarea = holder.querySelector("textarea");
    if (!textarea) {
      return;
    }
    var errorLine = parseInt(holder.getAttribute("data-error-line") || "", 10) || 0;
    var editor = document.createElement("div");
    editor.className = "code-editor";
    var gutter = document.createElement("div");
    gutter.className = "gutter";
    gutter.setAttribute("aria-hidden", "true");  // the numbers are for the eye only
    var area = document.createElement("div");
    area.className = "area";
    var band = document.createElement("div");
    band.className = "error-band";
    band.hidden = true;
    textarea.parentNode.insertBefore(editor, textarea);
    area.appendChild(band);
    area.appendChild(textarea);
    editor.appendChild(gutter);
    editor.appendChild(area);
    // Numbers only line up with lines that don't wrap.
    textarea.setAttribute("wrap", "off");
    var shown = 0;

    function lineHeight() {
      return parseFloat(window.getComputedStyle(textarea).lineHeight) || 20;
    }

    function paddingTop() {
      return parseFloat(window.getComputedStyle(textarea).paddingTop) || 0;
    }

    function number() {
      var count = textarea.value.split("\n").length;
      if (count === shown) {
        return;
      }
      var fragment = document.createDocumentFragment();
      for (var line = 1; line <= count; line += 1) {
        var span = document.createElement("span");
        span.textContent = String(line);
        if (line === errorLine) {
          span.className = "error-line";
        }
        fragment.appendChild(span);
      }
      gutter.replaceChildren(fragment);
      shown = count;
    }

    function follow() {
      gutter.scrollTop = textarea.scrollTop;
      if (errorLine) {
        band.hidden = false;
        band.style.top = (paddingTop() + (errorLine - 1) * lineHeight() - textarea.scrollTop) + "px";
        band.style.height = lineHeight() + "px";
      }
    }

    // The numbers take the text's own size and spacing, whatever the stylesheets say.
    function match() {
      var style = window.getComputedStyle(textarea);
      gutter.style.fontSize = style.fontSize;
      gutter.style.lineHeight = style.lineHeight;
      gutter.style.paddingTop = style.paddingTop;
      // Room below the last number, so the numbers scroll as far as the text (which has
      // its own padding and perhaps a horizontal scroll bar below its last line).
      gutter.style.paddingBottom = (parseFloat(style.paddingBottom) || 0) + 48 + "px";
    }

    function sync() {
      match();
      number();
      // The gutter is as tall as the textarea, however it was resized.
      gutter.style.height = textarea.offsetHeight + "px";
      follow();
    }

    textarea.addEventListener("input", sync);
    textarea.addEventListener("scroll", follow);
    window.addEventListener("resize", sync);
    if (window.ResizeObserver) {
      new window.ResizeObserver(sync).observe(textarea);
    }
    sync();
    if (errorLine) {
      // Bring the line with the problem into view, without moving the focus.
      textarea.scrollTop = Math.max(0, (errorLine - 3) * lineHeight());
      follow();
    }
  }

  document.querySelectorAll("[data-code-editor]").forEach(enhance);
})();
