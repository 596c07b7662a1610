// The review module's home and a reviewer's pages: the invitations to answer, the
// reviews to write, and one review's form generated from the call's criteria (scores
// within each scale, a comment to the applicants, a confidential comment for the panel;
// save a draft, submit; errors at the criterion they name), with "declare a conflict".
// Officers find the calls whose review they run; applicants their proposals' outcomes.

import { api, type Page } from '../../api.js';
import { h, replaceChildren, uid, unbindText } from '../../dom.js';
import { currentLang, type MessageKey } from '../../i18n/core.js';
import { attachmentUrl, browserZone, formatAmount, formatBytes, formatInZone, type CallSummary, type Proposal } from '../../programmes/logic.js';
import { reviewApi } from '../../review/api.js';
import {
  criterionTitle,
  fmtScore,
  isReviewOfficer,
  isReviewer,
  normaliseCriteria,
  reviewBody,
  weightedScore,
  type Invitation,
  type MyReview,
  type ReviewCriterion,
  type ReviewDetail,
} from '../../review/logic.js';
import { Form, emptyRow, messageRegion, section, showError, showSuccess, tableWrap, th, type FieldSpec } from '../../ui.js';
import { bilingualText, literal, rvBadge, type Ctx, onLanguage } from './common.js';

function when(iso: string | null | undefined): HTMLElement {
  if (!iso) return h('span', { class: 'muted', t: 'common.none' });
  return h('time', { datetime: iso, dir: 'ltr', class: 'nowrap', title: browserZone() }, formatInZone(iso, browserZone()));
}

// ------------------------------------------------------------------ home

export async function renderReviewHome(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'nav.review' }), h('p', { class: 'intro', t: 'rv.home.intro' }));
  const jobs: Promise<void>[] = [];
  if (isReviewer(ctx.user)) {
    const inv = h('div', { class: 'invitations-body' }, h('p', { class: 'loading', t: 'common.loading' }));
    const mine = h('div', { class: 'my-reviews-body' }, h('p', { class: 'loading', t: 'common.loading' }));
    const invSection = section('rv.inv.title', inv);
    invSection.classList.add('my-invitations');
    const revSection = section('rv.mine.title', mine);
    revSection.classList.add('my-reviews');
    main.append(invSection, revSection);
    jobs.push(fillInvitations(inv, () => void fillMyReviews(mine)), fillMyReviews(mine));
  }
  if (isReviewOfficer(ctx.user)) {
    const body = h('div', null, h('p', { class: 'loading', t: 'common.loading' }));
    const el = section('rv.home.calls', h('p', { class: 'hint', t: 'rv.home.calls_hint' }), body);
    el.classList.add('review-calls');
    main.append(el);
    jobs.push(fillCalls(body));
  }
  const outcomes = h('div', null, h('p', { class: 'loading', t: 'common.loading' }));
  const out = section('rv.home.outcomes', h('p', { class: 'hint', t: 'rv.home.outcomes_hint' }), outcomes);
  out.classList.add('my-outcomes');
  main.append(out);
  jobs.push(fillOutcomes(outcomes));
  await Promise.all(jobs);
}

async function guarded(body: HTMLElement, job: () => Promise<void>): Promise<void> {
  try {
    await job();
  } catch (err) {
    const region = messageRegion();
    replaceChildren(body, region);
    showError(region, err);
  }
}

function fillInvitations(body: HTMLElement, onAnswer: () => void): Promise<void> {
  return guarded(body, async () => {
    const list = await reviewApi.myInvitations();
    const message = messageRegion();
    const row = (i: Invitation) => {
      const actions = h('td', { class: 'invitation-actions' });
      const answer = (accept: boolean) => {
        void reviewApi
          .answer(i.id, accept)
          .then((r) => {
            i.status = r?.status ?? (accept ? 'accepted' : 'declined');
            tr.replaceWith(row(i));
            showSuccess(message, accept ? 'rv.inv.accepted' : 'rv.inv.declined');
            onAnswer();
          })
          .catch((err) => showError(message, err));
      };
      if (i.status === 'invited') {
        const yes = h('button', { type: 'button', class: 'btn btn-small btn-primary accept-button', t: 'rv.inv.accept' });
        const no = h('button', { type: 'button', class: 'btn btn-small decline-button', t: 'rv.inv.decline' });
        yes.addEventListener('click', () => answer(true));
        no.addEventListener('click', () => answer(false));
        actions.append(yes, ' ', no);
      } else actions.append(h('span', { class: 'muted', t: 'common.none' }));
      const tr = h(
        'tr',
        { 'data-invitation': i.id, 'data-call': i.call_id, 'data-status': i.status },
        h('th', { scope: 'row' }, bilingualText(i.call_title_ja, i.call_title)),
        h('td', null, rvBadge('rv.pool.status', i.status)),
        h('td', null, when(i.review_deadline)),
        actions,
      );
      return tr;
    };
    replaceChildren(
      body,
      message,
      tableWrap(
        h(
          'table',
          { class: 'data-table invitations-table' },
          h('caption', { class: 'visually-hidden', t: 'rv.inv.title' }),
          h('thead', null, h('tr', null, th('rv.col.call'), th('rv.col.status'), th('rv.col.deadline'), th('rv.col.actions'))),
          h('tbody', null, list.length ? list.map(row) : emptyRow(4)),
        ),
        'rv.inv.title',
      ),
    );
  });
}

function fillMyReviews(body: HTMLElement): Promise<void> {
  return guarded(body, async () => {
    const list = await reviewApi.myReviews();
    const row = (r: MyReview) =>
      h(
        'tr',
        { 'data-assignment': r.assignment_id, 'data-proposal': r.proposal_id, 'data-status': r.status },
        h('th', { scope: 'row' }, r.status === 'withdrawn_conflict' ? literal(r.proposal_title) : h('a', { href: `/review/reviews/${r.assignment_id}`, dir: 'auto', class: 'review-link' }, r.proposal_title || `#${r.proposal_id}`)),
        h('td', null, bilingualText(r.call_title_ja, r.call_title)),
        h('td', null, rvBadge('rv.review.status', r.status)),
        h('td', null, when(r.due)),
      );
    replaceChildren(
      body,
      tableWrap(
        h(
          'table',
          { class: 'data-table my-reviews-table' },
          h('caption', { class: 'visually-hidden', t: 'rv.mine.title' }),
          h('thead', null, h('tr', null, th('rv.col.proposal'), th('rv.col.call'), th('rv.col.status'), th('rv.col.due'))),
          h('tbody', null, list.length ? list.map(row) : emptyRow(4)),
        ),
        'rv.mine.title',
      ),
    );
  });
}

function fillCalls(body: HTMLElement): Promise<void> {
  return guarded(body, async () => {
    const page = await api.get<Page<CallSummary>>('/calls', { status: 'any', limit: 100 });
    const items = page.items ?? [];
    replaceChildren(
      body,
      items.length
        ? h(
            'ul',
            { class: 'plain-list review-call-list' },
            items.map((c) =>
              h(
                'li',
                { 'data-call': c.id, 'data-status': c.status },
                h('a', { href: `/review/calls/${c.id}`, class: 'review-call-link' }, bilingualText(c.title_ja, c.title)),
                ' ',
                h('span', { class: 'muted', t: `pc.status.${c.status}` as MessageKey }),
                c.proposal_count !== undefined ? [' · ', h('span', { class: 'muted', t: 'pc.calls.proposal_count', tp: { n: c.proposal_count } })] : null,
              ),
            ),
          )
        : h('p', { class: 'muted', t: 'pc.calls.none' }),
    );
  });
}

function fillOutcomes(body: HTMLElement): Promise<void> {
  return guarded(body, async () => {
    const r = await api.get<{ items: Proposal[] }>('/proposals', { mine: 'true' });
    const submitted = (r.items ?? []).filter((p) => p.state === 'submitted');
    replaceChildren(
      body,
      submitted.length
        ? h('ul', { class: 'plain-list outcome-list' }, submitted.map((p) => h('li', { 'data-proposal': p.id }, h('a', { href: `/review/proposals/${p.id}`, dir: 'auto' }, p.title || `#${p.id}`))))
        : h('p', { class: 'muted', t: 'rv.home.no_outcomes' }),
    );
  });
}

// ------------------------------------------------------------------ one review

export async function renderReviewForm(main: HTMLElement, ctx: Ctx, assignmentId: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: '/review', t: 'rv.back_home' })));
  const heading = h('h1', { t: 'rv.form.title' });
  main.append(heading);
  const detail = await reviewApi.review(assignmentId);
  const p = detail.proposal;
  unbindText(heading, h('span', { t: 'rv.form.heading' }), ' ', literal(p.title, 'proposal-title'));
  const criteria = normaliseCriteria(detail.form?.criteria);
  const review = detail.review ?? { scores: {}, comment_to_applicant: '', confidential_comment: '', status: 'assigned', submitted_at: null };
  const submitted = review.status === 'submitted';
  main.append(
    h('p', { class: 'call-meta' }, rvBadge('rv.review.status', review.status, 'review-status'), detail.due ? [' · ', h('span', { t: 'rv.form.due' }), ' ', when(detail.due)] : null, review.submitted_at ? [' · ', h('span', { t: 'rv.form.submitted_at' }), ' ', when(review.submitted_at)] : null),
    proposalSummary(detail),
  );
  if (submitted) {
    main.append(submittedView(criteria, detail));
    return;
  }
  main.append(reviewFormSection(ctx, assignmentId, criteria, detail), declareSection(ctx, assignmentId));
}

function proposalSummary(detail: ReviewDetail): HTMLElement {
  const p = detail.proposal;
  const lang = currentLang();
  const team = p.team ?? [];
  const budget = p.budget ?? [];
  return section(
    'rv.form.proposal',
    p.abstract ? [h('h3', { t: 'pc.prop.abstract' }), h('p', { class: 'pre-line', dir: 'auto' }, p.abstract)] : null,
    team.length
      ? tableWrap(
          h(
            'table',
            { class: 'data-table team-table' },
            h('caption', { t: 'pc.team.title' }),
            h('thead', null, h('tr', null, th('pc.team.name'), th('pc.team.role'), th('pc.team.country'), th('pc.team.organization'))),
            h('tbody', null, team.map((m) => h('tr', null, h('th', { scope: 'row' }, literal(m.name)), h('td', null, m.role), h('td', { class: 'code' }, m.country || '—'), h('td', null, literal(m.organization))))),
          ),
          'pc.team.title',
        )
      : null,
    budget.length
      ? tableWrap(
          h(
            'table',
            { class: 'data-table budget-table' },
            h('caption', { t: 'pc.budget.title' }),
            h('thead', null, h('tr', null, th('pc.budget.funder'), th('pc.budget.year'), th('pc.budget.category'), th('pc.budget.amount'))),
            h('tbody', null, budget.map((b) => h('tr', null, h('th', { scope: 'row' }, b.funder), h('td', null, String(b.year)), h('td', { dir: 'auto' }, b.category), h('td', { class: 'num' }, formatAmount(Number(b.amount), b.currency, lang))))),
          ),
          'pc.budget.title',
        )
      : null,
    Object.entries(p.sections ?? {}).map(([k, v]) => h('div', { class: 'read-section', 'data-section': k }, h('h3', null, h('code', null, k)), h('p', { class: 'pre-line', dir: 'auto' }, v || '—'))),
    p.attachments?.length
      ? [
          h('h3', { t: 'pc.att.title' }),
          h(
            'ul',
            { class: 'plain-list attachment-list' },
            p.attachments.map((a) =>
              h(
                'li',
                { 'data-attachment': a.id },
                h('a', { href: attachmentUrl(p.id, a.id), download: a.filename, dir: 'auto', class: 'attachment-link' }, a.filename),
                ' ',
                h('span', { class: 'muted' }, `(${a.content_type}, ${formatBytes(a.size)})`),
              ),
            ),
          ),
        ]
      : null,
  );
}

function scaleText(c: ReviewCriterion): HTMLElement {
  return h('span', { class: 'muted criterion-scale', t: 'rv.form.scale', tp: { min: c.scale_min, max: c.scale_max, weight: c.weight } });
}

function reviewFormSection(ctx: Ctx, assignmentId: number, criteria: ReviewCriterion[], detail: ReviewDetail): HTMLElement {
  const review = detail.review;
  const specs: FieldSpec[] = [
    ...criteria.map((c) => ({ name: `scores.${c.key}`, label: 'rv.form.score' as const, type: 'number' as const, required: true, inputmode: 'numeric', value: review.scores?.[c.key] === undefined ? '' : String(review.scores[c.key]) })),
    { name: 'comment_to_applicant', label: 'rv.form.comment', type: 'textarea', required: true, rows: 6, dir: 'auto', wide: true, hint: 'rv.form.comment_hint', value: review.comment_to_applicant ?? '' },
    { name: 'confidential_comment', label: 'rv.form.confidential', type: 'textarea', optional: true, rows: 4, dir: 'auto', wide: true, hint: 'rv.form.confidential_hint', value: review.confidential_comment ?? '' },
  ];
  const totalId = uid('total');
  const total = h('output', { class: 'num weighted-total', 'aria-live': 'polite', 'aria-labelledby': totalId });
  const typed = (f: Form) => Object.fromEntries(criteria.map((c) => [c.key, f.rawValue(`scores.${c.key}`)]));
  const collect = (f: Form, forSubmit: boolean) => reviewBody(criteria, typed(f), f.rawValue('comment_to_applicant'), f.rawValue('confidential_comment'), forSubmit);
  const showProblems = (f: Form, problems: ReturnType<typeof collect>['problems']) => {
    for (const p of [...problems].reverse()) f.fieldError(p.field, p.key, p.params);
  };
  const save = h('button', { type: 'button', class: 'btn save-draft', t: 'rv.form.save_draft' });
  const form = new Form(
    'review',
    specs,
    'rv.form.submit',
    async (f) => {
      const { body, problems } = collect(f, true);
      if (problems.length) return showProblems(f, problems);
      await reviewApi.saveReview(assignmentId, body);
      await reviewApi.submitReview(assignmentId);
      ctx.announce('rv.form.submitted');
      ctx.navigate(`/review/reviews/${assignmentId}`, { replace: true });
    },
    { class: 'review-form', extraButtons: [save] },
  );
  // Each score's label names its criterion (in the UI language) and its scale.
  for (const c of criteria) {
    const input = form.input(`scores.${c.key}`) as HTMLInputElement;
    input.min = String(c.scale_min);
    input.max = String(c.scale_max);
    input.step = '1';
    input.dataset.criterion = c.key;
    const labelSpan = input.closest('.field')?.querySelector('label > span');
    if (labelSpan) {
      const name = h('span', { class: 'criterion-title', dir: 'auto' });
      const fill = () => (name.textContent = criterionTitle(c, currentLang()));
      fill();
      onLanguage(name, fill);
      labelSpan.replaceWith(name, ' ', scaleText(c));
    }
    input.addEventListener('input', () => updateTotal());
  }
  const updateTotal = () => {
    const scores: Record<string, number> = {};
    for (const c of criteria) {
      const v = form.rawValue(`scores.${c.key}`).trim();
      const n = Number(v);
      if (v !== '' && Number.isFinite(n) && n >= c.scale_min && n <= c.scale_max) scores[c.key] = n;
    }
    total.textContent = fmtScore(weightedScore(criteria, scores));
  };
  updateTotal();
  save.addEventListener('click', () => {
    form.clearErrors();
    const { body, problems } = collect(form, false);
    if (problems.length) return showProblems(form, problems);
    save.disabled = true;
    void reviewApi
      .saveReview(assignmentId, body)
      .then(() => form.success('rv.form.saved'))
      .catch((err) => form.setError(err))
      .finally(() => (save.disabled = false));
  });
  return section('rv.form.title', h('p', { class: 'hint', t: 'rv.form.intro' }), form.el, h('p', { class: 'weighted-line' }, h('span', { id: totalId, t: 'rv.form.weighted' }), ' ', total));
}

function submittedView(criteria: ReviewCriterion[], detail: ReviewDetail): HTMLElement {
  const r = detail.review;
  return section(
    'rv.form.title',
    h('p', { class: 'notice', t: 'rv.form.frozen' }),
    scoresTable(criteria, r.scores ?? {}),
    h('h3', { t: 'rv.form.comment' }),
    h('p', { class: 'pre-line review-comment', dir: 'auto' }, r.comment_to_applicant || '—'),
    h('h3', { t: 'rv.form.confidential' }),
    h('p', { class: 'pre-line', dir: 'auto' }, r.confidential_comment || '—'),
  );
}

export function scoresTable(criteria: ReviewCriterion[], scores: Record<string, number>): HTMLElement {
  const rows = (criteria.length ? criteria : Object.keys(scores).map((key) => ({ key, title: key, weight: 1, scale_min: 1, scale_max: 5 }) as ReviewCriterion)).map((c) => {
    const name = h('span', { dir: 'auto' });
    const fill = () => (name.textContent = criterionTitle(c, currentLang()));
    fill();
    onLanguage(name, fill);
    return h('tr', { 'data-criterion': c.key }, h('th', { scope: 'row' }, name), h('td', { class: 'num score' }, scores[c.key] === undefined ? '—' : String(scores[c.key])), h('td', { class: 'muted' }, `${c.scale_min}–${c.scale_max}`));
  });
  return tableWrap(
    h('table', { class: 'data-table scores-table' }, h('caption', { class: 'visually-hidden', t: 'rv.form.scores' }), h('thead', null, h('tr', null, th('rv.col.criterion'), th('rv.col.score'), th('rv.col.scale'))), h('tbody', null, rows.length ? rows : emptyRow(3))),
    'rv.form.scores',
  );
}

function declareSection(ctx: Ctx, assignmentId: number): HTMLElement {
  const form = new Form(
    'declare',
    [{ name: 'reason', label: 'rv.declare.reason', type: 'textarea', required: true, rows: 3, dir: 'auto', wide: true, hint: 'rv.declare.reason_hint' }],
    'rv.declare.submit',
    async (f) => {
      const reason = f.value('reason');
      if (!reason) return f.fieldError('reason', 'rv.coi.reason_required');
      await reviewApi.declareAsReviewer(assignmentId, reason);
      ctx.announce('rv.declare.done');
      ctx.navigate('/review');
    },
    { class: 'declare-form' },
  );
  const el = section('rv.declare.title', h('p', { class: 'hint', t: 'rv.declare.intro' }), form.el);
  el.classList.add('declare-conflict');
  return el;
}
