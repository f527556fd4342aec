import { Button, Input, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';

export interface DeleteTexts {
  /** The button's label. */
  action: string;
  /** The question asked, naming what is deleted. */
  question: string;
  /** The prompt to type the id, shown outside the sandbox. */
  typePrompt: string;
  ok: string;
  cancel: string;
}

export interface DeleteButtonProps {
  /** The id the person must type outside the sandbox; it is sent as `confirm`. */
  id: string;
  /** True outside the sandbox. */
  isTyped: boolean;
  disabled?: boolean;
  texts: DeleteTexts;
  onDelete(confirm: string | undefined): void | Promise<void>;
}

/**
 * A delete button that asks first: a plain confirmation in the sandbox, and outside it a dialog
 * that enables its button only once the person has typed the id.
 */
export function DeleteButton({ id, isTyped, disabled, texts, onDelete }: DeleteButtonProps) {
  const [isOpen, setOpen] = useState(false);
  const [typed, setTyped] = useState('');

  if (!isTyped) {
    return (
      <Popconfirm
        title={texts.question}
        okText={texts.ok}
        cancelText={texts.cancel}
        onConfirm={() => onDelete(undefined)}
        disabled={disabled}
      >
        <Button danger size="small" disabled={disabled}>
          {texts.action}
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
        {texts.action}
      </Button>
      <Modal
        open={isOpen}
        title={texts.question}
        okText={texts.ok}
        cancelText={texts.cancel}
        okButtonProps={{ danger: true, disabled: typed !== id }}
        onOk={async () => {
          await onDelete(typed);
          close();
        }}
        onCancel={close}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {texts.typePrompt} <Typography.Text code>{id}</Typography.Text>
        </Typography.Paragraph>
        <Input
          aria-label={texts.typePrompt}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoFocus
        />
      </Modal>
    </>
  );
}
