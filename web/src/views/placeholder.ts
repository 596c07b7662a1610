// A module that is not built yet: says so, in the user's language.

import { h } from '../dom.js';
import type { MessageKey } from '../i18n/core.js';
import type { Ctx } from '../app.js';

export function renderPlaceholder(
  main: HTMLElement,
  _ctx: Ctx,
  label: MessageKey,
  desc: MessageKey,
): void {
  main.append(
    h('h1', { t: label }),
    h('p', { class: 'intro', t: desc }),
    h(
      'div',
      { class: 'panel placeholder' },
      h('p', { class: 'placeholder-title', t: 'placeholder.coming' }),
      h('p', { t: 'placeholder.detail' }),
    ),
  );
}
