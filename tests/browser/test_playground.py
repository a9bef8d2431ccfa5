"""The playground page: its iterations agree with lessonlib, and it behaves as a reader expects.

- The page's own update code (``window.Playground.run``) reproduces lessonlib's trajectories, for
  every method, to 1e-9 relative.
- Dragging the start point (mouse, and touch) changes the path, live, and the URL.
- η = 1 on x² is named "oscillate", η = 1.5 "diverge", and the readout says at which step it diverged.
- A shared URL restores the same experiment; the controls are labelled and work from the keyboard.
- Extreme settings never freeze the page or print NaN; a phone-width screen has no sideways scrolling.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from .reference import CASES, case_id, lessonlib_run

PLAYGROUND = "playground/"
X_SQUARED_ETA_1 = "?view=1d&f=square&method=gd&eta=1&x0=1.5&steps=20"


def open_playground(context, server, query=""):
    page = context.watch.page(context)
    page.goto(server.url + PLAYGROUND + query, wait_until="load")
    page.wait_for_function("() => document.getElementById('pg-root').classList.contains('pg-ready')")
    return page


def state(page):
    return page.evaluate("() => Playground.state()")


def url_params(page):
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def no_errors(context):
    watch = context.watch
    assert not watch.console_errors and not watch.page_errors and not watch.external_requests, (
        watch.console_errors, watch.page_errors, watch.external_requests)


def test_the_page_iterations_agree_with_lessonlib(context, server):
    page = open_playground(context, server)
    results = page.evaluate("(cases) => cases.map((c) => Playground.run(c))", CASES)
    failures = []
    for cfg, js in zip(CASES, results):
        ref = lessonlib_run(cfg)
        name = case_id(cfg)
        if js["status"] != ref.status_name:
            failures.append(f"{name}: status {js['status']!r}, lessonlib {ref.status_name!r}")
            continue
        path, values = np.array(js["path"], dtype=float), np.array(js["values"], dtype=float)
        if path.shape != ref.path.shape:
            failures.append(f"{name}: {path.shape[0] - 1} steps, lessonlib {ref.nit}")
            continue
        try:
            np.testing.assert_allclose(path, ref.path, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(values, ref.values, rtol=1e-9, atol=1e-12)
        except AssertionError as err:
            failures.append(f"{name}: {err}")
    assert not failures, "\n".join(failures)
    assert {c["method"] for c in CASES} == {"gd", "momentum", "nesterov", "adam", "newton"}
    no_errors(context)


def _drag(page, dx, dy, steps=5):
    """Drag the start handle by (dx, dy) pixels; return the path's d attribute seen mid-drag."""
    page.locator("#pg-plot").scroll_into_view_if_needed()
    box = page.locator("#pg-handle .pg-handle-dot").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=steps)
    page.wait_for_timeout(60)  # a frame: the path follows while the button is still down
    mid = page.get_attribute("#pg-path", "d")
    page.mouse.move(x + dx, y + dy, steps=steps)
    page.mouse.up()
    return mid


def test_dragging_the_start_point_changes_the_path(context, server):
    page = open_playground(context, server, "?view=1d&f=double_well&method=gd&eta=0.05&x0=0.5&steps=30")
    before, path_before = state(page), page.get_attribute("#pg-path", "d")
    mid = _drag(page, -120, 0)
    after, path_after = state(page), page.get_attribute("#pg-path", "d")
    assert mid != path_before, "the path did not change while dragging"
    assert path_after != path_before and after["x0"][0] < before["x0"][0]
    # Dragged across the maximum at 0, gradient descent now ends in the left well.
    assert after["x0"][0] < 0 and page.evaluate("() => Playground.result().x[0]") < 0
    page.wait_for_timeout(250)   # the URL follows the state (after the drag ends)
    assert float(url_params(page)["x0"]) == pytest.approx(after["x0"][0], rel=1e-5)

    # The 2-D view: drag moves both coordinates.
    page.goto(server.url + PLAYGROUND + "?view=2d&f=himmelblau&method=gd&eta=0.01&x0=0,0&steps=100")
    page.wait_for_function("() => document.getElementById('pg-root').classList.contains('pg-ready')")
    before, path_before = state(page), page.get_attribute("#pg-path", "d")
    _drag(page, 80, 60)
    after = state(page)
    assert after["x0"][0] > before["x0"][0] and after["x0"][1] < before["x0"][1]
    assert page.get_attribute("#pg-path", "d") != path_before
    no_errors(context)


def test_a_finger_drags_the_start_point_too(context, server):
    page = open_playground(context, server, "?view=2d&f=quadratic&kappa=10&method=gd&eta=0.15&x0=2.5,1.5&steps=40")
    before, path_before = state(page), page.get_attribute("#pg-path", "d")
    page.locator("#pg-plot").scroll_into_view_if_needed()
    box = page.locator("#pg-handle .pg-handle-dot").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    plot = page.locator("#pg-plot")
    touch = {"pointerId": 7, "pointerType": "touch", "isPrimary": True, "button": 0, "buttons": 1, "bubbles": True}
    plot.dispatch_event("pointerdown", {**touch, "clientX": x, "clientY": y})
    for i in range(1, 6):
        plot.dispatch_event("pointermove", {**touch, "clientX": x - 20 * i, "clientY": y + 15 * i})
    plot.dispatch_event("pointerup", {**touch, "buttons": 0, "clientX": x - 100, "clientY": y + 75})
    after = state(page)
    assert after["x0"][0] < before["x0"][0] and after["x0"][1] < before["x0"][1]
    assert page.get_attribute("#pg-path", "d") != path_before
    assert page.evaluate("() => getComputedStyle(document.getElementById('pg-plot')).touchAction") == "none"
    no_errors(context)


def test_eta_1_on_x_squared_oscillates_and_eta_1_5_diverges(context, server):
    page = open_playground(context, server, X_SQUARED_ETA_1)
    assert page.inner_text("#pg-regime") == "oscillate"
    result = page.evaluate("() => Playground.result()")
    assert [round(x[0], 12) for x in result["path"][:4]] == [1.5, -1.5, 1.5, -1.5]
    assert "Diverged" not in page.inner_text("#pg-status")
    assert page.inner_text("#pg-factors") == "λ = 2: 1"

    # Type η = 1.5 in the box beside the slider.
    page.fill("#pg-eta-number", "1.5")
    assert page.inner_text("#pg-regime") == "diverge"
    status = page.inner_text("#pg-status")
    assert re.search(r"Diverged at step \d+", status), status
    assert "left the plot at step" in status
    result = page.evaluate("() => Playground.result()")
    assert result["status"] == "diverged" and result["leftPlotAt"] is not None
    # The path is drawn out of the plot's frame, and nothing reads NaN.
    ends = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", page.get_attribute("#pg-path", "d"))]
    width = float(page.get_attribute("#pg-plot", "viewBox").split()[2])
    assert max(abs(v) for v in ends) > width
    text = page.inner_text("#pg-root")
    assert "NaN" not in text and "Infinity" not in text
    page.wait_for_timeout(250)
    assert url_params(page)["eta"] == "1.5"

    # The slow and converging regimes, then the same divergence from a link with η = 1.5.
    for eta, regime in (("0.01", "slow"), ("0.3", "converge")):
        page.fill("#pg-eta-number", eta)
        assert page.inner_text("#pg-regime") == regime, eta
    page.goto(server.url + PLAYGROUND + X_SQUARED_ETA_1.replace("eta=1", "eta=1.5"))
    page.wait_for_function("() => document.getElementById('pg-root').classList.contains('pg-ready')")
    assert page.inner_text("#pg-regime") == "diverge"
    assert re.search(r"Diverged at step \d+", page.inner_text("#pg-status"))
    no_errors(context)


def test_a_shared_url_restores_the_same_experiment(context, new_context, server):
    page = open_playground(context, server)
    page.check("#pg-view-2d")
    page.select_option("#pg-f", "quadratic")
    page.fill("#pg-kappa", "1.4")                # log10 κ: κ = 25
    page.select_option("#pg-method", "momentum")
    page.fill("#pg-beta", "0.6")
    page.fill("#pg-eta-number", "0.05")
    page.fill("#pg-steps-number", "60")
    _drag(page, -60, 40)
    page.wait_for_timeout(300)
    shared = page.url
    want = state(page)
    assert want["view"] == "2d" and want["f"] == "quadratic" and want["kappa"] == 25
    assert want["method"] == "momentum" and want["beta"] == 0.6 and want["eta"] == 0.05 and want["steps"] == 60
    params = url_params(page)
    assert set(params) == {"view", "f", "kappa", "method", "beta", "eta", "steps", "x0"}
    readout = {sel: page.inner_text(sel) for sel in ("#pg-status", "#pg-loss", "#pg-gnorm", "#pg-regime", "#pg-factors")}
    path = page.get_attribute("#pg-path", "d")

    other = new_context()                     # another browser session opening the copied link
    copy = other.watch.page(other)
    copy.goto(shared, wait_until="load")
    copy.wait_for_function("() => document.getElementById('pg-root').classList.contains('pg-ready')")
    assert state(copy) == want
    assert {sel: copy.inner_text(sel) for sel in readout} == readout
    assert copy.get_attribute("#pg-path", "d") == path
    assert copy.input_value("#pg-method") == "momentum" and copy.input_value("#pg-f") == "quadratic"
    assert copy.is_checked("#pg-view-2d")
    no_errors(context)
    no_errors(other)


def test_controls_are_labelled_and_work_from_the_keyboard(context, server):
    page = open_playground(context, server, "?view=2d&f=saddle&method=gd&eta=0.1&x0=1.5,0.01&steps=40")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('#pg-root input, #pg-root select')]
        .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id)""")
    assert not unlabelled
    before = state(page)["x0"]
    page.focus("#pg-plot")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    after = state(page)["x0"]
    assert after[0] < before[0] and after[1] > before[1]
    page.keyboard.press("Home")
    assert state(page)["x0"] == [1.5, 0.01]
    # The method and the learning rate from the keyboard alone.
    page.focus("#pg-method")
    page.keyboard.press("ArrowDown")            # gd -> momentum
    assert state(page)["method"] == "momentum"
    eta = state(page)["eta"]
    page.focus("#pg-eta")
    page.keyboard.press("ArrowRight")
    assert state(page)["eta"] > eta
    # The saddle is a quadratic with a negative eigenvalue: no optimal step, and it is said.
    assert "λmin < 0" in page.inner_text("#pg-optimal")
    no_errors(context)


EXTREMES = [
    "?view=1d&f=double_well&method=gd&eta=10&x0=2.4&steps=1000",
    "?view=1d&f=double_well&method=newton&x0=0.816496580927726&steps=50",     # f'' = 0: singular
    "?view=2d&f=rosenbrock&method=momentum&beta=0.99&eta=10&x0=-2,3&steps=1000",
    "?view=2d&f=himmelblau&method=adam&eta=10&x0=5,5&steps=1000",
    "?view=2d&f=saddle&method=nesterov&beta=0.99&eta=10&x0=0,0.001&steps=1000",
    "?view=1d&f=wiggle&method=gd&eta=nan&x0=abc&steps=-4",                     # nonsense in the URL
]


def test_extreme_settings_never_freeze_or_print_nan(context, server):
    page = open_playground(context, server, EXTREMES[0])
    for i, query in enumerate(EXTREMES):
        if i:  # the page's own URL parsing, then the whole page redrawn, as on a fresh load
            page.evaluate("(q) => Playground.set(Playground.stateFromParams(new URLSearchParams(q)))", query)
        text = page.inner_text("#pg-root")
        assert not re.search(r"\bNaN\b|Infinity|undefined", text), (query, text)
        status = page.inner_text("#pg-status")
        assert status and page.inner_text("#pg-loss") and page.inner_text("#pg-gnorm"), query
        result = page.evaluate("() => Playground.result()")
        if result["status"] in ("diverged", "nonfinite"):
            assert re.search(r"Diverged at step \d+", status), (query, status)
    no_errors(context)


def test_phone_width(new_context, server):
    phone = new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = open_playground(phone, server, X_SQUARED_ETA_1)
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 375, f"the page scrolls sideways: {overflow} px wide"
    plot = page.locator("#pg-plot").bounding_box()
    assert 0 <= plot["x"] and plot["x"] + plot["width"] <= 375 and plot["height"] >= 200
    assert page.inner_text("#pg-regime") == "oscillate"
    page.tap("#pg-view-2d")
    assert state(page)["view"] == "2d"
    no_errors(phone)


def test_newton_says_when_it_stops_at_a_maximum_or_a_saddle(context, server):
    # As lessonlib.newton does: a converged pure-Newton run whose Hessian at the end has a negative
    # eigenvalue is "not_minimum", and the readout says which kind of point it stopped at.
    for query, kind in (("?view=1d&f=double_well&method=newton&x0=0.5&steps=10", "a maximum"),
                        ("?view=2d&f=saddle&method=newton&x0=1.5,0.01&steps=5", "a saddle point")):
        page = open_playground(context, server, query)
        assert page.evaluate("() => Playground.result().status") == "not_minimum"
        status = page.inner_text("#pg-status")
        assert f"not a minimum, {kind}." in status, status
    page = open_playground(context, server, "?view=1d&f=double_well&method=newton&x0=1&steps=10")
    assert page.evaluate("() => Playground.result().status") == "converged"
    assert "at a minimum" in page.inner_text("#pg-status")
    no_errors(context)
