// Autosave for a wizard step: the step saves itself shortly after typing stops, when a
// field loses focus and when the page is hidden, through the same server-side save as the
// Save button (an invalid value is kept as a draft and its message shown by its field).
// "Saved" is shown only when the server said so. Without this file, Save saves, as before.
(() => {
  "use strict";
  const IDLE_MS = 800; // after the last keystroke
  const STEADY_MS = 700; // while typing goes on, at least this often
  const RETRY_FIRST_MS = 1000;
  const RETRY_MOST_MS = 30000;

  const status = document.getElementById("autosave-status");
  const form = document.querySelector("form.step-form");
  if (!status || !form || !window.fetch || !window.URLSearchParams) return;
  const url = status.dataset.autosave;
  const version = form.querySelector("input[name='edit_version']");

  // This page's own id: its saves may overtake one another without being a conflict.
  const tab = document.createElement("input");
  tab.type = "hidden";
  tab.name = "tab";
  tab.value = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  form.appendChild(tab);

  let changes = 0; // edits made on this page so far
  let savedChanges = 0; // edits the server has confirmed
  let inFlight = null;
  let idleTimer = null;
  let steadyTimer = null;
  let retryTimer = null;
  let retryDelay = RETRY_FIRST_MS;
  let leaving = false; // the form is being submitted by one of its own buttons
  let stopped = null; // "conflict", "signed out" or "expired": the consultant decides first
  const touched = new Set();

  const dirty = () => changes !== savedChanges;

  function say(text, kind) {
    status.hidden = false;
    status.textContent = text;
    status.dataset.state = kind;
  }

  function clock() {
    return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function body() {
    const data = new FormData(form);
    form.querySelectorAll("input[type='file']").forEach((input) => data.delete(input.name));
    return new URLSearchParams(data);
  }

  function clearTimers() {
    clearTimeout(idleTimer);
    clearTimeout(steadyTimer);
    clearTimeout(retryTimer);
    idleTimer = steadyTimer = retryTimer = null;
  }

  function schedule() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(save, IDLE_MS);
    if (!steadyTimer) steadyTimer = setTimeout(save, STEADY_MS);
  }

  function retry(text) {
    say(`Not saved: ${text}, retrying`, "retrying");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(save, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MOST_MS);
  }

  function save(options = {}) {
    clearTimers();
    const blocked = stopped && stopped !== "conflict"; // a conflict is only shown, never saved over
    if (blocked || leaving || !dirty()) return inFlight || Promise.resolve();
    if (inFlight && !options.keepalive) {
      return inFlight.then(() => save());
    }
    const upTo = changes;
    if (!stopped) say("Saving…", "saving");
    const request = fetch(url, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual",
      keepalive: Boolean(options.keepalive),
    })
      .then((response) => answered(response, upTo))
      .catch(() => retry("connection lost"))
      .finally(() => {
        if (inFlight === request) inFlight = null;
      });
    inFlight = request;
    return request;
  }

  async function answered(response, upTo) {
    if (response.type === "opaqueredirect" || response.status === 401) {
      stopped = "signed out";
      say("Not saved: you were signed out. Press Save to keep what you typed.", "stopped");
      return;
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      answer = null;
    }
    if (response.status === 409 && answer && answer.conflict) {
      showConflict(answer);
      return;
    }
    if (response.status === 400 && answer && answer.problem === "expired") {
      stopped = "expired";
      say("Not saved: this page was open too long. Press Save to keep what you typed.", "stopped");
      return;
    }
    if (!response.ok || !answer || answer.saved !== true) {
      retry(response.status >= 500 ? "the server had a problem" : "connection lost");
      return;
    }
    retryDelay = RETRY_FIRST_MS;
    if (version) version.value = answer.version;
    savedChanges = Math.max(savedChanges, upTo);
    showErrors(answer.errors || []);
    showState(answer.state);
    if (dirty()) {
      say("Saving…", "saving");
      schedule();
    } else {
      say(`Saved ${clock()}`, "saved");
    }
  }

  // Errors next to their fields, as after Save; only for fields typed into on this page
  // (or already marked), so a step half done doesn't shout about what comes later.
  function showErrors(errors) {
    const wanted = new Map();
    errors.forEach(({ id, message }) => {
      if (id && (touched.has(id) || document.getElementById(`${id}-error`))) wanted.set(id, message);
    });
    form.querySelectorAll("p.error[id$='-error']").forEach((node) => {
      const id = node.id.slice(0, -"-error".length);
      if (!wanted.has(id)) markField(id, null);
    });
    wanted.forEach((message, id) => markField(id, message));
    const summary = document.querySelector(".error-summary");
    if (summary && errors.length === 0) summary.remove(); // all fixed: nothing to look at
  }

  function markField(id, message) {
    const input = document.getElementById(id);
    if (!input) return;
    const holder = input.closest(".field, .list-item") || input.parentElement;
    let note = document.getElementById(`${id}-error`);
    const described = (input.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((name) => name && name !== `${id}-error`);
    if (message === null) {
      if (note) note.remove();
      holder.classList.remove("has-error");
      input.removeAttribute("aria-invalid");
    } else {
      if (!note) {
        note = document.createElement("p");
        note.className = "error";
        note.id = `${id}-error`;
        input.insertAdjacentElement("afterend", note);
      }
      note.textContent = message;
      holder.classList.add("has-error");
      input.setAttribute("aria-invalid", "true");
      described.push(`${id}-error`);
    }
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  const STATES = { complete: ["✓", "complete"], attention: ["!", "needs attention"] };

  function showState(state) {
    const item = document.querySelector(".progress li.current");
    if (!item || !STATES[state]) return;
    item.classList.remove("complete", "attention", "todo");
    item.classList.add(state);
    const [marker, words] = STATES[state];
    const mark = item.querySelector(".marker");
    const hidden = item.querySelector(".visually-hidden");
    if (mark) mark.textContent = marker;
    if (hidden) hidden.textContent = `(${words})`;
  }

  // Both versions above the form; typing on sends the page again (refused again, so the
  // panel shows what is typed now) until the consultant chooses.
  function showConflict(answer) {
    const first = stopped !== "conflict";
    stopped = "conflict";
    say("Not saved: this step was changed in another tab", "conflict");
    document.querySelectorAll("[data-conflict]").forEach((node) => node.remove());
    const holder = document.createElement("div");
    holder.innerHTML = answer.panel;
    const panel = holder.firstElementChild;
    form.insertAdjacentElement("beforebegin", panel);
    panel.querySelector("[data-keep='mine']").addEventListener("click", () => {
      if (version) version.value = answer.version; // the saved one is seen: save over it
      panel.remove();
      stopped = null;
      changes += 1;
      save();
    });
    panel.querySelector("[data-keep='saved']").addEventListener("click", () => {
      leaving = true; // the saved version is wanted: reload it without asking
    });
    if (first) panel.focus();
  }

  function edited(event) {
    const target = event.target;
    if (!target.name || target.type === "file" || target.name === "tab") return;
    if (target.id) touched.add(target.id);
    changes += 1;
    if (stopped && stopped !== "conflict") return;
    if (status.dataset.state === "saved" || status.hidden) say("Saving…", "saving"); // soon
    schedule();
  }

  // A form given back as typed (an expired token or sign-in, see wizard.held): save it.
  if ("unsaved" in status.dataset) {
    changes += 1;
    say("Saving…", "saving");
    schedule();
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("focusout", (event) => {
    const next = event.relatedTarget;
    if (next && next.form === form && next.type === "submit") return; // that button saves
    if (dirty()) save();
  });

  // A button of the form saves it itself: wait for a save in flight, so the form sends
  // the step's version that save produced (the server also knows this page by its id).
  // No background save starts once a button was pressed (one queued behind the save in
  // flight would race the button's own request).
  let resubmitting = false;
  form.addEventListener("submit", (event) => {
    clearTimers();
    leaving = true;
    if (!inFlight || resubmitting) return;
    event.preventDefault();
    const button = event.submitter;
    inFlight.finally(() => {
      resubmitting = true;
      form.requestSubmit(button && button.form === form ? button : undefined);
    });
  });

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && dirty()) save({ keepalive: true });
  });
  window.addEventListener("pagehide", () => {
    if (dirty()) save({ keepalive: true });
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) leaving = false; // back from the cache: the page is live again
  });
  window.addEventListener("beforeunload", (event) => {
    if (leaving || (!dirty() && !inFlight)) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need it set to ask
  });
})();
