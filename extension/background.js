// newscred extension: the service worker. It alone talks to the newscred server (under a
// host permission for the server's origin, so the server needs no CORS opening) and it
// alone reads the API key from extension storage. Pages never see the key.
"use strict";

const DEFAULTS = { server: "http://127.0.0.1:8000", apiKey: "", store: false };
const BAND_COLOURS = { reliable: "#1a7f37", mixed: "#b35900", unreliable: "#b3261e" };
const ERROR_COLOUR = "#6e6e6e";
const MENU_ID = "newscred-check";

async function settings() {
  const stored = await chrome.storage.local.get(DEFAULTS);
  const server = String(stored.server || DEFAULTS.server).trim().replace(/\/+$/, "");
  return { server, apiKey: String(stored.apiKey || ""), store: stored.store === true };
}

function headers(apiKey) {
  const out = { "Content-Type": "application/json", Accept: "application/json" };
  // docs/api.md, "API keys": keys are sent as `Authorization: Bearer KEY`.
  if (apiKey) out.Authorization = `Bearer ${apiKey}`;
  return out;
}

function unreachable(server) {
  return `Cannot reach newscred at ${server}; start it with \`newscred serve\`.`;
}

async function describeFailure(response, server) {
  let detail = "";
  try {
    const body = await response.json();
    const error = body && (body.error || body.detail || body);
    if (error && typeof error === "object") {
      detail = [error.code, error.message, error.hint].filter((x) => typeof x === "string" && x).join(": ");
    } else if (typeof error === "string") {
      detail = error;
    }
  } catch (e) {
    detail = "";
  }
  const auth = response.status === 401 || response.status === 403
    ? " Check the API key in the extension's options." : "";
  return `newscred at ${server} answered ${response.status}${detail ? `: ${detail}` : ""}.${auth}`;
}

async function callServer(base, path, init, apiKey) {
  let response;
  try {
    response = await fetch(base + path, { ...init, headers: headers(apiKey), credentials: "omit", cache: "no-store" });
  } catch (e) {
    throw new Error(unreachable(base));
  }
  if (!response.ok) throw new Error(await describeFailure(response, base));
  return response.json();
}

async function setBadge(tabId, text, colour, title) {
  await chrome.action.setBadgeText({ tabId, text });
  await chrome.action.setBadgeBackgroundColor({ tabId, color: colour });
  if (chrome.action.setBadgeTextColor) await chrome.action.setBadgeTextColor({ tabId, color: "#ffffff" });
  await chrome.action.setTitle({ tabId, title });
}

async function inject(tabId) {
  await chrome.scripting.executeScript({ target: { tabId }, files: ["content.js"] });
}

async function collect(tabId) {
  const [result] = await chrome.scripting.executeScript({
    target: { tabId },
    func: () => ({ html: document.documentElement.outerHTML, url: location.href }),
  });
  return result.result;
}

async function show(tabId, message) {
  return chrome.tabs.sendMessage(tabId, message);
}

// Check one tab: what the toolbar button and the context menu run. Returns a summary
// (the tests and the bench read it).
async function checkTab(tab) {
  const started = performance.now();
  const tabId = tab.id;
  const config = await settings();
  await setBadge(tabId, "…", ERROR_COLOUR, "newscred: checking…");
  let page;
  try {
    await inject(tabId);
    page = await collect(tabId);
  } catch (e) {
    const message = `newscred cannot read this page (${e.message}).`;
    await setBadge(tabId, "!", ERROR_COLOUR, message);
    return { ok: false, tabId, error: message };
  }
  await show(tabId, { type: "newscred:checking", server: config.server });
  let report;
  let related = null;
  let serverMs = 0;
  try {
    const query = config.store ? "?store=true" : "";
    const sent = performance.now();
    report = await callServer(config.server, `/v1/check${query}`, {
      method: "POST",
      body: JSON.stringify({ html: page.html, url: page.url }),
    }, config.apiKey);
    serverMs = performance.now() - sent;
    if (config.store && report.article && report.article.id != null) {
      try {
        related = await callServer(config.server,
          `/v1/articles/${encodeURIComponent(String(report.article.id))}/related?limit=10`,
          { method: "GET" }, config.apiKey);
      } catch (e) {
        related = { error: e.message };
      }
    }
  } catch (e) {
    await setBadge(tabId, "!", ERROR_COLOUR, e.message);
    await show(tabId, { type: "newscred:error", message: e.message, server: config.server });
    return { ok: false, tabId, error: e.message };
  }
  const assessment = report.assessment || {};
  const score = typeof assessment.score === "number" ? assessment.score : null;
  const satire = assessment.genre === "satire";
  const badge = satire ? "SAT" : score === null ? "?" : String(score);
  const colour = BAND_COLOURS[assessment.band] || ERROR_COLOUR;
  await setBadge(tabId, badge, colour,
    satire ? "newscred: satire, written to amuse, not to inform (no score)"
      : score === null ? "newscred: no score (abstained)" : `newscred: ${score} (${assessment.band})`);
  const placed = await show(tabId, {
    type: "newscred:report", report, related, server: config.server, stored: config.store,
  });
  return {
    ok: true, tabId, report, spans: placed ? placed.spans : [], score, band: assessment.band || null, badge,
    placed: placed ? placed.placed : 0, total: placed ? placed.total : 0,
    unplaced: placed ? placed.unplaced : [],
    server_ms: serverMs, total_ms: performance.now() - started,
  };
}

async function checkActiveTab() {
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  if (!tab) return { ok: false, error: "no active tab" };
  return checkTab(tab);
}

chrome.action.onClicked.addListener((tab) => { checkTab(tab); });

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_ID, title: "Check this page with newscred", contexts: ["page", "selection"] });
  });
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID && tab) checkTab(tab);
});

// The tests and the bench call these from the service worker (the same function the
// toolbar button runs).
self.newscred = { checkTab, checkActiveTab, settings, DEFAULTS };
