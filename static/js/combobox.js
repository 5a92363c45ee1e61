/* An input as an ARIA combobox (WAI-ARIA APG "list autocomplete"), shared by the header
   search (search.js) and the fans' song box (contribute.js): suggestions fetched from
   ``endpoint`` as one types (debounced, stale answers dropped), ArrowDown/ArrowUp to move,
   Enter to choose, Escape to close. Without JavaScript the input is a plain text field.

   Cuesheet.combobox({input, list, endpoint, idPrefix, render, choose, onInput}):
   render(result) gives the option's child nodes; choose(result) runs on Enter or a click;
   onInput() runs on every keystroke before the lookup. */
(function () {
  "use strict";
  window.Cuesheet = window.Cuesheet || {};

  function span(className, text) {
    var node = document.createElement("span");
    node.className = className;
    node.textContent = text;
    return node;
  }

  window.Cuesheet.span = span;
  window.Cuesheet.combobox = function (options) {
    var input = options.input, list = options.list, endpoint = options.endpoint;
    var timer = null, controller = null, items = [], active = -1;
    if (!input || !list || !endpoint || !window.fetch) return;

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
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(result) {
      close();
      options.choose(result);
    }

    function show(results) {
      close();
      results.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = options.idPrefix + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.append.apply(option, options.render(result));
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep focus in the box until the choice is made
          choose(result);
        });
        option.result = result;
        list.append(option);
        items.push(option);
      });
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function lookUp() {
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
        .catch(function () { /* aborted or offline: the form still works without suggestions */ });
    }

    input.addEventListener("input", function () {
      if (options.onInput) options.onInput();
      clearTimeout(timer);
      timer = setTimeout(lookUp, 150);
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
        choose(items[active].result);
      } else if (event.key === "Escape") {
        if (!list.hidden) event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  };
})();
