// The live page's behaviour: filter without a reload, follow the stream.
// The list's markup always comes from the server (/t/NAME/entries), the same function
// that rendered the first page: this script only fetches it and swaps it in.
"use strict";

(function () {
  const main = document.querySelector("main[data-stream]");
  if (!main) return;
  const form = document.querySelector("form.filters");
  const list = document.getElementById("timeline");
  const status = document.getElementById("status");
  const fields = ["q", "source", "kind", "since", "until", "as_of"];
  let pending = null;
  let seen = new Set(ids());
  // A later page (a "Later entries" link) stays that page when the stream refreshes it;
  // a new filter starts from the first.
  let cursor = new URLSearchParams(location.search).get("cursor");

  function ids() {
    return Array.from(list.querySelectorAll("li.entry"), (li) => li.id);
  }

  function params() {
    const out = new URLSearchParams();
    for (const name of fields) {
      const value = form.elements[name].value.trim();
      if (value) out.set(name, value);
    }
    return out;
  }

  function say(text) {
    status.textContent = text;
  }

  async function refresh(reason) {
    if (pending) pending.abort();
    pending = new AbortController();
    const query = params();
    if (reason === "filter") cursor = null;
    if (cursor) query.set("cursor", cursor);
    try {
      const response = await fetch(main.dataset.entries + "?" + query, {
        signal: pending.signal,
        headers: { Accept: "text/html" },
      });
      const markup = await response.text();
      const about = response.headers.get("X-Timeline-Summary");
      if (about) document.querySelector("header .summary").textContent = about;
      // Keep focus where it was: the list is replaced, the form is not.
      list.innerHTML = markup;
      const now = ids();
      const added = now.filter((id) => !seen.has(id));
      if (reason === "stream") {
        for (const id of added) document.getElementById(id).classList.add("new");
        if (added.length) say(added.length === 1 ? "1 new entry" : added.length + " new entries");
      } else if (response.ok) {
        say(now.length === 1 ? "1 entry" : now.length + " entries");
      } else {
        say("");
      }
      seen = new Set(now);
    } catch (error) {
      if (error.name !== "AbortError") say("Could not load the timeline: " + error.message);
    }
  }

  // Filtering: on submit, and as the user types (after a pause).
  let timer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", "?" + params());
    refresh("filter");
  });
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      history.replaceState(null, "", "?" + params());
      refresh("filter");
    }, 350);
  });

  // Following: every event of the stream is a change of the timeline. EventSource
  // reconnects by itself, with Last-Event-ID, so no change is missed.
  if ("EventSource" in window) {
    const source = new EventSource(main.dataset.stream);
    source.addEventListener("entries", () => refresh("stream"));
    source.addEventListener("retracted", () => refresh("stream"));
    source.addEventListener("open", () => main.setAttribute("data-live", "true"));
    source.addEventListener("error", () => main.setAttribute("data-live", "false"));
  }
})();
