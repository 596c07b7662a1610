// The review module's pages (issue 6): the home (a reviewer's invitations and reviews,
// an officer's calls, an applicant's outcomes), an officer's pages per call (settings,
// reviewers, conflicts, assignment, panel, selection and decisions), a review's form,
// and a proposal's outcome. The server decides who may see what; a refusal shows the
// "no access" panel (a conflicted reviewer opening a proposal gets no content).

import { h, replaceChildren } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import { type Ctx } from './common.js';
import { forbiddenPanel, isForbidden, messageRegion, showError } from '../../ui.js';
import { renderOutcome } from './applicant.js';
import { renderAssignments, renderConflicts, renderReviewSettings, renderReviewers } from './officer.js';
import { renderPanel, renderSelection } from './panel.js';
import { renderReviewForm, renderReviewHome } from './reviewer.js';

type Page = (main: HTMLElement, ctx: Ctx, id: number) => Promise<void>;

interface Route {
  pattern: RegExp;
  title: MessageKey;
  render: Page;
}

const ROUTES: Route[] = [
  { pattern: /^\/review$/, title: 'nav.review', render: (m, c) => renderReviewHome(m, c) },
  { pattern: /^\/review\/calls\/(\d+)$/, title: 'rv.settings.title', render: renderReviewSettings },
  { pattern: /^\/review\/calls\/(\d+)\/reviewers$/, title: 'rv.pool.title', render: renderReviewers },
  { pattern: /^\/review\/calls\/(\d+)\/conflicts$/, title: 'rv.coi.title', render: renderConflicts },
  { pattern: /^\/review\/calls\/(\d+)\/assignments$/, title: 'rv.asg.title', render: renderAssignments },
  { pattern: /^\/review\/calls\/(\d+)\/panel$/, title: 'rv.panel.title', render: renderPanel },
  { pattern: /^\/review\/calls\/(\d+)\/selection$/, title: 'rv.sel.title', render: renderSelection },
  { pattern: /^\/review\/reviews\/(\d+)$/, title: 'rv.form.title', render: renderReviewForm },
  { pattern: /^\/review\/proposals\/(\d+)$/, title: 'rv.out.title', render: renderOutcome },
];

function match(path: string): { route: Route; id: number } | null {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m) return { route, id: m[1] ? Number(m[1]) : 0 };
  }
  return null;
}

export function reviewRoute(path: string): { title: MessageKey; nav: string } | null {
  const m = match(path);
  return m ? { title: m.route.title, nav: '/review' } : null;
}

export async function renderReviewModule(main: HTMLElement, ctx: Ctx): Promise<void> {
  const m = match(ctx.path);
  if (!m) return;
  try {
    await m.route.render(main, ctx, m.id);
  } catch (err) {
    const heading = main.querySelector('h1') ?? h('h1', { t: m.route.title });
    if (isForbidden(err)) replaceChildren(main, heading, forbiddenPanel());
    else {
      const region = messageRegion();
      replaceChildren(main, heading, region);
      showError(region, err);
    }
  }
}
