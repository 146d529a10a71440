import { useEffect } from 'react';
import { electionName, listElections } from '../elections';
import { useI18n } from '../i18n';
import { Field, useLoad } from '../ui';

/** A select of the elections; picks the first one when none is chosen and `required`. */
export function ElectionPicker({
  value,
  onChange,
  required = false,
}: {
  value: string;
  onChange(code: string): void;
  required?: boolean;
}) {
  const { t, lang } = useI18n();
  const { data } = useLoad(listElections, []);
  useEffect(() => {
    if (required && !value && data?.length) onChange(data[0].code);
  }, [required, value, data, onChange]);
  return (
    <Field label={t('common.election')}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {required ? null : <option value="">{t('common.all')}</option>}
        {data?.map((e) => (
          <option key={e.code} value={e.code}>
            {electionName(e, lang)} ({e.code})
          </option>
        ))}
      </select>
    </Field>
  );
}
