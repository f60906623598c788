// A live character counter for fields with a limit (data-limit): shown from 90% of it,
// it says how many characters are left or how many are over. Nothing is ever cut: the
// server refuses a value over the limit next to the field, and the text stays as typed.
(function () {
  "use strict";

  function counterFor(field) {
    var counter = document.createElement("p");
    counter.className = "counter";
    counter.id = field.id + "-counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    return counter;
  }

  function update(field, counter) {
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    var length = Array.from(field.value).length;
    var near = length >= Math.floor(limit * 0.9);
    counter.hidden = !near;
    counter.classList.toggle("over", length > limit);
    if (!near) {
      counter.textContent = "";
    } else if (length > limit) {
      counter.textContent = (length - limit) + " characters over the limit of " + limit;
    } else {
      counter.textContent = (limit - length) + " of " + limit + " characters left";
    }
  }

  document.querySelectorAll("[data-limit]").forEach(function (field) {
    if (!field.id) {
      return;
    }
    var counter = counterFor(field);
    update(field, counter);
    field.addEventListener("input", function () {
      update(field, counter);
    });
  });
})();
