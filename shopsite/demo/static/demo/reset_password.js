// The demo reset page's form, sent to the Shop API as a storefront would send it.
(function () {
  "use strict";
  var form = document.getElementById("reset-password");
  var result = document.getElementById("result");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var path = form.dataset.resetPath.replace("{site_id}", encodeURIComponent(data.get("site")));
    result.textContent = "Sending...";
    fetch(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "x-dw-client-id": form.dataset.clientId,
      },
      body: JSON.stringify({
        login: data.get("login"),
        reset_token: data.get("reset_token"),
        new_password: data.get("new_password"),
      }),
    })
      .then(function (response) {
        if (response.status === 204) {
          result.textContent = "Your password is changed: log in with the new one.";
          form.hidden = true;
          return;
        }
        return response.json().then(function (document) {
          var fault = document.fault || {};
          result.textContent = "Not changed: " + (fault.message || response.statusText) +
            " (" + (fault.type || response.status) + ")";
        });
      })
      .catch(function () {
        result.textContent = "The API could not be reached.";
      });
  });
})();
