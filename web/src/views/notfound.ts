// Shown for paths the app does not know.

import { h } from '../dom.js';
import type { Ctx } from '../app.js';

export function renderNotFound(main: HTMLElement, _ctx: Ctx): void {
  main.append(
    h('h1', { t: 'notfound.title' }),
    h('p', { t: 'notfound.body' }),
    h('p', null, h('a', { href: '/', t: 'notfound.home' })),
  );
}
