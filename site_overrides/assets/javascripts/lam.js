/* Awesome Large Audio Models: filter and sort works tables, copy BibTeX, open the timeline on the
 * newest works, name the search dialog.
 *
 * Plain JavaScript, no dependencies, no inline code (works offline and under a strict
 * Content-Security-Policy). site_overrides/main.html loads it before Material's bundle.
 *
 * A table's state lives in the URL query, so a filtered view can be bookmarked, shared, reloaded
 * and gone back to: ?text=speech+llama&section=music&task=asr&modality=speech&from=2020&to=2023
 * &added=2026-11&code=1&sort=year&order=desc. Each filter field's name is its parameter. The free
 * text is `text`, not `q`: Material's search opens over the page when the URL has `q`.
 */
(function () {
  "use strict";

  var TEXT = "text";
  var FIELDS = [TEXT, "section", "task", "modality", "from", "to", "added", "code"];
  var TYPING_DELAY = 250; // ms without a keystroke before typed text filters the table
  var NOUNS = { from: "year", to: "year", added: "date", code: "code", sort: "column", order: "order" };

  function readQuery() {
    return new URLSearchParams(window.location.search);
  }

  function writeQuery(params) {
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  }

  /* Lower case, without accents or punctuation: "Speech-LLaMA" and "speech llama" are the same. */
  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function listOf(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  /* Old filter links kept the free text in `q`. Rename it before Material's search starts (this
   * script runs first), so the search does not open over the table; other pages keep `q` for it. */
  function renameOldText() {
    var params = readQuery();
    if (!params.has("q") || !document.querySelector("[data-lam-table]")) return;
    if (!params.has(TEXT)) params.set(TEXT, params.get("q"));
    params.delete("q");
    writeQuery(params);
  }

  function initTable(container) {
    var form = container.querySelector("[data-lam-filters]");
    var table = container.querySelector("table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var count = container.querySelector("[data-lam-count]");
    var note = container.querySelector("[data-lam-note]");
    var works = rows.map(function (row) {
      return {
        row: row,
        text: fold(row.querySelector(".lam-cell--name").textContent + " " + row.getAttribute("data-text")),
        tasks: listOf(row.getAttribute("data-tasks")),
        modalities: listOf(row.getAttribute("data-modalities")),
        sections: listOf(row.getAttribute("data-sections")),
        year: parseInt(row.getAttribute("data-year"), 10),
        added: row.getAttribute("data-added") || "",
        code: row.getAttribute("data-code")
      };
    });
    var ignored = []; // unknown values the URL brought, reported until the reader changes a filter
    var shownFilter = null;
    var shownSort = "";
    var timer = 0;

    function field(name) {
      return form ? form.elements.namedItem(name) : null;
    }

    function sortIndex(key) {
      for (var i = 0; key && i < headers.length; i += 1) {
        if (headers[i].getAttribute("data-lam-key") === key) return i;
      }
      return -1;
    }

    /* Whether `value` is one the table knows for parameter `name`. */
    function known(name, value) {
      if (name === "sort") return sortIndex(value) !== -1;
      if (name === "order") return value === "asc" || value === "desc";
      var input = field(name);
      if (!input) return false;
      if (name === "added") return /^\d{4}-\d{2}(-\d{2})?$/.test(value); // any month or day
      if (input.tagName === "SELECT") return hasOption(input, value);
      if (input.type === "number") return /^\d{4}$/.test(value);
      if (input.type === "checkbox") return value === input.value;
      return true;
    }

    /* The URL's state without the values the table does not know (noted in `ignored`). */
    function validated(params) {
      FIELDS.concat(["sort", "order"]).forEach(function (name) {
        var value = params.get(name);
        if (value === null) return;
        if (value === "" || !known(name, value)) {
          params.delete(name);
          if (value !== "") ignored.push((NOUNS[name] || name) + " \u201c" + value + "\u201d");
        }
      });
      return params;
    }

    function hasOption(select, value) {
      return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    }

    function toForm(params) {
      FIELDS.forEach(function (name) {
        var input = field(name);
        if (!input) return;
        var value = params.get(name) || "";
        if (input.type === "checkbox") {
          input.checked = value === input.value;
          return;
        }
        if (input.tagName === "SELECT" && !hasOption(input, value)) input.add(new Option(value, value)); // a day added since
        input.value = value;
      });
    }

    /* The URL's state with the form's values. */
    function fromForm() {
      var params = readQuery();
      FIELDS.forEach(function (name) {
        var input = field(name);
        if (!input) return;
        var value = input.type === "checkbox" ? (input.checked ? input.value : "") : input.value.trim();
        if (value) params.set(name, value); else params.delete(name);
      });
      return params;
    }

    function filter(params) {
      // Each term of the query, in any order; a term's punctuation is a space ("VALL-E": "vall e").
      var terms = (params.get(TEXT) || "").split(/\s+/).map(fold).filter(Boolean);
      var section = params.get("section");
      var task = params.get("task");
      var modality = params.get("modality");
      var from = parseInt(params.get("from"), 10);
      var to = parseInt(params.get("to"), 10);
      var added = params.get("added");
      var code = params.has("code");
      var shown = 0;
      works.forEach(function (work) {
        var visible = terms.every(function (term) { return work.text.indexOf(term) !== -1; }) &&
          (!section || work.sections.indexOf(section) !== -1) &&
          (!task || work.tasks.indexOf(task) !== -1) &&
          (!modality || work.modalities.indexOf(modality) !== -1) &&
          (isNaN(from) || work.year >= from) && (isNaN(to) || work.year <= to) &&
          (!added || work.added >= added) &&
          (!code || work.code === "released");
        if (work.row.hidden === visible) work.row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = shown + " of " + works.length + " works shown";
      var notes = [];
      if (ignored.length) notes.push("Unknown values ignored: " + ignored.join(", ") + ".");
      if (from > to) notes.push("The year range is reversed: From " + from + " is after To " + to + ".");
      else if (!shown) notes.push("No works match these filters; change or reset them.");
      if (note) note.textContent = notes.join(" ");
    }

    function sort(params) {
      var index = sortIndex(params.get("sort"));
      var descending = params.get("order") === "desc";
      headers.forEach(function (th, i) {
        if (th.hasAttribute("data-lam-sort")) {
          th.setAttribute("aria-sort", i === index ? (descending ? "descending" : "ascending") : "none");
        }
      });
      var order = rows.map(function (row, i) { return i; }); // list order when unsorted
      if (index !== -1) {
        var numeric = headers[index].getAttribute("data-lam-sort") === "number";
        var keys = rows.map(function (row) {
          var cell = row.cells[index];
          if (!cell) return "";
          return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
        });
        order.sort(function (a, b) {
          var x = keys[a], y = keys[b];
          var result = numeric ? parseFloat(x) - parseFloat(y) || x.localeCompare(y) : x.localeCompare(y);
          return descending ? -result : result;
        });
      }
      order.forEach(function (i) { body.appendChild(rows[i]); });
    }

    /* Show the state of `params`; what has not changed is left alone (moving rows under the
     * pointer would swallow a click). */
    function render(params) {
      var filterKey = FIELDS.map(function (name) { return params.get(name) || ""; }).join("\n");
      if (filterKey !== shownFilter) {
        shownFilter = filterKey;
        filter(params);
      }
      var sortKey = params.has("sort") ? params.get("sort") + " " + params.get("order") : "";
      if (sortKey !== shownSort) {
        shownSort = sortKey;
        sort(params);
      }
    }

    function show(params) {
      window.clearTimeout(timer);
      if (ignored.length) {
        ignored = [];
        shownFilter = null; // the note changes
      }
      writeQuery(params);
      render(params);
    }

    if (form) {
      form.addEventListener("input", function (event) {
        window.clearTimeout(timer);
        var typed = event.target.type === "search" || event.target.type === "number";
        if (typed) timer = window.setTimeout(function () { show(fromForm()); }, TYPING_DELAY);
        else show(fromForm());
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        show(fromForm());
      });
      form.addEventListener("reset", function () {
        window.setTimeout(function () { // after the fields are reset
          var params = fromForm();
          params.delete("sort");
          params.delete("order");
          show(params);
        }, 0);
      });
    }

    headers.forEach(function (th) {
      var button = th.querySelector("button.lam-sort");
      if (!button) return;
      button.addEventListener("click", function () {
        var params = fromForm();
        var key = th.getAttribute("data-lam-key");
        var again = params.get("sort") === key && params.get("order") !== "desc";
        params.set("sort", key);
        params.set("order", again ? "desc" : "asc");
        show(params);
      });
    });

    container.addEventListener("click", function (event) {
      var chip = event.target.closest ? event.target.closest("[data-lam-task]") : null;
      var select = field("task");
      if (!chip || !select) return;
      event.preventDefault();
      select.value = chip.getAttribute("data-lam-task");
      show(fromForm());
    });

    var initial = validated(readQuery());
    writeQuery(initial);
    toForm(initial);
    render(initial);
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

  /* A timeline wider than the screen opens on its right end, the newest works. */
  function initTimeline(figure) {
    figure.scrollLeft = figure.scrollWidth;
  }

  /* Material's search dialog has no accessible name; give it the name of its field. */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (!dialog || dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) return;
    var input = dialog.querySelector("input[aria-label]");
    dialog.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lam-table]"), initTable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-lam-copy]"), initCopy);
    Array.prototype.forEach.call(document.querySelectorAll("[data-lam-timeline]"), initTimeline);
    nameSearchDialog();
  }

  renameOldText();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
