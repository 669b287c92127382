/* Awesome Large Audio Models: filter and sort works tables, copy BibTeX, open the timeline on the
 * newest works, find works for the search box, name the search dialog.
 *
 * Plain JavaScript, no dependencies, no inline code (works offline and under a strict
 * Content-Security-Policy). site_overrides/main.html loads it before Material's bundle.
 *
 * A table's state lives in the URL query, so a filtered view can be bookmarked, shared, reloaded
 * and gone back to: ?text=speech+llama&section=music&task=asr&modality=speech&from=2020&to=2023
 * &added=2026-11&code=1&kind=model&sort=year&order=desc. Each filter field's name is its parameter.
 *
 * A table whose page holds only its newest rows (All works: data-lam-rows names its data file)
 * loads every work from that file and makes each row when it is first shown, PAGE at a time. The free
 * text is `text`, not `q`: Material's search opens over the page when the URL has `q`.
 */
(function () {
  "use strict";

  var TEXT = "text";
  var FIELDS = [TEXT, "kind", "section", "task", "modality", "from", "to", "added", "code"];
  var TYPING_DELAY = 250; // ms without a keystroke before typed text filters the table
  var PAGE = 50; // rows a table with a data file shows at once, and adds on "Show more" (pages.py: WORKS_SHOWN)
  var PHONE = "(max-width: 59.984375em)"; // Material's breakpoint below which the table is cards
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

  /* A work as the table filters and sorts it, from a row of the page (its data-* attributes and
   * cells) or from a record of the page's data file (whose row is made when first shown). */
  function workOfRow(row, headers) {
    var sort = {};
    headers.forEach(function (th, i) {
      var key = th.getAttribute("data-lam-key");
      var cell = row.cells[i];
      if (!key || !cell) return;
      sort[key] = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
    });
    return {
      row: row,
      text: fold(row.querySelector(".lam-cell--name").textContent + " " + row.getAttribute("data-text")),
      kind: row.getAttribute("data-kind") || "",
      tasks: listOf(row.getAttribute("data-tasks")),
      modalities: listOf(row.getAttribute("data-modalities")),
      sections: listOf(row.getAttribute("data-sections")),
      year: parseInt(row.getAttribute("data-year"), 10),
      added: row.getAttribute("data-added") || "",
      code: row.getAttribute("data-code"),
      sort: sort
    };
  }

  /* A work of the data file: `fields` names the values of `record`; its text is already folded. */
  function workOfRecord(record, index, file) {
    var value = {};
    file.fields.forEach(function (name, i) { value[name] = record[i]; });
    var sections = listOf(value.sections);
    return {
      row: null,
      index: index, // its place in the list, and so in the rows files
      text: value.text,
      kind: value.kind,
      tasks: listOf(value.tasks),
      modalities: listOf(value.modalities),
      sections: sections,
      year: value.year,
      added: value.added,
      code: value.code,
      sort: {
        name: value.name, year: value.date, kind: value.kind, section: file.sections[sections[0]] || "",
        venue: value.venue, code: value.code, added: value.added
      }
    };
  }

  /* The row of a work from a rows file (its HTML was escaped when the site was built), with the
   * data-* attributes a row of the page has. */
  function rowOf(work, html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var row = template.content.firstElementChild;
    row.setAttribute("data-kind", work.kind);
    row.setAttribute("data-tasks", work.tasks.join(" "));
    row.setAttribute("data-modalities", work.modalities.join(" "));
    row.setAttribute("data-sections", work.sections.join(" "));
    row.setAttribute("data-year", work.year);
    row.setAttribute("data-code", work.code);
    row.setAttribute("data-added", work.added);
    return row;
  }

  function initTable(container) {
    var form = container.querySelector("[data-lam-filters]");
    var table = container.querySelector("table");
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var count = container.querySelector("[data-lam-count]");
    var note = container.querySelector("[data-lam-note]");
    var moreLine = container.querySelector("[data-lam-more-line]");
    var more = container.querySelector("[data-lam-more]");
    var data = container.getAttribute("data-lam-rows"); // the data file of a page that holds only its first rows
    var page = data ? PAGE : Infinity; // rows shown at once, and added by "Show more"
    var works = Array.prototype.map.call(body.rows, function (row) { return workOfRow(row, headers); });
    var ready = !data; // a page with a data file answers once the file is read
    var rowFiles = {}; // rows files by name: a promise of their lines
    var rowFile = null; // the data file: the names of the rows files, and how many rows each holds
    var shownRows = 0; // a token: rows that arrive for an older view are not shown
    var matching = []; // the works the filters let through, in the table's order
    var limit = page;
    var listed = 0; // rows of `matching` (its first ones) that the table holds now
    var ignored = []; // unknown values the URL brought, reported until the reader changes a filter
    var shownFilter = null;
    var shownSort = "";
    var timer = 0;

    function field(name) {
      return form ? form.elements.namedItem(name) : null;
    }

    function sortable(key) {
      return headers.some(function (th) { return th.hasAttribute("data-lam-sort") && th.getAttribute("data-lam-key") === key; });
    }

    function numeric(key) {
      return headers.some(function (th) { return th.getAttribute("data-lam-key") === key && th.getAttribute("data-lam-sort") === "number"; });
    }

    /* Whether `value` is one the table knows for parameter `name`. */
    function known(name, value) {
      if (name === "sort") return sortable(value);
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

    /* The works the filters of `params` let through, in list order. */
    function filtered(params) {
      // Each term of the query, in any order; a term's punctuation is a space ("VALL-E": "vall e").
      var terms = (params.get(TEXT) || "").split(/\s+/).map(fold).filter(Boolean);
      var kind = params.get("kind");
      var section = params.get("section");
      var task = params.get("task");
      var modality = params.get("modality");
      var from = parseInt(params.get("from"), 10);
      var to = parseInt(params.get("to"), 10);
      var added = params.get("added");
      var code = params.has("code");
      return works.filter(function (work) {
        return terms.every(function (term) { return work.text.indexOf(term) !== -1; }) &&
          (!kind || work.kind === kind) &&
          (!section || work.sections.indexOf(section) !== -1) &&
          (!task || work.tasks.indexOf(task) !== -1) &&
          (!modality || work.modalities.indexOf(modality) !== -1) &&
          (isNaN(from) || work.year >= from) && (isNaN(to) || work.year <= to) &&
          (!added || work.added >= added) &&
          (!code || work.code === "released");
      });
    }

    function sorted(list, params) {
      var key = params.get("sort");
      var descending = params.get("order") === "desc";
      headers.forEach(function (th) {
        if (th.hasAttribute("data-lam-sort")) {
          th.setAttribute("aria-sort", th.getAttribute("data-lam-key") === key ? (descending ? "descending" : "ascending") : "none");
        }
      });
      if (!key) return list; // list order
      var number = numeric(key);
      var order = list.map(function (work, i) { return i; });
      order.sort(function (a, b) {
        var x = list[a].sort[key] || "", y = list[b].sort[key] || "";
        var result = number ? parseFloat(x) - parseFloat(y) || x.localeCompare(y) : x.localeCompare(y);
        return (descending ? -result : result) || a - b;
      });
      return order.map(function (i) { return list[i]; });
    }

    /* The rows of `list`, fetching the rows files they are in (a page's own rows need none). */
    function rowsOf(list) {
      var needed = {};
      list.forEach(function (work) {
        if (!work.row) needed[rowFile.files[Math.floor(work.index / rowFile.perFile)]] = true;
      });
      return Promise.all(Object.keys(needed).map(function (name) {
        if (!rowFiles[name]) {
          rowFiles[name] = fetch(new URL(name, new URL(data, window.location.href))).then(function (answer) {
            if (!answer.ok) throw new Error(answer.status + " " + answer.statusText);
            return answer.text();
          }).then(function (text) { return text.split("\n"); });
          rowFiles[name].catch(function () { delete rowFiles[name]; }); // tried again by the next view
        }
        var first = rowFile.files.indexOf(name) * rowFile.perFile;
        return rowFiles[name].then(function (lines) {
          list.forEach(function (work) {
            var line = work.index - first;
            if (!work.row && line >= 0 && line < rowFile.perFile) work.row = rowOf(work, lines[line]);
          });
        });
      })).then(function () { return list.map(function (work) { return work.row; }); });
    }

    /* The first `limit` matching works as the table's rows, the count, the notes, "Show more".
     * With `kept` ("Show more"), the table's first `kept` rows stay and only the next ones are added. */
    function showRows(params, kept) {
      var token = shownRows += 1;
      var left = matching.length - limit;
      if (count) count.textContent = matching.length + " of " + works.length + " works shown";
      var notes = [];
      var from = parseInt(params.get("from"), 10);
      var to = parseInt(params.get("to"), 10);
      if (ignored.length) notes.push("Unknown values ignored: " + ignored.join(", ") + ".");
      if (from > to) notes.push("The year range is reversed: From " + from + " is after To " + to + ".");
      else if (!matching.length) notes.push("No works match these filters; change or reset them.");
      var start = kept || 0;
      var shown = matching.slice(start, limit);
      var rows = rowFile ? rowsOf(shown) : Promise.resolve(shown.map(function (work) { return work.row; }));
      return rows.then(function (list) {
        if (token !== shownRows) return; // a newer view was asked for meanwhile
        var fragment = document.createDocumentFragment();
        list.forEach(function (row) { fragment.appendChild(row); });
        if (start) body.appendChild(fragment);
        else body.replaceChildren(fragment);
        listed = start + list.length;
        if (moreLine) moreLine.hidden = left <= 0;
        if (more && left > 0) more.textContent = "Show " + Math.min(page, left) + " more (" + left + " not listed yet)";
        if (note) note.textContent = notes.join(" ");
        container.setAttribute("data-lam-ready", "");
      }, function (error) {
        if (note) note.textContent = "Some rows could not be loaded (" + error.message + "); change a filter or reload the page to try again.";
      });
    }

    /* Show the state of `params`; what has not changed is left alone (moving rows under the
     * pointer would swallow a click). */
    function render(params) {
      if (!ready) return;
      var filterKey = FIELDS.map(function (name) { return params.get(name) || ""; }).join("\n");
      var sortKey = params.has("sort") ? params.get("sort") + " " + params.get("order") : "";
      if (filterKey === shownFilter && sortKey === shownSort) return;
      shownFilter = filterKey;
      shownSort = sortKey;
      limit = page;
      listed = 0; // the rows shown are another view's until these arrive
      matching = sorted(filtered(params), params);
      showRows(params);
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
      // On a phone the filters start folded under their summary line; a filtered address opens them.
      var fields = form.querySelector("[data-lam-fold]");
      if (fields && window.matchMedia(PHONE).matches && !FIELDS.some(function (name) { return readQuery().has(name); })) {
        fields.open = false;
      }
    }

    if (more) {
      more.addEventListener("click", function () {
        var first = body.rows.length;
        limit += page;
        showRows(readQuery(), listed).then(function () {
          var next = body.rows[first];
          if (next) next.querySelector("a").focus(); // the keyboard goes on where the new rows begin
        });
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
    if (ready) {
      render(initial);
      return;
    }
    if (count) count.textContent = "Loading all " + container.getAttribute("data-lam-total") + " works\u2026";
    // The page's rows are the newest works in list order: not what a filtered or sorted address asks for.
    if (FIELDS.concat(["sort"]).some(function (name) { return initial.has(name); })) body.replaceChildren();
    fetch(data, {credentials: "same-origin"}).then(function (answer) {
      if (!answer.ok) throw new Error(answer.status + " " + answer.statusText);
      return answer.json();
    }).then(function (file) {
      var pageRows = works; // the page's own rows: the list's first works
      rowFile = file;
      works = file.works.map(function (record, index) { return workOfRecord(record, index, file); });
      pageRows.forEach(function (work, index) { works[index].row = work.row; });
      ready = true;
      render(readQuery()); // the reader may have changed the filters meanwhile
    }).catch(function (error) {
      if (note) note.textContent = "Only the newest works are listed: the list of all works could not be loaded (" + error.message + "). Reload the page to try again.";
      if (count) count.textContent = "";
    });
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

  /* "Added since your last visit" on the home page: the day of the reader's last visit is kept in
   * this browser only (localStorage); the works added after it are counted from the page's
   * works-added-per-day and linked as All works filtered by date added. */
  var LAST_VISIT = "lam-last-visit";

  function initSince(line) {
    var today = new Date().toISOString().slice(0, 10);
    var last = null;
    try {
      last = window.localStorage.getItem(LAST_VISIT);
      window.localStorage.setItem(LAST_VISIT, today);
    } catch (error) {
      return; // storage refused (private mode, settings): nothing to compare with
    }
    if (!last || !/^\d{4}-\d{2}-\d{2}$/.test(last) || last >= today) return;
    var days = JSON.parse(line.getAttribute("data-lam-added"));
    var next = new Date(last + "T00:00:00Z");
    next.setUTCDate(next.getUTCDate() + 1);
    var since = next.toISOString().slice(0, 10); // the first day the reader has not seen
    var added = Object.keys(days).reduce(function (sum, day) { return sum + (day >= since ? days[day] : 0); }, 0);
    if (!added) {
      line.textContent = "No work added since your last visit on " + last + ".";
    } else {
      var link = document.createElement("a");
      link.href = line.getAttribute("data-lam-works") + "?" + new URLSearchParams({ added: since, sort: "added", order: "desc" });
      link.textContent = added + (added === 1 ? " work" : " works") + " added since your last visit on " + last;
      line.replaceChildren(link, document.createTextNode("."));
    }
    line.hidden = false;
  }

  /* A timeline wider than the screen opens on its right end, the newest works. */
  function initTimeline(figure) {
    figure.scrollLeft = figure.scrollWidth;
  }

  /* Works are not in Material's search index (its worker would hold every work page in each tab's
   * memory). The first time a reader types a search, the works' search file (main.html names it on
   * this script) is fetched once; the works matching every word typed are listed above Material's
   * results, in its markup (its arrow keys and Enter reach them): a work named exactly what was
   * typed first, then names that start with it, then works whose name, title or brief hold every
   * word, then those whose summary, authors, tasks or venue do, each group in list order. */
  var SEARCH_DATA = document.currentScript ? document.currentScript.getAttribute("data-lam-search") : null;
  var SEARCH_SHOWN = 8; // works listed in the search results; a link filters All works by the rest

  function matchingWorks(data, query) {
    var words = listOf(query);
    var groups = [[], [], [], []];
    data.works.forEach(function (work) {
      if (!words.every(function (word) { return work.text.indexOf(word) !== -1; })) return;
      var name = fold(work.name);
      var group = name === query ? 0 : name.indexOf(query) === 0 ? 1 : 3;
      if (group === 3 && words.every(function (word) { return work.named.indexOf(word) !== -1; })) group = 2;
      groups[group].push(work);
    });
    return [].concat.apply([], groups);
  }

  function searchResultItem(href, title, text, score) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.setAttribute("data-md-score", String(score)); // Material's Enter opens the best score
    var heading = document.createElement("h1");
    heading.textContent = title;
    var summary = document.createElement("p");
    summary.textContent = text;
    article.append(heading, summary);
    link.append(article);
    item.append(link);
    return item;
  }

  function initWorkSearch() {
    var input = document.querySelector(".md-search__input");
    var result = document.querySelector("[data-md-component=search-result]");
    if (!SEARCH_DATA || !input || !result) return;
    var url = new URL(SEARCH_DATA, window.location.href);
    var block = document.createElement("div");
    block.className = "lam-search-works";
    block.hidden = true;
    var heading = document.createElement("div");
    heading.className = "md-search-result__meta";
    var list = document.createElement("ol");
    list.className = "md-search-result__list";
    list.setAttribute("role", "presentation");
    block.append(heading, list);
    result.insertBefore(block, result.firstChild);
    var loading = null;
    var timer = null;

    function load() {
      if (!loading) {
        loading = fetch(url, {credentials: "same-origin"}).then(function (answer) {
          if (!answer.ok) throw new Error("HTTP " + answer.status);
          return answer.json();
        }).then(function (file) {
          var at = {};
          file.fields.forEach(function (name, i) { at[name] = i; });
          return { works: file.works.map(function (record) {
            return { id: record[at.id], name: record[at.name], title: record[at.title], brief: record[at.brief],
                     text: record[at.text], named: fold(record[at.title] + " " + record[at.brief]) };
          }) };
        });
        loading.catch(function () { loading = null; }); // tried again on the next keystroke
      }
      return loading;
    }

    function show() {
      var query = fold(input.value);
      if (!query) { block.hidden = true; list.replaceChildren(); return; }
      load().then(function (data) {
        if (fold(input.value) !== query) return; // a later keystroke shows its own
        var works = matchingWorks(data, query);
        list.replaceChildren.apply(list, works.slice(0, SEARCH_SHOWN).map(function (work, i) {
          return searchResultItem(new URL(work.id + "/", url).href, work.title, work.brief, 1e9 - i);
        }));
        if (works.length > SEARCH_SHOWN) {
          var all = new URL("./", url);
          all.search = new URLSearchParams({ text: input.value.trim() }).toString();
          list.append(searchResultItem(all.href, "Filter All works by \u201c" + input.value.trim() + "\u201d",
                                       (works.length - SEARCH_SHOWN) + " more found here; the table matches names, titles, authors, tasks and venues", 0));
        }
        heading.textContent = works.length === 0 ? "No matching works" : works.length === 1 ? "1 matching work" : works.length + " matching works";
        block.setAttribute("data-lam-query", query); // the query these results answer
        block.hidden = false;
      }, function () {
        heading.textContent = "The works could not be loaded; try again";
        list.replaceChildren();
        block.hidden = false;
      });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(show, 100);
    });
    if (input.form) input.form.addEventListener("reset", function () { window.setTimeout(show); });
    if (input.value) show(); // Material opened the search from ?q=
  }

  /* Material's search ranks "MMAudio" above "MMAU" for the query "mmau" (a prefix match scores like
   * the word itself): the results whose page is named exactly what was typed (a work's name, the
   * part of its title before a colon) are moved to the top, in Material's order among themselves. */
  function promoteExactNames(list, input) {
    var wanted = fold(input.value);
    if (!wanted) return;
    var exact = Array.prototype.filter.call(list.children, function (item) {
      var title = item.querySelector("h1");
      return title && fold(title.textContent.split(":")[0]) === wanted;
    });
    exact.forEach(function (item, index) {
      if (list.children[index] !== item) list.insertBefore(item, list.children[index]);
    });
  }

  function initSearchRanking() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    if (!list || !input) return;
    new MutationObserver(function () { promoteExactNames(list, input); }).observe(list, { childList: true });
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
    Array.prototype.forEach.call(document.querySelectorAll("[data-lam-since]"), initSince);
    nameSearchDialog();
    initWorkSearch();
    initSearchRanking();
  }

  renameOldText();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
