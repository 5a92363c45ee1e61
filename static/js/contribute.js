/* The fans' suggestion and correction forms, enhanced. Without JavaScript every
   field shows and the reader types the song's title and artist; with it:
   - the title box offers the catalogue's songs as one types (an ARIA combobox,
     as the header search in search.js): picking one fills title, artist and the
     hidden song id; typing another title forgets the id;
   - "a song plays here but I don't know it" hides the song's fields (only the
     time is sent), and "who performs it" shows only for a performed song. */
(function () {
  "use strict";
  var form = document.querySelector("form.contribute-form");
  if (!form) return;

  function toggle() {
    var what = form.querySelector("input[name=what]:checked");
    var unknown = what && what.value === "unknown";
    form.querySelectorAll("[data-show-when]").forEach(function (part) {
      part.hidden = part.getAttribute("data-show-when") !== (unknown ? "unknown" : "song");
    });
    var usage = form.querySelector("input[name=usage]:checked");
    var performers = form.querySelector(".performer-choice");
    if (performers && usage) performers.hidden = usage.value !== "performed";
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "what" || event.target.name === "usage") toggle();
  });
  toggle();

  var endpoint = form.getAttribute("data-song-search");
  var title = form.querySelector("[data-song-search=title]");
  var artist = form.querySelector("[data-song-search=artist]");
  var songId = form.querySelector("input[name=song]");
  var list = document.getElementById("song-options");
  if (!endpoint || !title || !list || !window.fetch) return;
  title.setAttribute("role", "combobox");
  title.setAttribute("aria-autocomplete", "list");
  title.setAttribute("aria-expanded", "false");
  title.setAttribute("aria-controls", "song-options");
  var timer = null, controller = null, items = [], active = -1;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    items = [];
    active = -1;
    title.setAttribute("aria-expanded", "false");
    title.removeAttribute("aria-activedescendant");
  }

  function pick(result) {
    title.value = result.title;
    if (artist) artist.value = result.artist;
    if (songId) songId.value = result.id;
    close();
  }

  function select(index) {
    if (active >= 0) items[active].setAttribute("aria-selected", "false");
    active = index;
    items[active].setAttribute("aria-selected", "true");
    title.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function show(results) {
    close();
    results.forEach(function (result, i) {
      var option = document.createElement("li");
      option.id = "song-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var name = document.createElement("span");
      name.className = "suggestion-title";
      name.textContent = result.title;
      var by = document.createElement("span");
      by.className = "meta";
      by.textContent = "by " + result.artist;
      option.append(name, by);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        pick(result);
      });
      option.result = result;
      list.append(option);
      items.push(option);
    });
    if (items.length) {
      list.hidden = false;
      title.setAttribute("aria-expanded", "true");
    }
  }

  function lookUp() {
    var q = title.value.trim();
    if (q.length < 2) { close(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(endpoint + "?q=" + encodeURIComponent(q), {
      signal: controller.signal,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (title.value.trim() === q) show(data.results || []); })
      .catch(function () { /* aborted or offline: typing title and artist still works */ });
  }

  title.addEventListener("input", function () {
    if (songId) songId.value = "";
    clearTimeout(timer);
    timer = setTimeout(lookUp, 150);
  });
  title.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      select((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      select(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      pick(items[active].result);
    } else if (event.key === "Escape") {
      if (!list.hidden) event.preventDefault();
      close();
    }
  });
  title.addEventListener("blur", function () { setTimeout(close, 100); });
})();
