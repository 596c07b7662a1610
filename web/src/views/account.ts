// My account: the signed-in user's profile and their API tokens. A new token's secret is
// shown once, right after it is created.

import { api, fetchAll, type ApiToken } from '../api.js';
import type { Ctx } from '../app.js';
import { clear, h, timeEl, uid } from '../dom.js';
import { grantChip, languageLabel } from '../labels.js';
import { Form, emptyRow, messageRegion, section, showError, showSuccess, tableWrap, th } from '../ui.js';

export async function renderAccount(main: HTMLElement, ctx: Ctx): Promise<void> {
  const u = ctx.user;
  main.append(h('h1', { t: 'account.title' }));

  const dl = h(
    'dl',
    { class: 'facts' },
    h('dt', { t: 'users.col.display_name' }),
    h('dd', { dir: 'auto' }, u.display_name),
    h('dt', { t: 'users.col.latin_name' }),
    h('dd', { dir: 'auto' }, u.latin_name),
    h('dt', { t: 'users.col.email' }),
    h('dd', null, u.email),
    h('dt', { t: 'users.col.language' }),
    h('dd', null, languageLabel(u.language)),
    h('dt', { t: 'users.field.orcid' }),
    h('dd', null, u.orcid ?? h('span', { t: 'common.none' })),
    h('dt', { t: 'account.roles' }),
    h('dd', null, u.roles.length ? u.roles.map((g) => grantChip(g)) : h('span', { t: 'users.no_roles' })),
  );
  main.append(section('account.profile', dl));

  // Tokens --------------------------------------------------------------------------
  const message = messageRegion();
  const tbody = h('tbody');
  const reveal = h('div', { class: 'token-reveal' });
  const load = async () => {
    try {
      const tokens = await fetchAll<ApiToken>('/tokens');
      clear(tbody);
      if (!tokens.length) tbody.append(emptyRow(5));
      for (const tok of tokens) {
        const nameId = uid('token-name');
        const revoke = h('button', { type: 'button', class: 'btn btn-small btn-danger', id: uid('revoke'), t: 'account.token_revoke' });
        revoke.setAttribute('aria-labelledby', `${revoke.id} ${nameId}`);
        revoke.addEventListener('click', async () => {
          revoke.disabled = true;
          try {
            await api.del(`/tokens/${tok.id}`);
            showSuccess(message, 'account.token_revoked');
            await load();
          } catch (err) {
            revoke.disabled = false;
            showError(message, err);
          }
        });
        const expired = tok.expires_at ? Date.parse(tok.expires_at) <= Date.now() : false;
        tbody.append(
          h(
            'tr',
            null,
            h('td', { id: nameId, dir: 'auto' }, tok.name),
            h('td', { class: 'code' }, tok.prefix),
            h('td', { class: 'nowrap' }, timeEl(tok.created_at)),
            h('td', { class: 'nowrap' }, tok.expires_at ? timeEl(tok.expires_at) : h('span', { t: 'account.never' })),
            h(
              'td',
              { class: 'sticky-end' },
              tok.revoked
                ? h('span', { class: 'status status-off', t: 'account.token_status_revoked' })
                : expired
                  ? h('span', { class: 'status status-off', t: 'account.token_status_expired' })
                  : revoke,
            ),
          ),
        );
      }
    } catch (err) {
      showError(message, err);
    }
  };

  const form = new Form(
    'token-create',
    [{ name: 'name', label: 'account.token_name', required: true, autocomplete: 'off', dir: 'auto' }],
    'account.token_create',
    async (f) => {
      const created = await api.post<ApiToken>('/tokens', { name: f.value('name') });
      f.reset();
      const outputId = uid('token');
      clear(reveal);
      reveal.append(
        h('p', { class: 'msg-main', t: 'account.token_created' }),
        h('label', { for: outputId, t: 'account.token_value' }),
        h('input', { id: outputId, class: 'token-value', type: 'text', readonly: true, value: created.token ?? '', spellcheck: 'false' }),
      );
      const input = reveal.querySelector<HTMLInputElement>('input')!;
      input.focus();
      input.select();
      await load();
    },
  );

  const table = h(
    'table',
    { class: 'data-table' },
    h('caption', { class: 'visually-hidden', t: 'account.tokens_title' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('account.col.name'),
        th('account.col.prefix'),
        th('account.col.created'),
        th('account.col.expires'),
        h('th', { scope: 'col', class: 'sticky-end', t: 'common.actions' }),
      ),
    ),
    tbody,
  );
  main.append(
    section(
      'account.tokens_title',
      h('p', { class: 'intro', t: 'account.tokens_intro' }),
      form.el,
      reveal,
      message,
      tableWrap(table, 'account.tokens_title'),
    ),
  );
  await load();
}
