// The language switch: two buttons, the current one pressed. Each is labelled in its own
// language (with a matching lang attribute) so that someone who cannot read the current
// language still finds theirs.

import { h, uid } from './dom.js';
import { currentLang, onLanguageChange, setLanguage, type Lang } from './i18n/core.js';

export function languageSwitch(): HTMLElement {
  const labelId = uid('lang');
  const buttons = (['ja', 'en'] as Lang[]).map((lang) => {
    const b = h('button', {
      type: 'button',
      class: 'lang-button',
      lang,
      'data-lang': lang,
      'aria-pressed': String(currentLang() === lang),
      t: lang === 'ja' ? 'lang.ja' : 'lang.en',
    });
    b.addEventListener('click', () => setLanguage(lang));
    return b;
  });
  return h(
    'div',
    { class: 'lang-switch', role: 'group', 'aria-labelledby': labelId },
    h('span', { id: labelId, class: 'visually-hidden', t: 'lang.switch_label' }),
    buttons,
  );
}

function syncLanguageButtons(): void {
  document.querySelectorAll<HTMLButtonElement>('.lang-button').forEach((b) => {
    b.setAttribute('aria-pressed', String(b.dataset.lang === currentLang()));
  });
}

export function installLanguageButtons(): void {
  onLanguageChange(syncLanguageButtons);
}
