import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from './en-US';
import { type Messages, zhCN } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'fq.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
    // Keys such as roles.command_operator contain '_', i18next's default
    // context/plural separator; other separators keep them whole.
    contextSeparator: '~';
    pluralSeparator: '~';
  }
}

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

function storedLanguage(): Language {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function setLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this tab only.
  }
  void i18n.changeLanguage(lang);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

function applyDocumentLanguage(lang: string): void {
  document.documentElement.lang = lang;
  document.title = lang === 'en-US' ? 'Fengqiao' : '枫桥';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  contextSeparator: '~',
  pluralSeparator: '~',
  returnNull: false,
  showSupportNotice: false,
});
applyDocumentLanguage(i18n.language);
i18n.on('languageChanged', applyDocumentLanguage);

/** Translates a key built at run time (e.g. from a server code); `fallback` when the dictionary lacks it. */
export function translateDynamic(key: string, fallback: string, params?: Record<string, unknown>): string {
  if (!i18n.exists(key)) return fallback;
  const out: unknown = i18n.t(key as never, params as never);
  return typeof out === 'string' ? out : fallback;
}

export { i18n };
