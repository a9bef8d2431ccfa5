/* The copy button of code blocks copies code that runs: the prompts and printed outputs of doctest blocks are left out.
 *
 * The theme's button (feature content.code.copy) copies the `data-copy` attribute of the nearest
 * element around the code that has one, or else the code's text. Just before the theme's click
 * handler runs (it listens on document.body; this listens on document, in the capture phase), this
 * script reads the block's text the way the theme reads it and, for a doctest block, puts the code
 * alone in `data-copy` on the <code> element. Nothing happens at load, so long pages pay nothing.
 *
 * A block with a line that starts with ">>>" is read as doctest reads it, as sphinx-copybutton does
 * for Sphinx sites: the text after ">>> " and after the "... " lines that follow it is the code;
 * every other line is output and is dropped. A block without ">>>" is copied as it is.
 * window.DownhillCopy.clean(text) is the function that does it (the browser tests call it).
 */
(function () {
  "use strict";

  const PS1 = /^>>>(?: |$)/;
  const PS2 = /^\.\.\.(?: |$)/;
  const COMPOUND = /^(?:async\s+)?(?:def|class|for|while|if|with|try)\b|^@/;

  /**
   * The code of a doctest text (prompts and outputs removed), or null when it has no ">>>" line.
   * An example that spans several lines, or opens a block on its one line ("for ...: ..."), is
   * followed by an empty line, which ends the block when the code is pasted into the interactive
   * interpreter (elsewhere it changes nothing).
   */
  function clean(text) {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    if (!lines.some((line) => PS1.test(line))) return null;
    const examples = [];
    let example = null;           // after a ">>>" line, "..." lines continue the same example
    for (const line of lines) {
      if (PS1.test(line)) {
        example = [line.slice(4)];
        examples.push(example);
      } else if (example && PS2.test(line)) {
        example.push(line.slice(4));
      } else {
        example = null;           // output, or the blank line that ends it: not copied
      }
    }
    const code = [];
    examples.forEach((ex, i) => {
      code.push(...ex);
      if (i < examples.length - 1 && (ex.length > 1 || COMPOUND.test(ex[0]))) code.push("");
    });
    return code.join("\n") + "\n";
  }

  /** The text the theme would copy from `code`: its rendered text, without code annotations. */
  function shownText(code) {
    code.setAttribute("data-md-copying", "");
    const text = code.innerText;
    code.removeAttribute("data-md-copying");
    return text;
  }

  function prepare(evt) {
    const button = evt.target instanceof Element ? evt.target.closest("[data-clipboard-target]") : null;
    if (!button) return;
    let code = null;
    try { code = document.querySelector(button.getAttribute("data-clipboard-target")); } catch (err) { return; }
    if (!code) return;
    const owner = code.closest("[data-copy]");
    if (owner && !owner.hasAttribute("data-copy-doctest")) return;     // the author's own data-copy wins
    if (owner) { owner.removeAttribute("data-copy"); owner.removeAttribute("data-copy-doctest"); }
    const cleaned = clean(shownText(code));
    if (cleaned === null) return;
    code.setAttribute("data-copy", cleaned);
    code.setAttribute("data-copy-doctest", "");
  }

  document.addEventListener("click", prepare, true);
  window.DownhillCopy = { clean };
})();
