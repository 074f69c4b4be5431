// Passkeys on the sample's pages, through the /auth API as a Refine app would call it:
// - sign-in by passkey alone (login page, second step's page): POST /auth/login {passkey: true} answers the request
//   options (401 PasskeyChallenge, the challenge kept in an httpOnly cookie), the browser signs them, and
//   POST /auth/login {passkey: <credential.toJSON()>} signs in;
// - the security page: list, add (passkey-options, then passkey-register), rename, remove.
(function () {
  "use strict";

  function show(type, message) {
    var box = document.getElementById("notice");
    if (!box) { return; }
    box.className = "notice " + type;
    box.setAttribute("role", type === "error" ? "alert" : "status");
    box.textContent = message;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return { success: false, error: { message: "Something went wrong (" + res.status + ")" } }; });
    });
  }

  var supported = window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON;

  // every change of the passkeys asks for the password again (the security page's field)
  function password() {
    var field = document.getElementById("factor-password");
    return field ? field.value : "";
  }

  // sign-in by passkey alone
  Array.prototype.forEach.call(document.querySelectorAll("[data-passkey-login]"), function (button) {
    if (!supported) { button.hidden = true; return; }
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-passkey-login");
      var to = button.getAttribute("data-to");
      var context = new URL(url, window.location.href).pathname.replace(/\/auth\/[^/]*$/, "");
      post(url, { passkey: true }).then(function (challenge) {
        if (!challenge.passkey) { throw challenge; }
        return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(challenge.passkey) });
      }).then(function (credential) {
        var body = { passkey: credential.toJSON() };
        if (to) { body.to = to; }
        return post(url, body);
      }).then(function (answer) {
        if (!answer.success) { throw answer; }
        var target = typeof answer.redirectTo === "string" && /^\/(?!\/)/.test(answer.redirectTo) ? answer.redirectTo : "/";
        window.location.assign(context + target);
      }).catch(function (e) {
        show("error", e && e.error && e.error.message ? e.error.message : "The passkey did not sign you in");
      });
    });
  });

  // the security page's passkeys
  var list = document.getElementById("passkeys");
  if (!list) { return; }
  var endpoint = list.getAttribute("data-endpoint");

  function row(p) {
    var li = document.createElement("li");
    li.setAttribute("data-id", p.id);
    var name = document.createElement("span");
    name.className = "passkey-name";
    name.textContent = p.name;
    var when = document.createElement("span");
    when.className = "muted";
    when.textContent = " added " + p.createdAt.substring(0, 10) + (p.lastUsedAt ? ", last used " + p.lastUsedAt.substring(0, 16).replace("T", " ") : ", never used");
    var rename = document.createElement("button");
    rename.type = "button";
    rename.className = "passkey-rename secondary";
    rename.textContent = "Rename";
    rename.addEventListener("click", function () {
      var next = window.prompt("New name", p.name);
      if (next) { post(endpoint, { action: "passkey-rename", id: p.id, name: next, password: password() }).then(done("Renamed")); }
    });
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "passkey-remove secondary";
    remove.textContent = "Remove";
    remove.addEventListener("click", function () {
      post(endpoint, { action: "passkey-remove", id: p.id, password: password() }).then(done("Passkey removed"));
    });
    li.append(name, when, " ", rename, " ", remove);
    return li;
  }

  function done(message) {
    return function (answer) {
      if (!answer.success) { show("error", answer.error && answer.error.message ? answer.error.message : "Something went wrong"); return; }
      show("success", message);
      refresh();
    };
  }

  function refresh() {
    post(endpoint, { action: "status" }).then(function (s) {
      list.textContent = "";
      (s.passkeys || []).forEach(function (p) { list.appendChild(row(p)); });
      document.getElementById("passkeys-none").hidden = (s.passkeys || []).length > 0;
    });
  }

  var add = document.getElementById("passkey-add");
  if (!supported) { add.hidden = true; }
  add.addEventListener("submit", function (event) {
    event.preventDefault();
    var name = document.getElementById("passkey-name").value.trim() || "Passkey";
    post(endpoint, { action: "passkey-options", password: password() }).then(function (options) {
      if (!options.success) { throw options; }
      return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey) })
        .then(function (credential) {
          return post(endpoint, { action: "passkey-register", ceremony: options.ceremony, credential: credential.toJSON(), name: name });
        });
    }).then(function (answer) {
      if (!answer.success) { throw answer; }
      add.reset();
      show("success", "Passkey added");
      refresh();
    }).catch(function (e) {
      show("error", e && e.error && e.error.message ? e.error.message : "The passkey was not added");
    });
  });
  refresh();
}());
