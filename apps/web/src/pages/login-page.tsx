import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { ErrorNote, Field, PageTitle } from '../ui';

export function LoginPage() {
  const { t } = useI18n();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const me = await signIn(username, password);
      void navigate(
        me.role === 'party_agent' || me.role === 'observer' ? '/cases' : me.role === 'admin' ? '/imports' : '/cases',
      );
    } catch (err) {
      setError(err instanceof ApiError && err.problem.status === 401 ? new Error(t('login.failed')) : err);
    }
  };
  return (
    <>
      <PageTitle>{t('login.title')}</PageTitle>
      <form onSubmit={(e) => void submit(e)} className="card" style={{ maxWidth: '24rem' }}>
        <Field label={t('login.username')}>
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </Field>
        <Field label={t('login.password')}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" className="primary">
          {t('login.title')}
        </button>
      </form>
    </>
  );
}
