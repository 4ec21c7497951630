/// The accessibility check's JavaScript, run in the page through DevTools by
/// ``HeadlessBrowser/accessibilityProblems(page:)`` and its siblings. Each script returns
/// its problems as `[{rule, element, detail}]`, the element described by
/// ``describe`` so that a failure names what to fix.
enum AccessibilityScripts {
    /// Helpers every script starts with: `describe(element)` (tag, id, name or classes,
    /// link target, start of its text) and `problem(rule, element, detail)`.
    static let helpers = """
        const describe = (el) => {
          if (!el || el.nodeType !== 1) return String(el);
          let s = el.tagName.toLowerCase();
          if (el.id) s += '#' + el.id;
          if (el.getAttribute('name')) s += '[name="' + el.getAttribute('name') + '"]';
          else if (el.classList.length) s += '.' + [...el.classList].join('.');
          if (el.getAttribute('href')) s += '[href="' + el.getAttribute('href') + '"]';
          if (el.getAttribute('type') && el.tagName !== 'A') s += '[type="' + el.getAttribute('type') + '"]';
          const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
          if (text && el !== document.documentElement) s += ' "' + (text.length > 40 ? text.slice(0, 40) + '…' : text) + '"';
          return s;
        };
        const problem = (rule, el, detail) => ({rule, element: describe(el), detail});
        const text = (node) => (node ? node.textContent : '').replace(/\\s+/g, ' ').trim();
        """

    /// The rules read from the document as it is: `lang`, the names of form controls,
    /// images' `alt`, heading levels, and the contrast of every visible text.
    static let document = """
        (() => {
        \(helpers)
          const problems = [];
          if (!(document.documentElement.getAttribute('lang') || '').trim()) {
            problems.push(problem('lang', document.documentElement, 'the document has no lang attribute, so screen readers cannot tell its language'));
          }

          const accessibleName = (el) => {
            const labelledBy = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
              .map(id => text(document.getElementById(id))).join(' ').trim();
            if (labelledBy) return labelledBy;
            const label = (el.getAttribute('aria-label') || '').trim();
            if (label) return label;
            const labels = [...(el.labels || [])].map(text).join(' ').trim();
            if (labels) return labels;
            if (el.tagName === 'BUTTON' && text(el)) return text(el);
            if (el.tagName === 'INPUT' && ['submit', 'reset', 'button'].includes(el.type)) return (el.value || (el.type === 'button' ? '' : el.type)).trim();
            if (el.tagName === 'INPUT' && el.type === 'image') return (el.getAttribute('alt') || '').trim();
            return (el.getAttribute('title') || '').trim();
          };
          for (const el of document.querySelectorAll('input, select, textarea, button')) {
            if (el.type === 'hidden') continue;
            if (!accessibleName(el)) {
              problems.push(problem('name', el, 'this form control has no accessible name: give it a <label for>, a wrapping <label>, aria-label or text'));
            }
          }

          for (const el of document.querySelectorAll('img, area, input[type=image]')) {
            if (!el.hasAttribute('alt')) problems.push(problem('alt', el, 'this image has no alt text (alt="" marks a decorative one)'));
          }

          let previous = 0;
          for (const el of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
            const level = Number(el.tagName[1]);
            if (previous === 0 && level !== 1) {
              problems.push(problem('headings', el, 'the first heading is h' + level + ', not h1'));
            } else if (previous !== 0 && level > previous + 1) {
              problems.push(problem('headings', el, 'h' + level + ' follows h' + previous + ': a heading level is skipped'));
            }
            previous = level;
          }

          const parse = (color) => {
            const match = /rgba?\\(([^)]*)\\)/.exec(color || '');
            if (!match) return null;
            const parts = match[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
            return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
          };
          const over = (top, bottom) => {
            const a = top.a + bottom.a * (1 - top.a);
            const mix = (t, b) => a === 0 ? 0 : (t * top.a + b * bottom.a * (1 - top.a)) / a;
            return {r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a};
          };
          const background = (el) => {
            const layers = [];
            for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
              const color = parse(getComputedStyle(node).backgroundColor);
              if (color && color.a > 0) {
                layers.push(color);
                if (color.a >= 1) break;
              }
            }
            return layers.reverse().reduce((below, layer) => over(layer, below), {r: 255, g: 255, b: 255, a: 1});
          };
          const luminance = (c) => {
            const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
          };
          const css = (c) => 'rgb(' + [c.r, c.g, c.b].map(Math.round).join(', ') + ')';
          for (const el of document.body.querySelectorAll('*')) {
            if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'OPTION', 'TEMPLATE'].includes(el.tagName) || el.matches(':disabled')) continue;
            if (![...el.childNodes].some(node => node.nodeType === 3 && node.textContent.trim())) continue;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            if (style.visibility !== 'visible' || el.getClientRects().length === 0 || box.width <= 1 || box.height <= 1) continue;
            let opacity = 1;
            for (let node = el; node && node.nodeType === 1; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
            const foreground = parse(style.color);
            if (opacity === 0 || !foreground) continue;
            const back = background(el);
            const fore = over(foreground, back);
            const [light, dark] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
            const ratio = (light + 0.05) / (dark + 0.05);
            const size = parseFloat(style.fontSize);
            const needed = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700) ? 3 : 4.5;
            if (ratio < needed) {
              problems.push(problem('contrast', el, 'text ' + css(fore) + ' on ' + css(back) + ' has a contrast of ' + ratio.toFixed(2) + ':1, WCAG AA needs ' + needed + ':1'));
            }
          }
          return problems;
        })()
        """

    /// Marks every element a keyboard user must reach (links, buttons, fields, summaries,
    /// anything with a `tabindex`) that is shown and enabled with `data-a11y-key`, and
    /// returns their descriptions by key.
    static let markInteractive = """
        (() => {
        \(helpers)
          const found = [];
          const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex], [contenteditable]';
          for (const el of document.querySelectorAll(selector)) {
            if (el.matches(':disabled') || el.getClientRects().length === 0 || getComputedStyle(el).visibility !== 'visible') continue;
            if (el.getAttribute('tabindex') === '-1' && !el.matches('a[href], area[href], button, input, select, textarea, summary')) continue;
            el.dataset.a11yKey = String(found.length);
            found.push(describe(el));
          }
          return found;
        })()
        """

    /// The focused element after a key press: its key (null for one not marked), its
    /// description, and whether its focus is visible (an outline or a box shadow).
    static let focused = """
        (() => {
        \(helpers)
          const el = document.activeElement;
          if (!el || el === document.body || el === document.documentElement) return null;
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
          const shadow = !!style.boxShadow && style.boxShadow !== 'none';
          return {key: el.dataset.a11yKey ?? null, element: describe(el), visible: outline || shadow};
        })()
        """

    /// The elements that make the page wider than its window, the outermost of each
    /// overflow, leaving out what is inside an element that scrolls or clips by itself (a
    /// log's `pre`, a table's wrapper). The window is the layout viewport
    /// (`documentElement.clientWidth`): on an emulated phone `innerWidth` grows with a too
    /// wide page, which the phone shows zoomed out.
    static let width = """
        (() => {
        \(helpers)
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
          const beyond = (el) => el.getBoundingClientRect().right > width + 0.5;
          // Whether an element that scrolls or clips holds `el`: for an absolutely
          // positioned one only from its containing block up, a fixed one never.
          const contained = (el) => {
            let mode = getComputedStyle(el).position;
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
              if (mode === 'fixed') return false;
              const style = getComputedStyle(up);
              if (mode !== 'absolute' || style.position !== 'static' || style.transform !== 'none') {
                if (scrolls(up)) return true;
                mode = style.position;
              }
            }
            return false;
          };
          const culprits = new Set([...document.body.querySelectorAll('*')].filter(el => beyond(el) && !contained(el)));
          const problems = [];
          for (const el of culprits) {
            if (culprits.has(el.parentElement)) continue;
            problems.push(problem('phone-width', el,
              'reaches ' + Math.round(el.getBoundingClientRect().right) + ' px, beyond the ' + width + ' px window, so the page scrolls sideways'));
          }
          if (problems.length === 0) {
            problems.push(problem('phone-width', document.documentElement,
              'the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + width + ' px window'));
          }
          return problems;
        })()
        """
}
