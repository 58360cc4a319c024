import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { type Translate, translate } from '../../src/i18n/i18n.js';

/** The English strings, as the components get them from the i18n context. */
export const t: Translate = (key, values) => translate('en', key, values);

export function renderUi(ui: ReactElement): RenderResult {
  return render(ui);
}
