// newscred extension: the content script, injected only into a tab the user asked to
// check. It draws the panel and the highlights. Everything it inserts is its own
// elements and text nodes (createElement/textContent), never HTML from the report or the
// page. It never sees the API key.
(() => {
  "use strict";
  if (window.__newscredContent) return;
  window.__newscredContent = true;

  const HOST_ID = "newscred-extension-panel";
  const MARK_CLASS = "newscred-mark";
  const CONTEXT_CHARS = 40; // about a few words of context on each side
  const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT", "OPTION", "IFRAME", "OBJECT", "SVG"]);
  const COLOURS = ["#ffe066", "#a5d8ff", "#b2f2bb", "#ffc9c9", "#d0bfff", "#ffd8a8", "#c3fae8", "#eebefa"];

  let root = null; // the panel's shadow root
  let state = { signals: new Map(), hidden: new Set() };

  // ---- elements ---------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  const PANEL_CSS = `
    :host { all: initial; }
    .panel { position: fixed; top: 12px; right: 12px; z-index: 2147483647; width: 340px;
      max-height: calc(100vh - 24px); overflow: auto; box-sizing: border-box; padding: 12px 14px;
      background: #fff; color: #1b1b1b; border: 1px solid #c8c8c8; border-radius: 8px;
      box-shadow: 0 4px 18px rgba(0,0,0,.18); font: 13px/1.4 system-ui, sans-serif; }
    h2 { font-size: 15px; margin: 0 0 6px; } h3 { font-size: 13px; margin: 12px 0 4px; }
    .score { font-size: 28px; font-weight: 700; } .band { margin-left: 6px; font-weight: 600; }
    .reliable { color: #1a7f37; } .mixed { color: #b35900; } .unreliable { color: #b3261e; }
    .error { color: #b3261e; font-weight: 600; white-space: pre-wrap; }
    ul { margin: 0; padding-left: 18px; } li { margin: 2px 0; }
    .signal { margin: 6px 0; } .signal label { font-weight: 600; }
    .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
    .muted { color: #5e5e5e; } .card { border: 1px solid #e0e0e0; border-radius: 6px; padding: 6px 8px; }
    button.close { float: right; border: 0; background: none; font-size: 16px; cursor: pointer; }
    a { color: #0b57d0; }`;

  function panel() {
    let host = document.getElementById(HOST_ID);
    if (!host || !root) {
      if (host) host.remove();
      host = el("div", { id: HOST_ID });
      root = host.attachShadow({ mode: "open" });
      root.append(el("style", { text: PANEL_CSS }));
      (document.body || document.documentElement).append(host);
    }
    for (const child of [...root.childNodes]) if (child.nodeName !== "STYLE") child.remove();
    const box = el("section", { class: "panel", role: "complementary", "aria-label": "newscred" });
    const close = el("button", { class: "close", title: "Close", "aria-label": "Close", text: "×" });
    close.addEventListener("click", () => host.remove());
    box.append(close, el("h2", { text: "newscred" }));
    root.append(box);
    return box;
  }

  // ---- placing spans by their text --------------------------------------------------
  // The page's text as one string without whitespace, each character mapped to its text
  // node and offset. Matching without whitespace survives paragraph breaks and reflowed
  // spaces between the page and the extracted text.
  function pageIndex() {
    const chars = [];
    const nodes = [];
    const offsets = [];
    const host = document.getElementById(HOST_ID);
    const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        for (let p = node.parentNode; p; p = p.parentNode) {
          if (p === host) return NodeFilter.FILTER_REJECT;
          if (p.nodeType === 1 && SKIP_TAGS.has(p.nodeName.toUpperCase())) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const data = node.data;
      for (let i = 0; i < data.length; i++) {
        const c = data[i];
        if (/\s/.test(c)) continue;
        chars.push(fold(c));
        nodes.push(node);
        offsets.push(i);
      }
    }
    return { text: chars.join(""), nodes, offsets };
  }

  function fold(c) {
    // Typographic variants that extraction may or may not keep.
    if (c === "\u2018" || c === "\u2019") return "'";
    if (c === "\u201c" || c === "\u201d") return '"';
    if (c === "\u00ad") return "";
    return c;
  }

  function squeeze(s) {
    let out = "";
    for (const c of s) if (!/\s/.test(c)) out += fold(c);
    return out;
  }

  // Where the span's text lies in the index: with context on both sides, then one side,
  // then alone if it occurs once. Returns [start, end) in the index, or null.
  function locate(index, source, start, end) {
    const core = squeeze(source.slice(start, end));
    if (!core) return null;
    const before = squeeze(source.slice(Math.max(0, start - CONTEXT_CHARS), start));
    const after = squeeze(source.slice(end, end + CONTEXT_CHARS));
    const tries = [[before, after], [before, ""], ["", after]];
    for (const [b, a] of tries) {
      for (let cut = 0; cut <= 2; cut++) {
        // Shorten the context step by step when the page differs near the span.
        const bb = b.slice(Math.floor((b.length * cut) / 3));
        const aa = a.slice(0, a.length - Math.floor((a.length * cut) / 3));
        if (!bb && !aa && !(b === "" && a === "")) continue;
        const at = index.text.indexOf(bb + core + aa);
        if (at >= 0) return [at + bb.length, at + bb.length + core.length];
      }
    }
    const first = index.text.indexOf(core);
    if (first >= 0 && index.text.indexOf(core, first + 1) < 0) return [first, first + core.length];
    return null;
  }

  // Wrap [from, to) of the index in marks, one per text node it touches.
  function wrap(index, from, to, signal, colour, note) {
    const pieces = new Map();
    for (let i = from; i < to; i++) {
      const node = index.nodes[i];
      const piece = pieces.get(node);
      if (piece) piece[1] = index.offsets[i] + 1;
      else pieces.set(node, [index.offsets[i], index.offsets[i] + 1]);
    }
    const marks = [];
    for (const [node, [a, b]] of pieces) {
      const range = document.createRange();
      range.setStart(node, a);
      range.setEnd(node, b);
      const mark = document.createElement("mark");
      mark.className = MARK_CLASS;
      mark.dataset.newscredSignal = signal;
      mark.title = note;
      mark.style.setProperty("background-color", colour, "important");
      mark.style.setProperty("color", "inherit", "important");
      mark.style.setProperty("padding", "0", "important");
      range.surroundContents(mark);
      marks.push(mark);
    }
    return marks;
  }

  function clearMarks() {
    for (const mark of document.querySelectorAll(`mark.${MARK_CLASS}`)) {
      const parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      mark.remove();
      parent.normalize();
    }
  }

  function setShown(signal, shown) {
    const info = state.signals.get(signal);
    for (const mark of document.querySelectorAll(`mark.${MARK_CLASS}`)) {
      if (mark.dataset.newscredSignal !== signal) continue;
      mark.dataset.newscredHidden = shown ? "false" : "true";
      mark.style.setProperty("background-color", shown ? info.colour : "transparent", "important");
    }
  }

  function highlight(report) {
    clearMarks();
    state = { signals: new Map(), hidden: new Set() };
    const article = report.article || {};
    const sources = { body: String(article.body || ""), title: String(article.title || "") };
    const unplaced = [];
    const placements = [];
    let placed = 0;
    let total = 0;
    let colourIndex = 0;
    for (const signal of report.signals || []) {
      const spans = (signal.spans || []).filter((s) => s && s.shown !== false);
      if (!spans.length) continue;
      const colour = COLOURS[colourIndex++ % COLOURS.length];
      const info = { colour, placed: 0, total: spans.length, texts: [] };
      state.signals.set(signal.name, info);
      for (const span of spans) {
        total++;
        const source = sources[span.part] ?? sources.body;
        const text = source.slice(span.start, span.end);
        const index = pageIndex(); // rebuilt: earlier marks split text nodes
        const where = locate(index, source, span.start, span.end);
        const id = total;
        placements.push({ id, signal: signal.name, text, placed: Boolean(where) });
        if (!where) {
          unplaced.push({ signal: signal.name, label: span.label, text });
          continue;
        }
        const note = `${signal.name}: ${span.label}${span.note ? ` — ${span.note}` : ""}`;
        const marks = wrap(index, where[0], where[1], signal.name, colour, note);
        for (const mark of marks) mark.dataset.newscredSpan = String(id);
        placed++;
        info.placed++;
        info.texts.push(text);
      }
    }
    return { placed, total, unplaced, spans: placements };
  }

  // ---- the panel ----------------------------------------------------------------------
  function fmtPoints(points) {
    return typeof points === "number" ? `${points >= 0 ? "+" : ""}${points.toFixed(1)}` : "";
  }

  function renderReport(message, placement) {
    const { report, related, server, stored } = message;
    const box = panel();
    const assessment = report.assessment || {};
    const head = el("div", { class: "head" });
    if (assessment.genre === "satire") {
      // Satire is not scored as reporting: lead with what it is (the reason says why).
      head.append(el("span", { class: "score", "data-role": "score", text: "Satire" }),
        el("span", { class: "band", "data-role": "genre", text: "written to amuse, not to inform" }));
    } else if (typeof assessment.score === "number") {
      head.append(el("span", { class: "score", "data-role": "score", text: assessment.score }),
        el("span", { class: `band ${assessment.band || ""}`, "data-role": "band", text: assessment.band || "" }));
      if (assessment.genre === "opinion") {
        head.append(el("span", { class: "band", "data-role": "genre", text: "· opinion" }));
      }
    } else {
      head.append(el("span", { class: "score", "data-role": "score", text: "?" }),
        el("span", { class: "muted", text: ` no score: ${assessment.reason || "abstained"}` }));
    }
    box.append(head);
    if (assessment.genre === "satire" && assessment.reason) {
      box.append(el("p", { "data-role": "genre-note", text: assessment.reason }));
    } else if (assessment.genre === "opinion") {
      box.append(el("p", { class: "muted", "data-role": "genre-note",
        text: "Opinion: the writer's views. Being opinion does not lower the score; opinion presented as news is what the genre signal warns about." }));
    }
    if (assessment.what_it_measures) box.append(el("p", { class: "muted", text: assessment.what_it_measures }));

    const signals = report.signals || [];
    // Why this score: the assessment's components, then the signals' summaries.
    box.append(el("h3", { text: "Why this score" }));
    const reasons = el("ul", { "data-role": "reasons" });
    for (const component of (assessment.components || []).slice(0, 6)) {
      reasons.append(el("li", { "data-role": "component" },
        el("strong", { text: component.name }), ` ${fmtPoints(component.points)}`,
        component.note ? ` — ${component.note}` : ""));
    }
    box.append(reasons);

    const outlet = signals.find((s) => s.name === "outlet");
    if (outlet) {
      box.append(el("h3", { text: "The outlet" }));
      const card = el("div", { class: "card", "data-role": "outlet" });
      const record = (outlet.details && outlet.details.record) || {};
      card.append(el("div", {}, el("strong", { text: record.name || record.domain || article(report).outlet || "unknown outlet" })));
      const facts = [];
      if (record.factuality) facts.push(`factuality: ${record.factuality}`);
      if (record.bias) facts.push(`bias: ${record.bias}`);
      if (facts.length) card.append(el("div", { text: facts.join(" · ") }));
      if (outlet.summary) card.append(el("div", { class: "muted", text: outlet.summary }));
      box.append(card);
    }

    box.append(el("h3", { text: "Signals" }));
    const list = el("div", { "data-role": "signals" });
    for (const signal of signals) {
      if (signal.name === "outlet") continue;
      const info = state.signals.get(signal.name);
      const row = el("div", { class: "signal", "data-signal": signal.name });
      if (info) {
        const toggle = el("input", { type: "checkbox", "data-role": "toggle", "data-signal": signal.name });
        toggle.checked = true;
        toggle.addEventListener("change", () => setShown(signal.name, toggle.checked));
        row.append(el("label", {}, toggle, el("span", { class: "swatch", style: `background:${info.colour}` }),
          signal.name, el("span", { class: "muted", text: ` (${info.placed}/${info.total} highlighted)` })));
      } else {
        row.append(el("label", { text: signal.name }));
      }
      if (signal.summary) row.append(el("div", { "data-role": "summary", text: signal.summary }));
      list.append(row);
    }
    box.append(list);

    if (placement.unplaced.length) {
      box.append(el("h3", { text: `Not found in the page (${placement.unplaced.length})` }));
      const missing = el("ul", { "data-role": "unplaced" });
      for (const span of placement.unplaced) {
        missing.append(el("li", {}, el("strong", { text: `${span.signal}: ${span.label}` }), ` “${span.text}”`));
      }
      box.append(missing);
    }

    if (stored) {
      box.append(el("h3", { text: "Other coverage" }));
      const other = el("div", { "data-role": "related" });
      if (related && related.error) {
        other.append(el("div", { class: "error", text: related.error }));
      } else if (related && Array.isArray(related.related) && related.related.length) {
        const items = el("ul");
        for (const item of related.related) {
          const label = `${item.title || item.id}${item.outlet ? ` — ${item.outlet}` : ""}`;
          const li = el("li");
          if (typeof item.url === "string" && /^https?:\/\//i.test(item.url)) {
            li.append(el("a", { href: item.url, target: "_blank", rel: "noopener noreferrer", text: label }));
          } else {
            li.append(label);
          }
          items.append(li);
        }
        other.append(items);
      } else {
        other.append(el("div", { class: "muted", text: "No other coverage of this story in your store yet." }));
      }
      const id = article(report).id;
      if (id !== undefined && id !== null && /^https?:\/\//i.test(server)) {
        other.append(el("div", {}, el("a", {
          href: `${server}/articles/${encodeURIComponent(String(id))}/related`, target: "_blank",
          rel: "noopener noreferrer", text: "Compare the coverage",
        })));
      }
      box.append(other);
    }
  }

  function article(report) {
    return report.article || {};
  }

  function renderMessage(text, kind) {
    const box = panel();
    box.append(el("p", { class: kind, "data-role": kind, text }));
  }

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message || typeof message.type !== "string") return false;
    if (message.type === "newscred:checking") {
      clearMarks();
      renderMessage(`Checking with newscred at ${message.server}…`, "muted");
      sendResponse({ ok: true });
    } else if (message.type === "newscred:error") {
      clearMarks();
      renderMessage(message.message, "error");
      sendResponse({ ok: true });
    } else if (message.type === "newscred:report") {
      const placement = highlight(message.report);
      renderReport(message, placement);
      sendResponse(placement);
    }
    return false;
  });
})();
