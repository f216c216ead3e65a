// Live panels on the documentation site: one generic layer over recall-outlook's panels.
//
// Each panel is defined once, in Python (recall_outlook.widgets.definition and the panel
// modules): its fields, their defaults and how a result is rendered. JupyterLab hosts those
// definitions as ipywidgets; this file hosts them in the page. It draws the fields a
// definition lists and hands every change to the panel's Python function, which runs in
// Pyodide in this tab. Nothing about a panel is written here and no result is computed here:
// the HTML put on the page is what Python rendered (and escaped).
//
// The page (docs/_hooks/live_panels.py) carries a config block (#ro-live-config: where
// Pyodide, the wheels and a memory snapshot of Python are, on this site) and, after each
// panel's saved widget view, a block naming the panel and the values the snapshot was saved
// with. Until Python is ready the saved snapshot stays, marked "loading"; without WebAssembly
// it stays, marked snapshot. (A memory snapshot, made at build time by live_snapshot.py, lets
// Python start where the build left it, with the panels imported, instead of from scratch.)

const CONFIG_ID = "ro-live-config";
const PANEL_BLOCKS = "script.ro-live-panel";
const NOTE = "Live: recall-outlook runs in this browser tab (Python in WebAssembly). " +
  "What you type stays in your browser; nothing is sent anywhere.";

function readJson(element) {
  return JSON.parse(element.textContent);
}

function badge(host, text, state) {
  let label = host.querySelector(":scope > .ro-live-badge");
  if (!label) {
    label = document.createElement("div");
    label.className = "ro-live-badge";
    label.setAttribute("role", "status");
    host.prepend(label);
  }
  label.textContent = text;
  label.dataset.state = state;
  host.dataset.roLive = state;
}

let counter = 0;
function uid(name) {
  counter += 1;
  return `ro-${name}-${counter}`;
}

// -- drawing a definition -------------------------------------------------------------------

function control(field, onChange) {
  let element;
  if (field.kind === "textarea") {
    element = document.createElement("textarea");
    element.rows = field.rows;
    element.addEventListener("input", () => onChange(field.name));
  } else if (field.kind === "select") {
    element = document.createElement("select");
    for (const [label, value] of field.options) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = label;
      element.append(option);
    }
    element.addEventListener("change", () => onChange(field.name));
  } else if (field.kind === "toggle") {
    element = document.createElement("div");
    element.setAttribute("role", "radiogroup");
    element.className = "ro-toggle";
    for (const [label, value] of field.options) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.dataset.value = value;
      button.setAttribute("role", "radio");
      button.addEventListener("click", () => {
        element.dataset.value = value;
        mark(element);
        onChange(field.name);
      });
      element.append(button);
    }
  } else if (field.kind === "button") {
    element = document.createElement("button");
    element.type = "button";
    element.className = "ro-button";
    element.textContent = field.label;
    element.addEventListener("click", () => onChange(field.name));
  } else {
    element = document.createElement("input");
    element.type = field.kind === "password" ? "password" : "text";
    element.autocomplete = "off";
    element.spellcheck = false;
    if (field.kind === "combo") {
      const list = document.createElement("datalist");
      list.id = uid("options");
      for (const [, value] of field.options) {
        const option = document.createElement("option");
        option.value = value;
        list.append(option);
      }
      element.setAttribute("list", list.id);
      element.after(list);
      element.roList = list;
    }
    element.addEventListener("input", () => onChange(field.name));
  }
  if (field.placeholder && "placeholder" in element) element.placeholder = field.placeholder;
  element.dataset.field = field.name;
  return element;
}

function mark(toggle) {
  for (const button of toggle.children) {
    button.setAttribute("aria-checked", String(button.dataset.value === toggle.dataset.value));
  }
}

function getValue(element, field) {
  if (field.kind === "toggle") return element.dataset.value ?? "";
  if (field.kind === "button") return "";
  return element.value;
}

function setValue(element, field, value) {
  if (field.kind === "toggle") {
    element.dataset.value = value;
    mark(element);
  } else if (field.kind !== "button" && element.value !== value) {
    element.value = value;
  }
}

function draw(definition, values, onChange) {
  const root = document.createElement("div");
  root.className = "ro-panel";
  root.dataset.panel = definition.key;
  const title = document.createElement("div");
  title.className = "ro-title";
  title.textContent = definition.title;
  root.append(title);
  const fields = new Map(definition.fields.map((field) => [field.name, field]));
  const parts = { controls: new Map(), rows: new Map(), messages: new Map(), outputs: new Map() };
  for (const section of definition.sections) {
    let box;
    if (section.fold) {
      box = document.createElement("details");
      box.open = section.open;
      const summary = document.createElement("summary");
      summary.textContent = section.title;
      box.append(summary);
    } else {
      box = document.createElement("div");
      if (section.title) {
        const heading = document.createElement("div");
        heading.className = "ro-heading";
        heading.textContent = section.title;
        box.append(heading);
      }
    }
    box.classList.add("ro-section");
    for (const name of section.items) {
      const field = fields.get(name);
      if (field) {
        const row = document.createElement("div");
        row.className = `ro-row ro-kind-${field.kind}`;
        const element = control(field, onChange);
        if (field.kind !== "button") {
          const label = document.createElement("label");
          label.textContent = field.label;
          element.id = uid(name);
          if (field.kind !== "toggle") label.htmlFor = element.id;
          row.append(label);
        }
        row.append(element);
        if (element.roList) row.append(element.roList);
        const message = document.createElement("div");
        message.className = "ro-message";
        message.setAttribute("aria-live", "polite");
        row.append(message);
        box.append(row);
        setValue(element, field, values[name] ?? field.default);
        parts.controls.set(name, element);
        parts.rows.set(name, row);
        parts.messages.set(name, message);
      } else {
        const output = document.createElement("div");
        output.className = "ro-output";
        output.dataset.output = name;
        box.append(output);
        parts.outputs.set(name, output);
      }
    }
    root.append(box);
  }
  return { root, fields, parts };
}

function apply(drawn, view) {
  const { fields, parts } = drawn;
  for (const [name, value] of Object.entries(view.values)) {
    const element = parts.controls.get(name);
    if (element) setValue(element, fields.get(name), value);
  }
  for (const [name, element] of parts.controls) {
    element.disabled = view.disabled.includes(name);
    const message = view.messages[name] ?? "";
    parts.messages.get(name).textContent = message;
    parts.rows.get(name).classList.toggle("ro-invalid", message !== "");
    if (message) element.setAttribute("aria-invalid", "true");
    else element.removeAttribute("aria-invalid");
    parts.rows.get(name).hidden = view.hidden.includes(name);
  }
  for (const [name, element] of parts.outputs) {
    const html = view.html[name] ?? "";
    if (element.roHtml !== html) {
      element.innerHTML = html; // rendered and escaped by the panel's Python function
      element.roHtml = html;
    }
    element.hidden = view.hidden.includes(name);
  }
}

// -- Python in this tab -----------------------------------------------------------------------

// Milliseconds since navigation at each stage of going live (read by bench/live_panels.py).
const times = {};
window.roLiveTimes = times;

async function fetchBytes(path) {
  const response = await fetch(new URL(path, document.baseURI));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

// A memory snapshot of Python already started with the panels imported (made at build time by
// docs/_hooks/snapshot.mjs), gzipped; a server that already undid the gzip is fine too.
async function fetchSnapshot(path) {
  const bytes = await fetchBytes(path);
  const head = new Uint8Array(bytes, 0, 2);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

// Start Python from the memory snapshot when the page names one, else (or if that fails) anew.
async function bootPyodide(loadPyodide, indexURL, memorySnapshot) {
  if (memorySnapshot && typeof DecompressionStream === "function") {
    try {
      const restoring = fetchSnapshot(memorySnapshot);
      const pyodide = await loadPyodide({ indexURL, _loadSnapshot: restoring });
      times.restored = true;
      return pyodide;
    } catch (error) {
      console.warn("recall-outlook live panels: starting Python without its memory snapshot:",
        error);
    }
  }
  times.restored = false;
  return loadPyodide({ indexURL });
}

async function startPython(config, withServer) {
  const base = new URL(config.pyodide, document.baseURI);
  const wheels = [...config.core, ...(withServer ? config.server : [])];
  const archives = Promise.all(wheels.map(fetchBytes));
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  const pyodide = await bootPyodide(loadPyodide, base.href, config.memory_snapshot);
  times.pyodide = performance.now();
  const site = pyodide.runPython("import site; site.getsitepackages()[0]");
  for (const archive of await archives) {
    pyodide.unpackArchive(archive, "wheel", { extractDir: site });
  }
  times.wheels = performance.now();
  const api = pyodide.pyimport(config.module);
  if (times.restored) api.restored(site);
  times.imported = performance.now();
  return api;
}

function goLive(api, panel) {
  const definition = JSON.parse(api.definition_json(panel.panel));
  const values = { ...panel.values };
  let drawn;
  const update = (event) => {
    for (const [name, element] of drawn.parts.controls) {
      values[name] = getValue(element, drawn.fields.get(name));
    }
    const view = JSON.parse(api.update_json(panel.panel, JSON.stringify(values), event));
    Object.assign(values, view.values);
    apply(drawn, view);
    panel.host.dispatchEvent(new CustomEvent("ro-live-update", { detail: { event } }));
  };
  drawn = draw(definition, values, update);
  update(panel.event);
  panel.host.append(drawn.root);
  badge(panel.host, NOTE, "live");
}

async function main() {
  const configBlock = document.getElementById(CONFIG_ID);
  const blocks = Array.from(document.querySelectorAll(PANEL_BLOCKS));
  if (!configBlock || blocks.length === 0) return;
  const config = readJson(configBlock);
  const panels = blocks.map((block) => ({
    ...readJson(block),
    host: block.closest(".jp-OutputArea-output") ?? block.parentElement,
  }));
  if (typeof WebAssembly !== "object") {
    for (const panel of panels) {
      badge(panel.host, "Snapshot: this browser cannot run WebAssembly, so this panel shows " +
        "the results it was saved with and does not react to changes.", "snapshot");
    }
    return;
  }
  for (const panel of panels) {
    badge(panel.host, "Loading: this is a saved snapshot; the panel goes live once Python has " +
      "started in this tab.", "loading");
  }
  let api;
  times.start = performance.now();
  try {
    api = await startPython(config, panels.some((panel) => panel.server));
  } catch (error) {
    for (const panel of panels) {
      badge(panel.host, `Snapshot: the live panel could not start (${error}).`, "snapshot");
    }
    throw error;
  }
  for (const panel of panels) {
    try {
      goLive(api, panel);
    } catch (error) {
      badge(panel.host, `Snapshot: this panel could not go live (${error}).`, "snapshot");
      console.warn("recall-outlook live panel:", error);
    }
  }
  times.live = performance.now();
  document.dispatchEvent(new CustomEvent("ro-live-ready"));
}

main().catch((error) => console.warn("recall-outlook live panels:", error));
