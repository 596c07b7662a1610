// "My proposals" (every proposal the signed-in user owns, with its call, state and
// eligibility) and the officer's view of a call's submissions: filters (state,
// eligibility, screening, slot, text), each proposal's eligibility and screening (with
// the names the lists matched), budget totals per funder against its budget, and the
// list as CSV or XLSX.

import { ApiError, api, request } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, h, unbindText } from '../../dom.js';
import { currentLang } from '../../i18n/core.js';
import {
  PROPOSAL_STATES,
  SCREENING_STATUSES,
  STAGES,
  canInvite,
  formatAmount,
  isTwoStage,
  parseSubmissionFilters,
  proposalEligible,
  proposalStage,
  screeningMatches,
  screeningStatus,
  submissionFiltersQuery,
  totalsRows,
  type Call,
  type FunderTotal,
  type Proposal,
} from '../../programmes/logic.js';
import { Form, clearMessage, emptyRow, messageRegion, section, showError, showSuccess, tableWrap, th, type Option } from '../../ui.js';
import { PREFIX, badge, bilingual, callTitle, eligibleBadge, instant, option, stageBadge } from './common.js';

// ------------------------------------------------------------------ my proposals

export async function renderMyProposals(main: HTMLElement, _ctx: Ctx): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: '/programmes', t: 'pc.back_calls' })), h('h1', { t: 'pc.mine.title' }), h('p', { class: 'intro', t: 'pc.mine.intro' }));
  const tbody = h('tbody', { 'aria-busy': 'true' });
  const message = messageRegion();
  main.append(
    section(
      'pc.mine.title',
      message,
      tableWrap(
        h(
          'table',
          { class: 'data-table my-proposals' },
          h('caption', { class: 'visually-hidden', t: 'pc.mine.title' }),
          h('thead', null, h('tr', null, th('pc.col.title'), th('pc.col.call'), th('pc.prop.state'), th('pc.prop.eligibility'), th('pc.col.version'), th('pc.col.updated'), th('pc.prop.submitted_at'))),
          tbody,
        ),
        'pc.mine.title',
      ),
    ),
  );
  try {
    const r = await api.get<{ items: Proposal[] }>('/proposals', { mine: 'true' });
    const items = r.items ?? [];
    // The calls' titles (summaries carry only the call's id).
    const calls = new Map<number, Call>();
    await Promise.all(
      [...new Set(items.map((p) => p.call_id))].map((cid) =>
        api
          .get<Call>(`/calls/${cid}`)
          .then((c) => calls.set(cid, c))
          .catch(() => undefined),
      ),
    );
    clear(tbody);
    if (!items.length) tbody.append(h('tr', null, h('td', { colspan: 7, class: 'empty' }, h('span', { t: 'pc.mine.none' }), ' ', h('a', { href: '/programmes', t: 'pc.mine.find' }))));
    for (const p of items) {
      tbody.append(
        h(
          'tr',
          { 'data-proposal': p.id, 'data-state': p.state },
          h('th', { scope: 'row', class: 'name-cell' }, h('a', { href: `/programmes/proposals/${p.id}`, dir: 'auto' }, p.title || `#${p.id}`)),
          h('td', { class: 'name-cell' }, h('a', { href: `/programmes/calls/${p.call_id}` }, calls.has(p.call_id) ? callTitle(calls.get(p.call_id)!) : p.call_title || p.call_title_ja ? bilingual('span', p.call_title_ja, p.call_title) : `#${p.call_id}`)),
          h('td', null, badge(PREFIX.state, p.state), calls.has(p.call_id) && isTwoStage(calls.get(p.call_id)!) ? [' ', stageBadge(p.stage)] : null),
          h('td', null, eligibleBadge(proposalEligible(p))),
          h('td', { class: 'num' }, String(p.version ?? '')),
          h('td', null, instant(p.updated_at)),
          h('td', null, instant(p.submitted_at)),
        ),
      );
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) throw err;
    clear(tbody);
    tbody.append(emptyRow(7));
    showError(message, err);
  } finally {
    tbody.removeAttribute('aria-busy');
  }
}

// ------------------------------------------------------------------ a call's submissions

export async function renderSubmissions(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: `/programmes/calls/${id}`, t: 'pc.back_call' })));
  const heading = h('h1', { t: 'pc.subs.title' });
  main.append(heading);
  const call = await api.get<Call>(`/calls/${id}`);
  unbindText(heading, h('span', { t: 'pc.subs.title' }), ': ', callTitle(call));
  main.append(h('p', { class: 'intro', t: 'pc.subs.intro' }));
  const two = isTwoStage(call);

  let filters = parseSubmissionFilters(ctx.query);
  if (!two) filters.stage = '';
  const any = (key: 'pc.filter.any'): Option => ({ value: '', label: key });
  const slotOptions: Option[] = [any('pc.filter.any'), ...(call.slots ?? []).map((s) => ({ value: s.code, text: `${(currentLang() === 'ja' ? s.name_ja || s.name_en : s.name_en) || s.code} (${s.code})` }))];
  const filter = new Form(
    'subs-filter',
    [
      { name: 'state', label: 'pc.prop.state', type: 'select', options: [any('pc.filter.any'), ...PROPOSAL_STATES.map((s) => option(PREFIX.state, s))], value: filters.state },
      // Two-stage calls: pre-proposals (stage 1) or full proposals (stage 2).
      ...(two ? [{ name: 'stage', label: 'pc.stage' as const, type: 'select' as const, options: [any('pc.filter.any'), ...STAGES.map((s) => ({ value: s, label: s === '1' ? ('pc.stage.pre' as const) : ('pc.stage.full' as const) }))], value: filters.stage }] : []),
      {
        name: 'eligible',
        label: 'pc.prop.eligibility',
        type: 'select',
        options: [any('pc.filter.any'), { value: 'true', label: 'pc.eligible.yes' }, { value: 'false', label: 'pc.eligible.no' }],
        value: filters.eligible,
      },
      { name: 'screening', label: 'pc.screen.status', type: 'select', options: [any('pc.filter.any'), ...SCREENING_STATUSES.map((s) => option(PREFIX.screening, s))], value: filters.screening },
      { name: 'slot', label: 'pc.prop.slot', type: 'select', options: slotOptions, value: filters.slot },
      { name: 'q', label: 'pc.filter.q', type: 'search', value: filters.q, autocomplete: 'off', dir: 'auto' },
    ],
    'pc.filter.apply',
    async (f) => {
      filters = { state: f.value('state'), stage: two ? f.value('stage') : '', eligible: f.value('eligible'), screening: f.value('screening'), slot: f.value('slot'), q: f.value('q') };
      await load();
    },
    { class: 'filter-form subs-filter' },
  );

  const tbody = h('tbody', { 'aria-busy': 'true' });
  const totalsBody = h('tbody');
  const cols = two ? 11 : 10;
  // Invitations to the full proposal: the server's answer, or its refusal, shown here.
  const inviteMessage = messageRegion();
  inviteMessage.classList.add('invite-message');
  const invite = async (p: Proposal, button: HTMLButtonElement): Promise<void> => {
    button.disabled = true;
    clearMessage(inviteMessage);
    try {
      await request<Proposal>('POST', `/proposals/${p.id}/invite`);
      showSuccess(inviteMessage, 'pc.invited', { title: p.title });
      ctx.announce('pc.invited', { title: p.title });
      await load();
    } catch (err) {
      button.disabled = false;
      showError(inviteMessage, err, 'pc.invite.refused', { withDetail: true });
    }
  };
  const table = h(
    'table',
    { class: 'data-table submissions-table' },
    h('caption', { class: 'visually-hidden', t: 'pc.subs.title' }),
    h('thead', null, h('tr', null, th('pc.col.title'), th('pc.col.applicant'), th('pc.prop.state'), two ? th('pc.stage') : null, th('pc.prop.slot'), th('pc.prop.eligibility'), th('pc.screen.status'), th('pc.screen.matched'), th('pc.col.countries_team'), th('pc.budget.requested'), th('pc.prop.submitted_at'))),
    tbody,
  );
  const totals = h(
    'table',
    { class: 'data-table summary-table totals-table' },
    h('caption', { class: 'visually-hidden', t: 'pc.subs.totals' }),
    h('thead', null, h('tr', null, th('pc.col.agency'), th('pc.col.budget'), th('pc.subs.requested'), th('pc.subs.share'), th('pc.subs.requested_submitted'), th('pc.subs.share_submitted'))),
    totalsBody,
  );
  const exportLinks = h(
    'p',
    { class: 'page-actions export-links' },
    h('a', { class: 'btn export-csv', href: `/api/v1/calls/${id}/proposals/export?format=csv`, download: `call-${id}-proposals.csv`, t: 'pc.subs.export_csv' }),
    h('a', { class: 'btn export-xlsx', href: `/api/v1/calls/${id}/proposals/export?format=xlsx`, download: `call-${id}-proposals.xlsx`, t: 'pc.subs.export_xlsx' }),
  );
  const count = h('p', { class: 'result-count muted', role: 'status' });

  async function load(): Promise<void> {
    const qs = submissionFiltersQuery(filters);
    history.replaceState(null, '', qs ? `/programmes/calls/${id}/submissions?${qs}` : `/programmes/calls/${id}/submissions`);
    tbody.setAttribute('aria-busy', 'true');
    try {
      const r = await api.get<{ items: Proposal[]; totals: FunderTotal[] }>(`/calls/${id}/proposals${qs ? `?${qs}` : ''}`);
      clear(tbody);
      const items = r.items ?? [];
      unbindText(count, h('span', { t: 'pc.subs.count', tp: { n: items.length } }));
      if (!items.length) tbody.append(emptyRow(cols));
      for (const p of items) tbody.append(submissionRow(p, call, invite));
      clear(totalsBody);
      const rows = totalsRows(r.totals);
      if (!rows.length) totalsBody.append(emptyRow(6));
      for (const t of rows) {
        totalsBody.append(
          h(
            'tr',
            { 'data-agency': t.agency, class: t.over ? 'is-over' : undefined },
            h('th', { scope: 'row' }, t.agency),
            h('td', { class: 'num' }, t.budget === null ? h('span', { t: 'pc.budget_open' }) : formatAmount(t.budget, t.currency, currentLang())),
            h('td', { class: 'num requested' }, formatAmount(t.requested, t.currency, currentLang())),
            h('td', { class: 'num' }, t.share === null ? '—' : `${t.share}%`),
            h('td', { class: 'num requested-submitted' }, formatAmount(t.requested_submitted, t.currency, currentLang())),
            h('td', { class: 'num' }, t.shareSubmitted === null ? '—' : `${t.shareSubmitted}%`, t.over ? [' ', h('span', { class: 'badge pc-badge pc-eligible-no', t: 'pc.subs.over' })] : null),
          ),
        );
      }
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  }

  main.append(
    section('pc.subs.totals', h('p', { class: 'hint', t: 'pc.subs.totals_hint' }), tableWrap(totals, 'pc.subs.totals')),
    section('pc.subs.list', filter.el, exportLinks, count, inviteMessage, tableWrap(table, 'pc.subs.title')),
  );
  await load().catch((err) => {
    if (err instanceof ApiError && err.status === 403) throw err;
    filter.setError(err);
  });
}

function submissionRow(p: Proposal, call: Call, invite: (p: Proposal, button: HTMLButtonElement) => Promise<void>): HTMLElement {
  const status = screeningStatus(p);
  const matches = screeningMatches(p.screening);
  const slot = (call.slots ?? []).find((s) => s.code === p.slot);
  const two = isTwoStage(call);
  let inviteButton: HTMLButtonElement | null = null;
  if (canInvite(p, call)) {
    const button = h('button', { type: 'button', class: 'btn btn-small invite-proposal', ta: { 'aria-label': ['pc.invite.named', { title: p.title || `#${p.id}` }] }, t: 'pc.invite' });
    button.addEventListener('click', () => void invite(p, button));
    inviteButton = button;
  }
  return h(
    'tr',
    { 'data-proposal': p.id, 'data-state': p.state, 'data-stage': proposalStage(p), 'data-screening': status, class: status === 'alerts' ? 'is-alert' : undefined },
    h('th', { scope: 'row', class: 'name-cell' }, h('a', { href: `/programmes/proposals/${p.id}`, dir: 'auto' }, p.title || `#${p.id}`)),
    h('td', { dir: 'auto' }, p.owner_name || (p.team ?? []).find((m) => m.role === 'lead')?.name || '—'),
    h('td', null, badge(PREFIX.state, p.state)),
    two ? h('td', { class: 'stage-cell' }, stageBadge(p.stage), inviteButton ? h('div', null, inviteButton) : null) : null,
    h('td', null, p.slot ? (slot ? bilingual('span', slot.name_ja, slot.name_en || p.slot) : h('span', { class: 'code' }, p.slot)) : h('span', { class: 'muted', t: 'pc.slot.general' })),
    h('td', null, eligibleBadge(proposalEligible(p))),
    h('td', null, badge(PREFIX.screening, status, 'screening-status')),
    h('td', { class: 'matches-cell' }, matches.length ? h('ul', { class: 'plain-list matched-names' }, matches.map((m) => h('li', null, h('span', { dir: 'auto', class: 'matched-name' }, m.matched), ' ', h('span', { class: 'muted' }, '← ', h('span', { dir: 'auto' }, m.member))))) : '—'),
    h('td', null, p.countries?.length ? h('span', { class: 'code' }, p.countries.join(' ')) : '—'),
    h('td', { class: 'requested-cell' }, requestedList(p, call)),
    h('td', null, instant(p.submitted_at)),
  );
}

// "JST 8,000,000 JPY" per funder asked.
function requestedList(p: Proposal, call: Call): HTMLElement | string {
  const entries = Object.entries(p.requested ?? {}).filter(([, v]) => Number(v) > 0);
  if (!entries.length) return '—';
  return h(
    'ul',
    { class: 'plain-list' },
    entries.map(([agency, amount]) => h('li', { class: 'nowrap', 'data-agency': agency }, formatAmount(Number(amount), `${(call.funders ?? []).find((f) => f.agency === agency)?.currency ?? ''}`, currentLang()), ' ', h('span', { class: 'muted' }, agency))),
  );
}
