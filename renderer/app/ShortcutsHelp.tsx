import { Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GO_KEYS } from './shortcuts.js';

interface Props {
  open: boolean;
  onClose(): void;
}

/** The list `?` opens. */
export function ShortcutsHelp({ open, onClose }: Props) {
  const { t } = useTranslation('common');
  const rows = [
    ...Object.entries(GO_KEYS).map(([key, page]) => ({
      keys: `g ${key}`,
      what: t('shortcuts.goTo', { page: t(`menu.${page}`) }),
    })),
    { keys: '/', what: t('shortcuts.search') },
    { keys: '?', what: t('shortcuts.help') },
  ];

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('shortcuts.title')}>
      <Table
        size="small"
        pagination={false}
        rowKey="keys"
        dataSource={rows}
        columns={[
          {
            dataIndex: 'keys',
            width: 80,
            render: (keys: string) => <Typography.Text keyboard>{keys}</Typography.Text>,
          },
          { dataIndex: 'what' },
        ]}
      />
    </Modal>
  );
}
