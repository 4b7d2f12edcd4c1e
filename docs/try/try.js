// The "Try it" page: a form built from the course JSON Schema, evaluated by the
// guideline package itself, running in Pyodide. This file decides nothing: it
// collects the course as JSON, calls guideline._browser.evaluate, and shows
// what the package returned, in the words the site's data gives it.
//
// The form is built from the schema: every array of the course is a series (a
// table of rows), every other field an input. A new series of the JSON format
// needs only its label in the page's data (render.TRY_LABELS).
"use strict";

(function () {
  const here = document.currentScript.src;
  const data = JSON.parse(document.getElementById("try-data").textContent);
  const defs = data.schema.$defs;
  const form = document.getElementById("try-form");
  const result = document.getElementById("try-result");
  const progress = document.getElementById("try-progress");
  const step = document.getElementById("try-step");
  const status = document.getElementById("try-status");
  let python = null;
  let waiting = false;

  const LATER = "after the evaluation date, not used";

  function label(key) {
    return data.labels[key] || key.replaceAll("_", " ");
  }

  function choice(value) {
    return data.choices[value] || value.replaceAll("_", " ");
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function resolve(property) {
    return property.$ref ? defs[property.$ref.split("/").pop()] : property;
  }

  function idFor(path) {
    return "f-" + path.replace(/[^a-z0-9]+/gi, "-");
  }

  function seriesSchema(name) {
    return resolve(resolve(defs.Course.properties[name]).items);
  }

  // One input for a scalar schema property, named by its JSON path.
  function input(path, property, labelText) {
    const id = idFor(path);
    const caption = el("label", { for: id, text: labelText });
    let control;
    if (property.enum) {
      control = el("select", { id, "data-path": path });
      for (const option of property.enum) control.append(el("option", { value: option, text: choice(option) }));
    } else if (property.format === "date") {
      control = el("input", { id, type: "date", "data-path": path });
    } else {
      control = el("input", { id, type: "number", step: "any", "data-path": path, inputmode: "decimal" });
    }
    const error = el("span", { class: "try-error", id: id + "-error", hidden: true });
    control.setAttribute("aria-describedby", error.id);
    return el("div", { class: "try-field" }, caption, control, error);
  }

  // A series: a table of rows, folded away with its number of rows in the summary.
  function seriesBlock(name) {
    const itemSchema = seriesSchema(name);
    const fields = Object.keys(itemSchema.properties);
    const head = el("tr", {}, ...fields.map((f) => el("th", { scope: "col", text: label(f) })), el("th", { scope: "col" }, el("span", { class: "try-visually-hidden", text: "Remove" })));
    const body = el("tbody");
    const table = el("table", { class: "try-series", "data-series": name, id: idFor(name) }, el("caption", { class: "try-visually-hidden", text: label(name) }), el("thead", {}, head), body);
    const error = el("p", { class: "try-error", id: idFor(name) + "-error", hidden: true });
    const add = el("button", { type: "button", class: "md-button", text: "Add a row" });
    add.addEventListener("click", () => {
      addRow(name, body, {});
      markLater();
    });
    const summary = el("summary", {}, el("span", { class: "try-series-name", text: label(name) }), " ", el("span", { class: "try-count" }));
    return el("details", { class: "try-series-block", "data-block": name }, summary, el("div", { class: "try-scroll" }, table), error, add);
  }

  function addRow(name, body, values) {
    const itemSchema = seriesSchema(name);
    const index = body.children.length;
    const row = el("tr");
    for (const [field, property] of Object.entries(itemSchema.properties)) {
      const path = `${name}[${index}].${field}`;
      const cell = input(path, property, `${label(field)}, row ${index + 1}`);
      cell.querySelector("label").classList.add("try-row-label");
      setValue(cell.querySelector("[data-path]"), values[field]);
      row.append(el("td", {}, cell));
    }
    const remove = el("button", { type: "button", class: "md-button try-remove", text: "Remove", "aria-label": `Remove row ${index + 1} of ${label(name)}` });
    remove.addEventListener("click", () => {
      const rows = Array.from(body.children).map((tr) => readRow(tr, itemSchema));
      rows.splice(index, 1);
      body.replaceChildren();
      for (const kept of rows) addRow(name, body, kept);
      markLater();
    });
    row.append(el("td", {}, remove, el("span", { class: "try-later-note", text: LATER })));
    body.append(row);
    countRows(name);
  }

  function countRows(name) {
    const block = form.querySelector(`details[data-block="${name}"]`);
    const rows = block.querySelectorAll("tbody tr").length;
    block.querySelector(".try-count").textContent = `(${rows} row${rows === 1 ? "" : "s"})`;
  }

  function setValue(control, value) {
    if (value === undefined || value === null) return;
    control.value = String(value);
  }

  function readValue(control) {
    if (control.type === "number") return control.value === "" ? null : Number(control.value);
    return control.value === "" ? null : control.value;
  }

  function readRow(tr, itemSchema) {
    const values = {};
    for (const field of Object.keys(itemSchema.properties)) {
      values[field] = readValue(tr.querySelector(`[data-path$=".${field}"]`));
    }
    return values;
  }

  // Rows dated after the evaluation date are greyed: the package does not use them.
  function markLater() {
    const on = form.querySelector('[data-path="on"]').value;
    for (const tr of form.querySelectorAll("table[data-series] tbody tr")) {
      const date = tr.querySelector('[data-path$="].on"]');
      const later = Boolean(on && date && date.value && date.value > on);
      tr.classList.toggle("try-later", later);
      tr.title = later ? LATER : "";
    }
  }

  function evaluateBar(id) {
    return el("button", { type: "submit", class: "md-button md-button--primary try-run", id, text: "Evaluate" });
  }

  function buildForm() {
    const course = defs.Course.properties;
    const cases = el("fieldset", {}, el("legend", { text: "Load a worked case" }));
    const picker = el("select", { id: "try-case", "aria-label": "Worked case" });
    for (const [name, item] of Object.entries(data.cases)) picker.append(el("option", { value: name, text: item.title }));
    const load = el("button", { type: "button", class: "md-button", id: "try-load", text: "Load" });
    load.addEventListener("click", () => loadCase(picker.value));
    picker.addEventListener("change", () => loadCase(picker.value));
    cases.append(picker, load);

    const when = el("fieldset", { class: "try-when" }, el("legend", { text: "Evaluate on" }), input("on", { format: "date" }, "Evaluation date"), evaluateBar("try-run"));
    const basics = el("fieldset", {}, el("legend", { text: "The course" }));
    const series = [];
    for (const [name, raw] of Object.entries(course)) {
      const property = resolve(raw);
      if (property.type === "array") {
        series.push(seriesBlock(name));
      } else if (property.type === "object") {
        const group = el("fieldset", { class: "try-group" }, el("legend", { text: label(name) }));
        for (const [field, sub] of Object.entries(property.properties)) group.append(input(`${name}.${field}`, sub, label(field)));
        basics.append(group);
      } else {
        basics.append(input(name, property, label(name)));
      }
    }
    const general = el("p", { class: "try-error", id: "try-general-error", role: "alert", hidden: true });
    const copy = el("button", { type: "button", class: "md-button", id: "try-copy", text: "Copy the course as JSON" });
    copy.addEventListener("click", copyJson);
    form.append(cases, when, general, basics, ...series, el("div", { class: "try-actions" }, evaluateBar("try-run-end"), copy), el("pre", { id: "try-json", hidden: true }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      evaluate();
    });
    form.addEventListener("input", (event) => {
      if (event.target.matches('[data-path="on"], [data-path$="].on"]')) markLater();
    });
  }

  function fill(course, on) {
    for (const control of form.querySelectorAll("[data-path]")) {
      const path = control.dataset.path;
      if (path.includes("[")) continue;
      const value = path === "on" ? on : path.split(".").reduce((node, key) => (node == null ? node : node[key]), course);
      control.value = value == null ? "" : String(value);
    }
    for (const table of form.querySelectorAll("table[data-series]")) {
      const name = table.dataset.series;
      const body = table.querySelector("tbody");
      body.replaceChildren();
      for (const values of course[name] || []) addRow(name, body, values);
      countRows(name);
    }
    markLater();
  }

  function loadCase(name) {
    const item = data.cases[name];
    form.querySelector("#try-case").value = name;
    fill(item.course, item.on);
    clearErrors();
    result.replaceChildren(el("p", { class: "try-loaded", text: `Loaded: ${item.title}. ${item.summary}` }));
  }

  function collect() {
    const course = {};
    for (const control of form.querySelectorAll("[data-path]")) {
      const path = control.dataset.path;
      if (path.includes("[") || path === "on") continue;
      const keys = path.split(".");
      let node = course;
      for (const key of keys.slice(0, -1)) node = node[key] = node[key] || {};
      node[keys[keys.length - 1]] = readValue(control);
    }
    for (const table of form.querySelectorAll("table[data-series]")) {
      const name = table.dataset.series;
      course[name] = Array.from(table.querySelector("tbody").children).map((tr) => readRow(tr, seriesSchema(name)));
    }
    return course;
  }

  function clearErrors() {
    for (const node of form.querySelectorAll(".try-error")) {
      node.hidden = true;
      node.textContent = "";
    }
    for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  }

  // A JSON path in words, rows counted from 1: "proteinuria[1].value" is
  // "Proteinuria (the baseline included), row 2, value".
  function where(path) {
    if (!path || path === "course" || path === "$") return "The course";
    if (path === "on") return "Evaluation date";
    return path.replace(/([a-z_]+)\[(\d+)\]/g, (_, name, index) => `${label(name)}, row ${Number(index) + 1}`)
      .split(".")
      .map((part, index) => (/, row /.test(part) ? part : lower(label(part), index)))
      .join(", ");
  }

  function lower(words, index) {
    return index === 0 ? words : words.charAt(0).toLowerCase() + words.slice(1);
  }

  function inWords(error) {
    if (!error.field) return `The course could not be evaluated (${error.message}).`;
    const reason = error.reason.replace(/\b([a-z_]+)\[(\d+)\]((?:\.[a-z_]+)?)/g, (path) => lower(where(path), 1));
    const value = error.empty ? "it was left empty" : `entered: ${error.value}`;
    return `${where(error.field)}: ${reason} (${value}).`;
  }

  // Show the package's error beside the field its JSON path names, else beside
  // the series the path starts with, else above the course.
  function showError(error) {
    const control = error.field && form.querySelector(`[data-path="${CSS.escape(error.field)}"]`);
    const series = error.field && error.field.match(/^[a-z][a-z0-9_]*/);
    const table = series && form.querySelector(`table[data-series="${series[0]}"]`);
    let target = document.getElementById("try-general-error");
    if (control) target = document.getElementById(control.id + "-error");
    else if (table) target = document.getElementById(table.id + "-error");
    target.textContent = error.text || inWords(error);
    target.hidden = false;
    const block = target.closest("details");
    if (block) block.open = true;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.focus();
    } else {
      target.scrollIntoView({ block: "center" });
    }
  }

  function links(ids) {
    const span = el("span");
    ids.forEach((id, index) => {
      if (index) span.append(", ");
      span.append(el("a", { href: data.links[id], title: data.titles[id], text: id }));
    });
    return span;
  }

  function show(answer) {
    const rec = answer.recommendation;
    const alerts = el("ul", { id: "try-alerts" });
    for (const alert of rec.alerts) alerts.append(el("li", { "data-alert": alert, text: data.alerts[alert] }));
    const milestones = el("tbody");
    for (const m of answer.plan.milestones) {
      milestones.append(el("tr", { "data-milestone": m.name }, el("td", { text: m.on }), el("td", { text: m.label }), el("td", {}, links(m.statements))));
    }
    const deviations = el("ul", { id: "try-audit" });
    for (const d of answer.audit.deviations) deviations.append(el("li", { title: `Invariant: ${d.invariant}`, text: `${d.on}: ${d.message}` }));
    if (!answer.audit.deviations.length) deviations.append(el("li", { text: "No departure from any invariant." }));
    const explanation = el("ul");
    for (const line of rec.explanation) explanation.append(el("li", { text: line }));
    const picture = el("div", { class: "try-timeline" });
    if (answer.timeline) picture.innerHTML = answer.timeline;
    const dose = rec.dose_mg_per_day ? ` New dose: ${rec.dose_mg_per_day} mg/day.` : "";
    result.replaceChildren(
      el("h2", { text: `Advice on ${rec.on}` }),
      el("p", { class: "try-action" }, el("strong", { id: "try-action", "data-action": rec.action, text: data.actions[rec.action] })),
      el("p", { text: `Phase: ${rec.phase.replaceAll("_", " ")}.${dose} Next review: ${rec.next_review}.` }),
      el("p", { text: rec.rationale }),
      el("h3", { text: "Alerts" }),
      rec.alerts.length ? alerts : el("p", { id: "try-alerts", text: "None." }),
      el("h3", { text: "Rests on" }),
      el("p", {}, links([...rec.statements, ...rec.interpretations])),
      el("details", {}, el("summary", { text: "Inputs and thresholds used" }), explanation),
      picture,
      el("h3", { text: "The plan" }),
      el("div", { class: "try-scroll" }, el("table", { id: "try-plan" }, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Date" }), el("th", { scope: "col", text: "Milestone" }), el("th", { scope: "col", text: "Rests on" }))), milestones)),
      el("h3", { text: "Audit of the course as recorded up to that date" }),
      deviations,
    );
    result.focus({ preventScroll: true });
    result.scrollIntoView({ block: "start" });
  }

  // The previous result never stays on screen: it is replaced by the new one,
  // or cleared beside the error, whatever fails (the package or the runtime).
  function evaluate() {
    clearErrors();
    result.replaceChildren();
    if (!python) {
      waiting = true;
      result.replaceChildren(el("p", { text: "The advice will show here as soon as the Python runtime is ready." }));
      return;
    }
    try {
      const text = JSON.stringify(collect());
      const on = form.querySelector('[data-path="on"]').value;
      const answer = JSON.parse(python.evaluate(text, on));
      if (answer.ok) show(answer);
      else showError(answer.error);
    } catch (error) {
      result.replaceChildren();
      showError({ field: "", text: `The course could not be evaluated: ${error.message || error}` });
    }
  }

  function copyJson() {
    const text = JSON.stringify(collect(), null, 2);
    const pre = document.getElementById("try-json");
    pre.textContent = text;
    pre.hidden = false;
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).catch(() => {});
  }

  function setStep(value, text) {
    progress.value = value;
    step.textContent = text;
  }

  // The runtime is kept by a service worker (try-runtime-cache.js) where the browser
  // allows one, so that a second visit does not download it again. The page waits a
  // moment for it to take charge, so that this first visit's files are kept too.
  async function cacheRuntime() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    try {
      const worker = new URL("../try-runtime-cache.js", here);
      await navigator.serviceWorker.register(worker, { scope: new URL("../try", here).pathname });
      if (navigator.serviceWorker.controller) return;
      await Promise.race([
        new Promise((done) => navigator.serviceWorker.addEventListener("controllerchange", done, { once: true })),
        new Promise((done) => setTimeout(done, 2000)),
      ]);
    } catch (error) {
      // No cache: the runtime is loaded straight from the site.
    }
  }

  async function start() {
    if (!data.runtime) throw new Error("this build of the site has no Python runtime (run scripts/try-runtime)");
    const runtime = new URL("runtime/", here);
    const folder = new URL(`${data.runtime}/`, runtime);
    setStep(1, "Downloading the Python runtime…");
    const wheel = fetch(new URL("guideline.whl", runtime)).then((response) => response.arrayBuffer());
    await cacheRuntime();
    const { loadPyodide } = await import(new URL("pyodide.mjs", folder).href);
    setStep(2, "Starting Python…");
    const pyodide = await loadPyodide({ indexURL: folder.href });
    setStep(3, "Installing the guideline package…");
    pyodide.unpackArchive(await wheel, "wheel");
    python = pyodide.pyimport("guideline._browser");
    const version = pyodide.runPython("import guideline; guideline.__version__");
    setStep(4, `Ready: guideline ${version}, in Python ${pyodide.runPython("import sys; sys.version.split()[0]")}.`);
    status.dataset.ready = "true";
    if (waiting) evaluate();
  }

  buildForm();
  loadCase(Object.keys(data.cases)[0]);
  if (location.protocol === "file:") {
    document.getElementById("try-file").hidden = false;
    status.hidden = true;
    return;
  }
  start().catch((error) => {
    setStep(0, `The Python runtime could not be loaded: ${error}`);
  });
})();
