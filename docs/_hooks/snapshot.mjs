// Make a Pyodide memory snapshot for the live panels (run by docs/_hooks/live_snapshot.py).
//
//   node snapshot.mjs PYODIDE_DIR OUT.gz PYTHON_CODE WHEEL...
//
// Boots the Pyodide in PYODIDE_DIR (the files the site serves) in Node, unpacks the wheels
// into its site-packages, runs PYTHON_CODE (which imports the panels and runs each once) and
// writes the interpreter's memory, gzipped, to OUT.gz. A page that loads this snapshot skips
// starting CPython and importing the package: Pyodide's `_loadSnapshot` option restores the
// memory as it was here. Files are not part of the memory, so the page unpacks the same wheels
// again after restoring it.

import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [pyodideDir, out, code, ...wheels] = process.argv.slice(2);
if (!pyodideDir || !out || code === undefined) {
  console.error("usage: node snapshot.mjs PYODIDE_DIR OUT.gz PYTHON_CODE WHEEL...");
  process.exit(2);
}
const indexURL = `${resolve(pyodideDir)}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
const initial = pyodide._module.HEAP8.length;
const site = pyodide.runPython("import site; site.getsitepackages()[0]");
for (const wheel of wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: site });
}
pyodide.runPython(code);
// Pyodide restores a snapshot into the memory the interpreter starts with; one taken after the
// memory grew cannot be restored (the page would start without it), so that is an error here.
const size = pyodide._module.HEAP8.length;
if (size > initial) {
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  console.error(`Error: the memory grew to ${mib(size)} while the panels were prepared; ` +
    `Pyodide restores a snapshot only into its initial ${mib(initial)}`);
  process.exit(1);
}
writeFileSync(out, gzipSync(pyodide.makeMemorySnapshot(), { level: 9 }));
