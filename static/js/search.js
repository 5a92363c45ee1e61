/* The header search box: suggestions from /search/suggest/ as one types, through the shared
   combobox (combobox.js); choosing one opens its page. Without JavaScript the box is a
   plain search form. */
(function () {
  "use strict";
  var form = document.querySelector("form.search-box[data-suggest]");
  if (!form || !window.Cuesheet) return;
  var span = window.Cuesheet.span;
  window.Cuesheet.combobox({
    input: form.querySelector("[role=combobox]"),
    list: form.querySelector("[role=listbox]"),
    endpoint: form.getAttribute("data-suggest"),
    idPrefix: "site-search-option-",
    render: function (result) {
      var meta = [result.kind, result.show, result.detail].filter(Boolean).join(" · ");
      return [span("suggestion-title", result.title), span("meta", meta)];
    },
    choose: function (result) { window.location.assign(result.url); },
  });
})();
