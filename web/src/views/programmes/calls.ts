// Calls (docs/programmes.md): the list everyone signed in sees — open, upcoming or closed,
// by programme, each with its funders and budgets and its deadline in the call's zone and
// in the browser's with a countdown — and one call's page: description, funders, slots,
// the eligibility rules as sentences, the proposal form and review criteria, "Start a
// proposal", and for officers links to the editor and the submissions.

import { ApiError, api, type Page } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, h, replaceChildren, uid, unbindText } from '../../dom.js';
import { currentLang } from '../../i18n/core.js';
import {
  CALL_STATUSES,
  callFiltersApi,
  callFiltersQuery,
  canProgrammes,
  formatAmount,
  formatBytes,
  formatInZone,
  formatLocalIso,
  isTwoStage,
  parseCallFilters,
  rulesTextFor,
  takesNewProposals,
  type Call,
  type CallSummary,
  type Programme,
  type Proposal,
} from '../../programmes/logic.js';
import { Form, Pager, emptyRow, messageRegion, pagerControls, section, showError, tableWrap, th, type Option } from '../../ui.js';
import { CODE_PREFIX, codeChips, fact } from '../network/common.js';
import { PREFIX, badge, bilingual, callTitle, deadline, eligibleBadge, funderList, instant, label, onLanguage, stageBadge } from './common.js';

// ------------------------------------------------------------------ the list

export async function renderCalls(main: HTMLElement, ctx: Ctx): Promise<void> {
  const manage = canProgrammes(ctx.user, 'calls.manage');
  main.append(h('h1', { t: 'nav.programmes' }), h('p', { class: 'intro', t: 'pc.calls.intro' }));
  const actions = h('p', { class: 'page-actions' });
  if (canProgrammes(ctx.user, 'proposals.write')) actions.append(h('a', { href: '/programmes/proposals', class: 'btn', t: 'pc.mine.title' }));
  if (manage) actions.append(h('a', { href: '/programmes/calls/new', class: 'btn btn-primary new-call', t: 'pc.call.new' }));
  if (actions.childElementCount) main.append(actions);

  let filters = parseCallFilters(ctx.query);
  const pager = new Pager();
  const list = h('ul', { class: 'call-list', 'aria-busy': 'true' });
  const controls = pagerControls(pager, () => void load().catch((err) => filter.setError(err)));
  const statusOptions: Option[] = [...CALL_STATUSES.map((s) => ({ value: s, label: `pc.status.${s}` as const })), { value: 'any', label: 'pc.status.any' }];
  const filter = new Form(
    'call-filter',
    [
      { name: 'status', label: 'pc.filter.status', type: 'select', options: statusOptions, value: filters.status },
      { name: 'programme', label: 'pc.filter.programme', type: 'select', options: [{ value: '', label: 'pc.filter.any_programme' }], value: filters.programme },
      { name: 'q', label: 'pc.filter.q', type: 'search', value: filters.q, autocomplete: 'off', dir: 'auto' },
    ],
    'pc.filter.apply',
    async (f) => {
      filters = { status: f.value('status'), programme: f.value('programme'), q: f.value('q') };
      pager.reset();
      await load();
    },
    { class: 'filter-form call-filter' },
  );
  // Programmes for the filter, named in the UI language.
  void api
    .get<{ items: Programme[] }>('/programmes')
    .then((r) => {
      const select = filter.select('programme');
      for (const p of r.items ?? []) {
        const o = h('option', { value: String(p.id) });
        o.textContent = (currentLang() === 'ja' ? p.name_ja || p.name : p.name || p.name_ja) + (p.agency_code ? ` (${p.agency_code})` : '');
        if (String(p.id) === filters.programme) o.selected = true;
        select.append(o);
      }
    })
    .catch((err) => console.warn('programmes for the filter', err));

  async function load(): Promise<void> {
    const qs = callFiltersQuery(filters);
    history.replaceState(null, '', qs ? `/programmes?${qs}` : '/programmes');
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api.get<Page<CallSummary>>('/calls', { ...callFiltersApi(filters), limit: 20, cursor: pager.cursor });
      pager.next = page.next_cursor ?? null;
      clear(list);
      if (!page.items.length) list.append(h('li', { class: 'empty-state muted', t: 'pc.calls.none' }));
      for (const c of page.items) list.append(callCard(c, manage));
      controls.update();
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  main.append(section('pc.calls.title', filter.el, list, controls.el));
  await load().catch((err) => {
    if (err instanceof ApiError && err.status === 403) throw err;
    filter.setError(err);
  });
}

function callCard(c: CallSummary, manage: boolean): HTMLElement {
  const titleId = uid('call');
  return h(
    'li',
    { class: 'call-card panel', 'data-call': c.id, 'data-status': c.status, 'aria-labelledby': titleId },
    h('h3', { id: titleId, class: 'call-card-title' }, h('a', { href: `/programmes/calls/${c.id}` }, callTitle(c))),
    h(
      'p',
      { class: 'call-meta' },
      badge(PREFIX.status, c.status),
      ' ',
      c.programme_name ? h('span', { class: 'muted programme-name', dir: 'auto' }, c.programme_name) : null,
      ' ',
      h('span', { class: 'muted' }, label(PREFIX.model, c.funding_model)),
      isTwoStage(c) ? [' ', h('span', { class: 'muted call-stages', t: 'pc.stages.two' })] : null,
    ),
    h('div', { class: 'call-card-body' }, h('div', { class: 'call-funders' }, h('p', { class: 'label', t: 'pc.funders' }), funderList(c.funders)), deadline(c)),
    manage && c.proposal_count !== undefined
      ? h('p', { class: 'call-count' }, h('a', { href: `/programmes/calls/${c.id}/submissions`, t: 'pc.calls.proposal_count', tp: { n: c.proposal_count } }))
      : null,
  );
}

// ------------------------------------------------------------------ one call

export async function renderCall(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: '/programmes', t: 'pc.back_calls' })));
  const heading = h('h1', { t: 'pc.call.title' });
  main.append(heading);
  const call = await api.get<Call>(`/calls/${id}`);
  unbindText(heading, callTitle(call));
  const other = currentLang() === 'ja' ? call.title : call.title_ja;
  const manage = canProgrammes(ctx.user, 'calls.manage');

  main.append(
    h(
      'p',
      { class: 'call-meta' },
      badge(PREFIX.status, call.status),
      ' ',
      call.programme_name ? h('span', { class: 'muted programme-name', dir: 'auto' }, call.programme_name) : null,
      other && other !== (currentLang() === 'ja' ? call.title_ja : call.title) ? [' · ', h('span', { class: 'muted', dir: 'auto' }, other)] : null,
    ),
  );
  if (manage) {
    main.append(
      h(
        'p',
        { class: 'page-actions' },
        h('a', { href: `/programmes/calls/${id}/edit`, class: 'btn edit-call', t: 'pc.call.edit' }),
        h('a', { href: `/programmes/calls/${id}/submissions`, class: 'btn submissions-link', t: 'pc.subs.title' }),
        h('a', { href: `/review/calls/${id}`, class: 'btn review-link', t: 'rv.link.review' }),
      ),
    );
  }
  if (canProgrammes(ctx.user, 'proposals.write')) main.append(startSection(ctx, call));

  main.append(
    section(
      'pc.call.about',
      h(
        'dl',
        { class: 'facts call-facts' },
        fact(isTwoStage(call) ? 'pc.deadlines' : 'pc.deadline', deadline(call)),
        fact('pc.opens', h('span', null, h('time', { datetime: call.opens, dir: 'ltr' }, call.opens_local ? formatLocalIso(call.opens_local) : formatInZone(call.opens, call.time_zone)))),
        fact('pc.time_zone', h('span', { class: 'code', dir: 'ltr' }, call.time_zone)),
        fact('pc.funding_model', label(PREFIX.model, call.funding_model)),
        fact('pc.stages', h('span', { t: call.stages === 2 ? 'pc.stages.two' : 'pc.stages.one' })),
        fact('net.field.themes', codeChips(CODE_PREFIX.theme, call.themes)),
        call.source ? fact('pc.source', h('span', { class: 'code', dir: 'ltr' }, call.source)) : null,
      ),
      call.description ? h('div', { class: 'call-description pre-line', dir: 'auto' }, call.description) : null,
    ),
    fundersSection(call),
    rulesSection(call),
    formSection(call),
  );
  if (call.criteria?.length) main.append(criteriaSection(call));
  if (canProgrammes(ctx.user, 'proposals.write')) main.append(myProposalsForCall(call));
}

function startSection(ctx: Ctx, call: Call): HTMLElement {
  const titleId = uid('start');
  const form = new Form(
    'start',
    [{ name: 'title', label: 'pc.prop.title', required: true, dir: 'auto', autocomplete: 'off', maxlength: 500, wide: true }],
    'pc.start',
    async (f) => {
      if (!f.value('title')) return f.fieldError('title', 'pc.title_required');
      const p = await api.post<Proposal>(`/calls/${call.id}/proposals`, { title: f.value('title'), team: [], budget: [], sections: {}, statements: {}, internationalisation: { plan: '', targets: [] }, language: currentLang() });
      ctx.announce('pc.started', { title: p.title });
      ctx.navigate(`/programmes/proposals/${p.id}`);
    },
    { class: 'start-form', labelledBy: titleId },
  );
  const closed = call.status !== 'open';
  const two = isTwoStage(call);
  // A two-stage call takes new proposals (pre-proposals) until its pre-proposal deadline.
  const preClosed = two && !closed && !takesNewProposals(call, Date.now());
  return h(
    'section',
    { class: 'panel start-proposal', 'aria-labelledby': titleId },
    h('h2', { id: titleId, t: 'pc.start_title' }),
    closed
      ? h('p', { class: 'notice', t: call.status === 'upcoming' ? 'pc.start_upcoming' : 'pc.start_closed' })
      : preClosed
        ? h('p', { class: 'notice start-pre-closed', t: 'pc.start_pre_closed' })
        : h('p', { class: 'hint', t: 'pc.start_hint' }),
    two && !preClosed && call.status !== 'closed' ? h('p', { class: 'hint start-two-stage', t: 'pc.start_hint_two_stage' }) : null,
    form.el,
  );
}

function fundersSection(call: Call): HTMLElement {
  const rows = (call.funders ?? []).map((f) =>
    h(
      'tr',
      { 'data-agency': f.agency },
      h('th', { scope: 'row' }, f.agency),
      h('td', { class: 'countries-cell' }, f.countries?.length ? h('span', { class: 'code' }, f.countries.join(', ')) : '—'),
      h('td', { class: 'num' }, f.budget === null || f.budget === undefined ? h('span', { t: 'pc.budget_open' }) : formatAmount(f.budget, '', currentLang())),
      h('td', null, h('span', { class: 'code' }, f.currency)),
    ),
  );
  return section(
    'pc.funders',
    h('p', { class: 'hint', t: `pc.model_hint.${call.funding_model}` as 'pc.model_hint.common_pot' }),
    tableWrap(
      h(
        'table',
        { class: 'data-table funders-table' },
        h('caption', { class: 'visually-hidden', t: 'pc.funders' }),
        h('thead', null, h('tr', null, th('pc.col.agency'), th('pc.col.countries'), th('pc.col.budget'), th('pc.col.currency'))),
        h('tbody', null, rows.length ? rows : emptyRow(4)),
      ),
      'pc.funders',
    ),
  );
}

function ruleList(call: Call, slot: string): HTMLElement {
  const ul = h('ul', { class: 'rule-list' });
  const fill = () => {
    clear(ul);
    const texts = rulesTextFor(call, slot, currentLang());
    if (!texts.length) ul.append(h('li', { class: 'muted', t: 'pc.rules.none' }));
    for (const t of texts) ul.append(h('li', { class: 'rule-text' }, t));
  };
  fill();
  onLanguage(ul, fill);
  return ul;
}

function rulesSection(call: Call): HTMLElement {
  const slots = (call.slots ?? []).map((s) =>
    h(
      'li',
      { class: 'slot-item', 'data-slot': s.code },
      h('h3', null, bilingual('span', s.name_ja, s.name_en || s.code), ' ', h('span', { class: 'code muted' }, `(${s.code})`)),
      s.quota ? h('p', { class: 'muted', t: 'pc.slot_quota', tp: { n: s.quota } }) : null,
      ruleList(call, s.code),
    ),
  );
  return section(
    'pc.rules.title',
    h('p', { class: 'hint', t: 'pc.rules.intro' }),
    ruleList(call, ''),
    slots.length ? [h('h3', { t: 'pc.slots' }), h('p', { class: 'hint', t: 'pc.slots_intro' }), h('ul', { class: 'plain-list slot-list' }, slots)] : null,
  );
}

function formSection(call: Call): HTMLElement {
  const sections = call.form?.sections ?? [];
  const attachments = call.form?.attachments ?? [];
  const limit = (s: { max_chars?: number | null; max_words?: number | null }) => {
    const parts: HTMLElement[] = [];
    if (s.max_chars) parts.push(h('span', { t: 'pc.limit.chars', tp: { n: s.max_chars } }));
    if (s.max_words) parts.push(h('span', { t: 'pc.limit.words', tp: { n: s.max_words } }));
    return parts.length ? parts.flatMap((p, i) => (i ? [h('span', null, ' · '), p] : [p])) : [h('span', { class: 'muted', t: 'common.none' })];
  };
  const required = (r?: boolean) => h('span', { t: r ? 'pc.required.yes' : 'pc.required.no' });
  return section(
    'pc.form.title',
    isTwoStage(call) ? h('p', { class: 'hint form-two-stage', t: 'pc.form.two_stage_hint' }) : null,
    tableWrap(
      h(
        'table',
        { class: 'data-table form-sections-table' },
        h('caption', { t: 'pc.form.sections' }),
        h('thead', null, h('tr', null, th('pc.col.section'), th('pc.col.limit'), th('pc.col.required'))),
        h(
          'tbody',
          null,
          sections.length
            ? sections.map((s) => h('tr', { 'data-section': s.key }, h('th', { scope: 'row' }, bilingual('span', s.title_ja, s.title_en || s.key)), h('td', null, limit(s)), h('td', null, required(s.required))))
            : emptyRow(3),
        ),
      ),
      'pc.form.sections',
    ),
    tableWrap(
      h(
        'table',
        { class: 'data-table attachment-specs-table' },
        h('caption', { t: 'pc.form.attachments' }),
        h('thead', null, h('tr', null, th('pc.col.attachment'), th('pc.col.types'), th('pc.col.max_size'), th('pc.col.required'))),
        h(
          'tbody',
          null,
          attachments.length
            ? attachments.map((a) =>
                h(
                  'tr',
                  { 'data-attachment': a.key },
                  h('th', { scope: 'row' }, bilingual('span', a.title_ja, a.title_en || a.key)),
                  h('td', null, h('span', { class: 'code' }, (a.types ?? []).join(', ') || '—')),
                  h('td', { class: 'num' }, formatBytes(a.max_bytes)),
                  h('td', null, required(a.required)),
                ),
              )
            : emptyRow(4),
        ),
      ),
      'pc.form.attachments',
    ),
  );
}

function criteriaSection(call: Call): HTMLElement {
  return section(
    'pc.criteria',
    tableWrap(
      h(
        'table',
        { class: 'data-table criteria-table' },
        h('caption', { class: 'visually-hidden', t: 'pc.criteria' }),
        h('thead', null, h('tr', null, th('pc.col.criterion'), th('pc.col.weight'), th('pc.col.scale'))),
        h(
          'tbody',
          null,
          call.criteria.map((k) =>
            h('tr', { 'data-criterion': k.key }, h('th', { scope: 'row' }, bilingual('span', k.title_ja, k.title_en || k.key)), h('td', { class: 'num' }, String(k.weight ?? '—')), h('td', { class: 'num' }, k.scale_max ? `1–${k.scale_max}` : '—')),
          ),
        ),
      ),
      'pc.criteria',
    ),
  );
}

// The signed-in user's own proposals to this call.
function myProposalsForCall(call: Call): HTMLElement {
  const body = h('div', null, h('p', { class: 'loading', t: 'common.loading' }));
  const message = messageRegion();
  const el = section('pc.call.mine', message, body);
  el.classList.add('call-my-proposals');
  void (async () => {
    try {
      const r = await api.get<{ items: Proposal[] }>('/proposals', { mine: 'true' });
      const mine = (r.items ?? []).filter((p) => p.call_id === call.id);
      if (!mine.length) {
        replaceChildren(body, h('p', { class: 'muted', t: 'pc.call.mine_none' }));
        return;
      }
      replaceChildren(
        body,
        h(
          'ul',
          { class: 'plain-list' },
          mine.map((p) =>
            h(
              'li',
              { 'data-proposal': p.id },
              h('a', { href: `/programmes/proposals/${p.id}`, dir: 'auto' }, p.title || `#${p.id}`),
              ' ',
              badge(PREFIX.state, p.state),
              isTwoStage(call) ? [' ', stageBadge(p.stage)] : null,
              ' ',
              eligibleBadge(typeof p.eligible === 'boolean' ? p.eligible : (p.check?.eligible ?? null)),
              ' ',
              h('span', { class: 'muted' }, instant(p.updated_at)),
            ),
          ),
        ),
      );
    } catch (err) {
      clear(body);
      showError(message, err);
    }
  })();
  return el;
}
