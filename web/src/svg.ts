// SVG elements for the drawings (the collaboration graph, the map): h() makes HTML
// elements, which an <svg> does not render, so these are made in the SVG namespace.
// Presentation goes through classes in styles.css; the CSP forbids style attributes.

import { bindText } from './dom.js';
import type { MessageKey, Params } from './i18n/core.js';

export const SVG_NS = 'http://www.w3.org/2000/svg';

type SvgChild = SVGElement | string | null | undefined | false | SvgChild[];

export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | null | undefined | false> = {},
  ...children: SvgChild[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, String(value));
  }
  const add = (list: SvgChild[]) => {
    for (const c of list) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) add(c);
      else if (typeof c === 'string') el.appendChild(document.createTextNode(c));
      else el.appendChild(c);
    }
  };
  add(children);
  return el;
}

// An SVG <title>/<desc>/<text> whose text is a catalogue message, kept current across
// language switches like HTML labels (applyI18n looks for the same data attributes).
export function sText<K extends 'title' | 'desc' | 'text'>(
  tag: K,
  key: MessageKey,
  params?: Params,
  attrs: Record<string, string | number | null | undefined> = {},
): SVGElementTagNameMap[K] {
  const el = s(tag, attrs);
  bindText(el as unknown as HTMLElement, key, params);
  return el;
}
