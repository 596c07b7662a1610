// An officer's review pages for one call: the settings (k, loads, deadline, conflict
// policy, diversity, mode) with the stage and counts; the reviewer pool (invite by
// e-mail, statuses, loads, reminders); the conflicts of interest with their explanations
// and overrides with a recorded reason; and the assignment (compute, the result or why it
// cannot be done, the assignments).

import { ApiError } from '../../api.js';
import { append, clear, h, replaceChildren, setLiteral } from '../../dom.js';
import { browserZone, formatInZone } from '../../programmes/logic.js';
import { infeasibleReasons, reviewApi } from '../../review/api.js';
import {
  ASSIGN_MODES,
  fmtScore,
  normaliseSettings,
  settingsBody,
  settingsToInput,
  type Assignment,
  type Conflict,
  type PoolEntry,
  type ReviewState,
} from '../../review/logic.js';
import { Form, emptyRow, messageRegion, section, showError, showSuccess, tableWrap, th } from '../../ui.js';
import { bilingualText, callHeading, codeText, dl, literal, rvBadge, type Ctx } from './common.js';

function when(iso: string | null | undefined): HTMLElement {
  if (!iso) return h('span', { class: 'muted', t: 'common.none' });
  return h('time', { datetime: iso, dir: 'ltr', class: 'nowrap', title: browserZone() }, formatInZone(iso, browserZone()));
}

// ------------------------------------------------------------------ settings

export async function renderReviewSettings(main: HTMLElement, _ctx: Ctx, callId: number): Promise<void> {
  await callHeading(main, callId, 'rv.settings.title', '');
  const state = await reviewApi.state(callId);
  main.append(stateSection(state));
  const s = settingsToInput(normaliseSettings(state.settings));
  const zone = browserZone();
  const form = new Form(
    'review-settings',
    [
      { name: 'k', label: 'rv.set.k', type: 'number', required: true, value: s.k, hint: 'rv.set.k_hint', inputmode: 'numeric' },
      { name: 'min_load', label: 'rv.set.min_load', type: 'number', required: true, value: s.min_load, inputmode: 'numeric' },
      { name: 'max_load', label: 'rv.set.max_load', type: 'number', required: true, value: s.max_load, inputmode: 'numeric' },
      { name: 'review_deadline', label: 'rv.set.deadline', required: true, value: s.review_deadline, hint: 'rv.set.deadline_hint' },
      { name: 'coi.org_years', label: 'rv.set.org_years', type: 'number', required: true, value: s.org_years, hint: 'rv.set.org_years_hint' },
      { name: 'coi.coauthor_years', label: 'rv.set.coauthor_years', type: 'number', required: true, value: s.coauthor_years },
      { name: 'coi.co_proposers', label: 'rv.set.co_proposers', type: 'checkbox', checked: s.co_proposers },
      { name: 'coi.advisor', label: 'rv.set.advisor', type: 'checkbox', checked: s.advisor },
      { name: 'coi.advisor_years', label: 'rv.set.advisor_years', type: 'number', value: s.advisor_years, hint: 'rv.set.advisor_years_hint', inputmode: 'numeric' },
      { name: 'coi.same_project', label: 'rv.set.same_project', type: 'checkbox', checked: s.same_project },
      { name: 'coi.project_years', label: 'rv.set.project_years', type: 'number', value: s.project_years, hint: 'rv.set.project_years_hint', inputmode: 'numeric' },
      { name: 'coi.same_person', label: 'rv.set.same_person', type: 'checkbox', checked: s.same_person },
      { name: 'diversity.outside_applicant_countries', label: 'rv.set.outside', type: 'number', required: true, value: s.outside_applicant_countries, hint: 'rv.set.outside_hint' },
      { name: 'diversity.max_per_country', label: 'rv.set.per_country', type: 'number', required: true, value: s.max_per_country, hint: 'rv.set.per_country_hint' },
      { name: 'mode', label: 'rv.set.mode', type: 'select', value: s.mode, options: ASSIGN_MODES.map((m) => ({ value: m, label: `rv.mode.${m}` as const })), hint: 'rv.set.mode_hint' },
      { name: 'move_cost', label: 'rv.set.move_cost', type: 'number', value: s.move_cost, hint: 'rv.set.move_cost_hint' },
    ],
    'rv.set.save',
    async (f) => {
      const { body, problems } = settingsBody({
        k: f.value('k'),
        max_load: f.value('max_load'),
        min_load: f.value('min_load'),
        review_deadline: f.value('review_deadline'),
        org_years: f.value('coi.org_years'),
        coauthor_years: f.value('coi.coauthor_years'),
        advisor_years: f.value('coi.advisor_years'),
        project_years: f.value('coi.project_years'),
        co_proposers: f.checked('coi.co_proposers'),
        advisor: f.checked('coi.advisor'),
        same_project: f.checked('coi.same_project'),
        same_person: f.checked('coi.same_person'),
        outside_applicant_countries: f.value('diversity.outside_applicant_countries'),
        max_per_country: f.value('diversity.max_per_country'),
        mode: f.value('mode'),
        move_cost: f.value('move_cost'),
      });
      if (!body) {
        for (const p of [...problems].reverse()) f.fieldError(p.field, p.key, p.params);
        return;
      }
      await reviewApi.saveSettings(callId, body);
      f.success('rv.set.saved');
    },
    { class: 'review-settings-form' },
  );
  const deadline = form.input('review_deadline') as HTMLInputElement;
  deadline.type = 'datetime-local';
  deadline.step = '60';
  const zoneNote = h('p', { class: 'hint deadline-zone', t: 'rv.set.deadline_zone', tp: { zone } });
  deadline.parentElement?.append(zoneNote);
  main.append(section('rv.settings.title', form.el));
}

function stateSection(state: ReviewState): HTMLElement {
  const c = state.counts ?? ({} as ReviewState['counts']);
  const n = (x: number | undefined) => h('span', { class: 'num' }, String(x ?? 0));
  const el = section(
    'rv.state.title',
    dl(
      ['rv.state.stage', rvBadge('rv.stage', state.stage, 'review-stage')],
      ['rv.state.proposals', n(c.proposals)],
      ['rv.state.reviewers', h('span', null, n(c.accepted), ' / ', n(c.reviewers), ' ', h('span', { class: 'muted', t: 'rv.state.accepted_of' }))],
      ['rv.state.assignments', n(c.assignments)],
      ['rv.state.reviews', h('span', null, n(c.reviews_submitted), ' ', h('span', { class: 'muted', t: 'rv.state.submitted' }), ' · ', n(c.reviews_due), ' ', h('span', { class: 'muted', t: 'rv.state.due' }))],
    ),
  );
  el.classList.add('review-state');
  el.dataset.stage = state.stage;
  return el;
}

// ------------------------------------------------------------------ reviewer pool

export async function renderReviewers(main: HTMLElement, _ctx: Ctx, callId: number): Promise<void> {
  await callHeading(main, callId, 'rv.pool.title', 'reviewers');
  const message = messageRegion();
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'data-table pool-table' },
    h('caption', { class: 'visually-hidden', t: 'rv.pool.title' }),
    h('thead', null, h('tr', null, th('rv.col.reviewer'), th('rv.col.email'), th('rv.col.country'), th('rv.col.status'), th('rv.col.load'), th('rv.col.submitted'), th('rv.col.reminded'), th('rv.col.actions'))),
    tbody,
  );
  const load = async () => {
    const pool = await reviewApi.pool(callId);
    clear(tbody);
    if (!pool.length) tbody.append(emptyRow(8));
    for (const p of pool) tbody.append(poolRow(p));
  };
  const poolRow = (p: PoolEntry) => {
    const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger', t: 'rv.pool.remove', ta: { 'aria-label': ['rv.pool.remove_named', { name: p.name }] } });
    remove.disabled = p.reviews_submitted > 0;
    remove.addEventListener('click', () => {
      void reviewApi
        .uninvite(callId, p.id)
        .then(load)
        .catch((err) => showError(message, err));
    });
    return h(
      'tr',
      { 'data-user': p.user_id, 'data-status': p.status },
      h('th', { scope: 'row' }, literal(p.name, 'reviewer-name')),
      h('td', { dir: 'ltr' }, p.email),
      h('td', { class: 'code' }, p.country || '—'),
      h('td', null, rvBadge('rv.pool.status', p.status)),
      h('td', { class: 'num' }, String(p.load ?? 0)),
      h('td', { class: 'num' }, String(p.reviews_submitted ?? 0)),
      h('td', null, when(p.reminded_at)),
      h('td', null, remove),
    );
  };
  const invite = new Form(
    'invite',
    [{ name: 'email', label: 'rv.pool.email', type: 'email', required: true, autocomplete: 'off', dir: 'ltr', hint: 'rv.pool.email_hint' }],
    'rv.pool.invite',
    async (f) => {
      const email = f.value('email');
      if (!email) return f.fieldError('email', 'rv.err.required');
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) return f.fieldError('email', 'rv.err.email');
      const r = await reviewApi.invite(callId, { email });
      f.set('email', '');
      f.success('rv.pool.invited', { name: r.name || email });
      await load();
    },
    { class: 'invite-form' },
  );
  invite.aliases = { user_id: 'email' };
  const remind = h('button', { type: 'button', class: 'btn remind-button', t: 'rv.pool.remind' });
  const remindResult = messageRegion();
  remind.addEventListener('click', () => {
    remind.disabled = true;
    void reviewApi
      .remind(callId)
      .then(async (r) => {
        const names = (r.reminded ?? []).map((x) => x.name);
        showSuccess(remindResult, names.length ? 'rv.pool.reminded' : 'rv.pool.reminded_none', { n: names.length });
        if (names.length) remindResult.append(h('ul', { class: 'plain-list reminded-list' }, (r.reminded ?? []).map((x) => h('li', { 'data-user': x.user_id }, literal(x.name), ' ', h('span', { class: 'muted', t: 'rv.pool.reminded_due', tp: { n: x.due } })))));
        await load();
      })
      .catch((err) => showError(remindResult, err))
      .finally(() => (remind.disabled = false));
  });
  main.append(
    section('rv.pool.invite_title', h('p', { class: 'hint', t: 'rv.pool.intro' }), invite.el),
    section('rv.pool.title', message, tableWrap(table, 'rv.pool.title'), h('p', { class: 'page-actions' }, remind), remindResult),
  );
  await load();
}

// ------------------------------------------------------------------ conflicts

export async function renderConflicts(main: HTMLElement, _ctx: Ctx, callId: number): Promise<void> {
  await callHeading(main, callId, 'rv.coi.title', 'conflicts');
  const message = messageRegion();
  const body = h('div', { class: 'conflicts-body' });
  const load = async () => {
    const list = await reviewApi.conflicts(callId);
    replaceChildren(body, conflictsTable(list));
  };
  const conflictsTable = (list: Conflict[]) =>
    tableWrap(
      h(
        'table',
        { class: 'data-table conflicts-table' },
        h('caption', { class: 'visually-hidden', t: 'rv.coi.title' }),
        h('thead', null, h('tr', null, th('rv.col.proposal'), th('rv.col.reviewer'), th('rv.col.kind'), th('rv.col.explanation'), th('rv.col.source'), th('rv.col.override'))),
        h('tbody', null, list.length ? list.map(conflictRow) : emptyRow(6)),
      ),
      'rv.coi.title',
    );
  const conflictRow = (c: Conflict) => {
    const cell = h('td', { class: 'override-cell' });
    const fill = () => {
      clear(cell);
      if (c.overridden) {
        const restore = h('button', { type: 'button', class: 'btn btn-small restore-button', t: 'rv.coi.restore' });
        restore.addEventListener('click', () => {
          void reviewApi
            .restore(callId, c.proposal_id, c.reviewer_user_id)
            .then(load)
            .catch((err) => showError(message, err));
        });
        append(cell, [h('p', null, rvBadge('rv.coi.state', 'overridden')), c.override_reason ? h('p', { class: 'override-reason' }, h('span', { class: 'muted', t: 'rv.coi.reason_was' }), ' ', literal(c.override_reason)) : null, restore]);
        return;
      }
      const open = h('button', { type: 'button', class: 'btn btn-small override-button', t: 'rv.coi.override' });
      open.addEventListener('click', () => {
        const form = new Form(
          'override',
          [{ name: 'reason', label: 'rv.coi.reason', type: 'textarea', required: true, rows: 2, dir: 'auto' }],
          'rv.coi.override_confirm',
          async (f) => {
            const reason = f.value('reason');
            if (!reason) return f.fieldError('reason', 'rv.coi.reason_required');
            const updated = await reviewApi.override(callId, c.proposal_id, c.reviewer_user_id, reason);
            Object.assign(c, { overridden: true, override_reason: reason }, updated ?? {});
            fill();
          },
          { class: 'override-form' },
        );
        replaceChildren(cell, form.el);
        form.input('reason').focus();
      });
      cell.append(rvBadge('rv.coi.state', 'excluded'), ' ', open);
    };
    fill();
    return h(
      'tr',
      { 'data-proposal': c.proposal_id, 'data-reviewer': c.reviewer_user_id, 'data-kind': c.kind, class: c.overridden ? 'is-overridden' : undefined },
      h('th', { scope: 'row' }, literal(c.proposal_title)),
      h('td', null, literal(c.reviewer_name, 'reviewer-name')),
      h('td', null, codeText('rv.coi.kind', c.kind)),
      h('td', { class: 'explanation' }, bilingualText(c.explanation_ja, c.explanation, 'span', 'conflict-explanation')),
      h('td', null, codeText('rv.coi.source', c.source)),
      cell,
    );
  };
  main.append(section('rv.coi.title', h('p', { class: 'hint', t: 'rv.coi.intro' }), message, body));
  await load();
}

// ------------------------------------------------------------------ assignment

export async function renderAssignments(main: HTMLElement, _ctx: Ctx, callId: number): Promise<void> {
  await callHeading(main, callId, 'rv.asg.title', 'assignments');
  const message = messageRegion();
  const result = h('div', { class: 'compute-result', 'aria-live': 'polite' });
  const body = h('div', { class: 'assignments-body' });
  const load = async () => {
    const list = await reviewApi.assignments(callId);
    replaceChildren(body, assignmentsTable(list));
  };
  const assignmentsTable = (list: Assignment[]) => {
    const proposals = new Set(list.map((a) => a.proposal_id)).size;
    return [
      h('p', { class: 'muted assignment-count', t: 'rv.asg.count', tp: { n: list.filter((a) => a.status !== 'withdrawn_conflict').length, p: proposals } }),
      tableWrap(
        h(
          'table',
          { class: 'data-table assignments-table' },
          h('caption', { class: 'visually-hidden', t: 'rv.asg.list' }),
          h('thead', null, h('tr', null, th('rv.col.proposal'), th('rv.col.reviewer'), th('rv.col.affinity'), th('rv.col.status'), th('rv.col.actions'))),
          h(
            'tbody',
            null,
            list.length
              ? list.map((a) => {
                  const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger', t: 'rv.asg.remove' });
                  remove.disabled = a.status === 'submitted';
                  remove.addEventListener('click', () => {
                    void reviewApi
                      .unassign(a.id)
                      .then(load)
                      .catch((err) => showError(message, err));
                  });
                  return h(
                    'tr',
                    { 'data-assignment': a.id, 'data-proposal': a.proposal_id, 'data-reviewer': a.reviewer_user_id, 'data-status': a.status },
                    h('th', { scope: 'row' }, literal(a.proposal_title)),
                    h('td', null, literal(a.reviewer_name, 'reviewer-name')),
                    h('td', { class: 'num' }, fmtScore(a.affinity, 3)),
                    h('td', null, rvBadge('rv.asg.status', a.status)),
                    h('td', null, remove),
                  );
                })
              : emptyRow(5),
          ),
        ),
        'rv.asg.list',
      ),
    ];
  };
  const compute = new Form(
    'compute',
    [{ name: 'keep_existing', label: 'rv.asg.keep', type: 'checkbox', hint: 'rv.asg.keep_hint' }],
    'rv.asg.compute',
    async (f) => {
      clear(result);
      result.classList.remove('is-infeasible');
      try {
        const r = await reviewApi.compute(callId, f.checked('keep_existing') ? { keep_existing: true } : {});
        const summary = h('div', { class: 'panel compute-summary', 'data-assigned': r.assigned });
        summary.append(
          h('p', { class: 'msg-main', t: 'rv.asg.done', tp: { n: r.assigned } }),
          dl(
            ['rv.asg.total_affinity', h('span', { class: 'num' }, fmtScore(r.total_affinity, 3))],
            ['rv.asg.min_affinity', h('span', { class: 'num' }, fmtScore(r.min_proposal_affinity, 3))],
            ['rv.asg.kept_moved', h('span', { t: 'rv.asg.kept_moved_value', tp: { kept: r.kept ?? 0, moved: r.moved ?? 0 } })],
          ),
        );
        result.append(summary);
        f.success('rv.asg.done', { n: r.assigned });
        await load();
      } catch (err) {
        const reasons = infeasibleReasons(err);
        if (reasons === null) throw err;
        result.classList.add('is-infeasible');
        const box = h('div', { class: 'panel infeasible', role: 'alert' }, h('h3', { t: 'rv.asg.infeasible' }), h('p', { class: 'hint', t: 'rv.asg.infeasible_hint' }));
        if (err instanceof ApiError && err.serverMessage) {
          const p = h('p', { class: 'infeasible-message', dir: 'auto' });
          setLiteral(p, err.serverMessage);
          box.append(p);
        }
        box.append(h('ul', { class: 'infeasible-reasons' }, reasons.map((r) => h('li', { dir: 'auto' }, r))));
        result.append(box);
        showError(f.message, err, 'rv.asg.infeasible');
      }
    },
    { class: 'compute-form' },
  );
  main.append(section('rv.asg.compute_title', h('p', { class: 'hint', t: 'rv.asg.intro' }), compute.el, result), section('rv.asg.list', message, body));
  await load();
}
