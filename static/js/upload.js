// The upload form, enhanced: a check of each chosen file or pasted text (the date the text
// gives, or none; a CSV's column mapping), then one POST /api/articles per file with a
// progress bar, and a summary. Without this script the form posts to /upload as it is.
// Every value shown comes from the server's JSON and is set with textContent, never as HTML.
"use strict";

(function () {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const csrf = form.querySelector("input[name=csrf_token]").value;
  const filesInput = document.getElementById("upload-files");
  const textInput = document.getElementById("upload-text");
  const titleInput = document.getElementById("upload-title");
  const urlInput = document.getElementById("upload-url");
  const publishedInput = document.getElementById("upload-published");
  const outletInput = document.getElementById("upload-outlet");
  const keepEmptyInput = document.getElementById("upload-keep-empty");
  const note = document.getElementById("published-note");
  const batchNote = document.getElementById("batch-note");
  const fileList = document.getElementById("file-list");
  const fileRows = document.getElementById("file-rows");
  const csvTemplate = document.getElementById("csv-template");
  const progressBox = document.getElementById("upload-progress-box");
  const progress = document.getElementById("upload-progress");
  const statusText = document.getElementById("upload-status");
  const submit = document.getElementById("upload-submit");
  const summary = document.getElementById("upload-summary");

  let entries = []; // one per chosen file: {file, isCsv, row, title, url, published, mapping}
  let checkGeneration = 0;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  async function post(url, data) {
    const response = await fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, Accept: "application/json" },
    });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    return { status: response.status, body: body };
  }

  function errorOf(reply) {
    if (reply.status === 401) return "your session has ended: sign in again";
    const detail = reply.body && reply.body.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) return detail.map((d) => d.msg).join("; ");
    return "the server answered " + reply.status;
  }

  // --- the date found in the text -----------------------------------------------------

  function showFound(input, noteEl, found) {
    input.dataset.found = found.published || "";
    if (!input.value || input.dataset.prefilled === "1") {
      input.value = found.published || "";
      input.dataset.prefilled = "1";
    }
    if (noteEl) {
      noteEl.textContent = found.published
        ? "Date found in the text: " + found.published + "."
        : "No date found in the text: enter it if you know it.";
      noteEl.className = found.published ? "note found" : "note missing";
    }
  }

  function givenDate(input) {
    // A date the person typed; a prefilled date is left to the extraction ("found in text").
    if (!input.value) return "";
    return input.value === input.dataset.found ? "" : input.value;
  }

  [publishedInput].forEach((input) =>
    input.addEventListener("input", () => (input.dataset.prefilled = "0"))
  );

  async function checkSingle(data, generation) {
    note.textContent = "Reading…";
    const reply = await post(form.dataset.check, data);
    if (generation !== checkGeneration) return;
    if (reply.status !== 200) {
      note.textContent = errorOf(reply);
      note.className = "note error";
      return;
    }
    const found = reply.body;
    titleInput.placeholder = found.title || "";
    showFound(publishedInput, note, found);
    if (found.duplicate_of_id) {
      note.textContent += " The same text is already stored (article " + found.duplicate_of_id + ").";
    }
    if (found.nothing_found) note.textContent += " " + NOTHING_FOUND;
  }

  const NOTHING_FOUND =
    "Nothing to code was found in it: it is stored only with “Keep articles with nothing found”.";

  let textTimer = null;
  textInput.addEventListener("input", () => {
    clearTimeout(textTimer);
    if (entries.length || textInput.value.trim().length < 40) return;
    textTimer = setTimeout(() => {
      const data = new FormData();
      data.append("text", textInput.value);
      checkSingle(data, ++checkGeneration);
    }, 700);
  });

  // --- chosen files ---------------------------------------------------------------------

  function cellInput(type, name, placeholder) {
    const input = el("input", null, { type: type, name: name, "aria-label": name });
    if (placeholder) input.placeholder = placeholder;
    const td = el("td");
    td.appendChild(input);
    return [td, input];
  }

  function addRow(file) {
    const isCsv = /\.csv$/i.test(file.name);
    const tr = el("tr", null, { class: "file-row" });
    tr.appendChild(el("td", file.name));
    const entry = { file: file, isCsv: isCsv, row: tr, mapping: null };
    if (isCsv) {
      tr.appendChild(el("td", "from the CSV's columns", { colspan: "3", class: "note" }));
    } else {
      const [t, title] = cellInput("text", "title");
      const [u, url] = cellInput("url", "url", "https://");
      const [p, published] = cellInput("date", "published");
      published.addEventListener("input", () => (published.dataset.prefilled = "0"));
      tr.append(t, u, p);
      Object.assign(entry, { title: title, url: url, published: published });
    }
    entry.status = el("td", "checking…", { class: "status note" });
    tr.appendChild(entry.status);
    fileRows.appendChild(tr);
    return entry;
  }

  function mappingSelect(field, columns, chosen, entry) {
    const label = el("label", field + " ");
    const select = el("select", null, { name: "map-" + field });
    select.appendChild(el("option", "(none)", { value: "" }));
    columns.forEach((c) => {
      const option = el("option", c, { value: c });
      if (c === chosen) option.selected = true;
      select.appendChild(option);
    });
    select.addEventListener("change", () => {
      entry.mapping[field] = select.value || null;
      checkCsv(entry, checkGeneration);
    });
    label.appendChild(select);
    return label;
  }

  function showCsv(entry, found) {
    let preview = entry.preview;
    if (!preview) {
      preview = csvTemplate.content.firstElementChild.cloneNode(true);
      entry.row.after(preview);
      entry.preview = preview;
    }
    entry.mapping = Object.assign({}, found.mapping);
    preview.querySelector(".csv-rows").textContent =
      found.rows + " rows. Columns used for each field (change them if they are wrong):";
    const mapping = preview.querySelector(".csv-mapping");
    mapping.replaceChildren(
      ...found.fields.map((f) => mappingSelect(f, found.columns, found.mapping[f], entry))
    );
    const head = el("tr");
    found.fields.forEach((f) => head.appendChild(el("th", f)));
    preview.querySelector(".csv-sample thead").replaceChildren(head);
    const rows = found.sample.map((r) => {
      const tr = el("tr");
      found.fields.forEach((f) => tr.appendChild(el("td", r[f] || "")));
      return tr;
    });
    preview.querySelector(".csv-sample tbody").replaceChildren(...rows);
  }

  async function checkCsv(entry, generation) {
    const data = new FormData();
    data.append("file", entry.file);
    if (entry.mapping) data.append("mapping", JSON.stringify(entry.mapping));
    const reply = await post(form.dataset.check, data);
    if (generation !== checkGeneration) return;
    if (reply.status !== 200) {
      entry.status.textContent = errorOf(reply);
      entry.status.className = "status error";
      return;
    }
    entry.status.textContent = "ready";
    entry.status.className = "status note";
    showCsv(entry, reply.body);
  }

  async function checkFile(entry, generation) {
    if (entry.isCsv) return checkCsv(entry, generation);
    const data = new FormData();
    data.append("file", entry.file);
    const reply = await post(form.dataset.check, data);
    if (generation !== checkGeneration) return;
    if (reply.status !== 200) {
      entry.status.textContent = errorOf(reply);
      entry.status.className = "status error";
      return;
    }
    const found = reply.body;
    entry.title.placeholder = found.title || "";
    showFound(entry.published, null, found);
    entry.status.textContent = found.duplicate_of_id
      ? "already stored (article " + found.duplicate_of_id + ")"
      : found.nothing_found
        ? NOTHING_FOUND
        : found.published
          ? "ready; date found in the text"
          : "ready; no date in the text";
  }

  function singleMode(on) {
    form.querySelectorAll(".one-article").forEach((n) => (n.hidden = !on));
    batchNote.hidden = on;
    fileList.hidden = on;
  }

  filesInput.addEventListener("change", async () => {
    const generation = ++checkGeneration;
    fileRows.replaceChildren();
    const files = Array.from(filesInput.files);
    entries = files.map(addRow);
    const single = files.length === 1 && !entries[0].isCsv;
    singleMode(files.length === 0 || single);
    if (single) {
      const data = new FormData();
      data.append("file", files[0]);
      await checkSingle(data, generation);
      return;
    }
    for (const entry of entries) {
      if (generation !== checkGeneration) return;
      await checkFile(entry, generation);
    }
  });

  // --- sending ------------------------------------------------------------------------

  function requestsToSend() {
    const common = (data) => {
      if (outletInput.value.trim()) data.append("outlet", outletInput.value.trim());
      if (keepEmptyInput.checked) data.append("keep_empty", "true");
    };
    const single = entries.length === 0 || (entries.length === 1 && !entries[0].isCsv);
    const requests = [];
    if (single) {
      const data = new FormData();
      if (entries.length) data.append("file", entries[0].file);
      else data.append("text", textInput.value);
      common(data);
      if (titleInput.value.trim()) data.append("title", titleInput.value.trim());
      if (urlInput.value.trim()) data.append("url", urlInput.value.trim());
      if (givenDate(publishedInput)) data.append("published", givenDate(publishedInput));
      requests.push({ name: entries.length ? entries[0].file.name : "pasted text", data: data });
      return requests;
    }
    for (const entry of entries) {
      const data = new FormData();
      data.append("file", entry.file);
      common(data);
      if (entry.isCsv) {
        if (entry.mapping) data.append("mapping", JSON.stringify(entry.mapping));
      } else {
        if (entry.title.value.trim()) data.append("title", entry.title.value.trim());
        if (entry.url.value.trim()) data.append("url", entry.url.value.trim());
        if (givenDate(entry.published)) data.append("published", givenDate(entry.published));
      }
      requests.push({ name: entry.file.name, data: data, entry: entry });
    }
    if (textInput.value.trim()) {
      const data = new FormData();
      data.append("text", textInput.value);
      common(data);
      requests.push({ name: "pasted text", data: data });
    }
    return requests;
  }

  function resultsOf(request, reply) {
    if (reply.body && Array.isArray(reply.body.results)) return reply.body.results;
    return [{ name: request.name, status: "failed", error: errorOf(reply) }];
  }

  function describe(result) {
    if (result.status === "stored") return "stored (article " + result.article_id + ")";
    if (result.status === "near_duplicate") {
      return "stored, near duplicate of article " + result.duplicate_of_id;
    }
    if (result.status === "duplicate") return "already stored (article " + result.article_id + ")";
    return "failed: " + result.error;
  }

  function link(href, text) {
    return el("a", text, { href: href });
  }

  function renderSummary(results) {
    const groups = { stored: [], near_duplicate: [], duplicate: [], failed: [] };
    results.forEach((r) => (groups[r.status] || groups.failed).push(r));
    document.getElementById("summary-counts").textContent =
      results.length + " inputs: " + groups.stored.length + " stored, " +
      groups.near_duplicate.length + " near duplicate, " + groups.duplicate.length +
      " duplicate, " + groups.failed.length + " failed.";
    const lists = document.getElementById("summary-lists");
    lists.replaceChildren();
    const section = (title, id, items, render) => {
      if (!items.length) return;
      lists.appendChild(el("h3", title));
      const ul = el("ul", null, { id: id });
      items.forEach((r) => {
        const li = el("li");
        render(li, r);
        ul.appendChild(li);
      });
      lists.appendChild(ul);
    };
    section("Stored", "stored", groups.stored, (li, r) => {
      li.append(link(r.article_url, r.name), " (article " + r.article_id + ")");
    });
    section("Stored as near duplicates", "near-duplicates", groups.near_duplicate, (li, r) => {
      li.append(link(r.article_url, r.name), " (article " + r.article_id + "), near duplicate of ",
        link(r.duplicate_of_url, "article " + r.duplicate_of_id));
    });
    section("Already stored", "duplicates", groups.duplicate, (li, r) => {
      li.append(r.name + ": the same text is ", link(r.article_url, "article " + r.article_id));
    });
    section("Failed", "failed", groups.failed, (li, r) => {
      li.append(r.name + ": ", el("span", r.error, { class: "error" }));
    });
    summary.hidden = false;
    summary.scrollIntoView({ block: "start" });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const requests = requestsToSend();
    if (!requests.length || (requests.length === 1 && !entries.length && !textInput.value.trim())) {
      note.textContent = "Paste an article's text, or choose one or more files.";
      note.className = "note error";
      return;
    }
    submit.disabled = true;
    progressBox.hidden = false;
    progress.max = requests.length;
    progress.value = 0;
    const results = [];
    for (const [i, request] of requests.entries()) {
      statusText.textContent = i + " of " + requests.length + " done; sending " + request.name + "…";
      let reply;
      try {
        reply = await post(form.dataset.api, request.data);
      } catch (e) {
        reply = { status: 0, body: { detail: "the server could not be reached" } };
      }
      const got = resultsOf(request, reply);
      results.push(...got);
      if (request.entry) {
        request.entry.status.textContent = got.map(describe).join("; ");
        request.entry.status.className = got.some((r) => r.status === "failed")
          ? "status error"
          : "status note";
      }
      progress.value = i + 1;
    }
    statusText.textContent = requests.length + " of " + requests.length + " done.";
    submit.disabled = false;
    const fresh = results.filter((r) => r.status === "stored" || r.status === "near_duplicate");
    if (requests.length === 1 && results.length === 1 && fresh.length === 1 && !entries.some((e) => e.isCsv)) {
      window.location.assign(fresh[0].article_url);
      return;
    }
    renderSummary(results);
  });
})();
