"""What the page sets up before the theme's script starts (docs/.overrides/main.html) keeps the theme working.

The page sets the classes the theme's script would set on <html>, and its own colour-scheme <meta> in
place of the one the theme adds; tables arrive in the theme's wrapper (scripts/long_pages.py). Whatever
the reader's preference or stored palette, the page must show the right palette, tell the browser the
matching colour scheme (scrollbars, form controls), follow a switch of palette, and keep the theme's
table style.
"""

from __future__ import annotations

PAGE = "notation/"
STATE = """() => ({
    classes: [...document.documentElement.classList].sort(),
    metas: [...document.querySelectorAll('meta[name="color-scheme"]')].map((m) => m.content),
    scheme: document.body.getAttribute('data-md-color-scheme'),
    used: getComputedStyle(document.documentElement).colorScheme,
    tables: [...document.querySelectorAll('.md-typeset table')].map((t) =>
        [t.className.split(' ')[0], t.parentElement.className, getComputedStyle(t).borderTopStyle]),
})"""


def _open(new_context, server, **options):
    context = new_context(**options)
    page = context.watch.page(context)
    page.goto(server.url + PAGE, wait_until="load")
    return context, page


def _no_errors(context):
    watch = context.watch
    assert not watch.console_errors and not watch.page_errors, (watch.console_errors, watch.page_errors)


def test_light_preference_light_page_and_tables_in_the_theme_style(new_context, server):
    context, page = _open(new_context, server, color_scheme="light")
    state = page.evaluate(STATE)
    assert {"js", "js-focus-visible"} <= set(state["classes"]) and "no-js" not in state["classes"]
    assert state["metas"] == ["light"] and state["scheme"] == "default"
    assert state["tables"] and all(t == ["dh-table", "md-typeset__table", "solid"] for t in state["tables"]), state["tables"]
    _no_errors(context)


def test_dark_preference_and_a_switch_of_palette(new_context, server):
    context, page = _open(new_context, server, color_scheme="dark")
    state = page.evaluate(STATE)
    assert state["metas"] == ["dark"] and state["scheme"] == "slate"
    page.locator("label[for^='__palette_']:visible").first.click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")
    page.wait_for_function("() => document.querySelector('meta[name=\"color-scheme\"]').content === 'light'")
    # The choice is stored: the next page starts in it, whatever the preference.
    page.goto(server.url + "lessons/05-learning-rates/", wait_until="load")
    state = page.evaluate(STATE)
    assert state["metas"] == ["light"] and state["scheme"] == "default"
    _no_errors(context)
