/* The header search box as an ARIA combobox (WAI-ARIA APG "list autocomplete"):
   suggestions from /search/suggest/ as one types (debounced, stale answers dropped),
   ArrowDown/ArrowUp to move, Enter to open, Escape to close. Without JavaScript the
   box is a plain search form. */
(function () {
  "use strict";
  var form = document.querySelector("form.search-box[data-suggest]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("[role=combobox]");
  var list = form.querySelector("[role=listbox]");
  var endpoint = form.getAttribute("data-suggest");
  var timer = null, controller = null, items = [], active = -1;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function select(index) {
    if (active >= 0) items[active].setAttribute("aria-selected", "false");
    active = index;
    if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function show(results) {
    close();
    results.forEach(function (result, i) {
      var option = document.createElement("li");
      option.id = "site-search-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = result.url;
      var title = document.createElement("span");
      title.className = "suggestion-title";
      title.textContent = result.title;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = [result.kind, result.show, result.detail].filter(Boolean).join(" · ");
      option.append(title, meta);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keep focus in the box until we navigate
        window.location.assign(result.url);
      });
      list.append(option);
      items.push(option);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(endpoint + "?q=" + encodeURIComponent(q), {
      signal: controller.signal,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === q) show(data.results || []); })
      .catch(function () { /* aborted or offline: the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      select((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      select(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].dataset.url);
    } else if (event.key === "Escape") {
      if (!list.hidden) event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
