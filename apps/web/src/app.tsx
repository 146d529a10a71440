import { NavLink, Route, Routes, useNavigate } from 'react-router';
import { isFiler, isStaff, useAuth } from './auth';
import { Lang, useI18n } from './i18n';
import { CasePage } from './pages/case-page';
import { DecisionPage } from './pages/decision-page';
import { DecisionsPage } from './pages/decisions-page';
import { FileCasePage } from './pages/file-case-page';
import { ImportsPage } from './pages/imports-page';
import { LoginPage } from './pages/login-page';
import { NotificationsPage } from './pages/notifications-page';
import { QueuePage } from './pages/queue-page';
import { ResultsPage } from './pages/results-page';
import { StatsPage } from './pages/stats-page';
import { TransparencyPage } from './pages/transparency-page';
import { PageTitle } from './ui';

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const options: [Lang, string][] = [
    ['km', 'ខ្មែរ'],
    ['en', 'English'],
  ];
  return (
    <div role="group" aria-label={t('nav.language')} className="lang-switch">
      {options.map(([code, label]) => (
        <button key={code} type="button" lang={code} aria-pressed={lang === code} onClick={() => setLang(code)}>
          {label}
        </button>
      ))}
    </div>
  );
}

function Header() {
  const { t, term } = useI18n();
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <header className="site-header">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <div className="brand">
        <NavLink to="/">{t('app.name')}</NavLink>
        <span className="tagline">{t('app.tagline')}</span>
      </div>
      <nav aria-label={t('nav.main')}>
        <ul>
          <li>
            <NavLink to="/" end>
              {t('nav.decisions')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/results">{t('nav.results')}</NavLink>
          </li>
          <li>
            <NavLink to="/stats">{t('nav.stats')}</NavLink>
          </li>
          <li>
            <NavLink to="/transparency">{t('nav.transparency')}</NavLink>
          </li>
          {isFiler(me) ? (
            <>
              <li>
                <NavLink to="/file">{t('nav.file')}</NavLink>
              </li>
              <li>
                <NavLink to="/cases">{t('nav.myCases')}</NavLink>
              </li>
            </>
          ) : null}
          {isStaff(me) ? (
            <li>
              <NavLink to="/cases">{t('nav.queue')}</NavLink>
            </li>
          ) : null}
          {me?.role === 'admin' || me?.role === 'observer' ? (
            <li>
              <NavLink to="/imports">{t('nav.imports')}</NavLink>
            </li>
          ) : null}
          {me ? (
            <li>
              <NavLink to="/notifications">{t('nav.notifications')}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <div className="account">
        <LanguageSwitch />
        {me ? (
          <>
            <span className="who">
              {t('login.signedInAs', { name: me.displayName || me.username, role: term(me.role) })}
            </span>
            <button
              type="button"
              onClick={() => {
                void signOut().then(() => navigate('/'));
              }}
            >
              {t('nav.signOut')}
            </button>
          </>
        ) : (
          <NavLink to="/login">{t('nav.signIn')}</NavLink>
        )}
      </div>
    </header>
  );
}

function NotFound() {
  const { t } = useI18n();
  return <PageTitle>{t('notfound.title')}</PageTitle>;
}

export function App() {
  return (
    <>
      <Header />
      <main id="main">
        <Routes>
          <Route path="/" element={<DecisionsPage />} />
          <Route path="/decisions/:reference" element={<DecisionPage />} />
          <Route path="/results" element={<ResultsPage />} />
          <Route path="/stats" element={<StatsPage />} />
          <Route path="/transparency" element={<TransparencyPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/file" element={<FileCasePage />} />
          <Route path="/cases" element={<QueuePage />} />
          <Route path="/cases/:reference" element={<CasePage />} />
          <Route path="/imports" element={<ImportsPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
    </>
  );
}
