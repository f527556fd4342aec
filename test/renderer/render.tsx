import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../renderer/i18n/index.js';
import type { Language } from '../../renderer/stores/settings.js';

/** Renders a page as the console does: English texts unless told, inside antd's App. */
export function renderInConsole(ui: ReactElement, language: Language = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <AntApp>{ui}</AntApp>
    </I18nextProvider>,
  );
}

/** The one button with this text; role queries take seconds on antd pages in jsdom. */
export function button(name: string, scope: ParentNode = document): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].filter((b) => b.textContent === name);
  if (found.length !== 1) throw new Error(`expected one button "${name}"; found ${found.length}`);
  return found[0] as HTMLButtonElement;
}

/** The table row that holds this text. */
export function rowOf(text: string): HTMLElement {
  const row = screen.getByText(text).closest('tr');
  if (!row) throw new Error(`no row holds ${text}`);
  return row;
}

/** Types into a field and leaves it, as a person does: its problems show from then on. */
export function typeInto(label: string, value: string) {
  const field = screen.getByLabelText(label);
  fireEvent.change(field, { target: { value } });
  fireEvent.blur(field);
}

async function opened(selector: string, what: string): Promise<HTMLElement> {
  return waitFor(() => {
    const found = document.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`no ${what} open`);
    return found;
  });
}

/** The open modal dialog, once it shows. */
export function dialog(): Promise<HTMLElement> {
  return opened('.ant-modal-wrap:not([style*="none"]) .ant-modal', 'dialog');
}

/** The open popup confirmation, once it shows. */
export function popconfirm(): Promise<HTMLElement> {
  return opened('.ant-popconfirm', 'confirmation');
}
