// The dashboard: draws each section's Plotly figure from the JSON island, and on a filter
// change fetches /api/timeline/dashboard with the same query string, redraws the charts and
// tables, and puts the filters in the address bar (so a view can be shared).
// Text from articles is untrusted: tables are built with textContent, never innerHTML.
(function () {
  "use strict";

  var form = document.getElementById("dashboard-filters");
  var island = document.getElementById("dashboard-data");
  var statusLine = document.getElementById("dashboard-status");
  if (!form || !island || typeof Plotly === "undefined") {
    return;
  }
  var pending = null;
  var debounce = null;

  function queryFromForm() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "") {
        params.append(name, value.trim());
      }
    });
    return params.toString();
  }

  function setFormFromQuery(query) {
    var params = new URLSearchParams(query);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) {
        return;
      }
      if (el.type === "checkbox") {
        el.checked = params.getAll(el.name).indexOf(el.value) !== -1;
      } else if (el.tagName === "INPUT") {
        el.value = params.get(el.name) || "";
      }
    });
  }

  function openArticle(event) {
    var point = event && event.points && event.points[0];
    var url = point && point.customdata && point.customdata[0];
    // Same-site paths only: an article at its sentence, or the incidents a bar counts.
    if (typeof url === "string" && (url.indexOf("/articles/") === 0 || url.indexOf("/incidents") === 0)) {
      window.location.assign(url);
    }
  }

  function drawChart(section) {
    var el = document.getElementById("chart-" + section.key);
    if (!el || !section.figure) {
      return;
    }
    var fig = section.figure;
    var first = !el.classList.contains("js-plotly-plot");
    Plotly.react(el, fig.data, fig.layout, fig.config);
    if (first) {
      el.on("plotly_click", openArticle);
    }
  }

  function cellElement(cell) {
    var td = document.createElement("td");
    if (cell !== null && typeof cell === "object") {
      if (cell.href) {
        var a = document.createElement("a");
        a.href = cell.href;
        a.textContent = cell.text;
        td.appendChild(a);
      } else {
        var badge = document.createElement("span");
        badge.className = "badge type-" + String(cell.type).replace(/[^a-z_]/g, "");
        badge.textContent = cell.text;
        td.appendChild(badge);
      }
    } else if (typeof cell === "number") {
      td.className = "num";
      td.textContent = cell.toLocaleString("en");
    } else {
      td.textContent = cell === null || cell === undefined ? "" : String(cell);
    }
    return td;
  }

  function tableElement(spec) {
    var fragment = document.createDocumentFragment();
    var table = document.createElement("table");
    table.className = "data";
    var caption = table.createCaption();
    caption.textContent = spec.caption;
    var headRow = table.createTHead().insertRow();
    spec.columns.forEach(function (column) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = column;
      headRow.appendChild(th);
    });
    var body = table.createTBody();
    spec.rows.forEach(function (row) {
      var tr = body.insertRow();
      row.forEach(function (cell) {
        tr.appendChild(cellElement(cell));
      });
    });
    if (!spec.rows.length) {
      var td = body.insertRow().insertCell();
      td.colSpan = spec.columns.length;
      td.className = "empty";
      td.textContent = "Nothing for these filters.";
    }
    fragment.appendChild(table);
    if (spec.note) {
      var note = document.createElement("p");
      note.className = "note";
      note.textContent = spec.note;
      fragment.appendChild(note);
    }
    return fragment;
  }

  function updateLinks(panel, section, query) {
    panel.querySelectorAll("a[data-endpoint]").forEach(function (a) {
      var params = new URLSearchParams(query);
      if (a.getAttribute("data-format") === "csv") {
        params.set("format", "csv");
      }
      var qs = params.toString();
      a.href = "/api/timeline/" + section.key + (qs ? "?" + qs : "");
    });
    var more = panel.querySelector("a[data-role=more]");
    if (more && section.more) {
      more.href = section.more.href;
    }
  }

  function drawSection(section, query) {
    var panel = document.getElementById("section-" + section.key);
    if (!panel) {
      return;
    }
    drawChart(section);
    var holder = panel.querySelector("[data-role=table]");
    if (holder) {
      holder.replaceChildren(tableElement(section.table));
    }
    var summary = panel.querySelector("[data-role=summary]");
    if (summary) {
      summary.textContent = section.summary || "";
      summary.hidden = !section.summary;
    }
    updateLinks(panel, section, query);
  }

  function drawAll(payload) {
    payload.sections.forEach(function (section) {
      drawSection(section, payload.query);
    });
  }

  function refresh(query, how) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var address = "/" + (query ? "?" + query : "");
    if (how === "push" && address !== window.location.pathname + window.location.search) {
      window.history.pushState({ query: query }, "", address);
    }
    statusLine.textContent = "Updating the charts…";
    document.body.classList.add("dashboard-loading");
    fetch("/api/timeline/dashboard" + (query ? "?" + query : ""), {
      headers: { Accept: "application/json" },
      signal: pending.signal,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("the server answered " + response.status);
        }
        return response.json();
      })
      .then(function (payload) {
        drawAll(payload);
        statusLine.textContent = "Charts updated for the filters above.";
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          statusLine.textContent = "Could not update the charts: " + error.message;
        }
      })
      .finally(function () {
        document.body.classList.remove("dashboard-loading");
      });
  }

  function onFilterChange() {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(function () {
      refresh(queryFromForm(), "push");
    }, 250);
  }

  form.addEventListener("change", onFilterChange);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(debounce);
    refresh(queryFromForm(), "push");
  });
  var reset = document.getElementById("reset-filters");
  if (reset) {
    reset.addEventListener("click", function (event) {
      event.preventDefault();
      setFormFromQuery("");
      refresh("", "push");
    });
  }
  window.addEventListener("popstate", function () {
    var query = window.location.search.replace(/^\?/, "");
    setFormFromQuery(query);
    refresh(query, "none");
  });

  drawAll(JSON.parse(island.textContent));
  window.history.replaceState({ query: queryFromForm() }, "", window.location.href);
})();
