/* The comment form's one-time token (recaps/comments.py). The recap page comes from the
   page cache and is the same for every reader, so it carries none: one is fetched when the
   reader first focuses the form, or on submit if that has not happened yet. The server
   counts the minimum time from when the token was issued. Without JavaScript (or if the
   fetch fails) the first post comes back with the text kept and a token in the form. */
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form || !window.fetch) return;
  var field = form.querySelector("input[name=started]");
  var url = form.getAttribute("data-token-url");
  var pending = null;

  function fetchToken() {
    if (!pending) {
      pending = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("token: " + response.status);
          return response.json();
        })
        .then(function (data) { field.value = data.token; })
        .catch(function () { pending = null; });
    }
    return pending;
  }

  if (field.value) return; // a page showing a refusal already carries a fresh token
  form.addEventListener("focusin", fetchToken, { once: true });
  form.addEventListener("submit", function (event) {
    if (field.value) return;
    event.preventDefault();
    fetchToken().then(function () { form.submit(); });
  });
})();
