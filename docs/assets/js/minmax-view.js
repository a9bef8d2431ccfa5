/* The Downhill playground's two-player view: a game min_x max_y f(x, y), its vector field, and the
 * trajectories of four methods, live, in the browser.
 *
 * Plain JavaScript and SVG, like playground.js. The numerical part follows lessonlib.minmax operation by
 * operation, so the browser's iterates are lessonlib's iterates. With V(z) = (∂f/∂x, −∂f/∂y):
 *   gda            z = z − η V(z)                                   (gda)
 *   alternating    x' = x − η ∂f/∂x(x, y);  y = y + η ∂f/∂y(x', y)    (gda(..., alternating=True))
 *   extragradient  z½ = z − η V(z);  z = z − η V(z½)                  (extragradient)
 *   optimistic     z = z − 2η V(z_k) + η V(z_{k−1}), V(z_{−1}) = V(z_0) (optimistic_gda)
 * and the book-keeping of lessonlib.result.Run: stop when ‖V‖ ≤ 1e-10 ("converged"), when
 * ‖z‖ > 1e8·max(1, ‖z₀‖) ("diverged"), when V is not finite ("nonfinite"); otherwise "max_iter".
 *
 * window.MinmaxView.run({game, method, eta, steps, x0, y0}) runs one experiment without touching the
 * page (for tests against lessonlib); MinmaxView.mount(element) draws the view into an element
 * (done automatically for an element with id "mm-root").
 */
(function () {
  "use strict";

  // Games, with the partial gradients written as the lesson writes them.
  const GAMES = {
    bilinear: {
      label: "f(x, y) = xy", gx: (x, y) => y, gy: (x, y) => x, eq: [0, 0], lim: 2.5, x0: [1, 0], eta: 0.2, steps: 60,
      note: (eta) => `On xy, GDA grows the distance by √(1 + η²) = ${Math.sqrt(1 + eta * eta).toFixed(4)} per step; ` +
        `extragradient shrinks it by √(1 − η² + η⁴) = ${Math.sqrt(1 - eta * eta + eta ** 4).toFixed(4)}.`,
    },
    strongly: {
      label: "f(x, y) = ½cx² + xy − ½cy², c = 0.3", gx: (x, y) => 0.3 * x + y, gy: (x, y) => x - 0.3 * y,
      eq: [0, 0], lim: 2.5, x0: [1, 1], eta: 0.2, steps: 60,
      note: (eta) => `GDA converges here exactly when η < 2c/(1 + c²) = ${(0.6 / 1.09).toFixed(4)}` +
        ` (η = ${eta} ${eta < 0.6 / 1.09 ? "is" : "is not"}).`,
    },
    gan: {
      label: "1-D GAN: f(θ, w) = w(μ − θ), μ = 3", gx: (x, y) => -y, gy: (x, y) => 3 - x, eq: [3, 0],
      lim: 3, x0: [0, 0], eta: 0.1, steps: 300,
      note: () => "The generator θ (horizontal) should settle on the mean μ = 3, the discriminator w on 0.",
    },
  };

  const METHODS = {
    gda: { label: "simultaneous GDA", color: "#d55e00" },
    alternating: { label: "alternating GDA", color: "#e69f00" },
    extragradient: { label: "extragradient", color: "#009e73" },
    optimistic: { label: "optimistic GDA", color: "#0072b2" },
  };

  const TOL = 1e-10;
  const BOUND = 1e8;

  function run(config) {
    const game = typeof config.game === "string" ? GAMES[config.game] : config.game;
    const eta = Number(config.eta), steps = Math.floor(Number(config.steps));
    const method = config.method;
    if (!(eta > 0) || !Number.isFinite(eta)) throw new Error(`eta must be a finite number > 0, got ${config.eta}.`);
    if (!(steps >= 1)) throw new Error(`steps must be an integer >= 1, got ${config.steps}.`);
    if (!METHODS[method]) throw new Error(`unknown method ${method}.`);
    let x = Number(config.x0), y = Number(config.y0);
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error("the starting point must be finite.");
    const V = (a, b) => [game.gx(a, b), -game.gy(a, b)];
    const bound = BOUND * Math.max(1, Math.hypot(x, y));
    const path = [[x, y]];
    let v = V(x, y), vOld = v, status = null, nit = 0;
    const check = () => {
      const size = Math.hypot(x, y);
      if (!Number.isFinite(size) || size > bound) status = "diverged";
      else if (!Number.isFinite(v[0]) || !Number.isFinite(v[1])) status = "nonfinite";
      else if (Math.hypot(v[0], v[1]) <= TOL) status = "converged";
    };
    check();
    for (let k = 0; k < steps && status === null; k++) {
      if (method === "gda") {
        x = x - eta * v[0]; y = y - eta * v[1];
      } else if (method === "alternating") {
        const xNew = x - eta * v[0];
        y = y + eta * game.gy(xNew, y); x = xNew;
      } else if (method === "extragradient") {
        const h = V(x - eta * v[0], y - eta * v[1]);
        x = x - eta * h[0]; y = y - eta * h[1];
      } else {
        x = x - 2 * eta * v[0] + eta * vOld[0]; y = y - 2 * eta * v[1] + eta * vOld[1];
      }
      vOld = v;
      v = V(x, y);
      nit += 1;
      path.push([x, y]);
      check();
    }
    return { path, nit, status: status || "max_iter", x, y };
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing
  // ---------------------------------------------------------------------------------------------
  const SVGNS = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    const node = document.createElementNS(SVGNS, name);
    for (const [k, val] of Object.entries(attrs || {})) node.setAttribute(k, val);
    if (parent) parent.appendChild(node);
    return node;
  }

  function mount(root) {
    if (root.dataset.mounted) return;
    root.dataset.mounted = "1";
    root.classList.add("pg", "mm");
    root.innerHTML = `
<figure class="pg-figure">
<svg class="pg-plot mm-plot" viewBox="0 0 420 420" style="width:100%;max-width:420px;cursor:crosshair" role="img" aria-describedby="mm-caption"></svg>
<figcaption id="mm-caption" aria-live="polite"></figcaption>
</figure>
<div class="pg-controls" role="group" aria-label="Game settings">
<div class="pg-field pg-wide"><label for="mm-game">Game</label><select id="mm-game"></select></div>
<fieldset class="pg-field pg-wide"><legend>Methods</legend><span id="mm-methods"></span></fieldset>
<div class="pg-field pg-wide"><label for="mm-eta">Step size η = <output id="mm-eta-value" for="mm-eta"></output></label>
<input type="range" id="mm-eta" min="0.01" max="1" step="0.01"></div>
<div class="pg-field pg-wide"><label for="mm-steps">Steps = <output id="mm-steps-value" for="mm-steps"></output></label>
<input type="range" id="mm-steps" min="1" max="500" step="1"></div>
<p class="pg-field pg-wide">Click the plot to move the start.</p>
</div>`;
    const svg = root.querySelector(".mm-plot");
    const caption = root.querySelector("#mm-caption");
    const gameSel = root.querySelector("#mm-game");
    const etaIn = root.querySelector("#mm-eta"), stepsIn = root.querySelector("#mm-steps");
    const methodsBox = root.querySelector("#mm-methods");
    for (const [key, g] of Object.entries(GAMES)) gameSel.add(new Option(g.label, key));
    const shown = {};
    for (const [key, m] of Object.entries(METHODS)) {
      shown[key] = true;
      const id = `mm-m-${key}`;
      methodsBox.insertAdjacentHTML("beforeend",
        `<input type="checkbox" id="${id}" checked><label for="${id}"><span aria-hidden="true" style="display:inline-block;width:1.6em;height:0.3em;vertical-align:middle;margin-right:0.3em;background:${m.color}"></span>${m.label}</label> `);
      root.querySelector(`#${id}`).addEventListener("change", (e) => { shown[key] = e.target.checked; draw(); });
    }
    const state = { game: "bilinear", start: GAMES.bilinear.x0.slice() };
    const reset = () => {
      const g = GAMES[state.game];
      state.start = g.x0.slice(); etaIn.value = g.eta; stepsIn.value = g.steps;
    };
    gameSel.addEventListener("change", () => { state.game = gameSel.value; reset(); draw(); });
    etaIn.addEventListener("input", draw);
    stepsIn.addEventListener("input", draw);
    svg.addEventListener("click", (e) => {
      const r = svg.getBoundingClientRect(), g = GAMES[state.game];
      const u = (e.clientX - r.left) / r.width, w = (e.clientY - r.top) / r.height;
      state.start = [g.eq[0] + (2 * u - 1) * g.lim, g.eq[1] + (1 - 2 * w) * g.lim];
      draw();
    });

    function draw() {
      const g = GAMES[state.game], eta = Number(etaIn.value), steps = Number(stepsIn.value);
      root.querySelector("#mm-eta-value").textContent = eta.toFixed(2);
      root.querySelector("#mm-steps-value").textContent = String(steps);
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const S = 420, sx = (x) => ((x - g.eq[0]) / g.lim + 1) * S / 2, sy = (y) => (1 - (y - g.eq[1]) / g.lim) * S / 2;
      el("rect", { x: 0, y: 0, width: S, height: S, fill: "none", stroke: "var(--pg-faint, #ccc)" }, svg);
      el("line", { x1: 0, x2: S, y1: sy(g.eq[1]), y2: sy(g.eq[1]), stroke: "var(--pg-faint, #ccc)" }, svg);
      el("line", { y1: 0, y2: S, x1: sx(g.eq[0]), x2: sx(g.eq[0]), stroke: "var(--pg-faint, #ccc)" }, svg);
      // the field: arrows along −V (the direction of a GDA step), scaled to the grid
      const n = 13, cell = 2 * g.lim / (n - 1);
      let vmax = 0;
      const arrows = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const x = g.eq[0] - g.lim + i * cell, y = g.eq[1] - g.lim + j * cell;
        const d = [-g.gx(x, y), g.gy(x, y)];
        vmax = Math.max(vmax, Math.hypot(d[0], d[1]));
        arrows.push([x, y, d]);
      }
      for (const [x, y, d] of arrows) {
        const s = 0.42 * cell / (vmax || 1);
        const x2 = x + s * d[0], y2 = y + s * d[1];
        el("line", { x1: sx(x), y1: sy(y), x2: sx(x2), y2: sy(y2), stroke: "var(--pg-muted, #777)", "stroke-width": 1 }, svg);
        el("circle", { cx: sx(x2), cy: sy(y2), r: 1.4, fill: "var(--pg-muted, #777)" }, svg);
      }
      el("path", { d: `M${sx(g.eq[0])} ${sy(g.eq[1]) - 7}l2 5h5l-4 3 2 6-5-4-5 4 2-6-4-3h5z`, fill: "var(--pg-ink, #222)" }, svg);
      const lines = [];
      for (const [key, m] of Object.entries(METHODS)) {
        if (!shown[key]) continue;
        const res = run({ game: g, method: key, eta, steps, x0: state.start[0], y0: state.start[1] });
        const pts = res.path.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ");
        el("polyline", { points: pts, fill: "none", stroke: m.color, "stroke-width": 1.8 }, svg);
        const last = res.path[res.path.length - 1];
        const dist = Math.hypot(last[0] - g.eq[0], last[1] - g.eq[1]);
        lines.push(`${m.label}: ${res.status} after ${res.nit} steps, distance to the equilibrium ${dist < 1e-6 ? "< 1e-6" : dist.toPrecision(3)}`);
      }
      el("rect", { x: sx(state.start[0]) - 4, y: sy(state.start[1]) - 4, width: 8, height: 8, fill: "var(--pg-handle, #0072b2)" }, svg);
      svg.setAttribute("aria-label", `${g.label}: vector field and trajectories from (${state.start.map((v) => v.toFixed(2)).join(", ")})`);
      caption.textContent = `${g.label}, η = ${eta.toFixed(2)}, start (${state.start.map((v) => v.toFixed(2)).join(", ")}). ` +
        lines.join("; ") + ". " + g.note(eta);
    }
    gameSel.value = state.game;
    reset();
    draw();
  }

  window.MinmaxView = { run, mount, GAMES, METHODS };
  const start = () => { const root = document.getElementById("mm-root"); if (root) mount(root); };
  // A task of its own (see playground.js).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => setTimeout(start));
  else start();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
})();
