/* "Try it" on the API docs page: each form sends its GET with the values typed in (an id
   goes into the path) and shows the status and JSON answer under it. Without JavaScript a
   form without a path id still works: the browser opens the JSON itself. */
(function () {
  "use strict";
  if (!window.fetch || !window.URLSearchParams) return;

  function target(form) {
    var path = form.getAttribute("data-path");
    var query = new URLSearchParams();
    form.querySelectorAll("input").forEach(function (input) {
      var value = input.value.trim();
      if (input.hasAttribute("data-in-path")) path = path.replace("{" + input.name + "}", encodeURIComponent(value));
      else if (value) query.append(input.name, value);
    });
    var search = query.toString();
    return path + (search ? "?" + search : "");
  }

  function show(output, url, status, text) {
    var link = document.createElement("a");
    link.href = url;
    link.textContent = "GET " + url;
    var heading = document.createElement("p");
    heading.append(link, " → " + status);
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.tabIndex = 0;  // a scrollable box: reachable from the keyboard
    pre.setAttribute("aria-label", "Answer to GET " + url);
    output.replaceChildren(heading, pre);
    output.hidden = false;
  }

  document.querySelectorAll("form.try-it").forEach(function (form) {
    var output = form.querySelector(".try-it-answer");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = target(form);
      output.setAttribute("aria-busy", "true");
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.text().then(function (text) {
            var pretty = text;
            try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON: as it came */ }
            show(output, url, response.status + " " + response.statusText, pretty);
          });
        })
        .catch(function (error) { show(output, url, "no answer", String(error)); })
        .finally(function () { output.removeAttribute("aria-busy"); });
    });
  });
})();
