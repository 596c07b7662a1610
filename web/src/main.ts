// Entry point: choose the starting language, connect it to the page, start the app.

import './styles.css';
import { App } from './app.js';
import { detectLanguage, setLanguage, useStore, STORAGE_KEY } from './i18n/core.js';
import { installI18nDom } from './i18n/dom.js';
import { installLanguageButtons } from './langswitch.js';

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = safeLocalStorage();
useStore(storage);
let stored: string | null = null;
try {
  stored = storage?.getItem(STORAGE_KEY) ?? null;
} catch {
  stored = null;
}
// Before sign-in: the remembered choice, else the browser's preference. Not remembered
// until the user chooses, so the browser's preference keeps applying until then.
setLanguage(detectLanguage(stored, navigator.languages ?? [navigator.language]), { remember: false });
installI18nDom();
installLanguageButtons();

const root = document.getElementById('app');
if (root) void new App(root).start();
