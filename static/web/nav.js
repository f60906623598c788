// On a small screen the main navigation folds behind a Menu button; without this file it wraps.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const panel = document.getElementById("nav-panel");
  if (!toggle || !panel) return;
  const small = window.matchMedia("(max-width: 48rem)");

  const show = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("collapsed", !open);
  };

  toggle.hidden = false;
  show(!small.matches);
  toggle.addEventListener("click", () => show(toggle.getAttribute("aria-expanded") !== "true"));
  small.addEventListener("change", () => show(!small.matches));
  // Escape closes the open menu and returns to its button, as in most menus.
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && small.matches) {
      show(false);
      toggle.focus();
    }
  });
});
