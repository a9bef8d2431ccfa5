"""Any link opens a working playground.

The playground reads its whole state from the query string, and a link can hold anything: names of
the properties every JavaScript object inherits (``constructor``, ``__proto__``, ``toString``...) as
keys or values, markup, numbers that overflow or are not numbers, empty and repeated parameters,
unknown ones, broken percent-encoding. Each link below must open the page with no uncaught
exception, no console error and no dialog; the widget must draw and answer its controls; every value
the page cannot use must fall back to its default (numbers it can use are clamped to the ranges of
the controls); and the address bar must then hold the clean state, not the junk.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from .test_playground import PLAYGROUND, no_errors, state, url_params

# The defaults of each function: (view, x0, eta, steps). kappa = 10, method gd and beta = 0.9 are
# the defaults of every function.
FUNCTION_DEFAULTS = {
    "square": ("1d", [1.5], 0.1, 20),
    "quadratic": ("2d", [2.5, 1.5], 0.15, 40),
    "rosenbrock": ("2d", [-1.2, 1], 0.001, 300),
    "saddle": ("2d", [1.5, 0.01], 0.1, 40),
    "himmelblau": ("2d", [0, 0], 0.01, 100),
}
KEYS = {"view", "f", "kappa", "method", "beta", "eta", "steps", "x0"}


def defaults(f="square", **changes):
    """The state a link opens: the defaults of function ``f``, with ``changes``."""
    view, x0, eta, steps = FUNCTION_DEFAULTS[f]
    return {"view": view, "f": f, "kappa": 10, "method": "gd", "beta": 0.9, "eta": eta, "steps": steps,
            "x0": x0, **changes}


IMG = quote("<img src=x onerror=alert(1)>")
SCRIPT = quote("<script>alert(1)</script>")
SVG = quote('"><svg onload=alert(1)>')

# (query string, the state it must open)
HOSTILE = [
    # names of inherited properties, as values
    ("?view=constructor", defaults()),
    ("?view=__proto__", defaults()),
    ("?view=toString&f=valueOf", defaults()),
    ("?f=constructor", defaults()),
    ("?view=2d&f=__proto__", defaults("quadratic")),
    ("?f=hasOwnProperty&view=2d&method=valueOf", defaults("quadratic")),
    ("?method=constructor", defaults()),
    ("?method=hasOwnProperty", defaults()),
    ("?method=__proto__", defaults()),
    ("?method=toString&view=2d&f=rosenbrock", defaults("rosenbrock")),
    ("?view=2d&f=quadratic&method=nesterov&kappa=__proto__&beta=constructor&eta=toString&steps=valueOf",
     defaults("quadratic", method="nesterov")),
    ("?view=2d&f=himmelblau&x0=valueOf,toString", defaults("himmelblau")),
    # ... and as keys
    ("?constructor=2d&__proto__=x&hasOwnProperty=1&toString=gd&valueOf=9", defaults()),
    ("?__proto__[view]=2d&constructor[prototype][f]=saddle", defaults()),
    # markup
    (f"?view={IMG}&f={SCRIPT}&method={SVG}", defaults()),
    (f"?x0={IMG}&eta={quote('<b>1</b>')}&steps={SCRIPT}", defaults()),
    # numbers that are not finite, or not decimal
    ("?view=2d&f=quadratic&eta=1e999&steps=1e999&kappa=1e999&beta=1e999", defaults("quadratic")),
    ("?eta=NaN&steps=NaN&x0=NaN&kappa=NaN", defaults()),
    ("?eta=Infinity&x0=-Infinity&steps=Infinity&beta=-Infinity", defaults()),
    ("?eta=0x10&steps=0b11&x0=1_0", defaults()),
    # huge and tiny numbers: clamped to the ranges of the controls
    ("?eta=1e300&steps=1e300&x0=1e300", defaults(eta=10, steps=1000, x0=[1e6])),
    ("?view=2d&f=rosenbrock&x0=1e308,-1e308", defaults("rosenbrock", x0=[1e6, -1e6])),
    ("?eta=1e-300&steps=0.4", defaults(eta=1e-4, steps=1)),
    ("?view=2d&f=quadratic&kappa=0&beta=-5&method=momentum", defaults("quadratic", kappa=1, beta=0, method="momentum")),
    # -0, empty values, wrong counts, a missing "="
    ("?eta=-0&x0=-0&steps=-0", defaults(steps=1, x0=[0])),
    ("?view=&f=&method=&eta=&steps=&x0=&kappa=&beta=", defaults()),
    ("?view&f&eta&x0", defaults()),
    ("?view=1d&x0=1,2,3", defaults()),
    ("?view=2d&f=saddle&x0=1,", defaults("saddle")),
    # repeated keys (the first counts), unknown keys, a function of the other view
    ("?view=2d&view=1d&f=saddle&f=square&eta=0.05&eta=9", defaults("saddle", eta=0.05)),
    ("?utm_source=x&foo=bar&steps=30&zzz", defaults(steps=30)),
    ("?view=2d&f=square", defaults("quadratic")),
    # percent-encoding garbage
    ("?view=%E0%A4%A&f=%E0%A4%A&method=%E0%A4%A&x0=%E0%A4%A&eta=%E0%A4%A", defaults()),
    ("?%E0%A4%A=%E0%A4%A&%ZZ=%&&&==&x0=%C0%AF&steps=%", defaults()),
    # a very long value
    ("?f=" + "x" * 5000 + "&eta=" + "9" * 400 + "&steps=" + "9" * 300, defaults(steps=1000)),
    # the theme's own parameters (search highlighting) with junk in them
    (f"?h={IMG}&q=__proto__", defaults()),
    ("?h=constructor&q=%E0%A4%A", defaults()),
]


def _id(case):
    return re.sub(r"[^\w=&%,.-]+", "_", case[0][1:])[:60]


@pytest.mark.parametrize("query, want", HOSTILE, ids=[_id(c) for c in HOSTILE])
def test_a_hostile_link_opens_a_working_playground(context, server, query, want):
    page = context.watch.page(context)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.url + PLAYGROUND + query, wait_until="load")
    page.wait_for_function("() => document.getElementById('pg-root').classList.contains('pg-ready')")

    # What it could not use fell back to the defaults, on the page and in the parser itself.
    assert state(page) == want
    parsed = page.evaluate("(q) => Playground.stateFromParams(new URLSearchParams(q))", query)
    assert parsed == want
    assert page.evaluate("(q) => Object.is(Playground.stateFromParams(new URLSearchParams(q)).x0[0], -0)", query) is False

    # The address bar now holds the clean state, and nothing else.
    page.wait_for_timeout(50)
    params = url_params(page)
    assert set(params) <= KEYS and {"view", "f", "method", "eta", "steps", "x0"} <= set(params), page.url
    assert params["view"] == want["view"] and params["f"] == want["f"] and params["method"] == want["method"]

    # The widget is alive: the plot is drawn, the readout filled in, no NaN anywhere.
    _assert_drawn(page, want["view"])
    text = page.inner_text("#pg-root")
    assert not re.search(r"\bNaN\b|Infinity|undefined|\[object", text), text
    assert page.inner_text("#pg-status") and page.inner_text("#pg-loss") and page.inner_text("#pg-gnorm")
    assert page.input_value("#pg-f") == want["f"] and page.input_value("#pg-method") == want["method"]

    # ... and it answers its controls. (A `q` parameter opens the theme's search, over the page: close it.)
    if page.evaluate("() => document.getElementById('__search').checked"):
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.getElementById('__search').checked")
    path = page.get_attribute("#pg-path", "d")
    page.click("#pg-reset")
    assert state(page) == defaults(want["f"], method=want["method"], kappa=want["kappa"], beta=want["beta"])
    steps = 7 if state(page)["steps"] != 7 else 8
    page.fill("#pg-steps-number", str(steps))
    assert state(page)["steps"] == steps
    assert page.evaluate("() => Playground.result().nit") <= steps
    before = state(page)["x0"][0]
    page.focus("#pg-plot")
    page.keyboard.press("ArrowRight")
    assert state(page)["x0"][0] > before
    assert page.get_attribute("#pg-path", "d") != path
    _assert_drawn(page, want["view"])

    assert not dialogs, dialogs
    no_errors(context)


def _assert_drawn(page, view):
    drawn = page.evaluate("""() => ({
        frame: document.querySelectorAll('#pg-plot .pg-frame').length,
        handle: document.querySelectorAll('#pg-plot #pg-handle').length,
        curve: document.querySelectorAll('#pg-plot .pg-curve').length,
        contours: document.querySelectorAll('#pg-plot .pg-contour').length,
        path: (document.getElementById('pg-path') || {getAttribute: () => ''}).getAttribute('d') || '',
        width: document.getElementById('pg-plot').getBoundingClientRect().width,
    })""")
    assert drawn["frame"] == 1 and drawn["handle"] == 1 and drawn["width"] > 100, drawn
    assert (drawn["curve"] == 1) if view == "1d" else (drawn["contours"] > 0), drawn
    assert drawn["path"].startswith("M") and "NaN" not in drawn["path"], drawn


def test_names_are_looked_up_as_own_entries_only(context, server):
    """The page's own lookups by name refuse inherited properties (they are unknown names), and say so."""
    page = context.watch.page(context)
    page.goto(server.url + PLAYGROUND, wait_until="load")
    page.wait_for_function("() => document.getElementById('pg-root').classList.contains('pg-ready')")
    errors = page.evaluate("""() => {
        const out = [];
        for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
            for (const config of [{f: name, method: 'gd'}, {f: 'square', method: name}]) {
                try { Playground.run(Object.assign({eta: 0.1, steps: 3, x0: [1]}, config)); out.push(null); }
                catch (err) { out.push(err.message); }
            }
        }
        return out;
    }""")
    assert all(e and e.startswith("unknown ") for e in errors), errors
    no_errors(context)
