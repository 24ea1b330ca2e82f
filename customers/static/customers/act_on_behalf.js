// The "Act on behalf of" page: the buttons that copy the token and the curl command.
// A file, not an inline script: the admin's Content-Security-Policy allows only files.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var done = function () { document.getElementById("obo-copied").classList.add("shown"); };
      var select = function () { field.select(); document.execCommand("copy"); done(); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, select);
      } else {
        select();
      }
    });
  });
});
