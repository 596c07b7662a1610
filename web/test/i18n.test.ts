// The message catalogue: both languages carry exactly the same keys, no message is
// empty, placeholders match, and switching the language switches the catalogue.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { en, ja } from '../src/i18n/messages.js';
import {
  catalogues,
  currentLang,
  detectLanguage,
  format,
  FSI,
  PDI,
  normaliseLang,
  onLanguageChange,
  pickCatalogue,
  setLanguage,
  storedLang,
  t,
  useStore,
  STORAGE_KEY,
  type KeyValueStore,
} from '../src/i18n/core.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('ja and en have exactly the same keys', () => {
  const enKeys = Object.keys(en).sort();
  const jaKeys = Object.keys(ja).sort();
  assert.deepEqual(
    enKeys.filter((k) => !(k in ja)),
    [],
    'keys in en missing from ja',
  );
  assert.deepEqual(
    jaKeys.filter((k) => !(k in en)),
    [],
    'keys in ja missing from en',
  );
  assert.deepEqual(jaKeys, enKeys);
  assert.ok(enKeys.length > 50, `expected a real catalogue, found ${enKeys.length} keys`);
});

test('no message is empty or whitespace', () => {
  for (const [lang, cat] of Object.entries(catalogues)) {
    for (const [key, value] of Object.entries(cat)) {
      assert.equal(typeof value, 'string', `${lang}:${key} is not a string`);
      assert.ok(value.trim().length > 0, `${lang}:${key} is empty`);
    }
  }
});

test('both languages use the same placeholders for each key', () => {
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    assert.deepEqual(placeholders(ja[key]), placeholders(en[key]), `placeholders differ for ${key}`);
  }
});

test('the Japanese catalogue is Japanese', () => {
  // Most labels must contain kana or kanji; a copy-pasted English value would not.
  const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
  const keys = Object.keys(ja) as (keyof typeof ja)[];
  const english = keys.filter((k) => !japanese.test(ja[k]) && ja[k] === en[k]);
  // Names that are the same in both (the app name, "English", "ORCID iD", "ID", "—").
  assert.deepEqual(english.sort(), [
    'agencies.col.id',
    'app.name',
    'common.none',
    'lang.en',
    'users.field.orcid',
  ]);
  assert.equal(ja['nav.network'], 'ネットワーク');
});

test('normaliseLang and pickCatalogue map language tags', () => {
  assert.equal(normaliseLang('ja'), 'ja');
  assert.equal(normaliseLang('ja-JP'), 'ja');
  assert.equal(normaliseLang('EN-gb'), 'en');
  assert.equal(normaliseLang('fr'), null);
  assert.equal(normaliseLang(''), null);
  assert.equal(normaliseLang(null), null);
  assert.equal(pickCatalogue('ja-JP'), ja);
  assert.equal(pickCatalogue('en-US'), en);
  assert.equal(pickCatalogue('de'), en, 'unsupported languages fall back to English');
});

test('detectLanguage prefers the remembered choice, then the browser', () => {
  assert.equal(detectLanguage('ja', ['en-US']), 'ja');
  assert.equal(detectLanguage(null, ['fr-FR', 'ja-JP', 'en']), 'ja');
  assert.equal(detectLanguage('xx', ['en-GB']), 'en');
  assert.equal(detectLanguage(null, []), 'en');
});

test('setLanguage switches the catalogue, remembers it and notifies', () => {
  const saved = new Map<string, string>();
  const store: KeyValueStore = {
    getItem: (k) => saved.get(k) ?? null,
    setItem: (k, v) => void saved.set(k, v),
  };
  useStore(store);
  const seen: string[] = [];
  const off = onLanguageChange((lang) => seen.push(lang));

  assert.equal(setLanguage('ja'), 'ja');
  assert.equal(currentLang(), 'ja');
  assert.equal(t('nav.network'), 'ネットワーク');
  assert.equal(t('nav.admin'), '管理');
  assert.equal(saved.get(STORAGE_KEY), 'ja');
  assert.equal(storedLang(), 'ja');

  assert.equal(setLanguage('en-US'), 'en');
  assert.equal(t('nav.network'), 'Network');
  assert.equal(t('nav.audit'), 'Audit log');
  assert.equal(saved.get(STORAGE_KEY), 'en');

  assert.equal(setLanguage('ja', { remember: false }), 'ja');
  assert.equal(saved.get(STORAGE_KEY), 'en', 'remember:false leaves the stored choice');

  assert.equal(setLanguage('fr'), 'en', 'unsupported languages fall back to English');
  assert.deepEqual(seen, ['ja', 'en', 'ja', 'en']);
  setLanguage('en');
  assert.deepEqual(seen, ['ja', 'en', 'ja', 'en'], 'no notification when nothing changed');
  off();
  useStore(null);
});

test('t fills placeholders in the current language', () => {
  setLanguage('en', { remember: false });
  assert.equal(t('home.title', { name: 'Yamada Taro' }), `Welcome, ${FSI}Yamada Taro${PDI}`);
  setLanguage('ja', { remember: false });
  assert.equal(t('home.title', { name: '山田 太郎' }), `ようこそ、${FSI}山田 太郎${PDI} さん`);
  assert.equal(t('common.page', { n: 3 }), '3 ページ目', 'numbers are not isolated');
  assert.equal(format('{a} and {b}', { a: 1 }), '1 and {b}');
  assert.equal(format('by {who}', { who: 'ليلى حداد' }), `by ${FSI}ليلى حداد${PDI}`);
  setLanguage('en', { remember: false });
});
