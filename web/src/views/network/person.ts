// A person's profile: the name as written and its Latin form, other names, ORCID iD,
// fields, keywords and themes, career stage, biographies (the UI's language first),
// affiliations and Japan experience (linked to asta's organisations when known),
// publications, and contact fields only when the API returned them. "Edit" is offered
// to the person, administrators and overseas offices; the server has the last word.

import { api } from '../../api.js';
import type { Ctx } from '../../app.js';
import { bindText, h, replaceChildren, uid } from '../../dom.js';
import { currentLang, onLanguageChange } from '../../i18n/core.js';
import { bioOrder, doiUrl, mayOfferPersonEdit, orcidUrl, rorUrl, type Person } from '../../network/logic.js';
import { emptyRow, section, tableWrap, th } from '../../ui.js';
import { CODE_PREFIX, chips, codeChips, codeLabel, countryLabel, externalLink, fact, nameText, period } from './common.js';
import { personEditor } from './profile.js';
import { lastSearchHref } from './search-memory.js';
import { personProgrammesSection } from './programmes.js';
import { graphSection } from './graph.js';

export async function renderPerson(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: lastSearchHref(), t: 'net.back_to_search' })));
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(h('h1', { t: 'net.person.title' }), loading);
  const person = await api.get<Person>(`/people/${id}`);
  loading.remove();
  main.querySelector('h1')?.remove();
  main.append(...personContent(person, ctx), personProgrammesSection(person.id), graphSection(person.id, person.name));
}

export function personContent(p: Person, ctx: Ctx): HTMLElement[] {
  const own = p.user_id !== null && p.user_id === ctx.user.id;
  const heading = h('h1', { class: 'person-name' }, nameText(p.name));
  const out: HTMLElement[] = [heading];
  if (p.latin_name && p.latin_name !== p.name) {
    out.push(h('p', { class: 'latin-name' }, h('span', { class: 'visually-hidden', t: 'net.person.latin_name' }), ' ', h('span', { dir: 'auto' }, p.latin_name)));
  }
  const actions = h('div', { class: 'toolbar page-actions' });
  if (own) actions.append(h('p', { class: 'own-note', t: 'net.person.own' }));
  if (mayOfferPersonEdit(ctx.user, p)) {
    actions.append(h('a', { href: own ? '/network/me' : `/network/people/${p.id}/edit`, class: 'btn btn-primary edit-person', t: 'net.person.edit' }));
  }
  if (actions.childElementCount) out.push(actions);

  const orcid = p.orcid ? externalLink(orcidUrl(p.orcid), p.orcid) : null;
  out.push(
    h(
      'div',
      { class: 'panel' },
      h(
        'dl',
        { class: 'facts person-facts' },
        fact(
          'net.person.other_names',
          p.other_names?.length
            ? h(
                'ul',
                { class: 'plain-list other-name-list' },
                p.other_names.map((n) =>
                  h('li', null, nameText(n.value, n.lang), n.lang ? [' ', h('span', { class: 'code muted' }, n.lang)] : null),
                ),
              )
            : null,
        ),
        fact('users.field.orcid', orcid),
        fact('net.facet.career_stage', p.career_stage ? codeLabel(CODE_PREFIX.career_stage, p.career_stage) : null),
        fact('net.person.fields', chips(p.fields)),
        fact('net.person.keywords', chips(p.keywords)),
        fact('net.facet.theme', codeChips(CODE_PREFIX.theme, p.themes)),
      ),
    ),
  );

  // Contact fields: present only when the caller may see them.
  const hasContact = 'emails' in p || 'nationality' in p || 'residence_countries' in p;
  out.push(
    section(
      'net.person.contact',
      hasContact
        ? h(
            'dl',
            { class: 'facts contact-facts' },
            'emails' in p
              ? fact(
                  'net.person.emails',
                  p.emails?.length
                    ? h('ul', { class: 'plain-list emails' }, p.emails.map((e) => h('li', null, h('a', { href: `mailto:${e}`, class: 'email', dir: 'ltr' }, e))))
                    : null,
                )
              : [],
            'nationality' in p ? fact('net.person.nationality', p.nationality ? countryLabel(p.nationality) : null) : [],
            'residence_countries' in p
              ? fact(
                  'net.person.residence',
                  p.residence_countries?.length ? h('ul', { class: 'inline-list' }, p.residence_countries.map((c) => h('li', null, countryLabel(c)))) : null,
                )
              : [],
          )
        : h('p', { class: 'muted contact-hidden', t: 'net.person.contact_hidden' }),
    ),
  );

  out.push(bioSection(p));

  // Affiliations
  const affBody = h('tbody');
  if (!p.affiliations?.length) affBody.append(emptyRow(5));
  for (const a of p.affiliations ?? []) {
    const org = a.org_id ? h('a', { href: `/network/organizations/${a.org_id}` }, nameText(a.name || a.ror)) : nameText(a.name || a.ror);
    affBody.append(
      h(
        'tr',
        null,
        h('td', { class: 'name-cell' }, org),
        h('td', null, a.ror ? externalLink(rorUrl(a.ror), a.ror) : '—'),
        h('td', { dir: 'auto' }, a.role || '—'),
        h('td', null, a.start ? h('span', { dir: 'ltr' }, a.start) : '—'),
        h('td', null, a.end ? h('span', { dir: 'ltr' }, a.end) : a.start ? h('span', { t: 'net.present' }) : '—'),
      ),
    );
  }
  out.push(
    section(
      'net.person.affiliations',
      tableWrap(
        h(
          'table',
          { class: 'data-table affiliations-table' },
          h('caption', { class: 'visually-hidden', t: 'net.person.affiliations' }),
          h('thead', null, h('tr', null, th('net.col.organization'), th('net.ror'), th('net.col.role'), th('net.col.start'), th('net.col.end'))),
          affBody,
        ),
        'net.person.affiliations',
      ),
    ),
  );

  // Japan experience
  const expBody = h('tbody');
  if (!p.japan_experience?.length) expBody.append(emptyRow(4));
  for (const e of p.japan_experience ?? []) {
    const hostName = e.host_name || e.host_ror;
    const host = e.host_org_id ? h('a', { href: `/network/organizations/${e.host_org_id}` }, nameText(hostName)) : nameText(hostName);
    expBody.append(
      h(
        'tr',
        { 'data-kind': e.kind },
        h('td', null, codeLabel(CODE_PREFIX.jp_experience, e.kind)),
        h('td', { class: 'name-cell' }, host, e.host_ror ? [' ', externalLink(rorUrl(e.host_ror), e.host_ror)] : null),
        h('td', null, period(e.start, e.end)),
        h('td', { dir: 'auto' }, e.funding || '—'),
      ),
    );
  }
  out.push(
    section(
      'net.person.japan_experience',
      tableWrap(
        h(
          'table',
          { class: 'data-table experience-table' },
          h('caption', { class: 'visually-hidden', t: 'net.person.japan_experience' }),
          h('thead', null, h('tr', null, th('net.col.kind'), th('net.col.host'), th('net.col.period'), th('net.col.funding'))),
          expBody,
        ),
        'net.person.japan_experience',
      ),
    ),
  );

  // Publications
  const pubBody = h('tbody');
  if (!p.publications?.length) pubBody.append(emptyRow(3));
  for (const w of p.publications ?? []) {
    pubBody.append(
      h(
        'tr',
        null,
        h('td', { class: 'title-cell', dir: 'auto' }, w.title),
        h('td', { class: 'num' }, w.year === null || w.year === undefined ? '—' : String(w.year)),
        h('td', null, w.doi ? externalLink(doiUrl(w.doi), w.doi) : '—'),
      ),
    );
  }
  out.push(
    section(
      'net.person.publications',
      tableWrap(
        h(
          'table',
          { class: 'data-table publications-table' },
          h('caption', { class: 'visually-hidden', t: 'net.person.publications' }),
          h('thead', null, h('tr', null, th('net.col.title'), th('net.col.year'), th('net.col.doi'))),
          pubBody,
        ),
        'net.person.publications',
      ),
    ),
  );
  return out;
}

// The biographies, the one in the UI's language first; reordered when the language
// changes while the page is shown.
function bioSection(p: Person): HTMLElement {
  const holder = h('div', { class: 'bios' });
  const fill = () => {
    const bios = bioOrder(currentLang(), p);
    if (!bios.length) {
      replaceChildren(holder, h('p', { class: 'muted', t: 'net.person.no_bio' }));
      return;
    }
    replaceChildren(
      holder,
      ...bios.map((b) => {
        const id = uid('bio');
        return h(
          'div',
          { class: 'bio', 'data-lang': b.lang, role: 'group', 'aria-labelledby': id },
          h('h3', { id, t: b.lang === 'en' ? 'net.person.bio_en' : 'net.person.bio_ja' }),
          h('p', { class: 'pre-line', lang: b.lang, dir: 'auto' }, b.text),
        );
      }),
    );
  };
  fill();
  const off = onLanguageChange(() => {
    if (!holder.isConnected) {
      off();
      return;
    }
    fill();
  });
  return section('net.person.bio', holder);
}

// The editor for someone else's profile (offices, administrators). The server refuses
// those who may not, and the page says so.
export async function renderPersonEdit(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  const title = h('h1', { t: 'net.edit.page_title' });
  main.append(title, h('p', { class: 'back-link' }, h('a', { href: `/network/people/${id}`, t: 'net.edit.back' })));
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(loading);
  const person = await api.get<Person>(`/people/${id}`);
  loading.remove();
  bindText(title, 'net.edit.title', { name: person.name });
  main.append(
    personEditor(ctx, person, {
      forbidden: 'net.person.edit_forbidden',
      onSaved: (saved) => {
        bindText(title, 'net.edit.title', { name: saved.name });
        ctx.announce('net.edit.saved', { version: saved.version });
      },
    }),
  );
}
