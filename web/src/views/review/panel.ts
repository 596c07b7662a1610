// The panel (an officer's): each proposal's raw and calibrated mean side by side, the
// reviewers' leniency, the ranking moved with up/down buttons or a rank typed in, notes;
// then the selection within every funder's budget (selected, skipped with the reason,
// each funder's budget used and what one more unit would buy), decisions with reasons,
// and the release of the results to the applicants.

import { clear, h, replaceChildren, uid } from '../../dom.js';
import { currentLang } from '../../i18n/core.js';
import { formatAmount } from '../../programmes/logic.js';
import { reviewApi } from '../../review/api.js';
import {
  DECISIONS,
  fmtScore,
  fmtSigned,
  fundedTotals,
  initialOrder,
  moveInOrder,
  placeAt,
  proposedDecisions,
  type Decision,
  type FunderUse,
  type Panel,
  type PanelItem,
  type Selection,
} from '../../review/logic.js';
import { emptyRow, messageRegion, section, showError, showSuccess, tableWrap, th } from '../../ui.js';
import { callHeading, literal, rvBadge, type Ctx } from './common.js';

// ------------------------------------------------------------------ panel and ranking

export async function renderPanel(main: HTMLElement, _ctx: Ctx, callId: number): Promise<void> {
  await callHeading(main, callId, 'rv.panel.title', 'panel');
  let panel = await reviewApi.panel(callId);
  let order = initialOrder(panel.items);
  const notes = new Map<number, string>(panel.items.map((i) => [i.proposal_id, i.note ?? '']));
  const message = messageRegion();
  const tbody = h('tbody');
  const byId = () => new Map(panel.items.map((i) => [i.proposal_id, i]));

  const draw = (focus?: { id: number; what: 'up' | 'down' | 'rank' }) => {
    clear(tbody);
    const items = byId();
    if (!order.length) tbody.append(emptyRow(8));
    order.forEach((id, index) => {
      const item = items.get(id);
      if (!item) return;
      const row = rankingRow(item, index, order.length);
      tbody.append(row);
      if (focus?.id === id) {
        const target = row.querySelector<HTMLElement>(focus.what === 'rank' ? 'input.rank-input' : `button.move-${focus.what}`);
        (target && !(target as HTMLButtonElement).disabled ? target : row.querySelector<HTMLElement>('input.rank-input'))?.focus();
      }
    });
  };

  const rankingRow = (item: PanelItem, index: number, total: number) => {
    const rankId = uid('rank');
    const noteId = uid('note');
    const rank = h('input', { id: rankId, class: 'rank-input', type: 'number', min: 1, max: total, inputmode: 'numeric', value: String(index + 1) });
    rank.addEventListener('change', () => {
      const n = Number(rank.value);
      if (!Number.isFinite(n) || n < 1) {
        rank.value = String(index + 1);
        return;
      }
      order = placeAt(order, item.proposal_id, n);
      draw({ id: item.proposal_id, what: 'rank' });
    });
    const up = h('button', { type: 'button', class: 'btn btn-small move-up', ta: { 'aria-label': ['rv.panel.up', { title: item.title }] } }, '↑');
    const down = h('button', { type: 'button', class: 'btn btn-small move-down', ta: { 'aria-label': ['rv.panel.down', { title: item.title }] } }, '↓');
    up.disabled = index === 0;
    down.disabled = index === total - 1;
    up.addEventListener('click', () => {
      order = moveInOrder(order, item.proposal_id, -1);
      draw({ id: item.proposal_id, what: 'up' });
    });
    down.addEventListener('click', () => {
      order = moveInOrder(order, item.proposal_id, 1);
      draw({ id: item.proposal_id, what: 'down' });
    });
    const note = h('textarea', { id: noteId, class: 'note-input', rows: 2, dir: 'auto' });
    note.value = notes.get(item.proposal_id) ?? '';
    note.addEventListener('input', () => notes.set(item.proposal_id, note.value));
    return h(
      'tr',
      { 'data-proposal': item.proposal_id, 'data-rank': index + 1 },
      h('td', { class: 'rank-cell' }, h('label', { for: rankId, class: 'visually-hidden', t: 'rv.panel.rank_of', tp: { title: item.title } }), rank, h('span', { class: 'rank-moves' }, up, down)),
      h('th', { scope: 'row' }, literal(item.title, 'proposal-title'), item.applicant_countries?.length ? h('div', { class: 'muted code' }, item.applicant_countries.join(', ')) : null),
      h('td', { class: 'num' }, String(item.reviews ?? 0)),
      h('td', { class: 'num raw-mean' }, fmtScore(item.raw_mean)),
      h('td', { class: 'num calibrated-mean' }, fmtScore(item.calibrated_mean)),
      h('td', { class: 'num' }, fmtScore(item.weighted_score)),
      h('td', null, item.decision ? rvBadge('rv.decision', item.decision) : h('span', { class: 'muted', t: 'common.none' })),
      h('td', { class: 'note-cell' }, h('label', { for: noteId, class: 'visually-hidden', t: 'rv.panel.note_of', tp: { title: item.title } }), note),
    );
  };

  const save = h('button', { type: 'button', class: 'btn btn-primary save-ranking', t: 'rv.panel.save' });
  const useCalibrated = h('button', { type: 'button', class: 'btn by-calibrated', t: 'rv.panel.by_calibrated' });
  useCalibrated.addEventListener('click', () => {
    order = initialOrder(panel.items.map((i) => ({ ...i, rank: null })));
    draw();
  });
  save.addEventListener('click', () => {
    save.disabled = true;
    const body: Record<string, string> = {};
    for (const [id, text] of notes) if (text.trim()) body[String(id)] = text;
    void reviewApi
      .saveRanking(callId, order, body)
      .then((p) => {
        if (p?.items) {
          panel = p;
          order = initialOrder(p.items);
          draw();
        }
        showSuccess(message, 'rv.panel.saved');
      })
      .catch((err) => showError(message, err))
      .finally(() => (save.disabled = false));
  });

  const reviewers = tableWrap(
    h(
      'table',
      { class: 'data-table leniency-table' },
      h('caption', { class: 'visually-hidden', t: 'rv.panel.leniency' }),
      h('thead', null, h('tr', null, th('rv.col.reviewer'), th('rv.col.reviews'), th('rv.col.leniency'))),
      h(
        'tbody',
        null,
        panel.reviewers?.length
          ? panel.reviewers.map((r) => h('tr', { 'data-user': r.user_id }, h('th', { scope: 'row' }, literal(r.name, 'reviewer-name')), h('td', { class: 'num' }, String(r.reviews)), h('td', { class: 'num leniency' }, fmtSigned(r.leniency))))
          : emptyRow(3),
      ),
    ),
    'rv.panel.leniency',
  );

  const rankingSection = section(
    'rv.panel.ranking',
    h('p', { class: 'hint', t: 'rv.panel.intro' }),
    message,
    tableWrap(
      h(
        'table',
        { class: 'data-table ranking-table' },
        h('caption', { class: 'visually-hidden', t: 'rv.panel.ranking' }),
        h('thead', null, h('tr', null, th('rv.col.rank'), th('rv.col.proposal'), th('rv.col.reviews'), th('rv.col.raw_mean'), th('rv.col.calibrated_mean'), th('rv.col.weighted'), th('rv.col.decision'), th('rv.col.note'))),
        tbody,
      ),
      'rv.panel.ranking',
    ),
    h('p', { class: 'page-actions' }, save, useCalibrated),
  );
  rankingSection.classList.add('row-table');
  main.append(rankingSection, section('rv.panel.leniency', h('p', { class: 'hint', t: 'rv.panel.leniency_hint' }), reviewers));
  draw();
}

// ------------------------------------------------------------------ selection and decisions

// "+0.42 per 1,000,000 JPY" when the server names its step; else the value per unit.
function marginalText(f: FunderUse, lang: string): HTMLElement {
  if (f.marginal_step && f.marginal_step > 0 && f.marginal_gain !== undefined) {
    return h('span', { t: 'rv.sel.marginal_per', tp: { gain: fmtScore(f.marginal_gain, 3), step: formatAmount(f.marginal_step, f.currency ?? '', lang) } });
  }
  return h('span', null, f.marginal_value === null || f.marginal_value === undefined ? '—' : fmtScore(f.marginal_value, 4));
}

export async function renderSelection(main: HTMLElement, _ctx: Ctx, callId: number): Promise<void> {
  await callHeading(main, callId, 'rv.sel.title', 'selection');
  let panel: Panel = await reviewApi.panel(callId);
  let selection: Selection | null = null;
  const lang = currentLang();
  const resultBox = h('div', { class: 'selection-result', 'aria-live': 'polite' });
  const runMessage = messageRegion();
  const run = h('button', { type: 'button', class: 'btn btn-primary run-selection', t: 'rv.sel.run' });
  const decisionsBody = h('div', { class: 'decisions-body' });
  const decisions = new Map<number, Decision>();
  const reasons = new Map<number, string>(panel.items.map((i) => [i.proposal_id, i.decision_reason ?? '']));
  const titleOf = (id: number) => panel.items.find((i) => i.proposal_id === id)?.title ?? `#${id}`;

  const drawSelection = (s: Selection) => {
    const selected = h('ol', { class: 'selected-list' }, s.selected.length ? s.selected.map((id) => h('li', { 'data-proposal': id }, literal(titleOf(id)))) : h('li', { class: 'muted', t: 'rv.sel.none_selected' }));
    const skipped = tableWrap(
      h(
        'table',
        { class: 'data-table skipped-table' },
        h('caption', { class: 'visually-hidden', t: 'rv.sel.skipped' }),
        h('thead', null, h('tr', null, th('rv.col.proposal'), th('rv.col.reason'))),
        h('tbody', null, s.skipped.length ? s.skipped.map((k) => h('tr', { 'data-proposal': k.proposal_id }, h('th', { scope: 'row' }, literal(titleOf(k.proposal_id))), h('td', { class: 'skip-reason' }, literal(k.reason)))) : emptyRow(2)),
      ),
      'rv.sel.skipped',
    );
    const funders = tableWrap(
      h(
        'table',
        { class: 'data-table funders-use-table' },
        h('caption', { class: 'visually-hidden', t: 'rv.sel.funders' }),
        h('thead', null, h('tr', null, th('pc.col.agency'), th('rv.col.budget'), th('rv.col.used'), th('rv.col.left'), th('rv.col.marginal'))),
        h(
          'tbody',
          null,
          s.funders.length
            ? s.funders.map((f) =>
                h(
                  'tr',
                  { 'data-agency': f.agency },
                  h('th', { scope: 'row' }, f.agency),
                  h('td', { class: 'num' }, f.budget === null ? h('span', { t: 'pc.budget_open' }) : formatAmount(f.budget, f.currency ?? '', lang)),
                  h('td', { class: 'num used' }, formatAmount(f.used, f.currency ?? '', lang)),
                  h('td', { class: 'num' }, f.budget === null ? '—' : formatAmount(f.budget - f.used, f.currency ?? '', lang)),
                  h('td', { class: 'num marginal' }, marginalText(f, lang)),
                ),
              )
            : emptyRow(5),
        ),
      ),
      'rv.sel.funders',
    );
    replaceChildren(
      resultBox,
      h('p', { class: ['selection-proof', s.proven_optimal ? 'is-optimal' : 'is-not-optimal'], t: s.proven_optimal ? 'rv.sel.optimal' : 'rv.sel.not_optimal' }),
      h('h3', { t: 'rv.sel.selected', tp: { n: s.selected.length } }),
      selected,
      h('h3', { t: 'rv.sel.skipped' }),
      h('p', { class: 'hint', t: 'rv.sel.skipped_hint' }),
      skipped,
      h('h3', { t: 'rv.sel.funders' }),
      h('p', { class: 'hint', t: 'rv.sel.marginal_hint' }),
      funders,
    );
  };

  run.addEventListener('click', () => {
    run.disabled = true;
    void reviewApi
      .select(callId)
      .then((s) => {
        selection = s;
        drawSelection(s);
        for (const [id, d] of proposedDecisions(panel.items, s)) if (!panel.items.find((i) => i.proposal_id === id)?.decision) decisions.set(id, d);
        drawDecisions();
        showSuccess(runMessage, 'rv.sel.done', { n: s.selected.length });
      })
      .catch((err) => showError(runMessage, err))
      .finally(() => (run.disabled = false));
  });

  const decideMessage = messageRegion();
  const totalsBox = h('div', { class: 'funded-totals' });
  const drawTotals = () => {
    const budgets = selection?.funders ?? [];
    const rows = fundedTotals(panel.items, decisions, budgets);
    replaceChildren(
      totalsBox,
      rows.length
        ? h(
            'ul',
            { class: 'plain-list' },
            rows.map((r) =>
              h(
                'li',
                { 'data-agency': r.agency, class: r.over ? 'is-over' : undefined },
                h('strong', null, r.agency),
                ' ',
                h('span', { t: 'rv.dec.funded_total', tp: { used: formatAmount(r.used, '', lang), budget: r.budget === null ? '—' : formatAmount(r.budget, '', lang) } }),
                r.over ? [' ', h('span', { class: 'badge badge-alert', t: 'rv.dec.over' })] : null,
              ),
            ),
          )
        : null,
    );
  };
  const drawDecisions = () => {
    const rows = initialOrder(panel.items).map((id) => {
      const item = panel.items.find((i) => i.proposal_id === id)!;
      const selId = uid('decision');
      const reasonId = uid('reason');
      const select = h('select', { id: selId, class: 'decision-select', name: `decision-${id}` });
      select.append(h('option', { value: '', t: 'rv.dec.undecided' }));
      const current = decisions.get(id) ?? item.decision ?? '';
      for (const d of DECISIONS) select.append(h('option', { value: d, t: `rv.decision.${d}` as 'rv.decision.funded' }));
      select.value = current;
      select.addEventListener('change', () => {
        if (select.value) decisions.set(id, select.value as Decision);
        else decisions.delete(id);
        drawTotals();
      });
      const reason = h('input', { id: reasonId, class: 'reason-input', type: 'text', dir: 'auto', name: `reason-${id}` });
      reason.value = reasons.get(id) ?? '';
      reason.addEventListener('input', () => reasons.set(id, reason.value));
      if (item.decision && !decisions.has(id)) decisions.set(id, item.decision);
      return h(
        'tr',
        { 'data-proposal': id },
        h('td', { class: 'num' }, String(item.rank ?? '—')),
        h('th', { scope: 'row' }, literal(item.title, 'proposal-title')),
        h('td', { class: 'funders-cell' }, (item.funders ?? []).map((f) => h('div', { class: 'nowrap' }, `${f.agency} ${formatAmount(f.amount, '', lang)}`))),
        h('td', null, h('label', { for: selId, class: 'visually-hidden', t: 'rv.dec.decision_of', tp: { title: item.title } }), select),
        h('td', null, h('label', { for: reasonId, class: 'visually-hidden', t: 'rv.dec.reason_of', tp: { title: item.title } }), reason),
      );
    });
    replaceChildren(
      decisionsBody,
      tableWrap(
        h(
          'table',
          { class: 'data-table decisions-table' },
          h('caption', { class: 'visually-hidden', t: 'rv.dec.title' }),
          h('thead', null, h('tr', null, th('rv.col.rank'), th('rv.col.proposal'), th('rv.col.funders'), th('rv.col.decision'), th('rv.col.reason'))),
          h('tbody', null, rows.length ? rows : emptyRow(5)),
        ),
        'rv.dec.title',
      ),
    );
    drawTotals();
  };
  drawDecisions();

  const record = h('button', { type: 'button', class: 'btn btn-primary record-decisions', t: 'rv.dec.record' });
  record.addEventListener('click', () => {
    const list = panel.items
      .filter((i) => decisions.has(i.proposal_id))
      .map((i) => ({ proposal_id: i.proposal_id, decision: decisions.get(i.proposal_id)!, reason: (reasons.get(i.proposal_id) ?? '').trim() }));
    if (!list.length) {
      showError(decideMessage, null, 'rv.dec.none');
      return;
    }
    record.disabled = true;
    void reviewApi
      .decide(callId, list)
      .then(async () => {
        panel = await reviewApi.panel(callId);
        showSuccess(decideMessage, 'rv.dec.recorded', { n: list.length });
      })
      .catch((err) => showError(decideMessage, err))
      .finally(() => (record.disabled = false));
  });

  const releaseMessage = messageRegion();
  const release = h('button', { type: 'button', class: 'btn btn-primary release-button', t: 'rv.rel.release' });
  const confirm = h('input', { id: uid('confirm'), type: 'checkbox', class: 'release-confirm' });
  release.addEventListener('click', () => {
    if (!confirm.checked) {
      showError(releaseMessage, null, 'rv.rel.confirm_first');
      confirm.focus();
      return;
    }
    release.disabled = true;
    void reviewApi
      .release(callId)
      .then((r) => showSuccess(releaseMessage, 'rv.rel.done', { at: r?.released_at ?? '' }))
      .catch((err) => showError(releaseMessage, err))
      .finally(() => (release.disabled = false));
  });

  const decisionsSection = section('rv.dec.title', h('p', { class: 'hint', t: 'rv.dec.intro' }), decideMessage, decisionsBody, h('h3', { t: 'rv.dec.totals' }), totalsBox, h('p', { class: 'page-actions' }, record));
  decisionsSection.classList.add('row-table');
  main.append(
    section('rv.sel.title', h('p', { class: 'hint', t: 'rv.sel.intro' }), runMessage, h('p', { class: 'page-actions' }, run), resultBox),
    decisionsSection,
    section(
      'rv.rel.title',
      h('p', { class: 'hint', t: 'rv.rel.intro' }),
      releaseMessage,
      h('div', { class: 'field field-checkbox' }, confirm, h('label', { for: confirm.id, t: 'rv.rel.confirm' })),
      h('p', { class: 'page-actions' }, release),
    ),
  );
}
