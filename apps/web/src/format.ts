import { useEffect, useState } from 'react';
import { api } from './api';
import { Lang } from './i18n';

const zones = new Map<string, Promise<string>>();
const FALLBACK_ZONE = 'Asia/Phnom_Penh';

/** The election's time zone (its deadline policy's), fetched once per election. */
export function electionZone(code: string | undefined | null): Promise<string> {
  if (!code) return Promise.resolve(FALLBACK_ZONE);
  let zone = zones.get(code);
  if (!zone) {
    zone = api<{ deadlinePolicy?: { timeZone?: string } }>(`/api/v1/elections/${encodeURIComponent(code)}`)
      .then((e) => e.deadlinePolicy?.timeZone ?? FALLBACK_ZONE)
      .catch(() => FALLBACK_ZONE);
    zones.set(code, zone);
  }
  return zone;
}

export function useElectionZone(code: string | undefined | null): string {
  const [zone, setZone] = useState(FALLBACK_ZONE);
  useEffect(() => {
    let live = true;
    void electionZone(code).then((z) => live && setZone(z));
    return () => {
      live = false;
    };
  }, [code]);
  return zone;
}

const locale = (lang: Lang) => (lang === 'km' ? 'km-KH' : 'en-GB');

/** An instant in the election's time zone, with the zone named, e.g. "4 Jun 2017, 17:00 GMT+7". */
export function formatInstant(iso: string | null | undefined, lang: Lang, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(lang), {
    // dateStyle/timeStyle refuse timeZoneName ("Invalid option"): name the fields instead.
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as written in the language, not shifted by any zone. */
export function formatDay(day: string | null | undefined, lang: Lang): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export function formatNumber(n: number | null | undefined, lang: Lang, options?: Intl.NumberFormatOptions): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(locale(lang), options).format(n);
}

export const formatPercent = (n: number | null | undefined, lang: Lang) =>
  formatNumber(n, lang, { style: 'percent', maximumFractionDigits: 1 });

export function formatDuration(ms: number, lang: Lang): string {
  const hours = Math.round(Math.abs(ms) / 3_600_000);
  const fmt = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'always' });
  return hours >= 48
    ? fmt.format(Math.sign(ms) * Math.round(hours / 24), 'day')
    : fmt.format(Math.sign(ms) * hours, 'hour');
}

/** The offset of `timeZone` from UTC at an instant, in milliseconds. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * A `datetime-local` value ("2017-06-10T09:00") read as wall-clock time in the election's zone, not
 * the browser's, as an ISO instant; '' stays ''.
 */
export function zonedToIso(local: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return local;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let ms = wall - zoneOffset(wall, timeZone);
  ms = wall - zoneOffset(ms, timeZone); // once more, in case the guess crossed an offset change
  return new Date(ms).toISOString();
}
