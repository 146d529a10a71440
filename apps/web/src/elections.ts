import { api } from './api';

export interface Election {
  code: string;
  name: string;
  nameKm?: string | null;
  kind: string;
  status?: string;
  pollingDate?: string;
  deadlinePolicy?: { timeZone?: string };
}

export interface Area {
  code: string;
  level: string;
  parentCode: string | null;
  nameEn: string;
  nameKm: string | null;
  seats: number | null;
}

const itemsOf = <T>(body: T[] | { items: T[] }): T[] => (Array.isArray(body) ? body : body.items);

export const listElections = () => api<Election[] | { items: Election[] }>('/api/v1/elections').then(itemsOf);

export const listAreas = (election: string, level: string, parent?: string) =>
  api<{ items: Area[] }>(
    `/api/v1/elections/${encodeURIComponent(election)}/areas?level=${level}&limit=500${parent ? `&parent=${encodeURIComponent(parent)}` : ''}`,
  ).then((b) => b.items);

export const areaName = (a: Area | undefined, lang: string) =>
  a ? (lang === 'km' && a.nameKm ? a.nameKm : a.nameEn) : '';
export const electionName = (e: Election | undefined, lang: string) =>
  e ? (lang === 'km' && e.nameKm ? e.nameKm : e.name) : '';
