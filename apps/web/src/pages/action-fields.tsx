import { zonedToIso } from '../format';
import { useI18n } from '../i18n';
import { MessageKey } from '../messages-en';
import { Field } from '../ui';
import { APPEAL_OUTCOMES } from '../vocabulary';

type FieldKind = 'text' | 'long' | 'datetime' | 'stations' | 'appealOutcome';

/** The fields each workflow action requires (CONTRACT.md "Cases"); the others take none. */
export const ACTION_FIELDS: Record<string, [name: string, kind: FieldKind][]> = {
  reject: [['reason', 'long']],
  assign: [['assignee', 'text']],
  request_information: [['message', 'long']],
  provide_information: [['message', 'long']],
  schedule_hearing: [
    ['at', 'datetime'],
    ['place', 'text'],
  ],
  record_hearing: [['minutes', 'long']],
  order_recount: [['stationCodes', 'stations']],
  return: [['comments', 'long']],
  appeal: [['reason', 'long']],
  record_appeal_outcome: [
    ['outcome', 'appealOutcome'],
    ['appellateReference', 'text'],
  ],
  withdraw: [['reason', 'long']],
  merge: [['targetReference', 'text']],
};

/** The request body's fields for an action from the form's strings; times are wall-clock in `timeZone`. */
export function fieldsPayload(
  action: string,
  values: Record<string, string>,
  timeZone = 'Asia/Phnom_Penh',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of ACTION_FIELDS[action] ?? []) {
    const v = values[name] ?? '';
    if (kind === 'stations')
      out[name] = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (kind === 'datetime') out[name] = v ? zonedToIso(v, timeZone) : v;
    else out[name] = v;
  }
  return out;
}

export function ActionFields({
  action,
  values,
  onChange,
  stations = [],
}: {
  action: string;
  values: Record<string, string>;
  onChange(v: Record<string, string>): void;
  stations?: string[];
}) {
  const { t, term } = useI18n();
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  return (
    <>
      {(ACTION_FIELDS[action] ?? []).map(([name, kind]) => {
        const label = t(`field.${name}` as MessageKey);
        const value = values[name] ?? '';
        if (kind === 'long')
          return (
            <Field key={name} label={label}>
              <textarea name={name} required value={value} onChange={(e) => set(name, e.target.value)} />
            </Field>
          );
        if (kind === 'datetime')
          return (
            <Field key={name} label={label}>
              <input
                name={name}
                type="datetime-local"
                required
                value={value}
                onChange={(e) => set(name, e.target.value)}
              />
            </Field>
          );
        if (kind === 'appealOutcome')
          return (
            <Field key={name} label={label}>
              <select name={name} required value={value} onChange={(e) => set(name, e.target.value)}>
                <option value="">—</option>
                {APPEAL_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {term(o)}
                  </option>
                ))}
              </select>
            </Field>
          );
        if (kind === 'stations' && stations.length) {
          const chosen = value.split(',').filter(Boolean);
          return (
            <fieldset key={name}>
              <legend>{label}</legend>
              {stations.map((s) => (
                <label key={s} style={{ marginRight: '1rem' }}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(s)}
                    onChange={() =>
                      set(name, (chosen.includes(s) ? chosen.filter((c) => c !== s) : [...chosen, s]).join(','))
                    }
                  />{' '}
                  {s}
                </label>
              ))}
            </fieldset>
          );
        }
        return (
          <Field key={name} label={label}>
            <input name={name} required value={value} onChange={(e) => set(name, e.target.value)} />
          </Field>
        );
      })}
    </>
  );
}
