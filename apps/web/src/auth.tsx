import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, loadSession, saveSession, Session } from './api';

export interface Me {
  id: string;
  username: string;
  displayName?: string | null;
  role: 'party_agent' | 'observer' | 'officer' | 'adjudicator' | 'admin';
  partyCode?: string | null;
  organisation?: string | null;
  jurisdiction?: string | null;
}

interface Auth {
  me: Me | null;
  ready: boolean;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!loadSession()) {
      setReady(true);
      return;
    }
    api<Me>('/api/v1/auth/me')
      .then(setMe)
      .catch(() => saveSession(null))
      .finally(() => setReady(true));
  }, []);
  const signIn = useCallback(async (username: string, password: string) => {
    const session = await api<Session>('/api/v1/auth/login', { method: 'POST', body: { username, password } });
    saveSession(session);
    const who = await api<Me>('/api/v1/auth/me');
    setMe(who);
    return who;
  }, []);
  const signOut = useCallback(async () => {
    const session = loadSession();
    if (session)
      await api('/api/v1/auth/logout', { method: 'POST', body: { refreshToken: session.refreshToken } }).catch(
        () => undefined,
      );
    saveSession(null);
    setMe(null);
  }, []);
  return <AuthContext.Provider value={{ me, ready, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

export const isStaff = (me: Me | null) => me?.role === 'officer' || me?.role === 'adjudicator';
export const isFiler = (me: Me | null) => me?.role === 'party_agent' || me?.role === 'observer';
