// Small DOM helpers: h() builds elements, and labels are bound to message keys so that a
// language switch can rewrite them in place (applyI18n) without rebuilding the page or
// losing what the user has typed.

import { currentLang, t, type MessageKey, type Params } from './i18n/core.js';

export type Child = Node | string | number | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined;
type Events = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };

export interface Props {
  class?: string | (string | false | null | undefined)[];
  // The element's text is the message `t`, with `tp` as its parameters.
  t?: MessageKey;
  tp?: Params;
  // Attributes whose values are messages, e.g. {'aria-label': 'header.menu'}.
  ta?: Record<string, MessageKey | [MessageKey, Params]>;
  on?: Events;
  [attribute: string]: unknown;
}

const RESERVED = new Set(['class', 't', 'tp', 'ta', 'on']);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) {
      const names = Array.isArray(props.class) ? props.class.filter(Boolean) : [props.class];
      el.className = names.join(' ');
    }
    for (const [name, value] of Object.entries(props)) {
      if (RESERVED.has(name)) continue;
      setAttr(el, name, value as AttrValue);
    }
    if (props.t) bindText(el, props.t, props.tp);
    if (props.ta) bindAttrs(el, props.ta);
    if (props.on) {
      for (const [type, handler] of Object.entries(props.on)) {
        el.addEventListener(type, handler as EventListener);
      }
    }
  }
  append(el, children);
  return el;
}

export function setAttr(el: Element, name: string, value: AttrValue): void {
  if (value === null || value === undefined || value === false) {
    el.removeAttribute(name);
  } else if (value === true) {
    el.setAttribute(name, '');
  } else {
    el.setAttribute(name, String(value));
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replaceChildren(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

// Makes `el`'s text the message `key` (with `params`) and keeps it so across language
// switches.
export function bindText(el: HTMLElement, key: MessageKey, params?: Params): void {
  el.dataset.i18n = key;
  if (params) el.dataset.i18nParams = JSON.stringify(params);
  else delete el.dataset.i18nParams;
  el.textContent = t(key, params);
}

// Removes the message binding and shows `children` instead (a heading that said "Loading
// the programme…" and now shows the programme's name), so a language switch leaves them.
export function unbindText(el: HTMLElement, ...children: Child[]): void {
  delete el.dataset.i18n;
  delete el.dataset.i18nParams;
  replaceChildren(el, ...children);
}

// Removes the message binding and shows literal text (e.g. a server's message).
export function setLiteral(el: HTMLElement, text: string): void {
  delete el.dataset.i18n;
  delete el.dataset.i18nParams;
  el.textContent = text;
}

export function bindAttrs(
  el: HTMLElement,
  attrs: Record<string, MessageKey | [MessageKey, Params]>,
): void {
  el.dataset.i18nAttrs = JSON.stringify(attrs);
  for (const [name, spec] of Object.entries(attrs)) {
    const [key, params] = Array.isArray(spec) ? spec : [spec, undefined];
    el.setAttribute(name, t(key, params));
  }
}

// Rewrites every bound label under `root` in the current language.
export function applyI18n(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    const params = el.dataset.i18nParams ? (JSON.parse(el.dataset.i18nParams) as Params) : undefined;
    el.textContent = t(el.dataset.i18n as MessageKey, params);
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-attrs]').forEach((el) => {
    bindAttrs(el, JSON.parse(el.dataset.i18nAttrs ?? '{}'));
  });
  root.querySelectorAll<HTMLElement>('[data-text-ja]').forEach((el) => {
    el.textContent = pickBilingual(el.dataset.textJa ?? '', el.dataset.textEn ?? '');
  });
}

function pickBilingual(ja: string, en: string): string {
  return currentLang() === 'ja' ? ja || en : en || ja;
}

// Shows data that exists in two forms (an organisation's own-language name and its
// English name): the Japanese UI shows the first, the English UI the second, each
// falling back to the other when empty. Kept current across language switches.
export function bindBilingual(el: HTMLElement, ja: string, en: string): HTMLElement {
  el.dataset.textJa = ja;
  el.dataset.textEn = en;
  el.textContent = pickBilingual(ja, en);
  if (!el.hasAttribute('dir')) el.setAttribute('dir', 'auto');
  return el;
}

// "2026-11-28 21:04:52 UTC+09:00": an instant in the browser's time zone, written the
// same way in every language so that it reads unambiguously.
export function formatLocalTime(iso: string, options: { offset?: boolean } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const local =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (options.offset === false) return local;
  return `${local} UTC${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

// The browser's time zone, e.g. "Asia/Tokyo", for column headings.
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

// A <time> in local time; the tooltip gives the instant with its UTC offset.
export function timeEl(iso: string, options: { offset?: boolean } = {}): HTMLTimeElement {
  return h('time', { datetime: iso, title: formatLocalTime(iso) }, formatLocalTime(iso, options));
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
