import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types';
import { initialLocale, storeLocale } from '../lib/locale';
import analyticsEn from './analytics.en.json';
import analyticsZhCN from './analytics.zh-CN.json';
import en from './en.json';
import forecastingEn from './forecasting.en.json';
import forecastingZhCN from './forecasting.zh-CN.json';
import zhCN from './zh-CN.json';

// Each feature with many strings keeps them in its own file (top-level keys must not collide).
const bundle = (...parts: object[]) => Object.assign({}, ...parts);

function syncDocument(language: string) {
  document.documentElement.lang = language;
  document.title = i18n.t('app.title');
}

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: bundle(en, analyticsEn, forecastingEn) },
    'zh-CN': { translation: bundle(zhCN, analyticsZhCN, forecastingZhCN) },
  },
  lng: initialLocale(),
  fallbackLng: 'en',
  supportedLngs: ['en', 'zh-CN'],
  // React escapes rendered text already.
  interpolation: { escapeValue: false },
  returnEmptyString: true,
});

syncDocument(i18n.language);
i18n.on('languageChanged', syncDocument);

/** Switches the UI language and remembers it in this browser. */
export function setLanguage(locale: Locale): void {
  storeLocale(locale);
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

export default i18n;
