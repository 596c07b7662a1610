// One proposal (docs/programmes.md, "Proposals"). Its owner edits a draft: title,
// abstract, slot, the team and budget tables, the call's form sections with live counts
// against their limits, the statements the slot's rules ask for, the
// internationalisation plan and targets, and attachments (read in the browser, sent as
// base64, shown with their SHA-256). After each edit (debounced) the draft is checked
// against the call's rules and the verdicts shown as a checklist, each failure naming —
// and marking — the input to fix. Save sends the content with the version read; Submit
// saves what is unsaved, then submits with the browser's time zone and shows the receipt,
// or the server's refusal (a late submission says the deadline in the applicant's zone)
// leaving the form as it was. Officers and administrators see the screening of the team,
// which the applicant never sees. Versions and receipts are listed for both.

import { ApiError, api, request } from '../../api.js';
import type { Ctx } from '../../app.js';
import { append, bindText, clear, h, replaceChildren, setLiteral, uid, unbindText, type Child } from '../../dom.js';
import { currentLang, type MessageKey } from '../../i18n/core.js';
import { bytesToBase64 } from '../../compliance/logic.js';
import {
  ROLES,
  attachmentUrl,
  browserZone,
  canInvite,
  canProgrammes,
  contentBody,
  contentOf,
  draftTotals,
  emptyBudgetLine,
  emptyMember,
  flaggedFields,
  formatAmount,
  formatBytes,
  formatLocalIso,
  isEditable,
  isTwoStage,
  proposalEligible,
  proposalStage,
  receiptStage,
  requiredAt,
  requiredStatements,
  screeningMatches,
  screeningStatus,
  sectionUsage,
  countChars,
  type Attachment,
  type AttachmentSpec,
  type BudgetLine,
  type Call,
  type Check,
  type FormError,
  type Member,
  type Proposal,
  type ProposalContent,
  type Receipt,
  type Target,
  type VersionInfo,
} from '../../programmes/logic.js';
import { clearMessage, emptyRow, messageRegion, section, showError, showSuccess, tableWrap, th, type Option } from '../../ui.js';
import { FieldMap, PREFIX, badge, bilingual, callTitle, checklistPanel, deadline, eligibleBadge, instant, label, onLanguage, renderChecklist, stageBadge } from './common.js';
import { RowTable } from './rows.js';

// Receipts of submissions made on this page, shown once the page is drawn again.
const justSubmitted = new Map<number, Receipt>();
// Proposals an officer has just invited to the full proposal on this page.
const justInvited = new Set<number>();

const ORG_TYPES = ['university', 'institute', 'company', 'government', 'hospital', 'nonprofit', 'international'];
const CATEGORIES = ['personnel', 'travel', 'equipment', 'consumables', 'subcontracting', 'other'];

export async function renderProposal(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  const officer = canProgrammes(ctx.user, 'calls.manage');
  const back = h('p', { class: 'back-link' }, h('a', { href: '/programmes/proposals', t: 'pc.back_mine' }));
  const heading = h('h1', { t: 'pc.prop.page_title' });
  main.append(back, heading);
  const proposal = await api.get<Proposal>(`/proposals/${id}`);
  const call = await api.get<Call>(`/calls/${proposal.call_id}`);
  unbindText(heading, h('span', { dir: 'auto', class: 'proposal-title' }, proposal.title || `#${proposal.id}`));
  if (proposal.owner_user_id !== ctx.user.id && officer) replaceChildren(back, h('a', { href: `/programmes/calls/${call.id}/submissions`, t: 'pc.back_submissions' }));

  const versionEl = h('span', { class: 'proposal-version', t: 'pc.prop.version', tp: { n: proposal.version } });
  main.append(
    h(
      'p',
      { class: 'call-meta proposal-meta' },
      h('span', { t: 'pc.prop.call' }),
      ' ',
      h('a', { href: `/programmes/calls/${call.id}` }, callTitle(call)),
      ' · ',
      badge(PREFIX.state, proposal.state, 'proposal-state'),
      isTwoStage(call) ? [' · ', stageBadge(proposal.stage, 'proposal-stage')] : null,
      ' · ',
      versionEl,
    ),
  );
  if (justInvited.delete(id)) {
    const done = messageRegion();
    done.classList.add('invite-done');
    main.append(done);
    showSuccess(done, 'pc.invited', { title: proposal.title });
  }

  const receipt = justSubmitted.get(id);
  if (receipt) {
    justSubmitted.delete(id);
    main.append(receiptPanel(receipt, isTwoStage(call)));
  }

  if (isEditable(proposal, ctx.user.id)) {
    // The deadline this proposal is submitted by: a pre-proposal's own while at stage 1.
    const stage = proposalStage(proposal);
    const box = h('div', { class: 'call-deadline-box panel' }, deadline(call, stage));
    main.append(box);
    if (isTwoStage(call)) main.append(h('p', { class: ['notice', 'stage-hint', `stage-hint-${stage === 1 ? 'pre' : 'full'}`], t: stage === 1 ? 'pc.prop.stage_hint.pre' : 'pc.prop.stage_hint.full' }));
    // After a refusal for the call's dates, the deadline shown is read again (an officer
    // may have moved it since the page was opened).
    const refreshDeadline = async () => {
      try {
        replaceChildren(box, deadline(await api.get<Call>(`/calls/${call.id}`), stage));
      } catch (err) {
        console.warn('reading the call again', err);
      }
    };
    proposalEditor(main, ctx, call, proposal, versionEl, refreshDeadline);
  } else {
    proposalView(main, ctx, call, proposal);
  }
  if ('screening' in proposal && proposal.screening !== undefined) main.append(screeningSection(proposal));
  main.append(historySection(id, isTwoStage(call)));
}

// ------------------------------------------------------------------ the editor

function field(labelKey: MessageKey | HTMLElement, input: HTMLElement, ...extra: Child[]): HTMLElement {
  const lab = labelKey instanceof HTMLElement ? labelKey : h('label', { for: input.id, t: labelKey });
  if (labelKey instanceof HTMLElement) lab.setAttribute('for', input.id);
  return h('div', { class: 'field' }, lab, input, extra);
}

function proposalEditor(main: HTMLElement, ctx: Ctx, call: Call, proposal: Proposal, versionEl: HTMLElement, refreshDeadline: () => Promise<void>): void {
  const id = proposal.id;
  const stage = proposalStage(proposal);
  const content: ProposalContent = contentOf(proposal);
  let current = proposal;
  let formErrors: FormError[] = proposal.form_errors ?? [];
  let dirty = false;
  const fields = new FieldMap();
  const funderOptions = (): Option[] => (call.funders ?? []).map((f) => ({ value: f.agency, text: f.agency }));

  const check = checklistPanel('pc.check.title');
  const formErrorsList = h('ul', { class: 'form-errors' });
  check.el.append(formErrorsList);
  const dirtyNote = h('p', { class: 'dirty-note muted', role: 'status' });

  // Live eligibility: the latest answer wins; older ones are dropped.
  let seq = 0;
  let timer = 0;
  let lastCheck: Check | null = proposal.check ?? null;
  const showCheck = (c: Check | null) => {
    lastCheck = c;
    renderChecklist(check.list, check.summary, c, { fields, slotName: slotName(call) });
    fields.flag(flaggedFields(c, formErrors));
  };
  const runCheck = async () => {
    const mine = ++seq;
    try {
      const c = await api.post<Check & { form_errors?: FormError[] }>(`/proposals/${id}/check`, { content: contentBody(content) });
      if (mine !== seq) return;
      if (Array.isArray(c.form_errors)) {
        formErrors = c.form_errors;
        renderFormErrors();
      }
      showCheck(c);
      bindText(check.status, 'pc.check.updated');
    } catch (err) {
      if (mine !== seq) return;
      clear(check.status);
      check.status.append(h('span', { t: 'pc.check.cannot' }));
      if (err instanceof ApiError) {
        const detail = h('span', { class: 'field-error-detail', dir: 'auto' });
        setLiteral(detail, err.serverMessage);
        check.status.append(' ', detail);
        if (err.field) fields.flag([...flaggedFields(lastCheck, formErrors), err.field]);
      }
    }
  };
  const scheduleCheck = () => {
    window.clearTimeout(timer);
    bindText(check.status, 'pc.check.checking');
    timer = window.setTimeout(() => void runCheck(), 400);
  };
  const changed = () => {
    dirty = true;
    bindText(dirtyNote, 'pc.prop.unsaved');
    updateTotals();
    scheduleCheck();
  };

  // Title, abstract, slot, language.
  const titleInput = h('input', { id: uid('title'), type: 'text', dir: 'auto', autocomplete: 'off', maxlength: 500 });
  titleInput.value = content.title;
  titleInput.addEventListener('input', () => {
    content.title = titleInput.value;
    changed();
  });
  fields.register('title', titleInput);
  const abstract = h('textarea', { id: uid('abstract'), rows: 5, dir: 'auto' });
  abstract.value = content.abstract ?? '';
  abstract.addEventListener('input', () => {
    content.abstract = abstract.value;
    changed();
  });
  fields.register('abstract', abstract);
  const slotSelect = h('select', { id: uid('slot') });
  slotSelect.append(h('option', { value: '', t: 'pc.slot.general' }));
  for (const s of call.slots ?? []) {
    const o = h('option', { value: s.code });
    o.textContent = `${(currentLang() === 'ja' ? s.name_ja || s.name_en : s.name_en || s.name_ja) || s.code} (${s.code})`;
    slotSelect.append(o);
  }
  if (content.slot && !(call.slots ?? []).some((s) => s.code === content.slot)) slotSelect.append(h('option', { value: content.slot }, content.slot));
  slotSelect.value = content.slot ?? '';
  slotSelect.addEventListener('change', () => {
    content.slot = slotSelect.value;
    renderStatements();
    changed();
  });
  fields.register('slot', slotSelect);
  const langSelect = h('select', { id: uid('lang') });
  for (const [v, k] of [['', 'pc.prop.language_unset'], ['en', 'lang.name.en'], ['ja', 'lang.name.ja']] as const) langSelect.append(h('option', { value: v, t: k }));
  if (content.language && !['en', 'ja'].includes(content.language)) langSelect.append(h('option', { value: content.language }, content.language));
  langSelect.value = content.language ?? '';
  langSelect.addEventListener('change', () => {
    content.language = langSelect.value;
    changed();
  });
  fields.register('language', langSelect);

  // Team and budget.
  const datalists = h(
    'div',
    { hidden: true },
    h('datalist', { id: 'pc-org-types' }, ORG_TYPES.map((v) => h('option', { value: v }))),
    h('datalist', { id: 'pc-categories' }, CATEGORIES.map((v) => h('option', { value: v }))),
  );
  const team = new RowTable<Member>({
    path: 'team',
    rows: content.team,
    make: emptyMember,
    caption: 'pc.team.title',
    rowLabel: 'pc.team.row',
    addLabel: 'pc.team.add',
    fields,
    onChange: changed,
    class: 'team-table',
    cols: [
      { key: 'name', label: 'pc.team.name', dir: 'auto', size: 'l' },
      { key: 'role', label: 'pc.team.role', kind: 'select', options: () => ROLES.map((r) => ({ value: r, label: `pc.role.${r}` as MessageKey })) },
      { key: 'country', label: 'pc.team.country', upper: true, size: 'xs', maxlength: 2, dir: 'ltr' },
      { key: 'organization', label: 'pc.team.organization', dir: 'auto', size: 'l' },
      { key: 'org_type', label: 'pc.team.org_type', list: 'pc-org-types', dir: 'ltr' },
      { key: 'team', label: 'pc.team.team', size: 's', dir: 'auto' },
      { key: 'email', label: 'pc.team.email', dir: 'ltr' },
    ],
  });
  const budget = new RowTable<BudgetLine>({
    path: 'budget',
    rows: content.budget,
    make: () => emptyBudgetLine(call.funders?.[0]),
    caption: 'pc.budget.title',
    rowLabel: 'pc.budget.row',
    addLabel: 'pc.budget.add',
    fields,
    onChange: changed,
    class: 'budget-table',
    cols: [
      {
        key: 'funder',
        label: 'pc.budget.funder',
        kind: 'select',
        options: funderOptions,
        // A line's currency follows its funder unless the applicant typed another.
        after: (row, i, table) => {
          const f = call.funders?.find((x) => x.agency === row.funder);
          if (f && (!String(row.currency).trim() || (call.funders ?? []).some((x) => x.currency === String(row.currency).trim().toUpperCase()))) table.setValue(i, 'currency', f.currency);
        },
      },
      { key: 'year', label: 'pc.budget.year', inputmode: 'numeric', size: 'xs', dir: 'ltr', maxlength: 4 },
      { key: 'category', label: 'pc.budget.category', list: 'pc-categories', dir: 'auto' },
      { key: 'team', label: 'pc.budget.team', size: 's', dir: 'auto' },
      { key: 'amount', label: 'pc.budget.amount', inputmode: 'numeric', dir: 'ltr' },
      { key: 'currency', label: 'pc.budget.currency', upper: true, size: 'xs', maxlength: 3, dir: 'ltr' },
    ],
  });
  const totalsBody = h('tbody');
  const updateTotals = () => {
    clear(totalsBody);
    const totals = draftTotals(content.budget, call.funders ?? []);
    if (!totals.length) totalsBody.append(emptyRow(3));
    for (const t of totals) {
      const over = t.budget !== null && t.amount > t.budget;
      totalsBody.append(
        h(
          'tr',
          { 'data-funder': t.funder, class: [over && 'is-over', t.currencyMismatch && 'is-mismatch'] },
          h('th', { scope: 'row' }, t.funder || '—'),
          h('td', { class: 'num' }, formatAmount(t.amount, t.currency, currentLang())),
          h(
            'td',
            null,
            t.budget !== null ? h('span', { class: 'muted', t: 'pc.budget.of_call', tp: { amount: formatAmount(t.budget, (call.funders ?? []).find((f) => f.agency === t.funder)?.currency ?? '', currentLang()) } }) : '—',
            t.currencyMismatch ? [' ', h('span', { class: 'badge pc-badge pc-eligible-no', t: 'pc.budget.wrong_currency' })] : null,
          ),
        ),
      );
    }
  };

  // The call's form sections with live counts.
  const sectionFields = (call.form?.sections ?? []).map((s) => {
    const input = h('textarea', { id: uid('section'), rows: 6, dir: 'auto' });
    input.value = content.sections[s.key] ?? '';
    const counter = h('p', { class: 'counter', id: uid('counter'), 'aria-live': 'off' });
    // A pre-proposal (stage 1) needs none of the form's sections.
    const required = requiredAt(s.required, stage);
    const count = () => {
      const u = sectionUsage(input.value, { ...s, required });
      clear(counter);
      counter.classList.toggle('is-over', u.over);
      append(counter, [
        h('span', { class: 'count-chars', t: u.maxChars ? 'pc.count.chars_of' : 'pc.count.chars', tp: { n: u.chars, max: u.maxChars ?? 0 } }),
        ' · ',
        h('span', { class: 'count-words', t: u.maxWords ? 'pc.count.words_of' : 'pc.count.words', tp: { n: u.words, max: u.maxWords ?? 0 } }),
        u.over ? [' ', h('strong', { class: 'over-limit', t: 'pc.count.over' })] : null,
      ]);
    };
    input.setAttribute('aria-describedby', counter.id);
    input.addEventListener('input', () => {
      content.sections[s.key] = input.value;
      count();
      changed();
    });
    count();
    fields.register(`sections.${s.key}`, input);
    const mark = required
      ? h('span', { class: 'required-mark', t: 'pc.required.mark' })
      : s.required
        ? h('span', { class: 'optional required-later', t: 'pc.required.later' })
        : h('span', { class: 'optional', t: 'common.optional' });
    const lab = h('label', null, bilingual('span', s.title_ja, s.title_en || s.key), ' ', mark);
    return h('div', { class: 'field field-wide form-section-field', 'data-section': s.key }, field(lab, input, counter));
  });

  // Statements the rules ask for (the slot's change with the slot).
  const statementsBox = h('div', { class: 'statements' });
  const renderStatements = () => {
    fields.forget('statements.');
    clear(statementsBox);
    const specs = requiredStatements(call, content.slot ?? '');
    if (!specs.length) {
      statementsBox.append(h('p', { class: 'muted', t: 'pc.statements.none' }));
      return;
    }
    for (const s of specs) {
      const input = h('textarea', { id: uid('statement'), rows: 4, dir: 'auto' });
      input.value = content.statements[s.key] ?? '';
      const counter = h('p', { class: 'counter', id: uid('counter') });
      const count = () => {
        const n = countChars(input.value.trim());
        counter.classList.toggle('is-short', n < s.min_chars);
        bindText(counter, 'pc.count.min_chars', { n, min: s.min_chars });
      };
      input.setAttribute('aria-describedby', counter.id);
      input.addEventListener('input', () => {
        content.statements[s.key] = input.value;
        count();
        changed();
      });
      count();
      fields.register(`statements.${s.key}`, input);
      const lab = h('label', null, s.label_en || s.label_ja ? bilingual('span', s.label_ja, s.label_en) : h('code', null, s.key), s.slot ? [' ', h('span', { class: 'chip', t: 'pc.statements.for_slot', tp: { slot: s.slot } })] : null);
      statementsBox.append(h('div', { class: 'field statement-field', 'data-statement': s.key }, field(lab, input, counter)));
    }
  };
  renderStatements();

  // Internationalisation.
  const plan = h('textarea', { id: uid('plan'), rows: 5, dir: 'auto' });
  plan.value = content.internationalisation.plan;
  plan.addEventListener('input', () => {
    content.internationalisation.plan = plan.value;
    changed();
  });
  fields.register('internationalisation.plan', plan);
  const targets = new RowTable<Target>({
    path: 'internationalisation.targets',
    rows: content.internationalisation.targets,
    make: () => ({ indicator: '', target: '' }),
    caption: 'pc.intl.targets',
    rowLabel: 'pc.intl.row',
    addLabel: 'pc.intl.add',
    fields,
    onChange: changed,
    class: 'targets-table',
    cols: [
      { key: 'indicator', label: 'pc.intl.indicator', dir: 'auto', size: 'l' },
      { key: 'target', label: 'pc.intl.target', dir: 'auto' },
    ],
  });

  // Actions.
  const message = messageRegion();
  message.setAttribute('tabindex', '-1');
  message.classList.add('proposal-message');
  const saveBtn = h('button', { type: 'submit', class: 'btn save-proposal', t: 'common.save' });
  const submitBtn = h('button', { type: 'button', class: 'btn btn-primary submit-proposal', t: stage === 1 && isTwoStage(call) ? 'pc.prop.submit_pre' : 'pc.prop.submit' });
  const withdraw = withdrawControl(ctx, id, () => current.version);
  const busy = (on: boolean) => {
    saveBtn.disabled = on;
    submitBtn.disabled = on;
    form.setAttribute('aria-busy', String(on));
  };

  const showApiError = (err: unknown, fallback?: MessageKey) => {
    if (err instanceof ApiError && err.status === 409 && err.code === 'failed_precondition' && /version/i.test(err.serverMessage)) {
      showError(message, err, 'pc.stale', { withDetail: true });
    } else if (fields.showError(err)) {
      showError(message, err, 'errors.invalid_argument_form', { withDetail: true });
    } else {
      showError(message, err, fallback, { withDetail: true });
    }
    message.focus();
  };

  async function save(): Promise<boolean> {
    fields.clearErrors();
    clearMessage(message);
    try {
      const saved = await api.put<Proposal>(`/proposals/${id}`, { ...contentBody(content), version: current.version });
      current = saved;
      dirty = false;
      clear(dirtyNote);
      bindText(versionEl, 'pc.prop.version', { n: saved.version });
      formErrors = saved.form_errors ?? [];
      renderFormErrors();
      if (saved.check) showCheck(saved.check);
      showSuccess(message, 'pc.prop.saved', { n: saved.version });
      ctx.announce('pc.prop.saved', { n: saved.version });
      return true;
    } catch (err) {
      showApiError(err);
      return false;
    }
  }

  async function submit(): Promise<void> {
    busy(true);
    try {
      if (dirty && !(await save())) return;
      fields.clearErrors();
      clearMessage(message);
      message.classList.remove('submit-refused');
      try {
        const r = await api.post<{ proposal: Proposal; receipt: Receipt }>(`/proposals/${id}/submit`, { version: current.version, time_zone: browserZone() });
        justSubmitted.set(id, r.receipt);
        ctx.announce('pc.prop.submitted', { number: r.receipt.number });
        ctx.navigate(`/programmes/proposals/${id}`, { replace: true });
      } catch (err) {
        // Refused (late, not eligible, stale): the form stays exactly as it is.
        if (err instanceof ApiError && err.status === 409) {
          showError(message, err, 'pc.prop.submit_refused', { withDetail: true });
          message.classList.add('submit-refused');
          message.focus();
          if (err.field === 'closes' || err.field === 'opens' || err.field === 'pre_proposal_closes') void refreshDeadline();
        } else showApiError(err);
      }
    } finally {
      busy(false);
    }
  }

  const renderFormErrors = () => {
    clear(formErrorsList);
    for (const e of formErrors) {
      const li = h('li', { class: 'form-error-item', 'data-field': e.field }, h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, '!'), ' ', bilingual('span', e.message_ja, e.message_en), ' ');
      if (fields.resolve(e.field)) {
        const go = h('button', { type: 'button', class: 'btn btn-small btn-quiet go-to-field', t: 'pc.check.go' });
        go.addEventListener('click', () => fields.focus(e.field));
        li.append(go);
      }
      formErrorsList.append(li);
    }
    if (formErrors.length) formErrorsList.prepend(h('li', { class: 'form-errors-title', t: 'pc.form_errors' }));
  };

  submitBtn.addEventListener('click', () => void submit());
  const form = h(
    'form',
    { class: 'proposal-form', novalidate: true },
    datalists,
    section(
      'pc.prop.basics',
      h(
        'div',
        { class: 'form-grid' },
        h('div', { class: 'field field-wide' }, field('pc.prop.title', titleInput)),
        h('div', { class: 'field field-wide' }, field('pc.prop.abstract', abstract)),
        field('pc.prop.slot', slotSelect, h('p', { class: 'hint', t: 'pc.prop.slot_hint' })),
        field('pc.prop.language', langSelect),
      ),
    ),
    section('pc.team.title', h('p', { class: 'hint', t: 'pc.team.hint' }), team.el),
    section('pc.budget.title', h('p', { class: 'hint', t: 'pc.budget.hint' }), budget.el, tableWrap(h('table', { class: 'data-table budget-totals' }, h('caption', { t: 'pc.budget.totals' }), h('thead', null, h('tr', null, th('pc.budget.funder'), th('pc.budget.requested'), th('pc.budget.note'))), totalsBody), 'pc.budget.totals')),
    section('pc.form.sections', sectionFields.length ? sectionFields : h('p', { class: 'muted', t: 'pc.form.no_sections' })),
    section('pc.statements.title', h('p', { class: 'hint', t: 'pc.statements.hint' }), statementsBox),
    section('pc.intl.title', h('p', { class: 'hint', t: 'pc.intl.hint' }), h('div', { class: 'field field-wide' }, field('pc.intl.plan', plan)), h('h3', { t: 'pc.intl.targets' }), targets.el),
    h('div', { class: 'panel proposal-actions' }, message, dirtyNote, h('p', { class: 'hint', t: 'pc.prop.submit_hint', tp: { zone: browserZone() } }), h('div', { class: 'form-actions' }, saveBtn, submitBtn), withdraw),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(true);
    void save().finally(() => busy(false));
  });
  form.addEventListener('keydown', (event) => {
    // Enter in a one-line input does not submit the proposal form by accident.
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
  });

  const attachments = attachmentsSection(call, proposal, { fields, onChange: scheduleCheck });
  main.append(h('div', { class: 'proposal-layout' }, h('div', { class: 'proposal-main' }, form, attachments), h('aside', { class: 'proposal-aside' }, check.el)));
  updateTotals();
  renderFormErrors();
  showCheck(lastCheck);
  onLanguage(check.el, () => {
    showCheck(lastCheck);
    renderFormErrors();
  });
}

function slotName(call: Call): (code: string) => Child {
  return (code) => {
    const s = (call.slots ?? []).find((x) => x.code === code);
    return s ? bilingual('span', s.name_ja, s.name_en || code) : code;
  };
}

// "Withdraw": asks once more in place, then withdraws.
function withdrawControl(ctx: Ctx, id: number, version: () => number): HTMLElement {
  const message = messageRegion();
  const ask = h('button', { type: 'button', class: 'btn btn-danger withdraw-proposal', t: 'pc.prop.withdraw' });
  const yes = h('button', { type: 'button', class: 'btn btn-danger confirm-withdraw', t: 'pc.prop.withdraw_confirm' });
  const no = h('button', { type: 'button', class: 'btn', t: 'pc.prop.withdraw_keep' });
  const confirm = h('div', { class: 'withdraw-confirm notice', hidden: true }, h('p', { t: 'pc.prop.withdraw_question' }), h('div', { class: 'form-actions' }, yes, no));
  ask.addEventListener('click', () => {
    confirm.hidden = false;
    no.focus();
  });
  no.addEventListener('click', () => {
    confirm.hidden = true;
    ask.focus();
  });
  yes.addEventListener('click', () => {
    yes.disabled = true;
    void (async () => {
      try {
        await api.post<Proposal>(`/proposals/${id}/withdraw`, { version: version() });
        ctx.announce('pc.prop.withdrawn');
        ctx.navigate(`/programmes/proposals/${id}`, { replace: true });
      } catch (err) {
        yes.disabled = false;
        showError(message, err, undefined, { withDetail: true });
      }
    })();
  });
  return h('div', { class: 'withdraw' }, ask, confirm, message);
}

// "Invite to full proposal" (officers, a submitted pre-proposal of a two-stage call): the
// server makes it a draft of the full proposal; the page is drawn again, or the server's
// refusal is shown.
function inviteControl(ctx: Ctx, p: Proposal): HTMLElement {
  const message = messageRegion();
  const button = h('button', { type: 'button', class: 'btn btn-primary invite-proposal', t: 'pc.invite' });
  button.addEventListener('click', () => {
    button.disabled = true;
    void (async () => {
      try {
        await request<Proposal>('POST', `/proposals/${p.id}/invite`);
        justInvited.add(p.id);
        ctx.announce('pc.invited', { title: p.title });
        ctx.navigate(`/programmes/proposals/${p.id}`, { replace: true });
      } catch (err) {
        button.disabled = false;
        showError(message, err, 'pc.invite.refused', { withDetail: true });
      }
    })();
  });
  return h('div', { class: 'panel proposal-actions invite-panel' }, h('p', { class: 'hint', t: 'pc.invite.hint' }), h('div', { class: 'form-actions' }, button), message);
}

// ------------------------------------------------------------------ attachments

// Attachments: listed per requirement of the call's form; with `edit`, uploaded and
// deleted in place, each file input registered as "attachments.KEY" (the form errors'
// name for a missing one), and `onChange` told so the checks run again.
function attachmentsSection(call: Call, proposal: Proposal, edit: { fields: FieldMap; onChange: () => void } | null): HTMLElement {
  const editable = edit !== null;
  const list: Attachment[] = [...(proposal.attachments ?? [])];
  const specs: AttachmentSpec[] = [...(call.form?.attachments ?? [])];
  for (const a of list) if (!specs.some((s) => s.key === a.key)) specs.push({ key: a.key, title_en: a.key, types: [], max_bytes: null });
  const body = h('div', { class: 'attachment-groups' });
  const render = () => {
    edit?.fields.forget('attachments.');
    clear(body);
    if (!specs.length) body.append(h('p', { class: 'muted', t: 'pc.att.none_asked' }));
    for (const spec of specs) body.append(group(spec));
  };
  const group = (spec: AttachmentSpec): HTMLElement => {
    const mine = list.filter((a) => a.key === spec.key);
    const message = messageRegion();
    const titleId = uid('att');
    const rows = mine.map((a) => {
      const del = editable ? h('button', { type: 'button', class: 'btn btn-small btn-quiet delete-attachment', ta: { 'aria-label': ['pc.att.delete_named', { name: a.filename }] }, t: 'pc.att.delete' }) : null;
      del?.addEventListener('click', () => {
        del.disabled = true;
        void (async () => {
          try {
            await api.del(`/proposals/${proposal.id}/attachments/${a.id}`);
            list.splice(list.indexOf(a), 1);
            render();
            edit?.onChange();
          } catch (err) {
            del.disabled = false;
            showError(message, err, undefined, { withDetail: true });
          }
        })();
      });
      return h(
        'tr',
        { 'data-attachment': a.id },
        h('th', { scope: 'row', class: 'name-cell' }, h('a', { href: attachmentUrl(proposal.id, a.id), download: a.filename, dir: 'auto', class: 'attachment-link' }, a.filename)),
        h('td', null, h('span', { class: 'code' }, a.content_type)),
        h('td', { class: 'num' }, formatBytes(a.size)),
        h('td', null, h('code', { class: 'hash sha256', dir: 'ltr' }, a.sha256)),
        h('td', null, a.scan ? label('pc.scan', a.scan) : '—'),
        editable ? h('td', null, del) : null,
      );
    });
    const table = tableWrap(
      h(
        'table',
        { class: 'data-table attachments-table' },
        h('caption', { class: 'visually-hidden', t: 'pc.att.title' }),
        h('thead', null, h('tr', null, th('pc.att.filename'), th('pc.att.type'), th('pc.att.size'), th('pc.att.sha256'), th('pc.att.scan'), editable ? th('common.actions') : null)),
        h('tbody', null, rows.length ? rows : emptyRow(editable ? 6 : 5)),
      ),
      'pc.att.title',
    );
    const limits = h(
      'p',
      { class: 'hint' },
      spec.types?.length ? [h('span', { t: 'pc.att.types' }), ' ', h('span', { class: 'code' }, spec.types.join(', '))] : null,
      spec.max_bytes ? [' · ', h('span', { t: 'pc.att.max', tp: { size: formatBytes(spec.max_bytes) } })] : null,
      requiredAt(spec.required, proposalStage(proposal))
        ? [' · ', h('span', { class: 'required-mark', t: 'pc.required.mark' })]
        : spec.required
          ? [' · ', h('span', { class: 'optional required-later', t: 'pc.required.later' })]
          : null,
    );
    let upload: HTMLElement | null = null;
    if (editable) {
      const fileId = uid('file');
      const file = h('input', { id: fileId, type: 'file', name: `attachment-${spec.key}`, accept: spec.types?.length ? spec.types.join(',') : undefined });
      const error = h('p', { class: 'field-error', hidden: true });
      const button = h('button', { type: 'button', class: 'btn btn-small upload-attachment', t: 'pc.att.upload' });
      button.addEventListener('click', () => {
        void (async () => {
          error.hidden = true;
          clear(error);
          file.removeAttribute('aria-invalid');
          clearMessage(message);
          const chosen = file.files?.[0];
          if (!chosen) {
            error.hidden = false;
            error.append(h('span', { t: 'pc.att.choose' }));
            file.setAttribute('aria-invalid', 'true');
            file.focus();
            return;
          }
          button.disabled = true;
          try {
            const bytes = new Uint8Array(await chosen.arrayBuffer());
            const a = await api.post<Attachment>(`/proposals/${proposal.id}/attachments`, {
              key: spec.key,
              filename: chosen.name,
              content_type: chosen.type || 'application/octet-stream',
              content_base64: bytesToBase64(bytes),
            });
            list.push(a);
            render();
            edit?.onChange();
            const region = body.querySelector(`[data-spec="${CSS.escape(spec.key)}"] .message`) as HTMLElement | null;
            if (region) showSuccess(region, 'pc.att.uploaded', { name: a.filename });
          } catch (err) {
            button.disabled = false;
            error.hidden = false;
            error.append(h('span', { t: err instanceof ApiError ? err.messageKey : 'errors.internal' }));
            if (err instanceof ApiError) {
              if (err.field) error.append(' ', h('span', { class: 'muted', t: 'pc.check.field' }), ' ', h('code', { dir: 'ltr' }, err.field));
              const detail = h('span', { class: 'field-error-detail', dir: 'auto' });
              setLiteral(detail, err.serverMessage);
              error.append(detail);
            }
            file.setAttribute('aria-invalid', 'true');
          }
        })();
      });
      edit?.fields.register(`attachments.${spec.key}`, file);
      upload = h('div', { class: 'field upload-field' }, h('label', { for: fileId, t: 'pc.att.choose_label', tp: { title: spec.title_en || spec.key } }), h('div', { class: 'inline-controls' }, file, button), error);
    }
    return h('div', { class: 'attachment-group', 'data-spec': spec.key, 'aria-labelledby': titleId, role: 'group' }, h('h3', { id: titleId }, bilingual('span', spec.title_ja, spec.title_en || spec.key)), limits, message, table, upload);
  };
  render();
  return section('pc.att.title', body);
}

// ------------------------------------------------------------------ read-only

function proposalView(main: HTMLElement, ctx: Ctx, call: Call, p: Proposal): void {
  const owner = p.owner_user_id === ctx.user.id;
  const team = tableWrap(
    h(
      'table',
      { class: 'data-table team-table' },
      h('caption', { class: 'visually-hidden', t: 'pc.team.title' }),
      h('thead', null, h('tr', null, th('pc.team.name'), th('pc.team.role'), th('pc.team.country'), th('pc.team.organization'), th('pc.team.org_type'), th('pc.team.team'))),
      h(
        'tbody',
        null,
        (p.team ?? []).length
          ? (p.team ?? []).map((m, i) =>
              h('tr', { 'data-row': i }, h('th', { scope: 'row', dir: 'auto' }, m.name), h('td', null, label(PREFIX.role, m.role)), h('td', { class: 'code' }, m.country || '—'), h('td', { dir: 'auto' }, m.organization || '—'), h('td', null, m.org_type || '—'), h('td', { dir: 'auto' }, m.team || '—')),
            )
          : emptyRow(6),
      ),
    ),
    'pc.team.title',
  );
  const budget = tableWrap(
    h(
      'table',
      { class: 'data-table budget-table' },
      h('caption', { class: 'visually-hidden', t: 'pc.budget.title' }),
      h('thead', null, h('tr', null, th('pc.budget.funder'), th('pc.budget.year'), th('pc.budget.category'), th('pc.budget.team'), th('pc.budget.amount'))),
      h(
        'tbody',
        null,
        (p.budget ?? []).length
          ? (p.budget ?? []).map((b) => h('tr', null, h('th', { scope: 'row' }, b.funder), h('td', null, String(b.year)), h('td', { dir: 'auto' }, b.category), h('td', { dir: 'auto' }, b.team || '—'), h('td', { class: 'num' }, formatAmount(Number(b.amount), b.currency, currentLang()))))
          : emptyRow(5),
      ),
    ),
    'pc.budget.title',
  );
  const sections = (call.form?.sections ?? []).map((s) => h('div', { class: 'read-section', 'data-section': s.key }, h('h3', null, bilingual('span', s.title_ja, s.title_en || s.key)), h('p', { class: 'pre-line', dir: 'auto' }, p.sections?.[s.key] || '—')));
  const statements = Object.entries(p.statements ?? {}).map(([k, v]) => h('div', { class: 'read-section' }, h('h3', null, h('code', null, k)), h('p', { class: 'pre-line', dir: 'auto' }, v || '—')));
  const targets = p.internationalisation?.targets ?? [];
  const check = checklistPanel('pc.check.title');
  renderChecklist(check.list, check.summary, p.check ?? null, { slotName: slotName(call) });
  onLanguage(check.el, () => renderChecklist(check.list, check.summary, p.check ?? null, { slotName: slotName(call) }));

  main.append(
    h(
      'div',
      { class: 'proposal-layout' },
      h(
        'div',
        { class: 'proposal-main' },
        section(
          'pc.prop.basics',
          h(
            'dl',
            { class: 'facts' },
            h('dt', { t: 'pc.prop.state' }),
            h('dd', null, badge(PREFIX.state, p.state)),
            isTwoStage(call) ? [h('dt', { t: 'pc.stage' }), h('dd', null, stageBadge(p.stage))] : null,
            h('dt', { t: 'pc.prop.submitted_at' }),
            h('dd', null, instant(p.submitted_at)),
            h('dt', { t: 'pc.prop.slot' }),
            h('dd', null, p.slot ? slotName(call)(p.slot) : h('span', { t: 'pc.slot.general' })),
            h('dt', { t: 'pc.prop.eligibility' }),
            h('dd', null, eligibleBadge(proposalEligible(p))),
          ),
          p.abstract ? [h('h3', { t: 'pc.prop.abstract' }), h('p', { class: 'pre-line', dir: 'auto' }, p.abstract)] : null,
        ),
        section('pc.team.title', team),
        section('pc.budget.title', budget),
        section('pc.form.sections', sections.length ? sections : h('p', { class: 'muted', t: 'pc.form.no_sections' }), statements.length ? [h('h3', { t: 'pc.statements.title' }), statements] : null),
        section(
          'pc.intl.title',
          h('p', { class: 'pre-line', dir: 'auto' }, p.internationalisation?.plan || '—'),
          targets.length ? h('ul', { class: 'plain-list' }, targets.map((t) => h('li', { dir: 'auto' }, `${t.indicator}: ${t.target}`))) : null,
        ),
        attachmentsSection(call, p, null),
        owner && p.state === 'submitted' ? h('div', { class: 'panel proposal-actions' }, withdrawControl(ctx, p.id, () => p.version)) : null,
        owner && p.state === 'submitted' ? h('p', { class: 'page-actions' }, h('a', { href: `/review/proposals/${p.id}`, class: 'btn outcome-link', t: 'rv.link.outcome' })) : null,
        !owner && canProgrammes(ctx.user, 'calls.manage') && canInvite(p, call) ? inviteControl(ctx, p) : null,
      ),
      h('aside', { class: 'proposal-aside' }, check.el),
    ),
  );
}

// ------------------------------------------------------------------ receipts, versions, screening

function receiptPanel(r: Receipt, twoStage: boolean): HTMLElement {
  const id = uid('receipt');
  return h(
    'section',
    { class: 'panel receipt-panel', role: 'status', 'aria-labelledby': id },
    h('h2', { id, t: 'pc.receipt.title' }),
    h('p', { t: 'pc.receipt.intro' }),
    h(
      'dl',
      { class: 'facts receipt-facts' },
      h('dt', { t: 'pc.receipt.number' }),
      h('dd', null, h('strong', { class: 'receipt-number code', dir: 'ltr' }, r.number)),
      h('dt', { t: 'pc.receipt.submitted' }),
      h('dd', null, h('time', { class: 'receipt-time', datetime: r.submitted_at, dir: 'ltr' }, formatLocalIso(r.submitted_local) || r.submitted_at)),
      h('dt', { t: 'pc.receipt.version' }),
      h('dd', null, String(r.version)),
      twoStage ? [h('dt', { t: 'pc.stage' }), h('dd', null, stageBadge(receiptStage(r), 'receipt-stage'))] : null,
      h('dt', { t: 'pc.receipt.sha256' }),
      h('dd', null, h('code', { class: 'hash receipt-sha256', dir: 'ltr' }, r.sha256)),
    ),
  );
}

// Receipts (with each one's stage, in a two-stage call) and versions.
function historySection(id: number, twoStage: boolean): HTMLElement {
  const receiptCols = twoStage ? 5 : 4;
  const versions = h('tbody', null, h('tr', null, h('td', { colspan: 5, class: 'loading', t: 'common.loading' })));
  const receipts = h('tbody', null, h('tr', null, h('td', { colspan: receiptCols, class: 'loading', t: 'common.loading' })));
  const message = messageRegion();
  const el = section(
    'pc.history.title',
    message,
    h('h3', { t: 'pc.history.receipts' }),
    tableWrap(
      h('table', { class: 'data-table receipts-table' }, h('caption', { class: 'visually-hidden', t: 'pc.history.receipts' }), h('thead', null, h('tr', null, th('pc.receipt.number'), twoStage ? th('pc.stage') : null, th('pc.receipt.version'), th('pc.receipt.submitted'), th('pc.receipt.sha256'))), receipts),
      'pc.history.receipts',
    ),
    h('h3', { t: 'pc.history.versions' }),
    tableWrap(
      h(
        'table',
        { class: 'data-table versions-table' },
        h('caption', { class: 'visually-hidden', t: 'pc.history.versions' }),
        h('thead', null, h('tr', null, th('pc.history.number'), th('pc.prop.state'), th('pc.history.created'), th('pc.receipt.sha256'), th('pc.history.submitted'))),
        versions,
      ),
      'pc.history.versions',
    ),
  );
  el.classList.add('proposal-history');
  void (async () => {
    try {
      const [v, r] = await Promise.all([api.get<{ items: VersionInfo[] }>(`/proposals/${id}/versions`), api.get<{ items: Receipt[] }>(`/proposals/${id}/receipts`)]);
      replaceChildren(
        versions,
        v.items?.length
          ? [...v.items]
              .sort((a, b) => b.number - a.number)
              .map((x) =>
                h(
                  'tr',
                  { 'data-version': x.number, class: x.submitted ? 'is-submitted' : undefined },
                  h('th', { scope: 'row' }, String(x.number)),
                  h('td', null, badge(PREFIX.state, x.state)),
                  h('td', null, instant(x.created_at)),
                  h('td', null, h('code', { class: 'hash', dir: 'ltr', title: x.sha256 }, x.sha256.slice(0, 16) + '…')),
                  h('td', null, h('span', { t: x.submitted ? 'pc.required.yes' : 'pc.required.no' })),
                ),
              )
          : emptyRow(5),
      );
      replaceChildren(
        receipts,
        r.items?.length
          ? r.items.map((x) =>
              h(
                'tr',
                { 'data-receipt': x.number, 'data-stage': receiptStage(x) },
                h('th', { scope: 'row', class: 'code receipt-number nowrap' }, x.number),
                twoStage ? h('td', null, stageBadge(receiptStage(x))) : null,
                h('td', null, String(x.version)),
                h('td', null, h('time', { datetime: x.submitted_at, dir: 'ltr' }, formatLocalIso(x.submitted_local) || x.submitted_at)),
                h('td', null, h('code', { class: 'hash', dir: 'ltr' }, x.sha256)),
              ),
            )
          : emptyRow(receiptCols),
      );
    } catch (err) {
      clear(versions);
      clear(receipts);
      showError(message, err);
    }
  })();
  return el;
}

function screeningSection(p: Proposal): HTMLElement {
  const status = screeningStatus(p);
  const s = typeof p.screening === 'object' && p.screening ? p.screening : null;
  const matches = screeningMatches(p.screening);
  const el = section(
    'pc.screen.title',
    h('p', { class: 'hint', t: 'pc.screen.officers_only' }),
    h(
      'dl',
      { class: 'facts' },
      h('dt', { t: 'pc.screen.status' }),
      h('dd', null, badge(PREFIX.screening, status, 'screening-status')),
      h('dt', { t: 'pc.screen.at' }),
      h('dd', null, instant(s?.screened_at ?? null)),
    ),
    matches.length
      ? tableWrap(
          h(
            'table',
            { class: 'data-table screening-table' },
            h('caption', { class: 'visually-hidden', t: 'pc.screen.title' }),
            h('thead', null, h('tr', null, th('pc.screen.member'), th('pc.screen.matched'), th('pc.screen.list'), th('pc.screen.score'))),
            h(
              'tbody',
              null,
              matches.map((m) =>
                h(
                  'tr',
                  { class: 'is-alert' },
                  h('th', { scope: 'row', dir: 'auto' }, m.member, m.field ? [' ', h('code', { class: 'muted', dir: 'ltr' }, m.field)] : null),
                  h('td', { dir: 'auto', class: 'matched-name' }, m.matched),
                  h('td', { class: 'code' }, m.list),
                  h('td', { class: 'num' }, Number(m.score).toFixed(2)),
                ),
              ),
            ),
          ),
          'pc.screen.title',
        )
      : null,
  );
  el.classList.add('screening-section');
  return el;
}
