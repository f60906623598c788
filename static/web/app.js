// Small conveniences; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Bring the error summary into view and focus, so keyboard and screen-reader users find it.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // A link in the error summary puts the cursor in the field it names, not just near it.
  document.querySelectorAll(".error-summary a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    });
  });
});
