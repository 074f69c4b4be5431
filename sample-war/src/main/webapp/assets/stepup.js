// The step-up on the second step's page (?stepUp=true): the signed-in person gives a second factor again.
// POST /auth/login {stepUp: true} starts it (401 SecondFactorRequired with the methods, and a passkey's request
// options when the account has one); the page's code forms then answer it as at sign-in, and lead back to "to".
// An account without a second factor (403 SecondFactorEnrolmentRequired) goes to the security page to add one.
// A sign-in has five step-ups: opened by another site, the page starts only on a click.
(function () {
  "use strict";
  var page = document.getElementById("step-up");
  if (!page) { return; }
  var url = page.getAttribute("data-endpoint");
  var context = new URL(url, window.location.href).pathname.replace(/\/auth\/[^/]*$/, "");
  var to = page.getAttribute("data-to");

  function show(type, message) {
    var box = document.getElementById("notice");
    if (!box) { return; }
    box.className = "notice " + type;
    box.setAttribute("role", type === "error" ? "alert" : "status");
    box.textContent = message;
  }

  function post(body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return { success: false, error: { message: "Something went wrong (" + res.status + ")" } }; });
    });
  }

  function local(path) {
    return typeof path === "string" && /^\/(?!\/)/.test(path) ? path : "/";
  }

  function start() {
    post({ stepUp: true }).then(function (answer) {
      var name = answer.error && answer.error.name;
      if (name === "SecondFactorEnrolmentRequired") {
        window.location.assign(context + page.getAttribute("data-enrol") + (to ? "?to=" + encodeURIComponent(to) : ""));
        return;
      }
      if (name !== "SecondFactorRequired") {
        show("error", answer.error && answer.error.message ? answer.error.message : "Please sign in again");
        return;
      }
      page.setAttribute("data-ready", "true");
      var button = document.getElementById("passkey-step");
      if (!answer.passkey || !button || !(window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON)) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(answer.passkey) })
          .then(function (credential) {
            var body = { passkey: credential.toJSON() };
            if (to) { body.to = to; }
            return post(body);
          }).then(function (signedIn) {
            if (!signedIn.success) { throw signedIn; }
            window.location.assign(context + local(signedIn.redirectTo));
          }).catch(function (e) {
            show("error", e && e.error && e.error.message ? e.error.message : "The passkey did not confirm it is you");
          });
      });
    });
  }

  // opened by another site (data-start="click"), it waits for the person: each start spends one of the few
  // step-ups a sign-in has
  var begin = document.getElementById("step-up-start");
  if (page.getAttribute("data-start") === "click" && begin) {
    begin.hidden = false;
    begin.addEventListener("click", function () { begin.hidden = true; start(); });
  } else {
    start();
  }
}());
