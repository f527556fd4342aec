import { Alert, Button, Space, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

/** A message about the last action on a page, until the person closes it. */
export type Notice = { type: 'success' | 'error'; text: string };

export interface ListPageHeaderProps {
  title: string;
  /** The create button's label and action, primary unless said; no button without them. */
  create?: { label: string; onClick(): void; isPrimary?: boolean };
  reload: { label: string; onClick(): void };
  isLoading: boolean;
  /** Why the list could not be read; shown until the next load. */
  error: string | null;
  /** The last action's outcome, until `onDismiss`; pages without actions have none. */
  notice?: Notice | null;
  onDismiss?(): void;
}

/**
 * A page's title with its controls beside it on one row, wrapping on a narrow window: the one
 * heading style of every page.
 */
export function PageTitleRow(props: {
  title: string;
  style?: CSSProperties;
  children?: ReactNode;
}) {
  return (
    <Space wrap align="center" style={props.style}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {props.title}
      </Typography.Title>
      {props.children}
    </Space>
  );
}

/** The title, create and reload buttons of a list page, its load error and last notice. */
export function ListPageHeader(props: ListPageHeaderProps) {
  const { create, reload, notice } = props;

  return (
    <>
      <PageTitleRow title={props.title}>
        {create && (
          <Button
            type={create.isPrimary === false ? 'default' : 'primary'}
            onClick={create.onClick}
          >
            {create.label}
          </Button>
        )}
        <Button onClick={reload.onClick} loading={props.isLoading}>
          {reload.label}
        </Button>
      </PageTitleRow>
      {props.error !== null && <Alert type="error" showIcon title={props.error} />}
      {notice && (
        <Alert type={notice.type} showIcon closable title={notice.text} onClose={props.onDismiss} />
      )}
    </>
  );
}
