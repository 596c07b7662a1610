// Connects the language state to the page: <html lang>, bound labels, the title.

import { onLanguageChange, setLanguage, currentLang, type Lang } from './core.js';
import { applyI18n } from '../dom.js';

let titleRefresher: (() => void) | null = null;

export function setTitleRefresher(fn: (() => void) | null): void {
  titleRefresher = fn;
  fn?.();
}

export function installI18nDom(): void {
  document.documentElement.lang = currentLang();
  onLanguageChange((lang: Lang) => {
    document.documentElement.lang = lang;
    applyI18n(document);
    titleRefresher?.();
  });
}

export function switchLanguage(lang: Lang): void {
  setLanguage(lang);
}
