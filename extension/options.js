// newscred extension: the options page. Saving asks for the host permission for the
// server's origin (the browser shows its prompt unless the permission is already held).
"use strict";

const DEFAULTS = { server: "http://127.0.0.1:8000", apiKey: "", store: false };
const form = document.getElementById("options");
const status = document.getElementById("status");

function say(text, isError) {
  status.textContent = text;
  status.className = isError ? "error" : "";
}

async function load() {
  const stored = await chrome.storage.local.get(DEFAULTS);
  // A field the user already changed while the settings were loading keeps its value.
  if (!form.server.dataset.edited) form.server.value = stored.server;
  if (!form.apiKey.dataset.edited) form.apiKey.value = stored.apiKey;
  if (!form.store.dataset.edited) form.store.checked = stored.store === true;
  form.dataset.loaded = "true";
}

for (const field of [form.server, form.apiKey, form.store]) {
  field.addEventListener("input", () => { field.dataset.edited = "true"; });
  field.addEventListener("change", () => { field.dataset.edited = "true"; });
}

function originOf(value) {
  let url;
  try {
    url = new URL(value);
  } catch (e) {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.origin;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const origin = originOf(form.server.value.trim());
  if (!origin) {
    say("The server address must be an http:// or https:// URL.", true);
    return;
  }
  // Ask first, inside the click (a permission request needs the user's gesture).
  let granted = false;
  try {
    granted = await chrome.permissions.request({ origins: [`${origin}/*`] });
  } catch (e) {
    say(`Could not ask for access to ${origin}: ${e.message}`, true);
    return;
  }
  await chrome.storage.local.set({
    server: origin, apiKey: form.apiKey.value.trim(), store: form.store.checked,
  });
  form.server.value = origin;
  if (granted) say(`Saved. The extension may call ${origin}.`, false);
  else say(`Saved, but without access to ${origin} the extension cannot call it. Save again and allow it.`, true);
});

load();
