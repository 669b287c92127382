/* Awesome Large Audio Models: filter and sort works tables, copy BibTeX.
 *
 * Plain JavaScript, no dependencies, no inline code (works offline and under a strict
 * Content-Security-Policy). Filter and sort state lives in the URL query, so a filtered view can
 * be bookmarked and shared: ?q=...&task=asr&modality=speech&from=2020&to=2023&code=1&sort=2&order=desc
 */
(function () {
  "use strict";

  var FIELDS = ["q", "task", "modality", "from", "to", "code"];

  function words(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  function readQuery() {
    return new URLSearchParams(window.location.search);
  }

  function writeQuery(params) {
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function sortValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }

  function initTable(container) {
    var form = container.querySelector("[data-lam-filters]");
    var table = container.querySelector("table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var count = container.querySelector("[data-lam-count]");

    function state() {
      var params = readQuery();
      if (form) {
        FIELDS.forEach(function (name) {
          var field = form.elements.namedItem(name);
          if (!field) return;
          var value = field.type === "checkbox" ? (field.checked ? "1" : "") : field.value.trim();
          if (value) params.set(name, value); else params.delete(name);
        });
      }
      return params;
    }

    function filter(params) {
      var q = (params.get("q") || "").toLowerCase();
      var task = params.get("task") || "";
      var modality = params.get("modality") || "";
      var from = parseInt(params.get("from"), 10);
      var to = parseInt(params.get("to"), 10);
      var code = params.get("code") === "1";
      var shown = 0;
      rows.forEach(function (row, i) {
        var year = parseInt(row.getAttribute("data-year"), 10);
        var visible = (!q || texts[i].indexOf(q) !== -1) &&
          (!task || words(row.getAttribute("data-tasks")).indexOf(task) !== -1) &&
          (!modality || words(row.getAttribute("data-modalities")).indexOf(modality) !== -1) &&
          (isNaN(from) || year >= from) && (isNaN(to) || year <= to) &&
          (!code || row.getAttribute("data-code") === "released");
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " works shown";
    }

    function sort(params) {
      var index = parseInt(params.get("sort"), 10);
      var descending = params.get("order") === "desc";
      headers.forEach(function (th, i) {
        if (th.hasAttribute("data-lam-sort")) {
          th.setAttribute("aria-sort", i === index ? (descending ? "descending" : "ascending") : "none");
        }
      });
      var ordered = rows.slice();
      var header = headers[index];
      if (header && header.hasAttribute("data-lam-sort")) {
        var numeric = header.getAttribute("data-lam-sort") === "number";
        ordered.sort(function (a, b) {
          var x = sortValue(a, index), y = sortValue(b, index);
          var result = numeric ? parseFloat(x) - parseFloat(y) || x.localeCompare(y) : x.localeCompare(y);
          return descending ? -result : result;
        });
      }
      ordered.forEach(function (row) { body.appendChild(row); });
    }

    function apply(params) {
      filter(params);
      sort(params);
    }

    function update() {
      var params = state();
      writeQuery(params);
      apply(params);
    }

    if (form) {
      var initial = readQuery();
      FIELDS.forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (!field || !initial.has(name)) return;
        if (field.type === "checkbox") field.checked = initial.get(name) === "1";
        else field.value = initial.get(name);
      });
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
      form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    }

    headers.forEach(function (th, i) {
      var button = th.querySelector("button.lam-sort");
      if (!button) return;
      button.addEventListener("click", function () {
        var params = state();
        var same = params.get("sort") === String(i);
        params.set("sort", String(i));
        params.set("order", same && params.get("order") !== "desc" ? "desc" : "asc");
        writeQuery(params);
        apply(params);
      });
    });

    container.addEventListener("click", function (event) {
      var chip = event.target.closest ? event.target.closest("[data-lam-task]") : null;
      if (!chip || !form || !form.elements.namedItem("task")) return;
      event.preventDefault();
      form.elements.namedItem("task").value = chip.getAttribute("data-lam-task");
      update();
    });

    apply(readQuery());
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy failed"));
    });
  }

  function initCopy(button) {
    var target = document.getElementById(button.getAttribute("data-lam-copy"));
    var status = button.parentNode.querySelector(".lam-copy__status");
    if (!target) return;
    button.addEventListener("click", function () {
      copyText(target.textContent).then(function () {
        if (status) status.textContent = "Copied to the clipboard.";
      }, function () {
        if (status) status.textContent = "Could not copy; select the text and copy it by hand.";
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lam-table]"), initTable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-lam-copy]"), initCopy);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
