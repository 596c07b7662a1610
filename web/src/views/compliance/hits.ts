// The hit queue: possible matches between screened parties and listed entities, open
// ones first, filterable by status. Each hit shows the party, the listed entity, the
// score and how the names matched; a compliance officer records true match or false
// positive with a reason, and decided hits show who decided, when and why.

import { api, type Page } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, formatLocalTime, h, timeEl, uid } from '../../dom.js';
import { can } from '../../compliance/logic.js';
import { Form, Pager, messageRegion, pagerControls, setOptions, showError } from '../../ui.js';
import { codeLabel, explanationView, scoreBar, statusBadge, type Hit } from './common.js';

const STATUSES = ['open', 'true_match', 'false_positive'] as const;

export async function renderHits(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'hits.title' }), h('p', { class: 'intro', t: 'hits.intro' }));
  const requested = ctx.query.get('status') ?? 'open';
  let status = requested === 'all' || (STATUSES as readonly string[]).includes(requested) ? requested : 'open';
  const pager = new Pager();
  const message = messageRegion();
  const list = h('div', { class: 'hit-list' });
  const controls = pagerControls(pager, () => void load());
  const mayDecide = can(ctx.user, 'hits.decide');

  const filterId = uid('hit-status');
  const filter = h('select', { id: filterId, name: 'status' });
  setOptions(
    filter,
    [{ value: 'all', label: 'hits.all' }, ...STATUSES.map((s) => ({ value: s, label: `hits.status.${s}` as const }))],
    status,
  );
  filter.addEventListener('change', () => {
    status = filter.value;
    history.replaceState(null, '', status === 'open' ? '/compliance/hits' : `/compliance/hits?status=${status}`);
    pager.reset();
    void load();
  });

  async function fetchPage(): Promise<Page<Hit>> {
    return api.get<Page<Hit>>('/compliance/hits', { status: status === 'all' ? null : status, limit: 20, cursor: pager.cursor });
  }
  const render = (page: Page<Hit>) => {
    pager.next = page.next_cursor;
    clear(list);
    // Open hits first, then the newest decisions.
    const items = [...page.items].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'));
    if (!items.length) list.append(h('p', { class: 'muted empty-state', t: 'hits.empty' }));
    for (const hit of items) list.append(hitCard(hit, mayDecide));
    controls.update();
  };
  async function load(): Promise<void> {
    list.setAttribute('aria-busy', 'true');
    try {
      render(await fetchPage());
    } catch (err) {
      showError(message, err);
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(loading);
  const first = await fetchPage(); // a refusal here shows the "no access" panel
  loading.remove();
  main.append(
    h('div', { class: 'field filter-field' }, h('label', { for: filterId, t: 'hits.filter' }), filter),
    mayDecide ? '' : h('p', { class: 'hint', t: 'hits.only_officers' }),
    message,
    list,
    controls.el,
  );
  render(first);
}

function hitCard(hit: Hit, mayDecide: boolean): HTMLElement {
  const titleId = uid('hit');
  const facts = h(
    'dl',
    { class: 'facts hit-facts' },
    h('dt', { t: 'hits.subject' }),
    h(
      'dd',
      null,
      h('bdi', { class: 'name subject-name' }, hit.subject?.name ?? '—'),
      ' ',
      h('span', { class: 'muted' }, '(', codeLabel('kind', hit.subject?.kind), hit.subject?.country ? `, ${hit.subject.country}` : '', ') '),
      h('span', { class: 'code muted' }, hit.subject?.source ?? ''),
    ),
    h('dt', { t: 'hits.listed' }),
    h('dd', null, h('bdi', { class: 'name listed-name' }, hit.matched_name), ' ', h('span', { class: 'code muted' }, `${hit.list} · ${hit.entity_id}`)),
    h('dt', { t: 'hits.score' }),
    h('dd', null, scoreBar(hit.score, true)),
    h('dt', { t: 'hits.raised' }),
    h('dd', null, hit.created_at ? timeEl(hit.created_at) : '—'),
  );
  const decided =
    hit.status !== 'open'
      ? h(
          'div',
          { class: 'decision-record' },
          h('p', {
            t: 'hits.decided_by',
            tp: { who: hit.decided_by === null || hit.decided_by === undefined ? '—' : String(hit.decided_by), when: hit.decided_at ? formatLocalTime(hit.decided_at) : '—' },
          }),
          hit.reason ? h('p', null, h('strong', { t: 'hits.reason' }), ' ', h('span', { dir: 'auto', class: 'reason' }, hit.reason)) : null,
        )
      : null;

  let form: Form | null = null;
  if (hit.status === 'open' && mayDecide) {
    form = new Form(
      `hit-${hit.id}`,
      [
        {
          name: 'status',
          label: 'hits.field.decision',
          type: 'select',
          options: [
            { value: 'false_positive', label: 'hits.status.false_positive' },
            { value: 'true_match', label: 'hits.status.true_match' },
          ],
          value: 'false_positive',
        },
        { name: 'reason', label: 'hits.field.reason', type: 'textarea', rows: 2, required: true, dir: 'auto', hint: 'hits.field.reason_hint', wide: true },
      ],
      'hits.decide_submit',
      async (f) => {
        const reason = f.value('reason');
        if (!reason) return f.fieldError('reason', 'hits.reason_required');
        const updated = await api.post<Hit>(`/compliance/hits/${hit.id}/decision`, { status: f.value('status'), reason });
        card.replaceWith(hitCard(updated, mayDecide));
        const replaced = document.getElementById(`hit-card-${hit.id}`);
        const region = replaced?.querySelector<HTMLElement>('.card-message');
        if (region) {
          region.classList.add('is-success');
          region.append(h('p', { class: 'msg-main', t: 'hits.decided', tp: { id: hit.id, status: labelText(updated.status) } }));
        }
        // The form the focus was in is gone: keep the keyboard user on the same hit.
        replaced?.querySelector<HTMLElement>('h2')?.focus();
      },
    );
  }
  const card = h(
    'article',
    { class: ['panel', 'hit-card', `hit-${hit.status}`], id: `hit-card-${hit.id}`, 'aria-labelledby': titleId, 'data-hit': hit.id },
    h(
      'header',
      { class: 'hit-header' },
      h('h2', { id: titleId, tabindex: -1, t: 'hits.heading', tp: { id: hit.id } }),
      statusBadge('hits.status', hit.status),
    ),
    h('div', { class: 'message card-message', role: 'status', 'aria-live': 'polite' }),
    facts,
    h('details', { class: 'expl-details', open: hit.status === 'open' }, h('summary', { t: 'screen.col.explanation' }), explanationView(hit.explanation)),
    decided,
    form ? h('div', { class: 'subsection' }, h('h3', { t: 'hits.decide_title' }), form.el) : null,
  );
  return card;
}

function labelText(status: string): string {
  const el = statusBadge('hits.status', status);
  return el.textContent ?? status;
}
