// The audit log: newest first, filterable by entity type, each row expandable to show
// the entity before and after the change, and a button that verifies the hash chain.

import { api, type AuditEntry, type AuditVerification, type Page } from '../api.js';
import type { Ctx } from '../app.js';
import { bindText, clear, h, localTimeZone, replaceChildren, timeEl, uid } from '../dom.js';
import {
  Pager,
  emptyRow,
  forbiddenPanel,
  isForbidden,
  messageRegion,
  pagerControls,
  showError,
  tableWrap,
  th,
} from '../ui.js';

// Entity types suggested in the filter before any entry has been seen (the server files
// sessions, role grants and tokens under the user they belong to); types that appear in
// loaded entries are added to the suggestions.
const KNOWN_TYPES = ['user', 'ministry', 'agency'];
const COLUMNS = 7;

export async function renderAudit(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'audit.title' }), h('p', { class: 'intro', t: 'audit.intro' }));
  const body = h('div');
  main.append(body);

  const pager = new Pager();
  let entityType = ctx.query.get('entity_type') ?? '';
  const listMessage = messageRegion();

  // Filter --------------------------------------------------------------------------
  const filterId = uid('entity-type');
  const listId = uid('entity-types');
  const filterInput = h('input', {
    id: filterId,
    type: 'text',
    name: 'entity_type',
    list: listId,
    autocomplete: 'off',
    spellcheck: 'false',
    value: entityType,
  });
  filterInput.value = entityType;
  const datalist = h('datalist', { id: listId });
  const seenTypes = new Set(KNOWN_TYPES);
  const refreshDatalist = () => {
    clear(datalist);
    for (const type of [...seenTypes].sort()) datalist.append(h('option', { value: type }));
  };
  refreshDatalist();
  const filterForm = h(
    'form',
    { class: 'search-form', role: 'search' },
    h('label', { for: filterId, t: 'audit.filter_label' }),
    h(
      'div',
      { class: 'inline-controls' },
      filterInput,
      datalist,
      h('button', { type: 'submit', class: 'btn', t: 'audit.filter_apply' }),
      h('button', { type: 'reset', class: 'btn', t: 'common.clear' }),
    ),
  );

  // Verify --------------------------------------------------------------------------
  const verifyButton = h('button', { type: 'button', class: 'btn btn-primary verify', t: 'audit.verify' });
  const verifyResult = h('div', {
    class: 'message verify-result',
    role: 'status',
    'aria-live': 'polite',
  });
  verifyButton.addEventListener('click', async () => {
    verifyButton.disabled = true;
    bindText(verifyButton, 'audit.verifying');
    clear(verifyResult);
    verifyResult.classList.remove('is-error', 'is-success');
    try {
      const r = await api.get<AuditVerification>('/audit/verify');
      verifyResult.classList.add(r.ok ? 'is-success' : 'is-error');
      const headline = r.ok
        ? h('p', { class: 'msg-main', t: 'audit.verify_ok', tp: { n: r.entries } })
        : r.first_broken_seq !== null
          ? h('p', { class: 'msg-main', t: 'audit.verify_broken', tp: { seq: r.first_broken_seq } })
          : h('p', { class: 'msg-main', t: 'audit.verify_broken_unknown' });
      verifyResult.append(headline);
      if (r.message) {
        verifyResult.append(
          h('p', { class: 'msg-detail' }, h('span', { t: 'errors.server_said' }), ' ', h('span', { dir: 'auto' }, r.message)),
        );
      }
    } catch (err) {
      showError(verifyResult, err);
    } finally {
      verifyButton.disabled = false;
      bindText(verifyButton, 'audit.verify');
    }
  });

  // Table ---------------------------------------------------------------------------
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'data-table audit-table' },
    h('caption', { class: 'visually-hidden', t: 'audit.title' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('audit.col.seq'),
        h('th', { scope: 'col', t: 'audit.col.time', tp: { zone: localTimeZone() } }),
        th('audit.col.actor'),
        th('audit.col.action'),
        th('audit.col.entity_type'),
        th('audit.col.entity_id'),
        h('th', { scope: 'col', class: 'sticky-end', t: 'audit.col.details' }),
      ),
    ),
    tbody,
  );
  const controls = pagerControls(pager, () => void load());

  const renderRows = (entries: AuditEntry[]) => {
    clear(tbody);
    if (!entries.length) tbody.append(emptyRow(COLUMNS));
    for (const e of entries) {
      seenTypes.add(e.entity_type);
      const detailId = uid('audit-detail');
      const toggle = h('button', {
        type: 'button',
        class: 'btn btn-small toggle',
        'aria-expanded': 'false',
        'aria-controls': detailId,
        id: uid('toggle'),
        t: 'common.show',
      });
      // Read as "Show details 12": the button's own text, then the entry number.
      const seqId = uid('seq');
      toggle.setAttribute('aria-labelledby', `${toggle.id} ${seqId}`);
      const detail = h(
        'tr',
        { id: detailId, class: 'detail-row', hidden: true },
        h('td', { colspan: COLUMNS }, detailContent(e)),
      );
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        detail.hidden = !open;
        bindText(toggle, open ? 'common.hide' : 'common.show');
      });
      tbody.append(
        h(
          'tr',
          { class: 'entry-row', 'data-seq': e.seq },
          h('th', { scope: 'row', class: 'num', id: seqId }, String(e.seq)),
          h('td', { class: 'nowrap' }, timeEl(e.at, { offset: false })),
          h('td', { dir: 'auto' }, e.actor),
          h('td', { class: 'code' }, e.action),
          h('td', { class: 'code' }, e.entity_type),
          h('td', { class: 'code' }, e.entity_id),
          h('td', { class: 'sticky-end' }, toggle),
        ),
        detail,
      );
    }
    refreshDatalist();
  };

  async function load(): Promise<boolean> {
    tbody.setAttribute('aria-busy', 'true');
    try {
      const page = await api.get<Page<AuditEntry>>('/audit', {
        limit: 50,
        cursor: pager.cursor,
        entity_type: entityType,
      });
      pager.next = page.next_cursor;
      renderRows(page.items);
      controls.update();
      return true;
    } catch (err) {
      if (isForbidden(err)) {
        replaceChildren(body, forbiddenPanel());
        return false;
      }
      showError(listMessage, err);
      return true;
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  }

  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    entityType = filterInput.value.trim();
    pager.reset();
    void load();
  });
  filterForm.addEventListener('reset', () => {
    entityType = '';
    pager.reset();
    void load();
  });

  const loading = h('p', { class: 'loading', t: 'common.loading' });
  body.append(loading);
  const ok = await load();
  loading.remove();
  if (!ok) return;
  body.append(
    h(
      'div',
      { class: 'toolbar' },
      filterForm,
      h('div', { class: 'verify-box' }, verifyButton),
    ),
    verifyResult,
    listMessage,
    h('section', { class: 'panel panel-flush' }, tableWrap(table, 'audit.title'), controls.el),
  );
}

function json(value: unknown): HTMLElement {
  if (value === null || value === undefined) return h('p', { class: 'muted', t: 'audit.empty_value' });
  return h('pre', { class: 'json', dir: 'ltr' }, JSON.stringify(value, null, 2));
}

function detailContent(e: AuditEntry): HTMLElement {
  return h(
    'div',
    { class: 'audit-detail' },
    h(
      'div',
      { class: 'before-after' },
      h('div', null, h('h3', { t: 'audit.before' }), json(e.before)),
      h('div', null, h('h3', { t: 'audit.after' }), json(e.after)),
    ),
    h(
      'dl',
      { class: 'hashes' },
      h('dt', { t: 'audit.prev_hash' }),
      h('dd', { class: 'hash' }, e.prev_hash),
      h('dt', { t: 'audit.hash' }),
      h('dd', { class: 'hash' }, e.hash),
    ),
  );
}
