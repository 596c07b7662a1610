// The sign-in page: its own small header (brand and language switch) and a form.

import { ApiError, login, type Session } from '../api.js';
import { bindText, h, replaceChildren } from '../dom.js';
import type { MessageKey } from '../i18n/core.js';
import { languageSwitch } from '../langswitch.js';
import { Form, showError, showSuccess } from '../ui.js';

export function renderLogin(
  root: HTMLElement,
  options: { notice: MessageKey | null; onSignedIn: (session: Session) => void },
): void {
  const titleId = 'login-title';
  const form = new Form(
    'login',
    [
      {
        name: 'email',
        label: 'login.email',
        type: 'email',
        required: true,
        autocomplete: 'username',
        spellcheck: false,
      },
      {
        name: 'password',
        label: 'login.password',
        type: 'password',
        required: true,
        autocomplete: 'current-password',
      },
    ],
    'login.submit',
    async (f) => {
      bindText(f.submit, 'login.submitting');
      try {
        const session = await login(f.value('email'), f.rawValue('password'));
        options.onSignedIn(session);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          showError(f.message, err, 'login.bad_credentials');
          f.input('password').focus();
          return;
        }
        if (err instanceof ApiError && err.status === 429) {
          showError(f.message, err, 'login.too_many');
          return;
        }
        throw err;
      }
    },
    { class: 'login-form', labelledBy: titleId },
  );
  form.message.setAttribute('role', 'alert');
  form.message.setAttribute('aria-live', 'assertive');
  if (options.notice) showSuccess(form.message, options.notice);

  replaceChildren(
    root,
    h(
      'header',
      { class: 'app-header login-header' },
      h(
        'div',
        { class: 'header-bar' },
        h('span', { class: 'brand' }, h('span', { t: 'app.name' })),
        h('span', { class: 'tagline', t: 'app.tagline' }),
        h('div', { class: 'header-tools' }, languageSwitch()),
      ),
    ),
    h(
      'main',
      { id: 'main', class: 'login-main', tabindex: -1 },
      h(
        'div',
        { class: 'panel login-panel' },
        h('h1', { id: titleId, t: 'login.title' }),
        h('p', { class: 'intro', t: 'login.intro' }),
        form.el,
      ),
    ),
  );
  (form.input('email') as HTMLInputElement).focus();
}
