// Render the TeX that pymdownx.arithmatex leaves in <span class="arithmatex"> and <div class="arithmatex">,
// with the KaTeX copy served by this site. Runs on first load and after every instant navigation.
function renderMath() {
  for (const el of document.querySelectorAll(".arithmatex")) {
    if (el.dataset.rendered) continue;
    const tex = el.textContent.trim();
    const display = tex.startsWith("\\[");
    const body = tex.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
    try {
      katex.render(body, el, { displayMode: display, throwOnError: false });
    } catch (err) {
      console.warn("KaTeX could not render:", body, err);
    }
    el.dataset.rendered = "1";
  }
}
if (typeof document$ !== "undefined") {
  document$.subscribe(renderMath);
} else {
  document.addEventListener("DOMContentLoaded", renderMath);
}
