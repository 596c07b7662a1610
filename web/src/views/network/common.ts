// Widgets the network pages share: labels for the codes the API sends (facet values,
// Japan-experience kinds, career stages, themes, organisation types), countries shown as
// their code with the region's name, outbound links, and "—" for what is not recorded.

import { h, type Child } from '../../dom.js';
import { isMessageKey, type MessageKey } from '../../i18n/core.js';
import { regionOfCountry, type Facet } from '../../network/logic.js';
import type { Option } from '../../ui.js';

// The catalogue prefix of each kind of code.
export const CODE_PREFIX = {
  region: 'region',
  theme: 'theme',
  org_type: 'orgtype',
  jp_experience: 'jpexp',
  career_stage: 'stage',
  org_status: 'orgstatus',
  name_kind: 'namekind',
  relation: 'reltype',
  source: 'source',
} as const;

// The catalogue label of a code, or the code itself when the catalogue has none, so a
// value added on the server shows up rather than vanishing.
export function codeLabel(prefix: string, code: string | null | undefined): HTMLElement {
  const value = code ?? '';
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? h('span', { t: key }) : h('span', { class: 'code' }, value || '—');
}

export function codeOption(prefix: string, code: string): Option {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? { value: code, label: key } : { value: code, text: code };
}

// "JP · East Asia": the code as stored, and the region of asta's regions it lies in.
export function countryLabel(code: string | null | undefined): HTMLElement {
  if (!code) return h('span', null, '—');
  const region = regionOfCountry(code);
  return h(
    'span',
    { class: 'country' },
    h('span', { class: 'code country-code' }, code),
    region ? [' · ', h('span', { class: 'muted region-name', t: `region.${region}` as MessageKey })] : null,
  );
}

// A facet value as shown on its toggle and in the active-filter chips.
export function facetValueLabel(facet: Facet, value: string): HTMLElement {
  switch (facet) {
    case 'country':
      return countryLabel(value);
    case 'region':
      return codeLabel(CODE_PREFIX.region, value);
    case 'theme':
      return codeLabel(CODE_PREFIX.theme, value);
    case 'org_type':
      return codeLabel(CODE_PREFIX.org_type, value);
    case 'jp_experience':
      return codeLabel(CODE_PREFIX.jp_experience, value);
    case 'career_stage':
      return codeLabel(CODE_PREFIX.career_stage, value);
  }
  return h('span', { class: 'code' }, value);
}

export function facetLabel(facet: Facet): HTMLElement {
  return h('span', { t: `net.facet.${facet}` as MessageKey });
}

// An outbound link (ORCID, DOI, ROR, an organisation's website) that opens elsewhere;
// the text is the value itself, left to right.
export function externalLink(href: string | null, text: string): HTMLElement {
  if (!href) return h('span', { class: 'code', dir: 'ltr' }, text);
  return h('a', { href, class: 'external', rel: 'noopener noreferrer', target: '_blank', dir: 'ltr' }, text);
}

// A name from the data, shown as written.
export function nameText(name: string, lang?: string): HTMLElement {
  return h('span', { class: 'name', dir: 'auto', lang: lang || undefined }, name);
}

// A fact row for a <dl class="facts">; nothing recorded shows "—".
export function fact(label: MessageKey, value: Child, options: { class?: string } = {}): HTMLElement[] {
  const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  return [h('dt', { t: label, class: options.class }), h('dd', { class: options.class }, empty ? h('span', { class: 'muted', t: 'common.none' }) : value)];
}

// Text items ("marine biology", "coral reefs") as chips.
export function chips(items: readonly string[] | null | undefined): HTMLElement | null {
  if (!items?.length) return null;
  return h('ul', { class: 'inline-list chip-list' }, items.map((v) => h('li', { class: 'chip', dir: 'auto' }, v)));
}

// Codes with labels (themes, types) as chips.
export function codeChips(prefix: string, items: readonly string[] | null | undefined): HTMLElement | null {
  if (!items?.length) return null;
  return h('ul', { class: 'inline-list chip-list' }, items.map((v) => h('li', { class: 'chip', 'data-code': v }, codeLabel(prefix, v))));
}

// "2014-10 – 2019-03", "2019-09 – present", "—".
export function period(start: string, end: string): HTMLElement {
  if (!start && !end) return h('span', { class: 'muted', t: 'common.none' });
  return h(
    'span',
    { class: 'period nowrap' },
    h('span', { dir: 'ltr' }, start || '…'),
    ' – ',
    end ? h('span', { dir: 'ltr' }, end) : h('span', { t: 'net.present' }),
  );
}
