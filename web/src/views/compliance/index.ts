// The compliance module's pages: an overview with a card per page the user may use, and
// routing to lists, screening, the hit queue, technology-provision requests and control
// categories. Pages hidden from a role are still refused by the server; a user who
// types the address sees the "no access" panel.

import type { Ctx } from '../../app.js';
import { h, replaceChildren } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import { can } from '../../compliance/logic.js';
import { COMPLIANCE_PAGES } from '../../modules.js';
import { forbiddenPanel, isForbidden, messageRegion, showError } from '../../ui.js';
import { renderLists } from './lists.js';
import { renderScreening } from './screening.js';
import { renderHits } from './hits.js';
import { renderRequests } from './requests.js';
import { renderCategories } from './categories.js';

type Page = (main: HTMLElement, ctx: Ctx) => Promise<void>;

const PAGES: Record<string, { title: MessageKey; render: Page }> = {
  '/compliance/lists': { title: 'lists.title', render: renderLists },
  '/compliance/screening': { title: 'screen.title', render: renderScreening },
  '/compliance/hits': { title: 'hits.title', render: renderHits },
  '/compliance/requests': { title: 'req.title', render: renderRequests },
  '/compliance/categories': { title: 'cat.title', render: renderCategories },
};

function pageFor(path: string): string | null {
  if (path === '/compliance') return path;
  // /compliance/requests/12 belongs to the requests page.
  const base = path.split('/').slice(0, 3).join('/');
  return PAGES[base] ? base : null;
}

export function complianceRoute(path: string): { title: MessageKey; nav: string } | null {
  const base = pageFor(path);
  if (!base) return null;
  if (base === '/compliance') return { title: 'nav.compliance', nav: '/compliance' };
  return { title: PAGES[base]!.title, nav: base };
}

export async function renderCompliance(main: HTMLElement, ctx: Ctx): Promise<void> {
  const base = pageFor(ctx.path);
  if (base === '/compliance' || !base) {
    renderOverview(main, ctx);
    return;
  }
  const page = PAGES[base]!;
  try {
    await page.render(main, ctx);
  } catch (err) {
    const heading = main.querySelector('h1') ?? h('h1', { t: page.title });
    if (isForbidden(err)) replaceChildren(main, heading, forbiddenPanel());
    else {
      const region = messageRegion();
      replaceChildren(main, heading, region);
      showError(region, err);
    }
  }
}

function renderOverview(main: HTMLElement, ctx: Ctx): void {
  const pages = COMPLIANCE_PAGES.filter((p) => !p.perm || can(ctx.user, p.perm));
  main.append(
    h('h1', { t: 'nav.compliance' }),
    h('p', { class: 'intro', t: 'module.compliance.desc' }),
    h('p', { t: 'compliance.overview' }),
    h(
      'ul',
      { class: 'cards' },
      pages.map((p) =>
        h(
          'li',
          { class: 'card' },
          h('a', { href: p.path, class: 'card-link' }, h('span', { class: 'card-title', t: p.label })),
          p.desc ? h('p', { class: 'card-desc', t: p.desc }) : null,
        ),
      ),
    ),
  );
}
