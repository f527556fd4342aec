import { Button, Input, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveStore } from '../stores/live.js';
import { needsConfirmation } from '../stores/profiles.js';

export interface DeleteButtonProps {
  /** The id the person must type outside the sandbox; it is sent as `confirm`. */
  id: string;
  /**
   * The i18n namespace whose `delete.action`, `delete.question` (with `{{id}}`),
   * `delete.typePrompt`, `delete.ok` and `delete.cancel` texts the button uses.
   */
  namespace: string;
  disabled?: boolean;
  onDelete(confirm: string | undefined): void | Promise<void>;
}

/**
 * A delete button that asks first: a plain confirmation in the sandbox, and outside it a dialog
 * that enables its button only once the person has typed the id.
 */
export function DeleteButton({ id, namespace, disabled, onDelete }: DeleteButtonProps) {
  const { t } = useTranslation(namespace);
  const isTyped = useLiveStore((s) => needsConfirmation(s.app));
  const [isOpen, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const question = t('delete.question', { id });

  if (!isTyped) {
    return (
      <Popconfirm
        title={question}
        okText={t('delete.ok')}
        cancelText={t('delete.cancel')}
        onConfirm={() => onDelete(undefined)}
        disabled={disabled}
      >
        <Button danger size="small" disabled={disabled}>
          {t('delete.action')}
        </Button>
      </Popconfirm>
    );
  }

  const close = () => {
    setOpen(false);
    setTyped('');
  };

  return (
    <>
      <Button danger size="small" disabled={disabled} onClick={() => setOpen(true)}>
        {t('delete.action')}
      </Button>
      <Modal
        open={isOpen}
        title={question}
        okText={t('delete.ok')}
        cancelText={t('delete.cancel')}
        okButtonProps={{ danger: true, disabled: typed !== id }}
        onOk={async () => {
          await onDelete(typed);
          close();
        }}
        onCancel={close}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {t('delete.typePrompt')} <Typography.Text code>{id}</Typography.Text>
        </Typography.Paragraph>
        <Input
          aria-label={t('delete.typePrompt')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoFocus
        />
      </Modal>
    </>
  );
}
