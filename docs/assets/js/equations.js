// The math arrives typeset (KaTeX runs at build time). A display equation too wide for the column
// scrolls sideways: keyboard users must be able to reach it, so such an equation is made focusable and
// named. Which ones scroll depends on the width of the screen and on the fonts, so it is checked in the
// browser: in idle time after the page has loaded, a few equations at a time (never one long task on a
// long page), and again when the fonts are in and after a resize.
(() => {
  const idle = window.requestIdleCallback || ((fn) => setTimeout(() => fn({ timeRemaining: () => 8 }), 50));
  let queue = [];
  let scheduled = false;

  function work(deadline) {
    scheduled = false;
    const wide = [];
    while (queue.length && deadline.timeRemaining() > 2) {
      const box = queue.pop();
      if (box.hasAttribute("tabindex") || !box.isConnected) continue;
      if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) wide.push(box);
    }
    for (const box of wide) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "equation (scrolls sideways)");
    }
    if (queue.length) schedule();
    else document.documentElement.dataset.equationsChecked = "";
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      idle(work, { timeout: 2000 });
    }
  }

  function check() {
    delete document.documentElement.dataset.equationsChecked;
    queue = [...document.querySelectorAll(".katex-display:not([tabindex])")].reverse();
    schedule();
  }

  let resized;
  const start = () => {
    check();
    if (document.fonts) document.fonts.ready.then(check);
  };
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(check, 200);
  });
  if (typeof document$ !== "undefined") document$.subscribe(() => document.readyState === "complete" && check());
})();
