// The home page: a greeting and a card for each module.

import { h } from '../dom.js';
import type { Ctx } from '../app.js';
import { ADMIN_MODULES, MODULES } from '../modules.js';

export function renderHome(main: HTMLElement, ctx: Ctx): void {
  const title = h('h1', { t: 'home.title', tp: { name: ctx.user.display_name } });
  const cards = [...MODULES, ...ADMIN_MODULES].map((m) =>
    h(
      'li',
      { class: 'card' },
      h('a', { href: m.path, class: 'card-link' }, h('span', { class: 'card-title', t: m.label })),
      m.desc ? h('p', { class: 'card-desc', t: m.desc }) : null,
    ),
  );
  const intro = h('p', { class: 'intro', t: 'home.intro' });
  main.append(title, intro, h('ul', { class: 'cards' }, cards));
}
