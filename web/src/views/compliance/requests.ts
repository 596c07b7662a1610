// Technology-provision requests (deemed exports). Anyone who may file one sees their own
// requests and the form, with control categories suggested live from the description.
// Compliance sees every request with the recipient's screening status and hits, makes
// the final category call and approves or rejects. The server refuses approval (409)
// while a hit on the recipient is unresolved; the page says so before the officer tries
// and shows the refusal clearly if the view was out of date.

import { ApiError, api, type Page } from '../../api.js';
import type { Ctx } from '../../app.js';
import { bindText, clear, formatLocalTime, h, replaceChildren, uid } from '../../dom.js';
import { currentLang, type MessageKey } from '../../i18n/core.js';
import { onLanguageChange } from '../../i18n/core.js';
import { can, isIsoDate, splitNames, unresolvedHits } from '../../compliance/logic.js';
import {
  Form,
  Pager,
  emptyRow,
  forbiddenPanel,
  messageRegion,
  pagerControls,
  section,
  setOptions,
  showError,
  tableWrap,
  th,
  type Option,
} from '../../ui.js';
import {
  categoryOption,
  categoryTitle,
  codeLabel,
  explanationView,
  kindOptions,
  scoreBar,
  statusBadge,
  type ControlCategory,
  type SuggestedCategory,
  type TechRequest,
} from './common.js';

export async function renderRequests(main: HTMLElement, ctx: Ctx): Promise<void> {
  const m = /^\/compliance\/requests\/(\d+)$/.exec(ctx.path);
  if (m) return renderRequest(main, ctx, Number(m[1]));
  main.append(h('h1', { t: 'req.title' }), h('p', { class: 'intro', t: 'req.intro' }));
  const canCreate = can(ctx.user, 'tech_requests.create');
  const canList = can(ctx.user, 'tech_requests.list');
  if (canList) main.append(await requestsTable('all', ctx));
  if (canCreate) {
    const mine = await requestsTable('mine', ctx);
    main.append(newRequestSection(ctx, () => void mine.dispatchEvent(new Event('reload'))), mine);
  }
  // A pure analyst neither files nor reviews requests.
  if (!canList && !canCreate) main.append(forbiddenPanel());
}

export function screeningStatus(r: TechRequest): string | undefined {
  return r.recipient?.status ?? r.recipient?.screening_status ?? r.screening_status;
}

function providerName(r: TechRequest): string {
  return r.provider?.name || r.provider?.display_name || r.provider_name || r.provider?.email || (r.provider_user_id ? `#${r.provider_user_id}` : '—');
}

// "My requests" or "All requests": a paged table; the section listens for a "reload"
// event so the new-request form can refresh it.
async function requestsTable(which: 'mine' | 'all', ctx: Ctx): Promise<HTMLElement> {
  const all = which === 'all';
  const pager = new Pager();
  const message = messageRegion();
  const tbody = h('tbody');
  const COLS = all ? 8 : 7;
  let status = all ? (ctx.query.get('status') ?? '') : '';
  const controls = pagerControls(pager, () => void load());
  const path = all ? '/compliance/tech-requests' : '/compliance/tech-requests/mine';
  const fetchPage = () => api.get<Page<TechRequest>>(path, { status: status || null, limit: 25, cursor: pager.cursor });
  const render = (page: Page<TechRequest>) => {
    pager.next = page.next_cursor;
    clear(tbody);
    if (!page.items.length) {
      tbody.append(all ? emptyRow(COLS) : h('tr', null, h('td', { colspan: COLS, class: 'empty', t: 'req.none_yet' })));
    }
    for (const r of page.items) {
      const open = h('a', {
        href: `/compliance/requests/${r.id}`,
        class: 'btn btn-small',
        t: 'req.open',
        ta: { 'aria-label': ['req.open_label', { id: r.id }] },
      });
      const screening = screeningStatus(r);
      tbody.append(
        h(
          'tr',
          { 'data-request': r.id },
          h('th', { scope: 'row', class: 'num' }, String(r.id)),
          h('td', { dir: 'auto', class: 'title-cell' }, r.title),
          h('td', { class: 'name-cell' }, h('bdi', { class: 'name' }, r.recipient?.name ?? '—'), r.recipient?.country ? ` (${r.recipient.country})` : ''),
          all ? h('td', { dir: 'auto' }, providerName(r)) : null,
          h('td', null, statusBadge('req.status', r.status)),
          h('td', null, screening ? statusBadge('status', screening) : '—'),
          h('td', { class: 'code' }, r.category_code ?? '—'),
          h('td', { class: 'sticky-end' }, open),
        ),
      );
    }
    controls.update();
  };
  async function load(): Promise<void> {
    tbody.setAttribute('aria-busy', 'true');
    try {
      render(await fetchPage());
    } catch (err) {
      showError(message, err);
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  }
  render(await fetchPage());

  const title: MessageKey = all ? 'req.all_title' : 'req.mine_title';
  const table = h(
    'table',
    { class: ['data-table', 'requests-table', `requests-${which}`] },
    h('caption', { class: 'visually-hidden', t: title }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('req.col.id'),
        th('req.col.title'),
        th('req.col.recipient'),
        all ? th('req.col.provider') : null,
        th('req.col.status'),
        th('req.col.screening'),
        th('req.col.category'),
        h('th', { scope: 'col', class: 'sticky-end', t: 'common.actions' }),
      ),
    ),
    tbody,
  );
  let filter: HTMLElement | null = null;
  if (all) {
    const id = uid('req-status');
    const select = h('select', { id, name: 'status' });
    setOptions(
      select,
      [
        { value: '', label: 'hits.all' },
        ...['submitted', 'approved', 'rejected'].map((s) => ({ value: s, label: `req.status.${s}` as MessageKey })),
      ],
      status,
    );
    select.addEventListener('change', () => {
      status = select.value;
      pager.reset();
      void load();
    });
    filter = h('div', { class: 'field filter-field' }, h('label', { for: id, t: 'req.filter' }), select);
  }
  const el = section(title, filter, message, tableWrap(table, title), controls.el);
  el.classList.add(`requests-${which}-section`);
  el.addEventListener('reload', () => {
    pager.reset();
    void load();
  });
  return el;
}

// ------------------------------------------------------------------ new request

function suggestionsView(items: SuggestedCategory[]): HTMLElement {
  if (!items.length) return h('p', { class: 'muted', t: 'req.suggested_none' });
  return h(
    'ul',
    { class: 'suggestions' },
    items.map((c) =>
      h(
        'li',
        { 'data-code': c.code },
        h('span', { class: 'code cat-code' }, c.code),
        ' ',
        categoryTitle(c),
        ' ',
        h('span', { class: 'num muted', t: 'req.suggest_score', tp: { score: c.score.toFixed(2) } }),
        c.matched_terms?.length
          ? h('span', { class: 'matched-terms' }, ' ', h('span', { t: 'req.matched_terms' }), ' ', c.matched_terms.map((term) => h('mark', { dir: 'auto' }, term)))
          : null,
      ),
    ),
  );
}

function newRequestSection(ctx: Ctx, refresh: () => void): HTMLElement {
  const suggestions = h('div', { class: 'suggestions-box', 'aria-live': 'polite' }, h('p', { class: 'muted', t: 'req.suggested_wait' }));
  const suggestionsTitle = uid('suggested');
  const form = new Form(
    'request',
    [
      { name: 'title', label: 'req.field.title', required: true, dir: 'auto', autocomplete: 'off', wide: true },
      { name: 'description', label: 'req.field.description', type: 'textarea', rows: 5, required: true, dir: 'auto', hint: 'req.field.description_hint', wide: true },
      { name: 'project', label: 'req.field.project', optional: true, dir: 'auto', autocomplete: 'off' },
      { name: 'recipient_kind', label: 'req.field.recipient_kind', type: 'select', options: kindOptions(false), value: 'organization' },
      { name: 'recipient_name', label: 'req.field.recipient_name', required: true, dir: 'auto', autocomplete: 'off' },
      { name: 'recipient_other', label: 'req.field.recipient_other', type: 'textarea', rows: 2, optional: true, dir: 'auto' },
      { name: 'recipient_country', label: 'req.field.recipient_country', required: true, maxlength: 2, autocomplete: 'off' },
    ],
    'req.submit',
    async (f) => {
      const country = f.value('recipient_country').toUpperCase();
      if (!/^[A-Z]{2}$/.test(country)) return f.fieldError('recipient_country', 'screen.bad_country');
      const recipient: Record<string, unknown> = { kind: f.value('recipient_kind'), name: f.value('recipient_name'), country };
      const others = splitNames(f.rawValue('recipient_other'));
      if (others.length) recipient.other_names = others;
      const body: Record<string, unknown> = { title: f.value('title'), description: f.value('description'), recipient };
      if (f.value('project')) body.project = f.value('project');
      const created = await api.post<TechRequest>('/compliance/tech-requests', body);
      f.reset();
      replaceChildren(suggestions, h('p', { class: 'muted', t: 'req.suggested_wait' }));
      f.success('req.created', { title: created.title });
      ctx.announce('req.created', { title: created.title });
      refresh();
    },
  );
  form.aliases = {
    'recipient.kind': 'recipient_kind',
    'recipient.name': 'recipient_name',
    'recipient.other_names': 'recipient_other',
    'recipient.country': 'recipient_country',
    recipient: 'recipient_name',
  };

  // Suggestions follow the description as it is typed, a moment after typing stops;
  // an answer to an older text is dropped.
  const description = form.input('description');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const classify = async () => {
    const text = description.value.trim();
    const ticket = ++asked;
    if (!text) {
      replaceChildren(suggestions, h('p', { class: 'muted', t: 'req.suggested_wait' }));
      return;
    }
    try {
      const r = await api.post<{ items: SuggestedCategory[] }>('/compliance/classify', { description: text });
      if (ticket === asked) replaceChildren(suggestions, suggestionsView(r.items));
    } catch (err) {
      if (ticket !== asked) return;
      const region = messageRegion();
      replaceChildren(suggestions, region);
      showError(region, err);
    }
  };
  description.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void classify(), 350);
  });

  // The suggestions sit beside the description inside the form.
  description.closest('.field')?.after(
    h('div', { class: 'field field-wide suggestions-field', role: 'group', 'aria-labelledby': suggestionsTitle }, h('p', { id: suggestionsTitle, class: 'label', t: 'req.suggested' }), suggestions),
  );
  return section('req.new_title', form.el);
}

// ------------------------------------------------------------------ one request

async function renderRequest(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  const title = h('h1');
  bindText(title, 'req.detail_title', { id, title: '…' });
  main.append(title, h('p', null, h('a', { href: '/compliance/requests', t: 'req.back' })));
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(loading);
  const mayDecide = can(ctx.user, 'tech_requests.decide');
  const [request, categories] = await Promise.all([
    api.get<TechRequest>(`/compliance/tech-requests/${id}`),
    api.get<{ items: ControlCategory[] }>('/compliance/control-categories').then((r) => r.items).catch(() => [] as ControlCategory[]),
  ]);
  loading.remove();
  const body = h('div');
  main.append(body);
  const show = (r: TechRequest, note?: HTMLElement) => {
    bindText(title, 'req.detail_title', { id: r.id, title: r.title });
    replaceChildren(body, ...requestContent(r, categories, mayDecide, (updated, n) => show(updated, n)));
    if (note) body.prepend(h('div', { class: 'message is-success decision-done', role: 'status' }, note));
  };
  show(request);
}

function fact(label: MessageKey, value: Node | string | null | undefined): HTMLElement[] {
  return [h('dt', { t: label }), h('dd', null, value === null || value === undefined || value === '' ? '—' : value)];
}

function requestContent(
  r: TechRequest,
  categories: ControlCategory[],
  mayDecide: boolean,
  onDecided: (updated: TechRequest, note: HTMLElement) => void,
): HTMLElement[] {
  const screening = screeningStatus(r);
  const hits = r.recipient?.hits ?? [];
  const unresolved = unresolvedHits(hits);
  const decided = r.status === 'approved' || r.status === 'rejected';
  const recipient = h(
    'span',
    null,
    h('bdi', { class: 'name recipient-name' }, r.recipient?.name ?? '—'),
    ' (',
    codeLabel('kind', r.recipient?.kind),
    r.recipient?.country ? `, ${r.recipient.country}` : '',
    ')',
    r.recipient?.other_names?.length ? h('span', { class: 'other-names', dir: 'auto' }, ` — ${r.recipient.other_names.join('; ')}`) : null,
  );
  const facts = h(
    'dl',
    { class: 'facts request-facts' },
    fact('req.col.status', statusBadge('req.status', r.status)),
    fact('req.fact.description', h('span', { dir: 'auto', class: 'pre-line' }, r.description)),
    fact('req.fact.project', r.project ? h('span', { dir: 'auto' }, r.project) : null),
    fact('req.fact.provider', h('span', { dir: 'auto' }, providerName(r))),
    fact('req.fact.recipient', recipient),
    screening ? fact('req.fact.screening', statusBadge('status', screening)) : [],
    fact('req.fact.category', r.category_code ? h('span', { class: 'code' }, r.category_code) : null),
    decided ? fact('req.fact.licence', r.licence_number ? h('span', { class: 'code licence' }, r.licence_number) : null) : [],
    decided ? fact('req.fact.conditions', r.conditions ? h('span', { dir: 'auto' }, r.conditions) : null) : [],
    decided ? fact('req.fact.expires', r.expires_on ?? null) : [],
    decided && r.decided_at
      ? fact('req.fact.decided', `${r.decided_by === null || r.decided_by === undefined ? '' : `${String(r.decided_by)} · `}${formatLocalTime(r.decided_at)}`)
      : [],
    r.reason ? fact('req.fact.reason', h('span', { dir: 'auto' }, r.reason)) : [],
  );
  // The page heading names the request; its facts need no heading of their own.
  const out: HTMLElement[] = [h('div', { class: 'panel' }, facts)];

  out.push(section('req.suggested', suggestionsView(r.suggested_categories ?? [])));

  if (r.recipient?.hits) {
    out.push(
      section(
        'req.recipient_hits',
        hits.length
          ? h(
              'ul',
              { class: 'recipient-hits' },
              hits.map((hit) =>
                h(
                  'li',
                  { 'data-hit': hit.id },
                  statusBadge('hits.status', hit.status),
                  ' ',
                  h('bdi', { class: 'name' }, hit.matched_name),
                  ' ',
                  h('span', { class: 'code muted' }, `${hit.list} · ${hit.entity_id}`),
                  ' ',
                  scoreBar(hit.score, true),
                  hit.reason ? h('p', { class: 'reason', dir: 'auto' }, hit.reason) : null,
                  h('details', { class: 'expl-details' }, h('summary', { t: 'screen.col.explanation' }), explanationView(hit.explanation)),
                ),
              ),
            )
          : h('p', { class: 'muted', t: 'common.no_items' }),
        unresolved ? h('p', null, h('a', { href: '/compliance/hits', t: 'req.go_hits' })) : null,
      ),
    );
  }

  if (mayDecide && !decided) out.push(decisionSection(r, categories, unresolved, onDecided));
  return out;
}

function decisionSection(
  r: TechRequest,
  categories: ControlCategory[],
  unresolved: number,
  onDecided: (updated: TechRequest, note: HTMLElement) => void,
): HTMLElement {
  const categoryOptions = (): Option[] => [
    { value: 'none', label: 'req.category_none' },
    ...categories.map((c) => categoryOption(c, currentLang())),
  ];
  const preset = r.category_code ?? r.suggested_categories?.[0]?.code ?? 'none';
  const blockedId = uid('blocked');
  const blocked = h(
    'div',
    { id: blockedId, class: 'message is-error blocked-notice', role: 'note' },
    h('p', { class: 'msg-main', t: 'req.blocked', tp: { n: unresolved } }),
    h('p', null, h('a', { href: '/compliance/hits', t: 'req.go_hits' })),
  );
  const form = new Form(
    'decision',
    [
      {
        name: 'status',
        label: 'req.field.decision',
        type: 'select',
        options: [
          { value: 'approved', label: 'req.approve' },
          { value: 'rejected', label: 'req.reject' },
        ],
        value: unresolved ? 'rejected' : 'approved',
      },
      { name: 'category_code', label: 'req.field.category', type: 'select', options: categoryOptions(), value: preset },
      { name: 'licence_number', label: 'req.field.licence', optional: true, autocomplete: 'off', spellcheck: false },
      { name: 'expires_on', label: 'req.field.expires', type: 'date', optional: true },
      { name: 'conditions', label: 'req.field.conditions', type: 'textarea', rows: 2, optional: true, dir: 'auto', wide: true },
      { name: 'reason', label: 'req.field.reason', type: 'textarea', rows: 2, optional: true, dir: 'auto', wide: true },
    ],
    'req.decide_submit',
    async (f) => {
      const status = f.value('status');
      const expires = f.value('expires_on');
      if (expires && !isIsoDate(expires)) return f.fieldError('expires_on', 'req.bad_date');
      const body: Record<string, unknown> = { status, category_code: f.value('category_code') };
      for (const k of ['licence_number', 'conditions', 'reason'] as const) if (f.value(k)) body[k] = f.value(k);
      if (expires) body.expires_on = expires;
      try {
        const updated = await api.post<TechRequest>(`/compliance/tech-requests/${r.id}/decision`, body);
        const note = h('p', { class: 'msg-main', t: 'req.decided', tp: { id: updated.id, status: statusBadge('req.status', updated.status).textContent ?? updated.status } });
        onDecided(updated, note);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409 && status === 'approved') {
          // The refusal the contract promises: unresolved hits on the recipient.
          showError(f.message, err, 'req.refused');
          f.message.append(
            h('p', { class: 'msg-detail' }, h('span', { t: 'errors.server_said' }), ' ', h('span', { dir: 'auto' }, err.serverMessage)),
            h('p', null, h('a', { href: '/compliance/hits', t: 'req.go_hits' })),
          );
          f.message.setAttribute('role', 'alert');
          return;
        }
        throw err;
      }
    },
  );
  form.aliases = { expires: 'expires_on', licence: 'licence_number' };
  const statusSelect = form.select('status');
  const approving = () => statusSelect.value === 'approved';
  // While hits are unresolved, approving is not offered: the button is disabled and the
  // reason is read with it.
  const sync = () => {
    const block = approving() && unresolved > 0;
    blocked.hidden = !block;
    form.submit.disabled = block;
    if (block) form.submit.setAttribute('aria-describedby', blockedId);
    else form.submit.removeAttribute('aria-describedby');
  };
  statusSelect.addEventListener('change', sync);
  const unsubscribe = onLanguageChange(() => {
    if (!form.el.isConnected) return unsubscribe();
    setOptions(form.select('category_code'), categoryOptions());
  });
  sync();
  const el = section('req.decision_title', form.el);
  form.submit.before(blocked);
  return el;
}

