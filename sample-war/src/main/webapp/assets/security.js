// The security page: a second factor through the /auth API's second-factor endpoint, as a Refine app would call it.
// Every answer is the API's AuthActionResponse; a failure shows its error message.
(function () {
  "use strict";
  var page = document.getElementById("security");
  if (!page) { return; }
  var endpoint = page.getAttribute("data-endpoint");

  function show(type, message) {
    var box = document.getElementById("notice");
    box.className = "notice " + type;
    box.setAttribute("role", type === "error" ? "alert" : "status");
    box.textContent = message;
  }

  function only(id) {
    ["mfa-off", "mfa-enrol", "mfa-on"].forEach(function (s) { document.getElementById(s).hidden = s !== id; });
  }

  function call(body) {
    return fetch(endpoint, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return { success: false, error: { message: "Something went wrong (" + res.status + ")" } }; });
    }).then(function (answer) {
      if (!answer.success) {
        show("error", answer.error && answer.error.message ? answer.error.message : "Something went wrong");
        throw answer;
      }
      return answer;
    });
  }

  function showCodes(codes) {
    var list = document.getElementById("mfa-recovery-codes");
    list.textContent = "";
    codes.forEach(function (c) { var li = document.createElement("li"); li.textContent = c; list.appendChild(li); });
    document.getElementById("mfa-codes").hidden = false;
  }

  function status() {
    return call({ action: "status" }).then(function (s) {
      if (s.totp) {
        document.getElementById("mfa-left").textContent = String(s.recoveryCodesLeft);
        only("mfa-on");
      } else {
        only("mfa-off");
      }
    });
  }

  function form(id, action, done) {
    document.getElementById(id).addEventListener("submit", function (event) {
      event.preventDefault();
      var data = { action: action, password: document.getElementById("factor-password").value };
      new FormData(event.target).forEach(function (value, key) { data[key] = value.trim(); });
      if (action !== "confirm-totp" && !/^[0-9]{6}$/.test(data.code)) {
        data.recoveryCode = data.code; // not an app's six digits: one of the recovery codes
        delete data.code;
      }
      call(data).then(function (answer) { event.target.reset(); done(answer); }, function () { /* shown */ });
    });
  }

  document.getElementById("mfa-begin").addEventListener("click", function () {
    // every change asks for the password again: a stolen session cannot add the thief's own factor
    call({ action: "begin-totp", password: document.getElementById("factor-password").value }).then(function (e) {
      // the server's own SVG (no script in it), parsed as SVG and placed, never as HTML
      var svg = new DOMParser().parseFromString(e.qrSvg, "image/svg+xml").documentElement;
      var box = document.getElementById("mfa-qr");
      box.textContent = "";
      if (svg.nodeName === "svg") { box.appendChild(document.importNode(svg, true)); }
      document.getElementById("mfa-secret").textContent = e.secret;
      only("mfa-enrol");
    }, function () { /* shown */ });
  });
  form("mfa-confirm", "confirm-totp", function (answer) {
    show("success", "Two-step verification is on");
    showCodes(answer.recoveryCodes);
    status();
  });
  form("mfa-renew", "new-recovery-codes", function (answer) {
    show("success", "New recovery codes: the old ones no longer work");
    showCodes(answer.recoveryCodes);
    status();
  });
  form("mfa-remove", "remove", function () {
    show("success", "Two-step verification is off");
    document.getElementById("mfa-codes").hidden = true;
    status();
  });
  status().catch(function () { /* shown */ });
}());
