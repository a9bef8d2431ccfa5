/* The Downhill playground: gradient descent, momentum, Nesterov, Adam and Newton, live, in the browser.
 *
 * Plain JavaScript and SVG. The numerical part (problems, methods, the run loop) follows lessonlib
 * operation by operation, so the browser's iterates are lessonlib's iterates:
 *   gd        x = x − η g                                   (lessonlib.gd.gradient_descent)
 *   momentum  v = β v − η g;  x = x + v                     (lessonlib.adaptive.momentum)
 *   nesterov  v = β v − η g;  x = x + (β v − η g)           (lessonlib.adaptive.nesterov)
 *   adam      t = k + 1;  m = β₁ m + (1 − β₁) g;  v = β₂ v + (1 − β₂) g²;
 *             m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  x = x + (−η m̂ / (√v̂ + ε))   (lessonlib.adaptive.adam)
 *   newton    solve H p = −g (LU with partial pivoting);  x = x + p     (lessonlib.newton.newton, pure)
 * and the book-keeping of lessonlib.result.Run: stop when ‖∇f‖ ≤ 1e-8 ("converged"), when
 * ‖x‖ > 1e8·max(1, ‖x₀‖) ("diverged") or f or ∇f is not finite ("nonfinite"); after the last step,
 * a loss higher than at the start is "diverged" too. A converged Newton run is checked once more at
 * its last point, as lessonlib.newton.check_second_order does: a Hessian with a negative eigenvalue
 * there makes it "not_minimum" (a saddle point or a maximum).
 *
 * window.Playground.run(config) runs one experiment without touching the page (the tests compare it
 * with lessonlib); the rest draws the page.
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------------------------------------
  // Problems: f, its gradient and Hessian, written as lessonlib.problems writes them.
  // ---------------------------------------------------------------------------------------------
  const PROBLEMS = {
    square: {
      view: "1d", label: "x²", title: "f(x) = x²",
      f: (x) => x[0] * x[0],
      grad: (x) => [2 * x[0]],
      hess: () => [[2]],
      eigenvalues: () => [2],
      x0: [1.5], xlim: [-3, 3], eta: 0.1, steps: 20, minima: [[0]],
    },
    parabola: {
      view: "1d", label: "x² − 4x + 5", title: "f(x) = x² − 4x + 5",
      f: (x) => x[0] * x[0] - 4 * x[0] + 5,
      grad: (x) => [2 * x[0] - 4],
      hess: () => [[2]],
      eigenvalues: () => [2],
      x0: [0], xlim: [-1, 5], eta: 0.1, steps: 20, minima: [[2]],
    },
    double_well: {
      view: "1d", label: "x⁴ − 4x² + 1, double well", title: "f(x) = x⁴ − 4x² + 1",
      f: (x) => Math.pow(x[0], 4) - 4 * (x[0] * x[0]) + 1,
      grad: (x) => [4 * Math.pow(x[0], 3) - 8 * x[0]],
      hess: (x) => [[12 * (x[0] * x[0]) - 8]],
      x0: [0.5], xlim: [-2.5, 2.5], eta: 0.05, steps: 30, minima: [[-Math.SQRT2], [Math.SQRT2]],
    },
    wiggle: {
      view: "1d", label: "x² + 3 sin²(2x), wiggle", title: "f(x) = x² + 3 sin²(2x)",
      f: (x) => x[0] * x[0] + 3 * (Math.sin(2 * x[0]) * Math.sin(2 * x[0])),
      grad: (x) => [2 * x[0] + 6 * Math.sin(4 * x[0])],
      hess: (x) => [[2 + 24 * Math.cos(4 * x[0])]],
      x0: [2.5], xlim: [-3.5, 3.5], eta: 0.02, steps: 40, minima: [[0]],
    },
    quadratic: {
      view: "2d", label: "½(w₁² + κw₂²), valley", title: "f(w) = ½(w₁² + κ w₂²)",
      make: (kappa) => ({
        f: (x) => 0.5 * (x[0] * x[0] + kappa * (x[1] * x[1])),
        grad: (x) => [x[0], kappa * x[1]],
        hess: () => [[1, 0], [0, kappa]],
        eigenvalues: () => [1, kappa],
      }),
      x0: [2.5, 1.5], xlim: [-3, 3], ylim: [-3, 3], eta: 0.15, steps: 40, minima: [[0, 0]], levels: "log",
    },
    rosenbrock: {
      view: "2d", label: "Rosenbrock", title: "f(x, y) = 100 (y − x²)² + (1 − x)²",
      f: (x) => { const t = x[1] - x[0] * x[0], u = 1 - x[0]; return 100 * (t * t) + u * u; },
      grad: (x) => {
        const t = x[1] - x[0] * x[0];
        return [-400 * x[0] * t - 2 * (1 - x[0]), 0 + 200 * t];
      },
      hess: (x) => [[1200 * (x[0] * x[0]) - 400 * x[1] + 2, -400 * x[0]], [-400 * x[0], 200]],
      x0: [-1.2, 1], xlim: [-2, 2], ylim: [-1, 3], eta: 0.001, steps: 300, minima: [[1, 1]], levels: "log",
    },
    saddle: {
      view: "2d", label: "x² − y², saddle", title: "f(x, y) = x² − y²",
      f: (x) => x[0] * x[0] - x[1] * x[1],
      grad: (x) => [2 * x[0], -2 * x[1]],
      hess: () => [[2, 0], [0, -2]],
      eigenvalues: () => [2, -2],
      x0: [1.5, 0.01], xlim: [-2, 2], ylim: [-2, 2], eta: 0.1, steps: 40, saddles: [[0, 0]], levels: "linear",
    },
    himmelblau: {
      view: "2d", label: "Himmelblau", title: "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
      f: (x) => { const r0 = x[0] * x[0] + x[1] - 11, r1 = x[0] + x[1] * x[1] - 7; return r0 * r0 + r1 * r1; },
      grad: (x) => {
        // 2 Jᵀr with r = (x² + y − 11, x + y² − 7), J = [[2x, 1], [1, 2y]]
        const r0 = x[0] * x[0] + x[1] - 11, r1 = x[0] + x[1] * x[1] - 7;
        return [2 * (2 * x[0] * r0 + 1 * r1), 2 * (1 * r0 + 2 * x[1] * r1)];
      },
      hess: (x) => {
        const r0 = x[0] * x[0] + x[1] - 11, r1 = x[0] + x[1] * x[1] - 7;
        const a = 2 * x[0], d = 2 * x[1];
        return [[2 * (a * a + 1 + r0 * 2), 2 * (a + d)], [2 * (a + d), 2 * (1 + d * d + r1 * 2)]];
      },
      x0: [0, 0], xlim: [-6, 6], ylim: [-6, 6], eta: 0.01, steps: 100, levels: "log",
      minima: [[3, 2], [-2.805118086952745, 3.131312518250573], [-3.77931025337775, -3.28318599128617],
        [3.584428340330492, -1.848126526964404]],
    },
  };
  const VIEWS = {
    "1d": ["square", "parabola", "double_well", "wiggle"],
    "2d": ["quadratic", "rosenbrock", "saddle", "himmelblau"],
  };
  const METHODS = {
    gd: "Gradient descent", momentum: "Momentum (heavy ball)", nesterov: "Nesterov",
    adam: "Adam", newton: "Newton",
  };
  const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const TOL = 1e-8;                 // lessonlib's default tol
  const DIVERGENCE_BOUND = 1e8;     // lessonlib.result.DIVERGENCE_BOUND
  const LIMITS = { eta: [1e-4, 10], steps: [1, 1000], kappa: [1, 100], beta: [0, 0.99], x0: [-1e6, 1e6] };

  /**
   * True when `key` is a string naming an entry of the table itself. A name from the URL is only ever
   * looked up this way: `PROBLEMS["constructor"]` or `METHODS["__proto__"]` would find what every
   * object inherits, not an entry.
   */
  function own(table, key) {
    return typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key);
  }

  /** The problem `name` (with κ for the quadratic) as {f, grad, hess, eigenvalues?, ...}. */
  function problem(name, kappa) {
    if (!own(PROBLEMS, name)) throw new Error("unknown problem " + String(name));
    const p = PROBLEMS[name];
    return p.make ? Object.assign({}, p, p.make(kappa)) : p;
  }

  // ---------------------------------------------------------------------------------------------
  // Small linear algebra, in the order of the numpy/LAPACK calls it stands for.
  // ---------------------------------------------------------------------------------------------
  function norm(v) {                 // np.linalg.norm(v): sqrt(v·v)
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    return Math.sqrt(s);
  }
  function allFinite(v) {
    return v.every((a) => Number.isFinite(a));
  }

  /** Solve H p = b by LU with partial pivoting (LAPACK dgesv); null when H is singular. */
  function solve(H, b) {
    const n = b.length;
    const A = H.map((row) => row.slice());
    const y = b.slice();
    for (let j = 0; j < n; j++) {
      let piv = j;
      for (let i = j + 1; i < n; i++) if (Math.abs(A[i][j]) > Math.abs(A[piv][j])) piv = i;
      if (A[piv][j] === 0 || !Number.isFinite(A[piv][j])) return null;
      if (piv !== j) { [A[piv], A[j]] = [A[j], A[piv]]; [y[piv], y[j]] = [y[j], y[piv]]; }
      const inv = 1 / A[j][j];
      for (let i = j + 1; i < n; i++) {
        const l = A[i][j] * inv;
        for (let c = j + 1; c < n; c++) A[i][c] -= l * A[j][c];
        y[i] -= l * y[j];
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let c = i + 1; c < n; c++) s -= A[i][c] * y[c];
      y[i] = s / A[i][i];
    }
    return y;
  }

  /** Eigenvalues of a symmetric 1×1 or 2×2 matrix, ascending. */
  function symEigenvalues(H) {
    if (H.length === 1) return [H[0][0]];
    const a = H[0][0], b = H[0][1], d = H[1][1];
    const m = (a + d) / 2, r = Math.hypot((a - d) / 2, b);
    return [m - r, m + r];
  }

  // ---------------------------------------------------------------------------------------------
  // Methods: init(x) -> state, update(g, state, x, p, cfg) -> {step, state} or {fail: status}.
  // ---------------------------------------------------------------------------------------------
  const UPDATES = {
    gd: {
      init: () => ({ k: 0 }),
      // lessonlib.gd.gradient_descent: x - eta * g (the caller subtracts)
      direct: (x, g, state, cfg) => ({ x: x.map((xi, i) => xi - cfg.eta * g[i]), state: { k: state.k + 1 } }),
    },
    momentum: {
      init: (x) => ({ k: 0, v: x.map(() => 0) }),
      update: (g, s, x, cfg) => {
        const v = s.v.map((vi, i) => cfg.beta * vi - cfg.eta * g[i]);
        return { step: v, state: { k: s.k + 1, v } };
      },
    },
    nesterov: {
      init: (x) => ({ k: 0, v: x.map(() => 0) }),
      update: (g, s, x, cfg) => {
        const v = s.v.map((vi, i) => cfg.beta * vi - cfg.eta * g[i]);
        const step = v.map((vi, i) => cfg.beta * vi - cfg.eta * g[i]);
        return { step, state: { k: s.k + 1, v } };
      },
    },
    adam: {
      init: (x) => ({ k: 0, m: x.map(() => 0), v: x.map(() => 0) }),
      update: (g, s, x, cfg) => {
        const t = s.k + 1;
        const m = s.m.map((mi, i) => ADAM.beta1 * mi + (1 - ADAM.beta1) * g[i]);
        const v = s.v.map((vi, i) => ADAM.beta2 * vi + (1 - ADAM.beta2) * g[i] * g[i]);
        const c1 = 1 - Math.pow(ADAM.beta1, t), c2 = 1 - Math.pow(ADAM.beta2, t);
        const step = m.map((mi, i) => -cfg.eta * (mi / c1) / (Math.sqrt(v[i] / c2) + ADAM.eps));
        return { step, state: { k: t, m, v } };
      },
    },
    newton: {
      init: () => ({ k: 0, uphill: 0 }),
      // lessonlib.newton.newton, pure (no line search, no modification): x + p, H p = −g; η is not used
      direct: (x, g, state, cfg, p) => {
        const H = p.hess(x);
        if (!H.every(allFinite)) return { fail: "nonfinite" };
        const step = solve(H, g.map((gi) => -gi));
        if (step === null || !allFinite(step)) return { fail: "singular_hessian" };
        let slope = 0;
        for (let i = 0; i < g.length; i++) slope += g[i] * step[i];
        return { x: x.map((xi, i) => xi + step[i]), state: { k: state.k + 1, uphill: state.uphill + (slope >= 0 ? 1 : 0) } };
      },
    },
  };

  /**
   * lessonlib.newton.check_second_order: false when the (symmetrized) Hessian has an eigenvalue below
   * −1e-8·max(1, max|λ|), so the stationary point is not a minimum; true otherwise, also when the
   * eigenvalues are not finite (the run is then left as it was).
   */
  function secondOrderHolds(H) {
    const lam = symEigenvalues(H.map((row, i) => row.map((v, j) => (v + H[j][i]) / 2)));
    if (!allFinite(lam)) return true;
    const zero = 1e-8 * Math.max(1, ...lam.map(Math.abs));
    return lam[0] >= -zero;
  }

  /** The part of the plane (or line) to draw: the problem's, grown to show the start point x0. */
  function plotWindow(p, x0) {
    const grow = (lim, v) => {
      if (!Number.isFinite(v) || Math.abs(v) > 1e6) return lim.slice();
      const pad = 0.08 * (lim[1] - lim[0]);
      return [Math.min(lim[0], v - pad), Math.max(lim[1], v + pad)];
    };
    return { xlim: grow(p.xlim, x0[0]), ylim: p.ylim ? grow(p.ylim, x0[1]) : null };
  }

  /**
   * Run one experiment. config = {f, kappa, method, beta, eta, steps, x0, window?} (window: the
   * plotted {xlim, ylim}, only to say when the path left it).
   * Returns {path, values, gradNorms, status, stoppedAt, divergedAt, leftPlotAt, ...}; status is
   * lessonlib's status_name ("converged", "max_iter", "diverged", "nonfinite", "singular_hessian",
   * "not_minimum").
   */
  function run(config) {
    const cfg = Object.assign({ kappa: 10, beta: 0.9, method: "gd" }, config);
    const p = problem(cfg.f, cfg.kappa);
    if (!own(UPDATES, cfg.method)) throw new Error("unknown method " + String(cfg.method));
    const method = UPDATES[cfg.method];
    let x = cfg.x0.map(Number);
    const bound = DIVERGENCE_BOUND * Math.max(1, norm(x));
    let fx = p.f(x), g = p.grad(x);
    const path = [x.slice()], values = [fx], gradNorms = [norm(g)];
    let status = null, stoppedAt = null;

    function check(k) {
      const size = norm(x);
      if (!Number.isFinite(size) || size > bound) status = "diverged";
      else if (!Number.isFinite(fx)) status = "nonfinite";
      else if (!allFinite(g)) status = "nonfinite";
      else if (norm(g) <= TOL) status = "converged";
      if (status) stoppedAt = k;
    }

    check(0);
    let state = method.init(x);
    for (let k = 0; k < cfg.steps && status === null; k++) {
      if (method.direct) {
        const r = method.direct(x, g, state, cfg, p);
        if (r.fail) { status = r.fail; stoppedAt = k; break; }
        x = r.x; state = r.state;
      } else {
        const r = method.update(g, state, x, cfg);
        x = x.map((xi, i) => xi + r.step[i]);
        state = r.state;
      }
      fx = p.f(x);
      g = p.grad(x);
      path.push(x.slice()); values.push(fx); gradNorms.push(norm(g));
      check(k + 1);
    }
    let rose = false;
    if (status === null) {
      rose = values[values.length - 1] > values[0];
      status = rose ? "diverged" : "max_iter";
    }
    if (status === "converged" && cfg.method === "newton" && !secondOrderHolds(p.hess(x))) status = "not_minimum";
    // The step at which the run went wrong, for the readout.
    let divergedAt = null;
    if (status === "diverged" || status === "nonfinite") {
      if (!rose) divergedAt = stoppedAt;
      else {                         // the loss ended above its start: from which step on did it stay there?
        divergedAt = values.length - 1;
        while (divergedAt > 1 && values[divergedAt - 1] > values[0]) divergedAt--;
      }
    }
    let leftPlotAt = null;
    const win = cfg.window || plotWindow(p, cfg.x0);
    const box = [win.xlim, win.ylim];
    for (let k = 0; k < path.length; k++) {
      const out = path[k].some((v, i) => !(v >= box[i][0] && v <= box[i][1]));
      if (out) { leftPlotAt = k; break; }
    }
    return {
      path, values, gradNorms, status, stoppedAt, divergedAt, leftPlotAt, rose, uphill: state.uphill || 0,
      nit: path.length - 1, x: path[path.length - 1], fun: values[values.length - 1],
      gradNorm: gradNorms[gradNorms.length - 1],
    };
  }

  // ---------------------------------------------------------------------------------------------
  // The analysis of gradient descent on a quadratic (lessonlib.gd).
  // ---------------------------------------------------------------------------------------------
  function updateFactors(eta, eigenvalues) { return eigenvalues.map((l) => 1 - eta * l); }
  function rate(eta, eigenvalues) { return Math.max(...updateFactors(eta, eigenvalues).map(Math.abs)); }
  function regime(eta, eigenvalues, slowRate = 0.9) {
    const factors = updateFactors(eta, eigenvalues);
    const r = Math.max(...factors.map(Math.abs));
    if (r > 1 + 1e-12) return "diverge";
    if (Math.abs(r - 1) <= 1e-12 && factors.some((c) => Math.abs(c + 1) <= 1e-12)) return "oscillate";
    if (r >= slowRate) return "slow";
    return "converge";
  }
  function optimalStep(eigenvalues) {
    return 2 / (Math.min(...eigenvalues) + Math.max(...eigenvalues));
  }

  // ---------------------------------------------------------------------------------------------
  // State and the URL.
  // ---------------------------------------------------------------------------------------------
  const DEFAULT = { view: "1d", f: "square", kappa: 10, method: "gd", beta: 0.9 };

  function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }

  /**
   * The finite number a text writes in decimal ("1.5", "-2", ".5", "3e-4"), or null. Anything else is
   * null: "", "NaN", "Infinity", "1e999" (it overflows), "0x10", "abc", markup. -0 is read as 0.
   */
  const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  function num(s) {
    if (typeof s !== "string") return null;
    const text = s.trim();
    if (!DECIMAL.test(text)) return null;
    const v = Number(text);
    return Number.isFinite(v) ? v + 0 : null;
  }

  function defaultsFor(f) {
    const p = PROBLEMS[f];
    return { x0: p.x0.slice(), eta: p.eta, steps: p.steps };
  }

  /**
   * A complete, valid state from URL parameters. Whatever the query string holds, this returns a state
   * the page can draw: names are taken only when they are entries of the tables (own properties, so
   * "constructor" or "__proto__" are unknown names like any other), numbers only when they are finite
   * decimals, then clamped to the ranges of the controls; every other value falls back to its default.
   * Unknown parameters are ignored; of a repeated one, the first counts.
   */
  function stateFromParams(params) {
    const get = (name) => {
      const v = params && typeof params.get === "function" ? params.get(name) : null;
      return typeof v === "string" ? v : null;
    };
    let view = get("view");
    let f = get("f");
    if (!own(VIEWS, view)) view = own(PROBLEMS, f) ? PROBLEMS[f].view : DEFAULT.view;
    if (!own(PROBLEMS, f) || PROBLEMS[f].view !== view) f = VIEWS[view][0];
    const d = defaultsFor(f);
    const s = { view, f, kappa: DEFAULT.kappa, method: DEFAULT.method, beta: DEFAULT.beta, eta: d.eta, steps: d.steps, x0: d.x0 };
    const kappa = num(get("kappa"));
    if (kappa !== null) s.kappa = clamp(kappa, ...LIMITS.kappa);
    const method = get("method");
    if (own(METHODS, method)) s.method = method;
    const beta = num(get("beta"));
    if (beta !== null) s.beta = clamp(beta, ...LIMITS.beta);
    const eta = num(get("eta"));
    if (eta !== null && eta > 0) s.eta = clamp(eta, ...LIMITS.eta);
    const steps = num(get("steps"));
    if (steps !== null) s.steps = Math.round(clamp(steps, ...LIMITS.steps));
    const x0 = (get("x0") || "").split(",").map(num);
    const n = view === "1d" ? 1 : 2;
    if (x0.length === n && x0.every((v) => v !== null)) s.x0 = x0.map((v) => clamp(v, ...LIMITS.x0));
    return s;
  }

  function short(v) { return String(Number(v.toPrecision(6))); }

  function paramsFromState(s) {
    const q = new URLSearchParams();
    q.set("view", s.view);
    q.set("f", s.f);
    if (s.f === "quadratic") q.set("kappa", short(s.kappa));
    q.set("method", s.method);
    if (s.method === "momentum" || s.method === "nesterov") q.set("beta", short(s.beta));
    q.set("eta", short(s.eta));
    q.set("steps", String(s.steps));
    q.set("x0", s.x0.map(short).join(","));
    return q;
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting: never "NaN", never "Infinity".
  // ---------------------------------------------------------------------------------------------
  const SUP = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  function fmt(v, digits = 4) {
    if (Number.isNaN(v)) return "not a number (overflow)";
    if (!Number.isFinite(v)) return v > 0 ? "∞ (overflow)" : "−∞ (overflow)";
    if (v === 0) return "0";
    const a = Math.abs(v);
    let text;
    if (a >= 1e5 || a < 1e-4) {
      const [m, e] = v.toExponential(digits - 1).split("e");
      text = String(Number(m)) + " × 10" + e.split("").map((c) => SUP[c]).join("");
    } else {
      text = String(Number(v.toPrecision(digits)));
    }
    return text.replace(/^-/, "−");
  }
  function fmtPoint(x) {
    return x.length === 1 ? fmt(x[0]) : "(" + x.map((v) => fmt(v)).join(", ") + ")";
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing.
  // ---------------------------------------------------------------------------------------------
  const SVGNS = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    const node = document.createElementNS(SVGNS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function niceTicks(lo, hi, count) {
    const span = hi - lo;
    const raw = span / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || 10 * mag;
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) ticks.push(Math.abs(t) < 1e-12 ? 0 : t);
    return ticks;
  }

  /** Marching squares: the contour segments of grid values Z (rows = y) at `level`, as an SVG path. */
  function contourPath(Z, xs, ys, level, sx, sy) {
    let d = "";
    const lerp = (a, b, va, vb) => a + ((level - va) / (vb - va)) * (b - a);
    for (let j = 0; j + 1 < ys.length; j++) {
      for (let i = 0; i + 1 < xs.length; i++) {
        const v0 = Z[j][i], v1 = Z[j][i + 1], v2 = Z[j + 1][i + 1], v3 = Z[j + 1][i];
        const c = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
        if (c === 0 || c === 15) continue;
        const x0 = xs[i], x1 = xs[i + 1], y0 = ys[j], y1 = ys[j + 1];
        const bottom = () => [lerp(x0, x1, v0, v1), y0];
        const right = () => [x1, lerp(y0, y1, v1, v2)];
        const top = () => [lerp(x0, x1, v3, v2), y1];
        const left = () => [x0, lerp(y0, y1, v0, v3)];
        let segs;
        switch (c) {
          case 1: case 14: segs = [[left, bottom]]; break;
          case 2: case 13: segs = [[bottom, right]]; break;
          case 3: case 12: segs = [[left, right]]; break;
          case 4: case 11: segs = [[right, top]]; break;
          case 6: case 9: segs = [[bottom, top]]; break;
          case 7: case 8: segs = [[left, top]]; break;
          case 5: case 10: {
            const centre = (v0 + v1 + v2 + v3) / 4 > level;
            segs = (c === 5) === centre ? [[left, top], [bottom, right]] : [[left, bottom], [right, top]];
            break;
          }
        }
        for (const [a, b] of segs) {
          const [ax, ay] = a(), [bx, by] = b();
          d += `M${sx(ax).toFixed(1)} ${sy(ay).toFixed(1)}L${sx(bx).toFixed(1)} ${sy(by).toFixed(1)}`;
        }
      }
    }
    return d;
  }

  /** Clip the segment p→q to the box [x0, x1]×[y0, y1] (Liang–Barsky); null when it misses it. */
  function clipSegment(p, q, x0, x1, y0, y1) {
    let t0 = 0, t1 = 1;
    const dx = q[0] - p[0], dy = q[1] - p[1];
    const edges = [[-dx, p[0] - x0], [dx, x1 - p[0]], [-dy, p[1] - y0], [dy, y1 - p[1]]];
    for (const [pp, qq] of edges) {
      if (pp === 0) { if (qq < 0) return null; continue; }
      const t = qq / pp;
      if (pp < 0) { if (t > t1) return null; if (t > t0) t0 = t; } else { if (t < t0) return null; if (t < t1) t1 = t; }
    }
    return [[p[0] + t0 * dx, p[1] + t0 * dy], [p[0] + t1 * dx, p[1] + t1 * dy]];
  }

  // ---------------------------------------------------------------------------------------------
  // The page.
  // ---------------------------------------------------------------------------------------------
  function mount(root) {
    const $ = (id) => root.querySelector("#" + id);
    const ui = {
      view1: $("pg-view-1d"), view2: $("pg-view-2d"), f: $("pg-f"),
      kappaRow: $("pg-kappa-row"), kappa: $("pg-kappa"), kappaOut: $("pg-kappa-value"),
      method: $("pg-method"), betaRow: $("pg-beta-row"), beta: $("pg-beta"), betaOut: $("pg-beta-value"),
      eta: $("pg-eta"), etaNum: $("pg-eta-number"), steps: $("pg-steps"), stepsNum: $("pg-steps-number"),
      x0a: $("pg-x0-1"), x0b: $("pg-x0-2"), x0bRow: $("pg-x0-2-row"), x0aLabel: $("pg-x0-1-label"), x0bLabel: $("pg-x0-2-label"),
      reset: $("pg-reset"), copy: $("pg-copy"), copied: $("pg-copied"),
      plot: $("pg-plot"), caption: $("pg-caption"),
      status: $("pg-status"), last: $("pg-last"), loss: $("pg-loss"), gnorm: $("pg-gnorm"),
      quad: $("pg-quadratic"), factors: $("pg-factors"), regime: $("pg-regime"), optimal: $("pg-optimal"),
      useOptimal: $("pg-use-optimal"), methodNote: $("pg-method-note"), regimeNote: $("pg-regime-note"),
    };
    let state;
    try {
      state = stateFromParams(new URLSearchParams(window.location.search));
    } catch (err) {             // never expected (the parser takes any text); a bad link still opens the defaults
      state = stateFromParams(new URLSearchParams());
    }
    let result = null;
    let win = null;                // the plotted window {xlim, ylim}
    let geometry = null;           // scales and cached background of the current plot
    let urlTimer = null;

    // --- controls -------------------------------------------------------------------------------
    for (const [name, label] of Object.entries(METHODS)) ui.method.add(new Option(label, name));
    ui.eta.min = String(Math.log10(LIMITS.eta[0]));
    ui.eta.max = String(Math.log10(LIMITS.eta[1]));
    ui.etaNum.min = String(LIMITS.eta[0]);
    ui.etaNum.max = String(LIMITS.eta[1]);

    let filledView = null;
    function fillFunctions() {     // the functions of the current view, in the select (once per view)
      if (filledView === state.view) return;
      ui.f.replaceChildren(...VIEWS[state.view].map((name) => new Option(PROBLEMS[name].label, name)));
      filledView = state.view;
    }

    function syncControls() {
      ui.view1.checked = state.view === "1d";
      ui.view2.checked = state.view === "2d";
      fillFunctions();
      ui.f.value = state.f;
      ui.kappaRow.hidden = state.f !== "quadratic";
      ui.kappa.value = String(Math.log10(state.kappa));
      ui.kappaOut.textContent = short(state.kappa);
      ui.kappa.setAttribute("aria-valuetext", "κ = " + short(state.kappa));
      ui.method.value = state.method;
      ui.betaRow.hidden = !(state.method === "momentum" || state.method === "nesterov");
      ui.beta.value = String(state.beta);
      ui.betaOut.textContent = short(state.beta);
      ui.eta.disabled = ui.etaNum.disabled = state.method === "newton";
      ui.eta.value = String(Math.log10(state.eta));
      ui.eta.setAttribute("aria-valuetext", "η = " + short(state.eta));
      if (document.activeElement !== ui.etaNum) ui.etaNum.value = short(state.eta);
      ui.steps.value = String(state.steps);
      if (document.activeElement !== ui.stepsNum) ui.stepsNum.value = String(state.steps);
      ui.x0bRow.hidden = state.view === "1d";
      const names = state.view === "1d" ? ["x₀"] : state.f === "quadratic" ? ["w₁", "w₂"] : ["x", "y"];
      ui.x0aLabel.textContent = "Start " + names[0];
      if (names[1]) ui.x0bLabel.textContent = "Start " + names[1];
      if (document.activeElement !== ui.x0a) ui.x0a.value = short(state.x0[0]);
      if (state.view === "2d" && document.activeElement !== ui.x0b) ui.x0b.value = short(state.x0[1]);
      const notes = {
        gd: "x ← x − η ∇f(x)",
        momentum: "v ← β v − η ∇f(x),  x ← x + v",
        nesterov: "v ← β v − η ∇f(x),  x ← x + β v − η ∇f(x)",
        adam: "β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸: each coordinate moves by about η per step",
        newton: "solve ∇²f(x) p = −∇f(x),  x ← x + p  (the full Newton step: η is not used)",
      };
      ui.methodNote.textContent = notes[state.method];
    }

    function scheduleUrl(now) {
      clearTimeout(urlTimer);
      const write = () => {
        const url = "?" + paramsFromState(state).toString() + window.location.hash;
        try { window.history.replaceState(null, "", url); } catch (err) { /* a sandboxed page: keep going */ }
      };
      if (now) write(); else urlTimer = setTimeout(write, 200);
    }

    function update(change, opts) {
      Object.assign(state, change);
      syncControls();
      const lims = win ? [win.xlim, win.ylim] : [];
      const outside = !win || state.x0.some((v, i) => !lims[i] || !(v >= lims[i][0] && v <= lims[i][1]));
      const background = change.view !== undefined || change.f !== undefined || change.kappa !== undefined || outside;
      if (background) win = plotWindow(problem(state.f, state.kappa), state.x0);
      compute();
      if (background) drawBackground();
      drawPath();
      readout();
      scheduleUrl(!(opts && opts.dragging));
    }

    function setFunction(f) {
      update(Object.assign({ view: PROBLEMS[f].view, f }, defaultsFor(f)));
    }

    ui.view1.addEventListener("change", () => setFunction(VIEWS["1d"][0]));
    ui.view2.addEventListener("change", () => setFunction(VIEWS["2d"][0]));
    ui.f.addEventListener("change", () => setFunction(ui.f.value));
    ui.kappa.addEventListener("input", () => update({ kappa: Number(Math.pow(10, Number(ui.kappa.value)).toPrecision(2)) }));
    ui.method.addEventListener("change", () => update({ method: ui.method.value }));
    ui.beta.addEventListener("input", () => update({ beta: Number(ui.beta.value) }));
    ui.eta.addEventListener("input", () => update({ eta: Number(Math.pow(10, Number(ui.eta.value)).toPrecision(3)) }));
    ui.etaNum.addEventListener("input", () => {
      const v = num(ui.etaNum.value);
      if (v !== null && v >= LIMITS.eta[0] && v <= LIMITS.eta[1]) update({ eta: v });
    });
    ui.etaNum.addEventListener("change", () => syncControls());
    ui.steps.addEventListener("input", () => update({ steps: Number(ui.steps.value) }));
    ui.stepsNum.addEventListener("input", () => {
      const v = num(ui.stepsNum.value);
      if (v !== null && v >= LIMITS.steps[0] && v <= LIMITS.steps[1]) update({ steps: Math.round(v) });
    });
    ui.stepsNum.addEventListener("change", () => syncControls());
    for (const [input, i] of [[ui.x0a, 0], [ui.x0b, 1]]) {
      input.addEventListener("input", () => {
        const v = num(input.value);
        if (v === null || Math.abs(v) > 1e6) return;
        const x0 = state.x0.slice();
        x0[i] = v;
        update({ x0 });
      });
      input.addEventListener("change", () => syncControls());
    }
    ui.reset.addEventListener("click", () => setFunction(state.f));
    ui.useOptimal.addEventListener("click", () => {
      const lam = problem(state.f, state.kappa).eigenvalues();
      update({ eta: Number(optimalStep(lam).toPrecision(6)) });
    });
    ui.copy.addEventListener("click", () => {
      scheduleUrl(true);
      const done = (text) => { ui.copied.textContent = text; setTimeout(() => { ui.copied.textContent = ""; }, 4000); };
      const href = window.location.href;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(href).then(() => done("Link copied."), () => done("Copy the address from the address bar."));
      } else {
        done("Copy the address from the address bar.");
      }
    });

    // --- computing and drawing -------------------------------------------------------------------
    function compute() {
      result = run({ f: state.f, kappa: state.kappa, method: state.method, beta: state.beta, eta: state.eta, steps: state.steps, x0: state.x0, window: win });
    }

    function layout() {
      const width = Math.max(280, Math.round(ui.plot.clientWidth || 640));
      const height = Math.round(clamp(width * (state.view === "1d" ? 0.62 : 0.8), 260, 560));
      const pad = { l: 46, r: 12, t: 12, b: 34 };
      return { width, height, pad };
    }

    function drawBackground() {
      const p = problem(state.f, state.kappa);
      const { width, height, pad } = layout();
      const svg = ui.plot;
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svg.setAttribute("height", String(height));
      svg.replaceChildren();
      const [xmin, xmax] = win.xlim;
      let ymin, ymax, curve = null;
      if (state.view === "1d") {
        const n = 300;
        curve = [];
        for (let i = 0; i <= n; i++) { const x = xmin + ((xmax - xmin) * i) / n; curve.push([x, p.f([x])]); }
        ymin = Math.min(...curve.map((c) => c[1]));
        ymax = Math.max(...curve.map((c) => c[1]));
        const m = 0.08 * (ymax - ymin);
        ymin -= m; ymax += m;
      } else {
        [ymin, ymax] = win.ylim;
      }
      const W = width - pad.l - pad.r, H = height - pad.t - pad.b;
      const sx = (x) => pad.l + ((x - xmin) / (xmax - xmin)) * W;
      const sy = (y) => pad.t + (1 - (y - ymin) / (ymax - ymin)) * H;
      const ix = (px) => xmin + ((px - pad.l) / W) * (xmax - xmin);
      const iy = (py) => ymin + (1 - (py - pad.t) / H) * (ymax - ymin);
      geometry = { p, width, height, pad, xmin, xmax, ymin, ymax, sx, sy, ix, iy };

      const defs = el("defs", {}, svg);
      const clip = el("clipPath", { id: "pg-clip" }, defs);
      el("rect", { x: pad.l, y: pad.t, width: W, height: H }, clip);
      el("rect", { class: "pg-frame", x: pad.l, y: pad.t, width: W, height: H }, svg);

      // axes and ticks
      const axes = el("g", { class: "pg-axes", "aria-hidden": "true" }, svg);
      for (const t of niceTicks(xmin, xmax, Math.max(4, Math.floor(W / 70)))) {
        el("line", { class: "pg-grid", x1: sx(t), x2: sx(t), y1: pad.t, y2: pad.t + H }, axes);
        const label = el("text", { x: sx(t), y: pad.t + H + 16, "text-anchor": "middle" }, axes);
        label.textContent = fmt(t, 3);
      }
      for (const t of niceTicks(ymin, ymax, Math.max(3, Math.floor(H / 50)))) {
        el("line", { class: "pg-grid", x1: pad.l, x2: pad.l + W, y1: sy(t), y2: sy(t) }, axes);
        const label = el("text", { x: pad.l - 6, y: sy(t) + 4, "text-anchor": "end" }, axes);
        label.textContent = fmt(t, 3);
      }
      const xlabel = el("text", { class: "pg-axis-label", x: pad.l + W, y: height - 4, "text-anchor": "end" }, axes);
      xlabel.textContent = state.view === "1d" ? "x" : (state.f === "quadratic" ? "w₁" : "x");
      const ylabel = el("text", { class: "pg-axis-label", x: 4, y: pad.t + 10 }, axes);
      ylabel.textContent = state.view === "1d" ? "f(x)" : (state.f === "quadratic" ? "w₂" : "y");

      const content = el("g", { "clip-path": "url(#pg-clip)" }, svg);
      if (state.view === "1d") {
        el("path", { class: "pg-curve", d: "M" + curve.map((c) => `${sx(c[0]).toFixed(1)} ${sy(c[1]).toFixed(1)}`).join("L") }, content);
      } else {
        drawContours(content, p, sx, sy);
      }
      for (const m of p.minima || []) {
        const [mx, my] = state.view === "1d" ? [m[0], p.f(m)] : m;
        el("path", { class: "pg-minimum", d: `M${sx(mx) - 5} ${sy(my) - 5}l10 10m0 -10l-10 10` }, content);
      }
      for (const s of p.saddles || []) {
        el("circle", { class: "pg-saddle", cx: sx(s[0]), cy: sy(s[1]), r: 4 }, content);
      }
      geometry.pathLayer = el("g", { class: "pg-path-layer" }, content);
      geometry.handleLayer = el("g", {}, svg);
    }

    function drawContours(group, p, sx, sy) {
      const nx = 120, ny = 120;
      const xs = [], ys = [], Z = [];
      for (let i = 0; i < nx; i++) xs.push(win.xlim[0] + ((win.xlim[1] - win.xlim[0]) * i) / (nx - 1));
      for (let j = 0; j < ny; j++) ys.push(win.ylim[0] + ((win.ylim[1] - win.ylim[0]) * j) / (ny - 1));
      const all = [];
      for (let j = 0; j < ny; j++) { const row = xs.map((x) => p.f([x, ys[j]])); Z.push(row); all.push(...row); }
      all.sort((a, b) => a - b);
      const q = (t) => all[Math.min(all.length - 1, Math.floor(t * (all.length - 1)))];
      let levels = [];
      if (p.levels === "linear") {
        const hi = Math.max(Math.abs(q(0.02)), Math.abs(q(0.98)));
        const step = hi / 7;
        for (let i = -7; i <= 7; i++) levels.push(i * step);
      } else {
        const lo = all[0], span = q(0.97) - lo;
        const n = 14, a = span * 2e-3;
        for (let i = 0; i < n; i++) levels.push(lo + a * Math.pow(span / a, i / (n - 1)));
      }
      levels.forEach((level, i) => {
        const cls = "pg-contour" + (p.levels === "linear" && Math.abs(level) < 1e-12 ? " pg-contour-zero" : "");
        el("path", { class: cls, d: contourPath(Z, xs, ys, level, sx, sy), style: `opacity:${(0.45 + (0.5 * i) / levels.length).toFixed(2)}` }, group);
      });
    }

    function pointOf(x) {
      const g = geometry;
      return state.view === "1d" ? [g.sx(x[0]), g.sy(g.p.f(x))] : [g.sx(x[0]), g.sy(x[1])];
    }

    function drawPath() {
      const g = geometry;
      g.pathLayer.replaceChildren();
      g.handleLayer.replaceChildren();
      const pts = result.path.map(pointOf);
      const ext = 4 * Math.max(g.width, g.height);      // an extended box: beyond it, only the direction matters
      let d = "", pen = null;
      for (let k = 1; k < pts.length; k++) {
        const a = pts[k - 1], b = pts[k];
        if (!a.every(Number.isFinite)) break;
        let seg;
        if (b.every(Number.isFinite)) seg = clipSegment(a, b, -ext, g.width + ext, -ext, g.height + ext);
        else break;
        if (!seg) { pen = null; continue; }
        const [s0, s1] = seg;
        if (!pen || pen[0] !== s0[0] || pen[1] !== s0[1]) d += `M${s0[0].toFixed(2)} ${s0[1].toFixed(2)}`;
        d += `L${s1[0].toFixed(2)} ${s1[1].toFixed(2)}`;
        pen = s1;
      }
      el("path", { id: "pg-path", class: "pg-path" + (result.status === "diverged" || result.status === "nonfinite" ? " pg-path-diverged" : ""), d: d || "M0 0" }, g.pathLayer);
      const inside = (pt) => pt[0] >= g.pad.l - 6 && pt[0] <= g.width - g.pad.r + 6 && pt[1] >= g.pad.t - 6 && pt[1] <= g.height - g.pad.b + 6;
      const every = Math.max(1, Math.ceil(pts.length / 150));
      for (let k = 1; k < pts.length; k++) {
        if ((k % every !== 0 && k !== pts.length - 1) || !pts[k].every(Number.isFinite) || !inside(pts[k])) continue;
        el("circle", { class: "pg-iterate", cx: pts[k][0].toFixed(2), cy: pts[k][1].toFixed(2), r: 2.6 }, g.pathLayer);
      }
      const last = pts[pts.length - 1];
      if (last.every(Number.isFinite) && inside(last)) {
        el("rect", { id: "pg-last-marker", class: "pg-last", x: (last[0] - 4.5).toFixed(2), y: (last[1] - 4.5).toFixed(2), width: 9, height: 9, transform: `rotate(45 ${last[0].toFixed(2)} ${last[1].toFixed(2)})` }, g.pathLayer);
      }
      const s = pts[0];
      const handle = el("g", { id: "pg-handle", class: "pg-handle", transform: `translate(${s[0].toFixed(2)} ${s[1].toFixed(2)})` }, g.handleLayer);
      el("circle", { class: "pg-handle-hit", r: 22 }, handle);
      el("circle", { class: "pg-handle-dot", r: 8 }, handle);
      ui.caption.textContent = caption();
      ui.plot.setAttribute("aria-label", "Plot of " + g.p.title + ". " + caption() + " Arrow keys move the start point.");
    }

    function caption() {
      const p = geometry.p;
      return `${p.title}: ${METHODS[state.method].toLowerCase().replace("newton", "Newton's method").replace("nesterov", "Nesterov's method")} from x₀ = ${fmtPoint(state.x0)}${state.method === "newton" ? "" : ", η = " + short(state.eta)}, ${result.nit} step${result.nit === 1 ? "" : "s"} drawn.`;
    }

    function classify(x) {
      const H = geometry.p.hess(x);
      if (!H.every(allFinite)) return "";
      const lam = symEigenvalues(H);
      if (lam.every((l) => l > 0)) return "a minimum";
      if (lam.every((l) => l < 0)) return "a maximum";
      if (lam.some((l) => l > 0) && lam.some((l) => l < 0)) return "a saddle point";
      return "a critical point where the second-derivative test is inconclusive";
    }

    function readout() {
      const r = result;
      let text;
      if (r.status === "converged") {
        text = `Converged at step ${r.stoppedAt}: the gradient norm fell below 10⁻⁸, at ${classify(r.x)}.`;
        if (r.uphill) text += ` ${r.uphill} of the ${r.nit} Newton steps did not point downhill (the Hessian was not positive definite).`;
      }
      else if (r.status === "diverged" || r.status === "nonfinite") {
        text = `Diverged at step ${r.divergedAt}: `;
        if (r.status === "nonfinite") text += "the loss overflowed.";
        else if (!r.rose) text += `‖x‖ passed ${fmt(1e8 * Math.max(1, norm(state.x0)), 2)}.`;
        else text += `the loss rose above its starting value ${fmt(r.values[0])} and ended at ${fmt(r.fun)}.`;
        if (r.leftPlotAt !== null) text += ` The path left the plot at step ${r.leftPlotAt}.`;
      } else if (r.status === "not_minimum") {
        text = `Stopped at step ${r.stoppedAt}: the gradient norm fell below 10⁻⁸, but the Hessian there has a negative eigenvalue: a stationary point that is not a minimum, ${classify(r.x)}.`;
        if (r.uphill) text += ` ${r.uphill} of the ${r.nit} Newton steps did not point downhill (the Hessian was not positive definite).`;
      } else if (r.status === "singular_hessian") text = `Stopped at step ${r.stoppedAt}: the Hessian is singular there, so H p = −∇f has no unique solution: there is no Newton step.`;
      else {
        text = `Took all ${r.nit} steps; the gradient norm is still above 10⁻⁸.`;
        if (r.leftPlotAt !== null) text += ` The path left the plot at step ${r.leftPlotAt}.`;
      }
      ui.status.textContent = text;
      ui.status.dataset.status = r.status;
      ui.last.textContent = fmtPoint(r.x);
      ui.loss.textContent = fmt(r.fun);
      ui.gnorm.textContent = fmt(r.gradNorm);

      const p = geometry.p;
      ui.quad.hidden = !p.eigenvalues;
      if (p.eigenvalues) {
        const lam = p.eigenvalues();
        const factors = updateFactors(state.eta, lam);
        ui.factors.textContent = lam.map((l, i) => `λ = ${fmt(l)}: ${fmt(Math.abs(factors[i]))}`).join(";  ");
        const name = regime(state.eta, lam);
        ui.regime.textContent = name;
        ui.regime.dataset.regime = name;
        const gloss = {
          slow: "the largest factor is at least 0.9: the error shrinks, but slowly",
          converge: "every factor is below 1: the error shrinks geometrically",
          oscillate: "a factor equals 1 in size with a sign flip: the iterates bounce back and forth forever",
          diverge: "a factor exceeds 1: the error grows every step",
        };
        ui.regimeNote.textContent = `rate max |1 − ηλᵢ| = ${fmt(rate(state.eta, lam))}; ${gloss[name]}` +
          (state.method === "gd" ? "." : ` (for plain gradient descent; ${METHODS[state.method]} moves differently).`);
        if (Math.min(...lam) > 0) {
          ui.optimal.textContent = `2/(λmin + λmax) = ${fmt(optimalStep(lam))}`;
          ui.useOptimal.hidden = false;
        } else {
          ui.optimal.textContent = "none: λmin < 0, the function has no minimum";
          ui.useOptimal.hidden = true;
        }
      }
    }

    // --- dragging and the keyboard -----------------------------------------------------------------
    function toData(evt) {
      const rect = ui.plot.getBoundingClientRect();
      const g = geometry;
      const px = ((evt.clientX - rect.left) / rect.width) * g.width;
      const py = ((evt.clientY - rect.top) / rect.height) * g.height;
      const x = clamp(g.ix(px), g.xmin, g.xmax);
      if (state.view === "1d") return [Number(x.toPrecision(4))];
      const y = clamp(g.iy(py), g.ymin, g.ymax);
      return [Number(x.toPrecision(4)), Number(y.toPrecision(4))];
    }
    let dragging = null;
    let pending = null;
    function moveTo(x0, opts) {
      pending = x0;
      if (opts && opts.now) { update({ x0: pending }, opts); pending = null; return; }
      window.requestAnimationFrame(() => {
        if (pending) { update({ x0: pending }, { dragging: true }); pending = null; }
      });
    }
    ui.plot.addEventListener("pointerdown", (evt) => {
      if (evt.button !== 0) return;
      dragging = evt.pointerId;
      try { ui.plot.setPointerCapture(evt.pointerId); } catch (err) { /* the pointer is gone already */ }
      ui.plot.classList.add("pg-dragging");
      ui.plot.focus({ preventScroll: true });
      moveTo(toData(evt));
      evt.preventDefault();
    });
    ui.plot.addEventListener("pointermove", (evt) => {
      if (dragging !== evt.pointerId) return;
      moveTo(toData(evt));
      evt.preventDefault();
    });
    const endDrag = (evt) => {
      if (dragging !== evt.pointerId) return;
      dragging = null;
      ui.plot.classList.remove("pg-dragging");
      moveTo(toData(evt), { now: true });
    };
    ui.plot.addEventListener("pointerup", endDrag);
    ui.plot.addEventListener("pointercancel", (evt) => { dragging = null; ui.plot.classList.remove("pg-dragging"); scheduleUrl(true); });
    ui.plot.addEventListener("keydown", (evt) => {
      const g = geometry;
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      if (evt.key === "Home") { update({ x0: PROBLEMS[state.f].x0.slice() }); evt.preventDefault(); return; }
      const m = moves[evt.key];
      if (!m || evt.altKey || evt.ctrlKey || evt.metaKey) return;
      if (state.view === "1d" && m[0] === 0) return;   // up and down scroll the page as usual
      evt.preventDefault();
      const frac = evt.shiftKey ? 0.1 : 0.02;
      const x0 = state.x0.slice();
      if (state.view === "1d") {
        x0[0] = Number(clamp(x0[0] + m[0] * frac * (g.xmax - g.xmin), g.xmin, g.xmax).toPrecision(6));
      } else {
        x0[0] = Number(clamp(x0[0] + m[0] * frac * (g.xmax - g.xmin), g.xmin, g.xmax).toPrecision(6));
        x0[1] = Number(clamp(x0[1] + m[1] * frac * (g.ymax - g.ymin), g.ymin, g.ymax).toPrecision(6));
      }
      update({ x0 });
    });

    // --- start ----------------------------------------------------------------------------------------
    const redraw = () => {      // the plot is drawn in CSS pixels: draw again when its width changes
      if (Math.abs(ui.plot.clientWidth - geometry.width) < 2 || ui.plot.clientWidth < 100) return;
      drawBackground();
      drawPath();
    };
    syncControls();
    win = plotWindow(problem(state.f, state.kappa), state.x0);
    compute();
    drawBackground();
    drawPath();
    readout();
    scheduleUrl(true);
    if (window.ResizeObserver) new ResizeObserver(() => window.requestAnimationFrame(redraw)).observe(ui.plot);
    else window.addEventListener("resize", redraw);
    root.classList.add("pg-ready");

    return {
      state: () => JSON.parse(JSON.stringify(state)),
      result: () => result,
      set: (change) => update(change),
    };
  }

  const api = {
    run, problem, plotWindow, regime, rate, updateFactors, optimalStep, stateFromParams, paramsFromState, fmt,
    problems: Object.keys(PROBLEMS), methods: Object.keys(METHODS), views: VIEWS,
  };
  window.Playground = api;

  function start() {
    const root = document.getElementById("pg-root");
    if (root && !root.classList.contains("pg-ready")) Object.assign(api, mount(root));
  }
  // In a task of its own, not in the one where the theme's script starts on DOMContentLoaded: two short
  // tasks keep the page responsive where one long one would not.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => setTimeout(start));
  else start();
})();
