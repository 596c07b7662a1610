// An applicant's view of their proposal's review: the outcome once the results are
// released (the decision, and the reviews anonymised as "Reviewer 1", "Reviewer 2"…
// with their scores and comments to the applicants — never a reviewer's name or
// confidential comment), and a form to declare a conflict of interest with someone who
// might review it (name, e-mail, reason).

import { api } from '../../api.js';
import { h, uid, unbindText } from '../../dom.js';
import { currentLang } from '../../i18n/core.js';
import type { Call, Proposal } from '../../programmes/logic.js';
import { reviewApi } from '../../review/api.js';
import { normaliseCriteria, reviewerLabel, type Outcome } from '../../review/logic.js';
import { Form, section } from '../../ui.js';
import { literal, rvBadge, type Ctx, onLanguage } from './common.js';
import { scoresTable } from './reviewer.js';

export async function renderOutcome(main: HTMLElement, _ctx: Ctx, proposalId: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: `/programmes/proposals/${proposalId}`, t: 'rv.out.back' })));
  const heading = h('h1', { t: 'rv.out.title' });
  main.append(heading);
  const proposal = await api.get<Proposal>(`/proposals/${proposalId}`);
  unbindText(heading, h('span', { t: 'rv.out.heading' }), ' ', literal(proposal.title, 'proposal-title'));
  const outcome = await reviewApi.outcome(proposalId);
  let criteria = normaliseCriteria(outcome.criteria);
  if (!criteria.length) {
    // The call's criteria name the scores' keys.
    try {
      const call = await api.get<Call>(`/calls/${proposal.call_id}`);
      criteria = normaliseCriteria(call.criteria as never);
    } catch (err) {
      console.warn('the call’s criteria', err);
    }
  }
  main.append(outcomeSection(outcome, criteria), declareSection(proposalId));
}

function outcomeSection(outcome: Outcome, criteria: ReturnType<typeof normaliseCriteria>): HTMLElement {
  if (!outcome.released) {
    const el = section('rv.out.title', h('p', { class: 'notice not-released', t: 'rv.out.not_released' }));
    el.classList.add('outcome');
    el.dataset.released = 'false';
    return el;
  }
  const reviews = outcome.reviews ?? [];
  const el = section(
    'rv.out.title',
    h('p', { class: 'outcome-decision' }, h('span', { t: 'rv.out.decision' }), ' ', rvBadge('rv.decision', outcome.decision ?? null, 'decision-badge')),
    h('p', { class: 'hint', t: 'rv.out.anonymised' }),
    reviews.length
      ? h(
          'ol',
          { class: 'plain-list anonymised-reviews' },
          reviews.map((r, i) => {
            const id = uid('review');
            const label = h('h3', { id, class: 'reviewer-label' });
            const fill = () => (label.textContent = reviewerLabel(r.label, currentLang(), i));
            fill();
            onLanguage(label, fill);
            return h('li', { class: 'panel anonymised-review', 'aria-labelledby': id, 'data-label': r.label }, label, scoresTable(criteria, r.scores ?? {}), h('h4', { t: 'rv.form.comment' }), h('p', { class: 'pre-line review-comment', dir: 'auto' }, r.comment_to_applicant || '—'));
          }),
        )
      : h('p', { class: 'muted', t: 'rv.out.no_reviews' }),
  );
  el.classList.add('outcome');
  el.dataset.released = 'true';
  return el;
}

function declareSection(proposalId: number): HTMLElement {
  const form = new Form(
    'applicant-declare',
    [
      { name: 'name', label: 'rv.adecl.name', required: true, dir: 'auto', autocomplete: 'off' },
      { name: 'email', label: 'rv.adecl.email', type: 'email', optional: true, dir: 'ltr', autocomplete: 'off' },
      { name: 'reason', label: 'rv.adecl.reason', type: 'textarea', required: true, rows: 3, dir: 'auto', wide: true },
    ],
    'rv.adecl.submit',
    async (f) => {
      const name = f.value('name');
      const email = f.value('email');
      const reason = f.value('reason');
      const missing: ['name' | 'reason', 'rv.err.required'][] = [];
      if (!name) missing.push(['name', 'rv.err.required']);
      if (!reason) missing.push(['reason', 'rv.err.required']);
      if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) f.fieldError('email', 'rv.err.email');
      for (const [field, key] of missing.reverse()) f.fieldError(field, key);
      if (missing.length || (email && !/^[^@\s]+@[^@\s]+$/.test(email))) return;
      await reviewApi.declareAsApplicant(proposalId, email ? { name, email, reason } : { name, reason });
      f.reset();
      f.success('rv.adecl.done', { name });
    },
    { class: 'applicant-declare-form' },
  );
  const el = section('rv.adecl.title', h('p', { class: 'hint', t: 'rv.adecl.intro' }), form.el);
  el.classList.add('applicant-declare');
  return el;
}
