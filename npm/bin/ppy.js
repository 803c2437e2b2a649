#!/usr/bin/env node
// npx ppy: find the Python `ppy` (caspian-prisma) and run it with our
// arguments, standard streams and exit code. See ../README.md.
"use strict";

const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const isWin = process.platform === "win32";
const self = safeRealpath(__filename);

function safeRealpath(p) {
  try {
    return fs.realpathSync(p);
  } catch (e) {
    return p;
  }
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch (e) {
    return false;
  }
}

// A Python console script (not this launcher, not another Node shim).
function isPythonPpy(p) {
  if (!isFile(p) || safeRealpath(p) === self) return false;
  if (isWin) return /\.exe$/i.test(p);
  try {
    const fd = fs.openSync(p, "r");
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const head = buf.slice(0, n).toString("utf8");
    const first = head.split("\n")[0];
    // pip writes "#!/path/python"; long paths get a sh trampoline with exec python.
    return first.startsWith("#!") && (/python/.test(first) || /exec .*python/.test(head));
  } catch (e) {
    return false;
  }
}

function venvCandidates(dir) {
  const out = [];
  for (const venv of [".venv", "venv"]) {
    out.push(isWin ? path.join(dir, venv, "Scripts", "ppy.exe") : path.join(dir, venv, "bin", "ppy"));
  }
  return out;
}

function findPpy() {
  if (process.env.PPY_PYTHON_PPY) return { cmd: process.env.PPY_PYTHON_PPY, args: [] };
  // 1. the project's virtual environment, from the working directory up
  let dir = process.cwd();
  for (;;) {
    for (const c of venvCandidates(dir)) if (isPythonPpy(c)) return { cmd: c, args: [] };
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // 2. an activated virtual environment, then PATH
  if (process.env.VIRTUAL_ENV) {
    for (const c of venvCandidates(path.dirname(process.env.VIRTUAL_ENV)).concat([
      path.join(process.env.VIRTUAL_ENV, isWin ? "Scripts" : "bin", isWin ? "ppy.exe" : "ppy"),
    ])) {
      if (isPythonPpy(c)) return { cmd: c, args: [] };
    }
  }
  for (const d of (process.env.PATH || "").split(path.delimiter)) {
    if (!d) continue;
    const c = path.join(d, isWin ? "ppy.exe" : "ppy");
    if (isPythonPpy(c)) return { cmd: c, args: [] };
  }
  // 3. the module, with the first Python that has it
  for (const py of isWin ? ["python", "py"] : ["python3", "python"]) {
    const probe = spawnSync(py, ["-c", "import caspian_prisma.cli"], { stdio: "ignore" });
    if (probe.status === 0) return { cmd: py, args: ["-m", "caspian_prisma.cli"] };
  }
  return null;
}

function main() {
  const found = findPpy();
  if (!found) {
    process.stderr.write(
      "ppy: the Python package caspian-prisma is not installed here.\n\n" +
        "Looked for .venv/bin/ppy in this folder and its parents, for ppy on PATH, and for\n" +
        "`python3 -m caspian_prisma.cli`. Install it into the project's virtual environment:\n\n" +
        "  python3 -m venv .venv\n" +
        "  .venv/bin/pip install caspian-prisma\n\n" +
        "then run npx ppy again (or set PPY_PYTHON_PPY to the ppy executable).\n"
    );
    process.exit(1);
  }
  const child = spawn(found.cmd, found.args.concat(process.argv.slice(2)), { stdio: "inherit" });
  // Ctrl-C reaches the child directly (same process group): wait for it.
  const forward = (sig) => () => {
    if (sig !== "SIGINT") child.kill(sig);
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, forward(sig));
  child.on("error", (err) => {
    process.stderr.write(`ppy: could not run ${found.cmd}: ${err.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code === null ? 1 : code);
  });
}

main();
