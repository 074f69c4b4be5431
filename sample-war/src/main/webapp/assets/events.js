// The security events page: a chart of the sign-ins and failed sign-ins per hour over the last 24 hours (inline SVG,
// drawn here from /api/admin/events/counts) and the latest events (/api/admin/events), filtered by the form.
// Same-origin GETs with the session cookie (a GET needs no CSRF token). Everything the API answers is placed as text
// or attribute values, never as HTML: an event's texts may have come from a client.
(function () {
  "use strict";
  var page = document.getElementById("events");
  if (!page) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var eventsUrl = page.getAttribute("data-events");
  var countsUrl = page.getAttribute("data-counts");
  var form = document.getElementById("events-filter");

  function show(type, message) {
    var box = document.getElementById("notice");
    box.className = "notice " + type;
    box.setAttribute("role", type === "error" ? "alert" : "status");
    box.textContent = message;
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok) {
          throw new Error(body && body.error && body.error.message ? body.error.message : "The server answered " + res.status);
        }
        return body;
      });
    });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /** An hour's label in the reader's own time zone: 14:00. */
  function hour(iso) { return pad(new Date(iso).getHours()) + ":00"; }

  function svg(name, attributes, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (k) { e.setAttribute(k, String(attributes[k])); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  /** A round top for the scale: 1, 2, 5, 10, 20, 50... at least the highest bar. */
  function scaleTop(max) {
    var top = 1;
    while (top < max) {
      var s = String(top).charAt(0);
      top = s === "1" ? top * 2 : s === "2" ? top * 5 / 2 : top * 2;
    }
    return top;
  }

  /** Bars side by side, one pair per hour: sign-ins (green) and failed sign-ins (red); hour labels; a light grid. */
  function drawChart(counts) {
    var chart = document.getElementById("events-chart");
    Array.prototype.slice.call(chart.childNodes).forEach(function (n) {
      if (n.nodeName !== "title") { chart.removeChild(n); }
    });
    var series = counts.series;
    var width = 720, height = 200, left = 40, right = 8, top = 14, bottom = 40;
    var plotW = width - left - right, plotH = height - top - bottom;
    var totals = { success: 0, failure: 0, lockout: 0 }, max = 0;
    series.forEach(function (p) {
      totals.success += p.signIns;
      totals.failure += p.failures;
      totals.lockout += p.lockouts;
      max = Math.max(max, p.signIns, p.failures);
    });
    var scale = scaleTop(max);
    var y = function (n) { return top + plotH - (n / scale) * plotH; };
    var grid = svg("g", { "class": "grid" });
    [0, scale / 2, scale].forEach(function (v) {
      if (v !== Math.round(v)) { return; } // no half of a sign-in
      grid.appendChild(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v) }));
      grid.appendChild(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, String(v)));
    });
    chart.appendChild(grid);
    var slot = plotW / series.length;
    var bar = Math.max(2, Math.floor(slot * 0.38));
    var bars = svg("g", { "class": "bars" });
    var labels = svg("g", { "class": "hours" });
    series.forEach(function (p, i) {
      var x = left + i * slot + (slot - 2 * bar - 1) / 2;
      var until = new Date(new Date(p.start).getTime() + counts.bucketSeconds * 1000).toISOString();
      [["success", p.signIns, "sign-ins", x], ["failure", p.failures, "failed sign-ins", x + bar + 1]].forEach(function (b) {
        if (b[1] === 0) { return; }
        var rect = svg("rect", {
          "class": b[0], "data-kind": b[0], "data-count": b[1], "data-start": p.start,
          x: b[3].toFixed(1), y: y(b[1]).toFixed(1), width: bar, height: (top + plotH - y(b[1])).toFixed(1)
        });
        rect.appendChild(svg("title", {}, hour(p.start) + "–" + hour(until) + ": " + b[1] + " " + b[2]));
        bars.appendChild(rect);
      });
      if (p.lockouts > 0) {
        var lock = svg("circle", { "class": "lockout", "data-kind": "lockout", "data-count": p.lockouts,
          cx: (x + bar).toFixed(1), cy: top + plotH + 8, r: 4 });
        lock.appendChild(svg("title", {}, hour(p.start) + ": " + p.lockouts + " lockout" + (p.lockouts === 1 ? "" : "s")));
        bars.appendChild(lock);
      }
      if ((series.length - 1 - i) % 3 === 0) { // every third hour, the current one last
        labels.appendChild(svg("text", { x: (left + i * slot + slot / 2).toFixed(1), y: height - 8, "text-anchor": "middle" }, hour(p.start)));
      }
    });
    chart.appendChild(svg("line", { "class": "axis", x1: left, x2: width - right, y1: top + plotH, y2: top + plotH }));
    chart.appendChild(bars);
    chart.appendChild(labels);
    document.getElementById("events-total-success").textContent = String(totals.success);
    document.getElementById("events-total-failure").textContent = String(totals.failure);
    document.getElementById("events-total-lockout").textContent = String(totals.lockout);
    chart.setAttribute("aria-label", "Last " + series.length + " hours: " + totals.success + " sign-ins, " +
      totals.failure + " failed sign-ins, " + totals.lockout + " lockouts");
  }

  var FAILURES = /(_fail|_lock|_reuse|excess_rate|use_after_expire)/;

  function cell(row, text, code) {
    var td = document.createElement("td");
    if (code) {
      var c = document.createElement("code");
      c.textContent = text;
      td.appendChild(c);
    } else {
      td.textContent = text;
    }
    row.appendChild(td);
    return td;
  }

  function fillTable(events, since) {
    var body = document.querySelector("#events-table tbody");
    body.textContent = "";
    events.forEach(function (e) {
      var row = document.createElement("tr");
      row.setAttribute("data-id", e.id);
      row.setAttribute("data-type", e.type);
      row.setAttribute("data-event", e.event);
      if (FAILURES.test(e.type)) { row.className = "bad"; }
      var when = document.createElement("time");
      when.setAttribute("datetime", e.at);
      when.textContent = new Date(e.at).toLocaleString();
      cell(row, "").appendChild(when);
      cell(row, e.type, true).title = e.event;
      cell(row, e.method);
      cell(row, e.account || "–", Boolean(e.account)).className = "account";
      cell(row, e.client);
      cell(row, e.request, true).className = "request";
      body.appendChild(row);
    });
    document.getElementById("events-count").textContent = events.length === 0
      ? "No events since " + new Date(since).toLocaleString() + "."
      : events.length + " event" + (events.length === 1 ? "" : "s") + " since " + new Date(since).toLocaleString() + ", newest first.";
  }

  /** A datetime-local value (the reader's time) for an ISO instant, and back. */
  function toLocalInput(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return ""; }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" +
      pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  /** The query the form says; the URL keeps it, so that a filtered view can be reloaded or shared. */
  function query() {
    var params = new URLSearchParams();
    var type = document.getElementById("events-type").value;
    var account = document.getElementById("events-account").value.trim();
    var since = document.getElementById("events-since").value;
    if (type) { params.set("type", type); }
    if (account) { params.set("account", account); }
    if (since) {
      var d = new Date(since);
      if (!isNaN(d.getTime())) { params.set("since", d.toISOString()); }
    }
    return params;
  }

  function loadEvents(params) {
    var since = params.get("since") || new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    var search = params.toString();
    return get(eventsUrl + (search ? "?" + search : "")).then(function (events) { fillTable(events, since); });
  }

  // a filtered view reloaded: the form shows what the URL asks
  var initial = new URLSearchParams(window.location.search);
  var wanted = new URLSearchParams();
  ["type", "account", "since"].forEach(function (k) { if (initial.get(k)) { wanted.set(k, initial.get(k)); } });
  if (wanted.get("type")) { document.getElementById("events-type").value = wanted.get("type"); }
  if (wanted.get("account")) { document.getElementById("events-account").value = wanted.get("account"); }
  if (wanted.get("since")) { document.getElementById("events-since").value = toLocalInput(wanted.get("since")); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = query();
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    page.setAttribute("data-state", "loading");
    loadEvents(params).then(function () {
      document.getElementById("notice").textContent = "";
      page.setAttribute("data-state", "ready");
    }, function (e) {
      show("error", e.message);
      page.setAttribute("data-state", "error");
    });
  });

  Promise.all([get(countsUrl + "?hours=24").then(drawChart), loadEvents(wanted)]).then(function () {
    page.setAttribute("data-state", "ready");
  }, function (e) {
    show("error", e.message);
    page.setAttribute("data-state", "error");
  });
}());
