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
  markScrollable();
}

// A display equation too wide for the column scrolls sideways: keyboard users must be able to reach it.
// Checked again once the fonts are in and on every resize, since both change the width.
function markScrollable() {
  for (const box of document.querySelectorAll(".katex-display")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "equation (scrolls sideways)");
    }
  }
}
if (typeof document$ !== "undefined") {
  document$.subscribe(renderMath);
} else {
  document.addEventListener("DOMContentLoaded", renderMath);
}
window.addEventListener("load", markScrollable);
window.addEventListener("resize", markScrollable);
if (document.fonts) document.fonts.ready.then(markScrollable);
