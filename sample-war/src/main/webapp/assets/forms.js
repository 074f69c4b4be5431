// The sample's forms talk to the /auth API the way a Refine app does: JSON in, the AuthActionResponse out.
// A success shows its successNotification (kept across the navigation to redirectTo, as Refine's
// notification provider does); a failure shows its error message and stays on the page.
(function () {
  "use strict";
  var KEY = "refauth.notice";

  function show(type, message) {
    var box = document.getElementById("notice");
    if (!box || !message) { return; }
    box.className = "notice " + type;
    box.setAttribute("role", type === "error" ? "alert" : "status");
    box.textContent = message;
  }

  try {
    var kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
    if (kept) { show(kept.type, kept.message); }
  } catch (ignored) { /* no storage: no carried notice */ }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-auth]"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = {};
      new FormData(form).forEach(function (value, key) { if (key !== "_csrf") { data[key] = value; } });
      var button = form.querySelector("button");
      if (button) { button.disabled = true; }
      fetch(form.action, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(data)
      }).then(function (res) {
        return res.json().catch(function () { return { success: false, error: { message: "Something went wrong (" + res.status + ")" } }; });
      }).then(function (body) {
        if (button) { button.disabled = false; }
        if (body.success) {
          var n = body.successNotification;
          var message = n ? (n.description ? n.message + ": " + n.description : n.message) : "Done";
          // redirectTo is a path inside the application (Refine's meaning): prefix the context path the form posts under
          var context = new URL(form.action, window.location.href).pathname.replace(/\/auth\/[^/]*$/, "");
          if (typeof body.redirectTo === "string" && body.redirectTo.charAt(0) === "/" && body.redirectTo.charAt(1) !== "/") {
            try { sessionStorage.setItem(KEY, JSON.stringify({ type: "success", message: message })); } catch (ignored) { /* shown below */ }
            window.location.assign(context + body.redirectTo);
          } else {
            show("success", message);
          }
        } else {
          show("error", body.error && body.error.message ? body.error.message : "Something went wrong");
        }
      }, function () {
        if (button) { button.disabled = false; }
        show("error", "The server cannot be reached. Please try again.");
      });
    });
  });
}());
