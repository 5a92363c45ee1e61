/* The fans' suggestion and correction forms, enhanced. Without JavaScript every
   field shows and the reader types the song's title and artist; with it:
   - the title box offers the catalogue's songs as one types (an ARIA combobox,
     combobox.js, as the header search): picking one fills title, artist and the
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

  var title = form.querySelector("[data-song-search=title]");
  var artist = form.querySelector("[data-song-search=artist]");
  var songId = form.querySelector("input[name=song]");
  var list = document.getElementById("song-options");
  if (!title || !list || !window.Cuesheet) return;
  title.setAttribute("role", "combobox");
  title.setAttribute("aria-autocomplete", "list");
  title.setAttribute("aria-expanded", "false");
  title.setAttribute("aria-controls", "song-options");
  var span = window.Cuesheet.span;
  window.Cuesheet.combobox({
    input: title,
    list: list,
    endpoint: form.getAttribute("data-song-search"),
    idPrefix: "song-option-",
    render: function (result) {
      return [span("suggestion-title", result.title), span("meta", "by " + result.artist)];
    },
    choose: function (result) {
      title.value = result.title;
      if (artist) artist.value = result.artist;
      if (songId) songId.value = result.id;
    },
    onInput: function () { if (songId) songId.value = ""; },
  });
})();
