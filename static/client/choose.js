// The client page's total: as the client picks an option and its extras, show the total
// the server worked out for that choice (each option's data-totals holds every set of its
// extras, keyed by their positions: "", "0", "0,2"). Without this script, "Show total"
// asks the server instead. Nothing is sent anywhere.
"use strict";

(function () {
  const form = document.querySelector("form.accept");
  if (!form) return;
  document.documentElement.classList.add("js");
  const total = form.querySelector("#total");
  const part = (name) => total.querySelector(`[data-total="${name}"]`);

  function update() {
    const chosen = form.querySelector('input[name="option"]:checked');
    const none = !chosen;
    total.querySelector(".no-total").hidden = !none;
    total.querySelector("dl").hidden = none;
    if (none) return;
    const card = chosen.closest(".choice");
    // Extras belong to their own option: those of another are cleared as it is left.
    form.querySelectorAll(".choice").forEach((other) => {
      if (other !== card) {
        other.querySelectorAll('input[type="checkbox"]').forEach((box) => (box.checked = false));
      }
    });
    const positions = Array.from(card.querySelectorAll('input[type="checkbox"]:checked'))
      .map((box) => box.dataset.position)
      .join(",");
    const figures = JSON.parse(card.dataset.totals)[positions];
    part("net").textContent = figures.net;
    part("gross").textContent = figures.gross;
    total.querySelector(".net").hidden = !figures.taxed;
    total.querySelector(".taxed").hidden = !figures.taxed;
    total.querySelector(".untaxed").hidden = figures.taxed;
  }

  form.addEventListener("change", (event) => {
    const box = event.target;
    if (box.type === "checkbox" && box.name.startsWith("add_on_")) {
      // Ticking an extra chooses its option.
      const radio = box.closest(".choice").querySelector('input[name="option"]');
      radio.checked = true;
    }
    update();
  });
  update();
})();
