// The math arrives typeset (KaTeX runs at build time). A display equation too wide for the column
// scrolls sideways: keyboard users must be able to reach it, so such an equation is made focusable and
// named. Which ones scroll depends on the width of the screen and on the fonts, so it is checked here,
// only where the browser has laid the equation out anyway (never forcing the layout of a long page):
// once the page has loaded and painted, for the equations it rendered; and for an equation further down,
// which the browser renders only when it comes near the screen (content-visibility, see downhill.css),
// when that happens. Again after the fonts are in and after a resize.
(() => {
  const root = document.documentElement;

  function mark(box) {
    if (box.hasAttribute("tabindex")) return;
    if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "equation (scrolls sideways)");
    }
  }

  // The equations the browser has rendered (not those whose content it skips for now).
  const rendered = () => [...document.querySelectorAll(".katex-display:not([tabindex])")].filter((box) => {
    const inner = box.firstElementChild;
    return !inner || !inner.checkVisibility || inner.checkVisibility({ contentVisibilityAuto: true });
  });

  // After the next paint, when the layout is up to date: reading sizes then costs nothing more.
  const afterPaint = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));

  function checkRendered() {
    afterPaint(() => {
      rendered().forEach(mark);
      root.dataset.equationsChecked = "";
    });
  }

  // A block (an equation, or a paragraph, list or fold holding one) the browser starts rendering as it
  // nears the screen.
  document.addEventListener("contentvisibilityautostatechange", (event) => {
    const block = event.target;
    if (event.skipped || !(block instanceof Element)) return;
    const boxes = block.matches(".katex-display") ? [block] : [...block.querySelectorAll(".katex-display")];
    if (boxes.length) afterPaint(() => boxes.forEach(mark));
  }, true);

  let resized;
  const start = () => {
    checkRendered();
    if (document.fonts) document.fonts.ready.then(checkRendered);
  };
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(checkRendered, 200);
  });
})();
