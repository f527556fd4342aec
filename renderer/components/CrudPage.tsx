import { Button, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreApi, UseBoundStore } from 'zustand';
import { tableScroll } from '../lib/table.js';
import type { CrudState } from '../stores/crud.js';
import { DeleteButton } from './DeleteButton.js';
import { ListPageHeader, type Notice } from './ListPageHeader.js';

/**
 * What a list page of an editable area keeps: the store's list, loaded and watched while the
 * page is open, the item in the editor (`{ item: null }` creates one) and the last notice.
 */
export function useCrudPage<Row, Item>(useStore: UseBoundStore<StoreApi<CrudState<Row>>>) {
  const status = useStore((s) => s.status);
  const error = useStore((s) => s.error);
  const rows = useStore((s) => s.rows);
  const load = useStore((s) => s.load);
  const watch = useStore((s) => s.watch);
  const remove = useStore((s) => s.remove);
  const [editing, setEditing] = useState<{ item: Item | null } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  /** Removes a row; a refusal becomes the notice, a success `success` or no notice. */
  const removeRow = async (id: string, confirm: string | undefined, success?: string) => {
    const result = await remove(id, confirm);
    if (!result.ok) setNotice({ type: 'error', text: result.message });
    else setNotice(success === undefined ? null : { type: 'success', text: success });
  };

  return {
    status,
    error,
    rows,
    load,
    editing,
    edit: (item: Item | null) => setEditing({ item }),
    closeEditor: () => setEditing(null),
    notice,
    setNotice,
    removeRow,
  };
}

export type CrudPageState<Row, Item> = ReturnType<typeof useCrudPage<Row, Item>>;

/** The last column: a row's own buttons, then Edit and Delete. */
export interface RowActions<Row, Item> {
  widthPx: number;
  /** What the editor opens with for the row. */
  itemOf(row: Row): Item;
  /** Rows that cannot be edited or deleted here (another part of the console owns them). */
  isLocked?(row: Row): boolean;
  /** The notice after a delete; none without. */
  deletedText?(id: string): string;
  /** The row's own buttons, before Edit. */
  before?(row: Row): ReactNode;
}

export interface CrudPageProps<Row, Item> {
  page: CrudPageState<Row, Item>;
  /** The i18n namespace whose `title`, `create` and `reload` texts the page uses. */
  namespace: string;
  rowKey: (row: Row) => string;
  /** Where the table starts to scroll sideways, px. */
  minWidthPx: number;
  /** The columns before the actions column. */
  columns: ColumnsType<Row>;
  actions: RowActions<Row, Item>;
  /** The drawers the page opens: its editor and any detail view. */
  children?: ReactNode;
}

/** The header, table and drawers of a list page of an editable area (schedules, rules...). */
export function CrudPage<Row extends object, Item>(props: CrudPageProps<Row, Item>) {
  const { t } = useTranslation(props.namespace);
  const { page, actions } = props;
  const actionsColumn: ColumnsType<Row>[number] = {
    title: t('column.actions'),
    key: 'actions',
    fixed: 'right',
    width: actions.widthPx,
    render: (_, row) => {
      const id = props.rowKey(row);
      const isLocked = actions.isLocked?.(row);
      return (
        <Space size={4}>
          {actions.before?.(row)}
          <Button size="small" disabled={isLocked} onClick={() => page.edit(actions.itemOf(row))}>
            {t('edit')}
          </Button>
          <DeleteButton
            id={id}
            namespace={props.namespace}
            disabled={isLocked}
            onDelete={(confirm) => page.removeRow(id, confirm, actions.deletedText?.(id))}
          />
        </Space>
      );
    },
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ListPageHeader
        title={t('title')}
        create={{ label: t('create'), onClick: () => page.edit(null) }}
        reload={{ label: t('reload'), onClick: () => void page.load() }}
        isLoading={page.status === 'loading'}
        error={page.status === 'error' ? page.error : null}
        notice={page.notice}
        onDismiss={() => page.setNotice(null)}
      />
      <Table<Row>
        size="small"
        rowKey={props.rowKey}
        tableLayout="fixed"
        {...tableScroll(page.rows.length, props.minWidthPx)}
        pagination={false}
        loading={page.status === 'loading' && page.rows.length === 0}
        dataSource={page.rows}
        columns={[...props.columns, actionsColumn]}
      />
      {props.children}
    </Space>
  );
}
