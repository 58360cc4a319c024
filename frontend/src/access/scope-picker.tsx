import type { Translate } from '../i18n/i18n.js';

export interface ScopePickerProps {
  /** The collections the user may search. */
  readable: readonly string[];
  /** The chosen one; undefined is all of them. */
  value: string | undefined;
  onChange(collection: string | undefined): void;
  t: Translate;
}

const ALL = '';

/** "Search in: all my collections / finance / …": narrows the next questions, never widens them (the server intersects). */
export function ScopePicker({ readable, value, onChange, t }: ScopePickerProps) {
  return (
    <label className="scope-picker">
      <span className="scope-picker-label">{t('searchIn')}</span>
      <select value={value ?? ALL} onChange={(event) => onChange(event.target.value === ALL ? undefined : event.target.value)}>
        <option value={ALL}>{t('allMyCollections')}</option>
        {readable.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
