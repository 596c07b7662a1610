// Language selection and message lookup, without the DOM: this file runs in the browser
// and under node's test runner alike. The DOM side (updating labels in place, <html lang>)
// lives in i18n/dom.ts and subscribes with onLanguageChange().

import { en, ja, type Catalogue, type MessageKey } from './messages.js';

export type Lang = 'ja' | 'en';
export type { MessageKey, Catalogue };
export type Params = Record<string, string | number>;

export const LANGUAGES: readonly Lang[] = ['ja', 'en'];
export const catalogues: Readonly<Record<Lang, Catalogue>> = { ja, en };
export const STORAGE_KEY = 'asta.lang';

// The minimal part of Web Storage used here, so tests can pass a stand-in.
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

// Maps a language tag ("ja", "ja-JP", "en-GB", "EN") to a supported language, or null
// when the tag is not one asta speaks.
export function normaliseLang(tag: string | null | undefined): Lang | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'ja' || primary === 'en' ? primary : null;
}

// The catalogue for a language tag; English when the tag is not supported.
export function pickCatalogue(tag: string | null | undefined): Catalogue {
  return catalogues[normaliseLang(tag) ?? 'en'];
}

// The language to start with before anyone signs in: the one remembered from an earlier
// visit, else the first supported language the browser prefers, else English.
export function detectLanguage(stored: string | null, browser: readonly string[]): Lang {
  const remembered = normaliseLang(stored);
  if (remembered) return remembered;
  for (const tag of browser) {
    const lang = normaliseLang(tag);
    if (lang) return lang;
  }
  return 'en';
}

// Unicode FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: text placed into a message
// keeps its own direction, so an Arabic name inside an English or Japanese sentence
// neither reorders the words around it nor is reordered by them (as Fluent does).
// Elements showing such a message keep the page's direction: do not give them
// dir="auto", which in Chromium would take its direction from the isolated name when
// the message starts with it ("{name} を編集").
export const FSI = '\u2068';
export const PDI = '\u2069';

// Fills {name} placeholders; unknown placeholders are left as written. String values
// (names and other data) are direction-isolated; numbers are not.
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
    const value = params[name];
    return typeof value === 'number' ? String(value) : `${FSI}${value}${PDI}`;
  });
}

let current: Lang = 'en';
let store: KeyValueStore | null = null;
const listeners = new Set<(lang: Lang) => void>();

export function currentLang(): Lang {
  return current;
}

// Where the chosen language is remembered (localStorage in the browser).
export function useStore(kv: KeyValueStore | null): void {
  store = kv;
}

export function storedLang(): Lang | null {
  try {
    return normaliseLang(store?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return null;
  }
}

// Switches the language: later t() calls use its catalogue, the choice is remembered,
// and listeners (the DOM updater) run when it changed. Unsupported tags fall back to
// English. Returns the language now in force.
export function setLanguage(tag: string, options: { remember?: boolean } = {}): Lang {
  const lang = normaliseLang(tag) ?? 'en';
  const changed = lang !== current;
  current = lang;
  if (options.remember !== false) {
    try {
      store?.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage can be disabled (private mode); the choice then lasts for this page only.
    }
  }
  if (changed) for (const listener of listeners) listener(lang);
  return lang;
}

export function onLanguageChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// The message for `key` in the current language.
export function t(key: MessageKey, params?: Params): string {
  return format(catalogues[current][key] ?? en[key] ?? key, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
