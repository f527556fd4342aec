import { Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PauseRequest, PauseScope } from '../../stores/queues.js';

interface Props {
  queue: string;
  onSubmit(request: PauseRequest): Promise<boolean>;
  onClose(): void;
}

/** The contract's bounds on an automatic resume, in minutes. */
const MIN_RESUME_MINUTES = 1;
const MAX_RESUME_MINUTES = 7 * 24 * 60;

/** Asks for a reason, a scope and an optional automatic resume before pausing a queue. */
export function PauseModal({ queue, onSubmit, onClose }: Props) {
  const { t } = useTranslation('queues');
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<PauseScope>('global');
  const [resumeMinutes, setResumeMinutes] = useState<number | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);

  const submit = async () => {
    setSubmitting(true);
    const request: PauseRequest = { queue, scope, reason: reason.trim() };
    if (resumeMinutes !== null) request.resumeAfterMs = Math.round(resumeMinutes * 60_000);
    const isDone = await onSubmit(request);
    setSubmitting(false);
    if (isDone) onClose();
  };

  return (
    <Modal
      open
      title={t('pauseModal.title', { queue })}
      okText={t('pauseModal.ok')}
      okButtonProps={{ danger: true, loading: isSubmitting }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('pauseModal.reason')} htmlFor="pause-reason">
          <Input.TextArea
            id="pause-reason"
            maxLength={500}
            autoSize={{ minRows: 2 }}
            placeholder={t('pauseModal.reasonPlaceholder')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('pauseModal.scope')}>
          <Radio.Group
            value={scope}
            onChange={(event) => setScope(event.target.value as PauseScope)}
          >
            <Radio value="global">{t('pauseModal.global')}</Radio>
            <Radio value="local">{t('pauseModal.local')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('pauseModal.resumeAfter')} htmlFor="pause-resume-after">
          <InputNumber
            id="pause-resume-after"
            min={MIN_RESUME_MINUTES}
            max={MAX_RESUME_MINUTES}
            precision={0}
            style={{ width: '100%' }}
            placeholder={t('pauseModal.resumeAfterPlaceholder')}
            value={resumeMinutes}
            onChange={(value) => setResumeMinutes(value ?? null)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
