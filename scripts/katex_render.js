// Typesets TeX with the vendored KaTeX (scripts/vendor/node_modules/katex) for the build: the site's
// pages arrive with their math already typeset, and no formula is typeset in the browser.
//
// One long-lived process per build (or per `mkdocs serve`), driven by scripts/katex_ssr.py: each line
// on stdin is a JSON batch {"formulas": [[tex, display], ...]}; each line on stdout is the answer
// {"results": [[html, error], ...]}, in the same order: `html` is KaTeX's HTML and MathML (the MathML
// is what assistive technology reads), `error` is null or KaTeX's message for TeX it cannot parse (the
// formula is then shown as KaTeX shows errors, and the build warns).
"use strict";
const path = require("path");
const readline = require("readline");
const katex = require(path.join(__dirname, "vendor", "node_modules", "katex"));

const OPTIONS = { output: "htmlAndMathml", throwOnError: true, strict: "ignore" };

function render(tex, display) {
  try {
    return [katex.renderToString(tex, { ...OPTIONS, displayMode: display }), null];
  } catch (err) {
    const html = katex.renderToString(tex, { ...OPTIONS, displayMode: display, throwOnError: false });
    return [html, String(err && err.message ? err.message : err)];
  }
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) return;
  let answer;
  try {
    const { formulas } = JSON.parse(line);
    answer = { results: formulas.map(([tex, display]) => render(tex, Boolean(display))) };
  } catch (err) {
    answer = { fatal: String(err && err.stack ? err.stack : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
lines.on("close", () => process.exit(0));
