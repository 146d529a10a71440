import { Link } from 'react-router';
import { api } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, PageTitle, useLoad } from '../ui';

interface Notification {
  id: string;
  kind: string;
  caseReference?: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt?: string | null;
}

export function NotificationsPage() {
  const { t } = useI18n();
  const list = useLoad(() => api<{ items: Notification[] }>('/api/v1/me/notifications'), []);
  const read = async (id: string) => {
    await api(`/api/v1/me/notifications/${id}/read`, { method: 'POST' });
    list.reload();
  };
  return (
    <>
      <PageTitle>{t('notifications.title')}</PageTitle>
      <ErrorNote error={list.error} />
      {list.data && !list.data.items.length ? <p>{t('notifications.empty')}</p> : null}
      <ul className="cards">
        {list.data?.items.map((n) => (
          <li key={n.id} className="card" style={{ fontWeight: n.readAt ? 400 : 700 }}>
            <h2>{n.title}</h2>
            <p>{n.body}</p>
            {n.caseReference ? (
              <Link to={`/cases/${encodeURIComponent(n.caseReference)}`}>{n.caseReference}</Link>
            ) : null}{' '}
            {!n.readAt ? (
              <button type="button" onClick={() => void read(n.id)}>
                {t('notifications.read')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
