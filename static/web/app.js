// Small conveniences; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Bring the error summary into view and focus, so keyboard and screen-reader users find it.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
