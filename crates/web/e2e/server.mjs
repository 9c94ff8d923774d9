// Shared by the browser tests: a free port on 127.0.0.1, and the runstrong
// binary serving a database on it (resolves once it prints its address).
import { spawn } from "node:child_process";
import { createServer } from "node:net";

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

export function serve(bin, db, port, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["--db", db, "serve", "--bind", `127.0.0.1:${port}`], {
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + out)), 30000);
    child.stdout.on("data", (d) => { out += d; if (out.includes("running at")) { clearTimeout(timer); resolve(child); } });
    child.stderr.on("data", (d) => { out += d; });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${out}`)); });
  });
}
