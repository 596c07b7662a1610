// Widgets the review pages share: the officer's tabs for one call, the call's heading,
// stage and status badges, scores, and the server's explanation in the UI language.

import { api } from '../../api.js';
import { bindBilingual, h, setLiteral, unbindText, type Child } from '../../dom.js';
import { currentLang, isMessageKey, onLanguageChange, type MessageKey, type Params } from '../../i18n/core.js';
import type { Call } from '../../programmes/logic.js';
import { fmtScore } from '../../review/logic.js';

// What a page gets from the app (app.ts's Ctx has these and more); declared here so the
// review pages build, and are tested, without the whole application.
export interface Ctx {
  user: { id: number; roles: { role: string }[] };
  path: string;
  query: URLSearchParams;
  navigate(path: string, options?: { replace?: boolean }): void;
  announce(key: MessageKey, params?: Params): void;
}

// Runs `render` again whenever the UI language changes, while `el` is in the page.
export function onLanguage(el: HTMLElement, render: () => void): void {
  const off = onLanguageChange(() => {
    if (!el.isConnected) off();
    else render();
  });
}

export interface OfficerTab {
  slug: string;
  label: MessageKey;
}

export const OFFICER_TABS: OfficerTab[] = [
  { slug: '', label: 'rv.tab.settings' },
  { slug: 'reviewers', label: 'rv.tab.reviewers' },
  { slug: 'conflicts', label: 'rv.tab.conflicts' },
  { slug: 'assignments', label: 'rv.tab.assignments' },
  { slug: 'panel', label: 'rv.tab.panel' },
  { slug: 'selection', label: 'rv.tab.selection' },
];

export function officerPath(callId: number, slug: string): string {
  return slug ? `/review/calls/${callId}/${slug}` : `/review/calls/${callId}`;
}

export function officerTabs(callId: number, current: string): HTMLElement {
  return h(
    'nav',
    { class: 'tabs review-tabs', ta: { 'aria-label': 'rv.tabs_label' } },
    h(
      'ul',
      null,
      OFFICER_TABS.map((t) => h('li', null, h('a', { href: officerPath(callId, t.slug), class: 'tab', 'data-tab': t.slug || 'settings', 'aria-current': t.slug === current ? 'page' : undefined, t: t.label }))),
    ),
  );
}

// The page's heading: "Review: <call title>", the call's title in the UI language.
export async function callHeading(main: HTMLElement, callId: number, titleKey: MessageKey, tab: string): Promise<Call> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: '/review', t: 'rv.back_home' })));
  const heading = h('h1', { t: titleKey });
  main.append(heading);
  const call = await api.get<Call>(`/calls/${callId}`);
  unbindText(heading, h('span', { t: 'rv.call_heading' }), ' ', bilingualText(call.title_ja, call.title, 'span', 'call-title'));
  main.append(
    h('p', { class: 'call-meta' }, h('a', { href: `/programmes/calls/${callId}`, t: 'rv.to_call' }), ' · ', h('a', { href: `/programmes/calls/${callId}/submissions`, t: 'pc.subs.title' })),
    officerTabs(callId, tab),
  );
  return call;
}

export function bilingualText(ja: string | undefined | null, en: string | undefined | null, tag: 'span' | 'p' = 'span', cls?: string): HTMLElement {
  return bindBilingual(h(tag, { class: cls }), ja ?? '', en ?? '');
}

// A code's catalogue label ("rv.stage.reviewing"), or the code itself when the catalogue
// has none (a value added on the server still shows).
export function codeText(prefix: string, code: string | null | undefined): HTMLElement {
  const key = `${prefix}.${code ?? ''}`;
  return isMessageKey(key) ? h('span', { t: key }) : h('span', { class: 'code' }, code || '—');
}

export function rvBadge(prefix: string, code: string | null | undefined, extra?: string): HTMLElement {
  return h('span', { class: ['badge', 'pc-badge', `rv-${prefix.split('.')[1]}-${code ?? 'none'}`, extra], 'data-value': code ?? '' }, codeText(prefix, code));
}

export function score(x: number | null | undefined, cls?: string): HTMLElement {
  return h('span', { class: ['num', cls] }, fmtScore(x));
}

// A literal text from the data (names, titles), shown as written in any script.
export function literal(text: string | null | undefined, cls?: string, tag: 'span' | 'th' | 'td' = 'span'): HTMLElement {
  const el = h(tag as 'span', { class: cls, dir: 'auto' });
  if (text) setLiteral(el, text);
  else el.append(h('span', { class: 'muted', t: 'common.none' }));
  return el;
}

export function lang(): 'ja' | 'en' {
  return currentLang();
}

export function dl(...rows: [MessageKey, Child][]): HTMLElement {
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', { t: k }), h('dd', null, v)]));
}
