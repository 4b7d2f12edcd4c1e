// The "Try it" page: a form built from the course JSON Schema, evaluated by the
// guideline package itself, running in Pyodide. This file decides nothing: it
// collects the course as JSON, calls guideline._browser.evaluate, and shows
// what the package returned.
"use strict";

(function () {
  const here = document.currentScript.src;
  const data = JSON.parse(document.getElementById("try-data").textContent);
  const schema = data.schema;
  const defs = schema.$defs;
  const form = document.getElementById("try-form");
  const result = document.getElementById("try-result");
  const progress = document.getElementById("try-progress");
  const step = document.getElementById("try-step");
  let python = null;

  const LABELS = {
    agent: "CNI",
    start: "Start date (first dose)",
    starting_dose_mg_per_day: "Starting dose (mg/day)",
    target_trough: "Target trough range (ng/mL)",
    low: "Low",
    high: "High",
    on: "Date",
    value: "Value",
    unit: "Unit",
    dose_mg_per_day: "Dose (mg/day)",
    reason: "Reason",
    kind: "Status",
    effect: "Effect",
    proteinuria: "Proteinuria (the baseline included)",
    creatinine: "Serum creatinine (the baseline included)",
    troughs: "Trough levels (ng/mL)",
    dose_changes: "Dose changes",
    discontinuations: "Stops",
    restarts: "Restarts",
    assessments: "Remission status recorded by the clinician",
    adverse_effects: "Adverse effects noted",
    pla2r: "Anti-PLA2R titres, RU/mL, each with its laboratory's cut-off (optional)",
    albumin: "Serum albumin, g/L or g/dL (optional)",
    cutoff: "Cut-off (RU/mL)",
  };

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

  // One input for a scalar schema property, named by its JSON path.
  function input(path, property, labelText) {
    const id = idFor(path);
    const label = el("label", { for: id, text: labelText });
    let control;
    if (property.enum) {
      control = el("select", { id, "data-path": path });
      for (const option of property.enum) control.append(el("option", { value: option, text: option }));
    } else if (property.format === "date") {
      control = el("input", { id, type: "date", "data-path": path });
    } else {
      control = el("input", { id, type: "number", step: "any", "data-path": path, inputmode: "decimal" });
    }
    if (property.description) control.title = property.description;
    const error = el("span", { class: "try-error", id: id + "-error", hidden: true });
    control.setAttribute("aria-describedby", error.id);
    return el("div", { class: "try-field" }, label, control, error);
  }

  function seriesTable(name, itemSchema) {
    const fields = Object.keys(itemSchema.properties);
    const caption = el("caption", { text: LABELS[name] || name });
    const head = el("tr", {}, ...fields.map((f) => el("th", { scope: "col", text: LABELS[f] || f })), el("th", { scope: "col", text: "Remove" }));
    const body = el("tbody");
    const table = el("table", { class: "try-series", "data-series": name, id: idFor(name) }, caption, el("thead", {}, head), body);
    const error = el("p", { class: "try-error", id: idFor(name) + "-error", hidden: true });
    const add = el("button", { type: "button", class: "md-button", text: "Add a row to " + (LABELS[name] || name).toLowerCase() });
    add.addEventListener("click", () => addRow(name, itemSchema, body, {}));
    return el("fieldset", {}, table, error, add);
  }

  function addRow(name, itemSchema, body, values) {
    const index = body.children.length;
    const row = el("tr");
    for (const [field, property] of Object.entries(itemSchema.properties)) {
      const path = `${name}[${index}].${field}`;
      const cell = input(path, property, `${LABELS[field] || field}, row ${index + 1}`);
      cell.querySelector("label").classList.add("try-visually-hidden");
      setValue(cell.querySelector("[data-path]"), values[field]);
      row.append(el("td", {}, cell));
    }
    const remove = el("button", { type: "button", class: "md-button", text: "Remove", "aria-label": `Remove row ${index + 1} of ${LABELS[name] || name}` });
    remove.addEventListener("click", () => {
      const rows = Array.from(body.children).map((tr) => readRow(tr, itemSchema));
      rows.splice(index, 1);
      body.replaceChildren();
      for (const values of rows) addRow(name, itemSchema, body, values);
    });
    row.append(el("td", {}, remove));
    body.append(row);
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

  function buildForm() {
    const course = defs.Course;
    const basics = el("fieldset", {}, el("legend", { text: "The course" }));
    const series = [];
    for (const [name, raw] of Object.entries(course.properties)) {
      const property = resolve(raw);
      if (property.type === "array") {
        series.push(seriesTable(name, resolve(property.items)));
      } else if (property.type === "object") {
        const group = el("fieldset", {}, el("legend", { text: LABELS[name] || name }));
        for (const [field, sub] of Object.entries(property.properties)) {
          group.append(input(`${name}.${field}`, sub, LABELS[field] || field));
        }
        basics.append(group);
      } else {
        basics.append(input(name, property, LABELS[name] || name));
      }
    }
    const cases = el("fieldset", {}, el("legend", { text: "Load a worked case" }));
    for (const [name, item] of Object.entries(data.cases)) {
      const button = el("button", { type: "button", class: "md-button", "data-case": name, text: item.title });
      button.addEventListener("click", () => loadCase(name));
      cases.append(button);
    }
    const when = el("fieldset", {}, el("legend", { text: "Evaluate" }), input("on", { format: "date" }, "Evaluation date"));
    const run = el("button", { type: "submit", class: "md-button md-button--primary", id: "try-run", text: "Evaluate the course", disabled: true });
    const copy = el("button", { type: "button", class: "md-button", id: "try-copy", text: "Copy the course as JSON" });
    copy.addEventListener("click", copyJson);
    const general = el("p", { class: "try-error", id: "try-general-error", role: "alert", hidden: true });
    form.append(cases, basics, ...series, when, general, run, copy, el("pre", { id: "try-json", hidden: true }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      evaluate();
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
      const itemSchema = resolve(resolve(defs.Course.properties[name]).items);
      for (const values of course[name] || []) addRow(name, itemSchema, body, values);
    }
  }

  function loadCase(name) {
    const item = data.cases[name];
    fill(item.course, item.on);
    clearErrors();
    result.replaceChildren(el("p", { text: `Loaded: ${item.title}. ${item.summary}` }));
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
      const itemSchema = resolve(resolve(defs.Course.properties[name]).items);
      course[name] = Array.from(table.querySelector("tbody").children).map((tr) => readRow(tr, itemSchema));
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

  // Show the package's error beside the field its JSON path names, else beside
  // the series the path starts with, else above the buttons.
  function showError(error) {
    const control = form.querySelector(`[data-path="${CSS.escape(error.field)}"]`);
    const series = error.field.match(/^[a-z][a-z0-9_]*/);
    const table = series && form.querySelector(`table[data-series="${series[0]}"]`);
    let target = document.getElementById("try-general-error");
    if (control) target = document.getElementById(control.id + "-error");
    else if (table) target = document.getElementById(table.id + "-error");
    target.textContent = error.message;
    target.hidden = false;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.focus();
    }
  }

  function links(ids) {
    const span = el("span");
    ids.forEach((id, index) => {
      if (index) span.append(", ");
      span.append(el("a", { href: data.links[id], text: id }));
    });
    return span;
  }

  function show(answer) {
    const rec = answer.recommendation;
    const alerts = el("ul", { id: "try-alerts" });
    for (const alert of rec.alerts) alerts.append(el("li", { "data-alert": alert }, el("code", { text: alert }), ": " + data.alerts[alert]));
    const milestones = el("tbody");
    for (const m of answer.plan.milestones) {
      milestones.append(el("tr", { "data-milestone": m.name }, el("td", { text: m.on }), el("td", { text: m.label }), el("td", {}, links(m.statements))));
    }
    const deviations = el("ul", { id: "try-audit" });
    for (const d of answer.audit.deviations) deviations.append(el("li", {}, `${d.on}: `, el("code", { text: d.invariant }), `: ${d.message}`));
    if (!answer.audit.deviations.length) deviations.append(el("li", { text: "No departure from any invariant." }));
    const explanation = el("ul");
    for (const line of rec.explanation) explanation.append(el("li", { text: line }));
    const picture = el("div", { class: "try-timeline" });
    if (answer.timeline) picture.innerHTML = answer.timeline;
    result.replaceChildren(
      el("h2", { text: `Advice on ${rec.on}` }),
      el("p", {}, el("strong", { id: "try-action", "data-action": rec.action, text: data.actions[rec.action] }), " (", el("code", { text: rec.action }), `), phase: ${rec.phase.replaceAll("_", " ")}`, rec.dose_mg_per_day ? `; new dose ${rec.dose_mg_per_day} mg/day` : "", `; next review ${rec.next_review}`),
      el("p", { text: rec.rationale }),
      el("h3", { text: "Alerts" }),
      rec.alerts.length ? alerts : el("p", { id: "try-alerts", text: "None." }),
      el("h3", { text: "Rests on" }),
      el("p", {}, links([...rec.statements, ...rec.interpretations])),
      el("details", {}, el("summary", { text: "Inputs and thresholds used" }), explanation),
      picture,
      el("h3", { text: "The plan" }),
      el("table", { id: "try-plan" }, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Date" }), el("th", { scope: "col", text: "Milestone" }), el("th", { scope: "col", text: "Rests on" }))), milestones),
      el("h3", { text: "Audit of the course as recorded up to that date" }),
      deviations,
    );
    result.focus();
  }

  // The previous result never stays on screen: it is replaced by the new one,
  // or cleared beside the error, whatever fails (the package or the runtime).
  function evaluate() {
    clearErrors();
    result.replaceChildren();
    try {
      const text = JSON.stringify(collect());
      const on = form.querySelector('[data-path="on"]').value;
      const answer = JSON.parse(python.evaluate(text, on));
      if (answer.ok) show(answer);
      else showError(answer.error);
    } catch (error) {
      result.replaceChildren();
      showError({ field: "", message: `The course could not be evaluated: ${error.message || error}` });
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

  async function start() {
    const runtime = new URL("runtime/", here);
    setStep(1, "Downloading the Python runtime…");
    const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", runtime).href);
    setStep(2, "Starting Python…");
    const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", runtime).href });
    setStep(3, "Installing the guideline package…");
    const wheel = await fetch(new URL("guideline.whl", runtime));
    pyodide.unpackArchive(await wheel.arrayBuffer(), "wheel");
    python = pyodide.pyimport("guideline._browser");
    const version = pyodide.runPython("import guideline; guideline.__version__");
    setStep(4, `Ready: guideline ${version}, in Python ${pyodide.runPython("import sys; sys.version.split()[0]")}.`);
    document.getElementById("try-run").disabled = false;
    document.getElementById("try-status").dataset.ready = "true";
  }

  buildForm();
  loadCase(Object.keys(data.cases)[0]);
  if (location.protocol === "file:") {
    document.getElementById("try-file").hidden = false;
    document.getElementById("try-status").hidden = true;
    return;
  }
  window.addEventListener("load", () => {
    start().catch((error) => {
      setStep(0, `The Python runtime could not be loaded: ${error}`);
    });
  });
})();
