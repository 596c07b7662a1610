// Widgets the programmes-and-calls pages share: a call's title in the UI language, its
// deadline in the call's zone and in the browser's with a countdown, funders, badges for
// call status, proposal state, eligibility and screening, the eligibility checklist, and
// a registry of the page's inputs by API field name so that a verdict or an error naming
// "team[2].country" is shown at that input.

import { ApiError } from '../../api.js';
import { bindBilingual, bindText, clear, h, setLiteral, uid, type Child } from '../../dom.js';
import { currentLang, onLanguageChange, type MessageKey } from '../../i18n/core.js';
import {
  browserZone,
  callPhase,
  checklist,
  countdownKey,
  currentDeadline,
  deadlineFor,
  isTwoStage,
  stageKey,
  failedCount,
  formatAmount,
  formatInZone,
  formatLocalIso,
  resolveField,
  timeLeft,
  type CallSummary,
  type Check,
  type Deadline,
  type Funder,
} from '../../programmes/logic.js';
import type { Option } from '../../ui.js';
import { codeLabel, codeOption } from '../network/common.js';

export const PREFIX = {
  status: 'pc.status',
  state: 'pc.state',
  screening: 'pc.screening',
  model: 'pc.model',
  role: 'pc.role',
} as const;

export const label = codeLabel;
export const option = (prefix: string, code: string): Option => codeOption(prefix, code);

// Text kept in English and Japanese (a call's title, a rule's sentence): the UI
// language's, falling back to the other, kept current across language switches.
export function bilingual(tag: 'span' | 'h1' | 'h2' | 'h3' | 'p' | 'li' | 'a', ja: string | undefined, en: string | undefined, props: Record<string, unknown> = {}): HTMLElement {
  const el = h(tag as 'span', props);
  return bindBilingual(el, ja ?? '', en ?? '');
}

export function callTitle(c: Pick<CallSummary, 'title' | 'title_ja'>, tag: 'span' | 'h1' | 'h2' | 'h3' = 'span'): HTMLElement {
  return bilingual(tag, c.title_ja, c.title, { class: 'call-title' });
}

export function badge(prefix: string, code: string, extra?: string): HTMLElement {
  return h('span', { class: ['badge', 'pc-badge', `pc-${prefix.split('.')[1]}-${code}`, extra], 'data-value': code }, codeLabel(prefix, code));
}

// "Pre-proposal" / "Full proposal" (予備提案 / 本提案).
export function stageBadge(stage: number | null | undefined, extra?: string): HTMLElement {
  const el = h('span', { class: ['badge', 'pc-badge', 'stage-badge', Number(stage) === 1 ? 'pc-stage-pre' : 'pc-stage-full', extra], 'data-stage': Number(stage) === 1 ? '1' : '2', t: stageKey(stage) });
  return el;
}

export function eligibleBadge(eligible: boolean | null): HTMLElement {
  if (eligible === null) return h('span', { class: 'muted', t: 'common.none' });
  return h('span', { class: ['badge', 'pc-badge', eligible ? 'pc-eligible-yes' : 'pc-eligible-no'], 'data-value': String(eligible), t: eligible ? 'pc.eligible.yes' : 'pc.eligible.no' });
}

// "JST (JP) · 90,000,000 JPY"
export function funderItem(f: Funder): HTMLElement {
  return h(
    'li',
    { class: 'funder', 'data-agency': f.agency },
    h('span', { class: 'funder-agency' }, f.agency),
    f.countries?.length ? [' ', countriesText(f.countries)] : null,
    ' · ',
    h('span', { class: 'funder-budget nowrap' }, f.budget === null || f.budget === undefined ? h('span', { t: 'pc.budget_open' }) : formatAmount(f.budget, f.currency, currentLang())),
  );
}

// "(JP)", or for a long list (an aid agency funding every ODA country) the first few and
// how many more, the whole list in the tooltip.
function countriesText(countries: readonly string[]): HTMLElement {
  const shown = countries.length > 8 ? `${countries.slice(0, 6).join(', ')}, … +${countries.length - 6}` : countries.join(', ');
  return h('span', { class: 'muted code', title: countries.join(' ') }, `(${shown})`);
}

export function funderList(funders: readonly Funder[] | undefined): HTMLElement {
  if (!funders?.length) return h('span', { class: 'muted', t: 'common.none' });
  return h('ul', { class: 'plain-list funder-list' }, funders.map(funderItem));
}

type DeadlineCall = Pick<CallSummary, 'opens' | 'closes' | 'closes_local' | 'time_zone' | 'status' | 'stages' | 'pre_proposal_closes' | 'pre_proposal_closes_local'>;

// Runs `update` now and once a minute while `el` is in the page.
function everyMinute(el: HTMLElement, update: () => void): void {
  update();
  const timer = window.setInterval(() => {
    if (!el.isConnected) window.clearInterval(timer);
    else update();
  }, 60_000);
}

// The countdown ("closes in 12 days"; "pre-proposals close in 3 days"; "opens in 2
// days" before the call opens), refreshed once a minute while shown. It counts down to
// the deadline a proposal at `stage` is submitted by, or without a stage to the one that
// applies to the call now.
export function countdown(c: Pick<DeadlineCall, 'opens' | 'closes' | 'closes_local' | 'status'> & Partial<DeadlineCall>, stage?: number): HTMLElement {
  const el = h('span', { class: 'countdown' });
  const call = { stages: 1, ...c };
  everyMinute(el, () => {
    const now = Date.now();
    const opening = c.status === 'upcoming' && new Date(c.opens).getTime() > now;
    const d = stage === undefined ? currentDeadline(call, now) : deadlineFor(call, stage);
    const { key, n } = opening ? countdownKey(timeLeft(c.opens, now), 'opens') : countdownKey(timeLeft(d.at, now), d.kind === 'pre' ? 'pre_closes' : 'closes');
    bindText(el, key as MessageKey, { n });
    el.dataset.kind = key;
    el.dataset.deadline = opening ? 'opens' : d.kind;
  });
  return el;
}

// One deadline: in the call's own zone (as the server wrote it) and in the browser's.
// The closing deadline's times are classed deadline-call / deadline-local, the
// pre-proposal deadline's deadline-pre-call / deadline-pre-local (in the editor, the one
// shown is the one that applies, classed as the closing one).
function deadlineRows(c: DeadlineCall, d: Deadline, labelKey: MessageKey, classes: { call: string; local: string }, current: boolean): HTMLElement[] {
  const zone = browserZone();
  const own = d.local ? formatLocalIso(d.local) : formatInZone(d.at, c.time_zone);
  return [
    h('dt', { t: labelKey, tp: { zone: c.time_zone } }),
    h(
      'dd',
      null,
      h('time', { class: classes.call, datetime: d.at, dir: 'ltr', 'data-deadline': d.kind }, own),
      current ? [' ', h('span', { class: 'badge pc-badge deadline-now', t: 'pc.deadline.applies_now' })] : null,
    ),
    h('dt', { t: 'pc.deadline_yours', tp: { zone } }),
    h('dd', null, h('time', { class: classes.local, datetime: d.at, dir: 'ltr', 'data-deadline': d.kind }, formatInZone(d.at, zone))),
  ];
}

// What a two-stage call takes now ("Now: pre-proposals, until …"), kept current.
function phaseLine(c: DeadlineCall): HTMLElement {
  const el = h('span', { class: 'deadline-phase' });
  everyMinute(el, () => {
    const phase = callPhase(c, Date.now());
    bindText(el, `pc.phase.${phase}` as MessageKey);
    el.dataset.phase = phase;
  });
  return el;
}

// The deadline in the call's own zone (as the server wrote it) and in the browser's, and
// the countdown. A two-stage call shows both its deadlines, the one that applies now
// marked, and what the call takes now; with `stage` (a proposal's), only the deadline
// that proposal is submitted by.
export function deadline(c: DeadlineCall, stage?: number): HTMLElement {
  const two = isTwoStage(c);
  const finalClasses = { call: 'deadline-call', local: 'deadline-local' };
  if (!two || stage !== undefined) {
    const d = deadlineFor(c, stage);
    const key: MessageKey = !two ? 'pc.deadline_call' : d.kind === 'pre' ? 'pc.deadline_pre_call' : 'pc.deadline_final_call';
    const final = deadlineFor(c, 2);
    return h(
      'dl',
      { class: 'deadline', 'data-deadline': d.kind },
      deadlineRows(c, d, key, finalClasses, false),
      h('dt', { class: 'visually-hidden', t: 'pc.time_left' }),
      h('dd', null, countdown(c, stage)),
      two && d.kind === 'pre'
        ? h('dd', { class: 'deadline-later muted' }, h('span', { t: 'pc.deadline.final_later', tp: { at: final.local ? formatLocalIso(final.local) : formatInZone(final.at, c.time_zone) } }))
        : null,
    );
  }
  // The deadline that applies now (none once the call has closed).
  const now = callPhase(c, Date.now()) === 'closed' ? null : currentDeadline(c, Date.now()).kind;
  const group = (d: Deadline, key: MessageKey, classes: { call: string; local: string }) =>
    h('div', { class: ['deadline-group', `deadline-${d.kind}`, now === d.kind && 'is-current'], 'data-deadline': d.kind }, deadlineRows(c, d, key, classes, now === d.kind));
  return h(
    'dl',
    { class: 'deadline deadline-two-stage', 'data-current': now ?? 'none' },
    group(deadlineFor(c, 1), 'pc.deadline_pre_call', { call: 'deadline-pre-call', local: 'deadline-pre-local' }),
    group(deadlineFor(c, 2), 'pc.deadline_final_call', finalClasses),
    h('dt', { class: 'visually-hidden', t: 'pc.time_left' }),
    h('dd', null, countdown(c)),
    h('dd', { class: 'muted' }, phaseLine(c)),
  );
}

// An instant in the browser's zone, with the zone named in the tooltip.
export function instant(iso: string | null | undefined): HTMLElement {
  if (!iso) return h('span', { class: 'muted', t: 'common.none' });
  return h('time', { datetime: iso, dir: 'ltr', class: 'nowrap', title: browserZone() }, formatInZone(iso, browserZone()));
}

// ------------------------------------------------------------------ input registry

// The page's inputs by the API's field names ("title", "team[2].country",
// "statements.policy_requirement", "team" for the whole table), so that verdicts and
// errors naming a field are shown there: the nearest registered name wins.
export class FieldMap {
  private readonly fields = new Map<string, { el: HTMLElement; host: HTMLElement | null }>();

  // `errorHost` is where an error is shown; by default the input's table cell or form
  // field, found when the error comes (inputs are registered before they are placed).
  register(name: string, el: HTMLElement, errorHost: HTMLElement | null = null): void {
    el.dataset.field = name;
    this.fields.set(name, { el, host: errorHost });
  }

  private hostOf(f: { el: HTMLElement; host: HTMLElement | null }): HTMLElement {
    return f.host ?? f.el.closest<HTMLElement>('td, .field') ?? f.el.parentElement ?? f.el;
  }

  // Forgets the fields under a prefix ("team[") before rows are drawn again.
  forget(prefix: string): void {
    for (const name of [...this.fields.keys()]) if (name.startsWith(prefix)) this.fields.delete(name);
  }

  resolve(field: string | null | undefined): string | null {
    return resolveField(field, (n) => this.fields.has(n) && this.fields.get(n)!.el.isConnected);
  }

  element(field: string | null | undefined): HTMLElement | null {
    const name = this.resolve(field);
    return name ? this.fields.get(name)!.el : null;
  }

  // Marks the inputs the failed verdicts name (and unmarks the rest).
  flag(fields: readonly string[]): void {
    const marked = new Set(fields.map((f) => this.resolve(f)).filter((n): n is string => Boolean(n)));
    for (const [name, { el }] of this.fields) {
      const on = marked.has(name);
      el.classList.toggle('is-flagged', on);
      if (isInput(el)) {
        if (on) el.setAttribute('aria-invalid', 'true');
        else if (!el.closest('.has-error')) el.removeAttribute('aria-invalid');
      }
    }
  }

  // Shows an API error next to the input its field names; false when the page has no
  // such place (the caller shows it at the top).
  showError(err: unknown): boolean {
    if (!(err instanceof ApiError) || !err.field) return false;
    const name = this.resolve(err.field);
    if (!name) return false;
    const f = this.fields.get(name)!;
    const el = f.el;
    const errorHost = this.hostOf(f);
    const box = h('p', { class: 'field-error api-field-error', id: uid('err') }, h('span', { t: err.messageKey }));
    if (err.serverMessage) {
      const detail = h('span', { class: 'field-error-detail', dir: 'auto' });
      setLiteral(detail, err.serverMessage);
      box.append(' ', detail);
    }
    errorHost.classList.add('has-error');
    errorHost.append(box);
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', box.id);
    return true;
  }

  clearErrors(): void {
    for (const f of this.fields.values()) {
      const el = f.el;
      const errorHost = this.hostOf(f);
      errorHost.querySelectorAll(':scope > .api-field-error').forEach((e) => e.remove());
      errorHost.classList.remove('has-error');
      if (isInput(el) && !el.classList.contains('is-flagged')) el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    }
  }

  focus(field: string | null | undefined): boolean {
    const el = this.element(field);
    if (!el) return false;
    el.scrollIntoView({ block: 'center' });
    if (!el.hasAttribute('tabindex') && !isInput(el) && !(el instanceof HTMLButtonElement)) el.setAttribute('tabindex', '-1');
    el.focus();
    return true;
  }
}

function isInput(el: HTMLElement): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;
}

// ------------------------------------------------------------------ the checklist

// The eligibility verdicts as a list: a mark, the rule as a sentence, and for a failure
// the reason and the field with a button that goes to it.
export function renderChecklist(list: HTMLElement, summary: HTMLElement, check: Check | null | undefined, options: { fields?: FieldMap; slotName?: (code: string) => Child } = {}): void {
  clear(list);
  const items = checklist(check, currentLang());
  const failed = failedCount(check);
  summary.classList.toggle('is-eligible', Boolean(check?.eligible));
  summary.classList.toggle('is-ineligible', Boolean(check) && !check?.eligible);
  if (!check) bindText(summary, 'pc.check.none');
  else if (!items.length) bindText(summary, 'pc.check.no_rules');
  else if (check.eligible) bindText(summary, 'pc.check.all_ok', { n: items.length });
  else bindText(summary, failed === 1 ? 'pc.check.failed_one' : 'pc.check.failed', { n: failed, total: items.length });
  (check?.verdicts ?? []).forEach((v, i) => {
    const item = items[i]!;
    const li = h(
      'li',
      { class: ['verdict', item.ok ? 'is-ok' : 'is-failed'], 'data-kind': item.kind, 'data-ok': String(item.ok), 'data-field': item.field || undefined },
      h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, item.ok ? '✓' : '✗'),
      h('span', { class: 'visually-hidden', t: item.ok ? 'pc.check.ok' : 'pc.check.failed_label' }),
      ' ',
      h(
        'span',
        { class: 'verdict-body' },
        bilingual('span', v.rule_ja, v.rule_en, { class: 'verdict-rule' }),
        v.slot ? [' ', h('span', { class: 'chip verdict-slot' }, h('span', { t: 'pc.slot' }), ' ', options.slotName?.(v.slot) ?? v.slot)] : null,
        item.ok ? null : bilingual('span', v.message_ja, v.message_en, { class: 'verdict-message' }),
        item.ok || !item.field ? null : verdictField(item.field, options.fields),
      ),
    );
    list.append(li);
  });
}

function verdictField(field: string, fields?: FieldMap): HTMLElement {
  const el = h('span', { class: 'verdict-field' }, h('span', { class: 'muted', t: 'pc.check.field' }), ' ', h('code', { dir: 'ltr' }, field));
  if (fields?.resolve(field)) {
    const go = h('button', { type: 'button', class: 'btn btn-small btn-quiet go-to-field', t: 'pc.check.go' });
    go.addEventListener('click', () => fields.focus(field));
    el.append(' ', go);
  }
  return el;
}

// A checklist panel: its heading, the summary (announced politely) and the list.
export function checklistPanel(titleKey: MessageKey): { el: HTMLElement; list: HTMLElement; summary: HTMLElement; status: HTMLElement } {
  const id = uid('checklist');
  const summary = h('p', { class: 'check-summary' });
  const status = h('p', { class: 'check-status muted', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'checklist' });
  const el = h('section', { class: 'panel checklist-panel', 'aria-labelledby': id }, h('h2', { id, t: titleKey }), h('div', { 'aria-live': 'polite' }, summary), status, list);
  return { el, list, summary, status };
}

// Runs `render` again whenever the UI language changes, while `el` is in the page.
export function onLanguage(el: HTMLElement, render: () => void): void {
  const off = onLanguageChange(() => {
    if (!el.isConnected) off();
    else render();
  });
}
