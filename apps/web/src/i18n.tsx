import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en, MessageKey } from './messages-en';
import { km } from './messages-km';
import { TERMS } from './terms';

export type Lang = 'en' | 'km';
const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, km };
const STORAGE_KEY = 'recourse.lang';

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A domain term (state, action, category…) in the current language; unknown terms as they are. */
  term(value: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'km') return stored;
  return navigator.language.toLowerCase().startsWith('km') ? 'km' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${CATALOGUES[lang]['app.name']}`;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) =>
        (CATALOGUES[lang][key] ?? en[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) =>
          vars && name in vars ? String(vars[name]) : `{${name}}`,
        ),
      term: (value) => (value ? (TERMS[value]?.[lang] ?? value.replace(/_/g, ' ')) : '—'),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
