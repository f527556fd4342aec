import { render } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../renderer/i18n/index.js';

/** Renders a page as the console does: English texts, inside antd's App for its messages. */
export function renderInConsole(ui: ReactElement) {
  return render(
    <I18nextProvider i18n={createI18n('en')}>
      <AntApp>{ui}</AntApp>
    </I18nextProvider>,
  );
}
