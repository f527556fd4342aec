import { Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PauseRequest, PauseScope } from '../../stores/queues.js';

interface Props {
  queue: string;
  onSubmit(request: PauseRequest): Promise<boolean>;
  onClose(): void;
}

/** The bounds on an automatic resume, in minutes; main's contract checks again (ms). */
const MIN_RESUME_MINUTES = 1;
const MAX_RESUME_MINUTES = 7 * 24 * 60;

/** Whole minutes within the bounds, or nothing (stay paused until resumed). */
export function isResumeAfterValid(minutes: number | null): boolean {
  return (
    minutes === null ||
    (Number.isInteger(minutes) && minutes >= MIN_RESUME_MINUTES && minutes <= MAX_RESUME_MINUTES)
  );
}

/** Asks for a reason, a scope and an optional automatic resume before pausing a queue. */
export function PauseModal({ queue, onSubmit, onClose }: Props) {
  const { t } = useTranslation('queues');
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<PauseScope>('global');
  const [resumeMinutes, setResumeMinutes] = useState<number | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const isLocal = scope === 'local';
  // The field gets no min/max: antd would keep an out-of-range value on screen but report
  // the previous one, so 0 typed could pause with no resume at all. It is checked here.
  const isValid = isResumeAfterValid(resumeMinutes);

  const submit = async () => {
    if (!isValid) return;

    setSubmitting(true);
    const request: PauseRequest = { queue, scope, reason: reason.trim() };
    if (resumeMinutes !== null) request.resumeAfterMs = resumeMinutes * 60_000;
    const isDone = await onSubmit(request);
    setSubmitting(false);
    if (isDone) onClose();
  };

  const resumeHelp = isValid
    ? isLocal
      ? t('pauseModal.resumeAfterLocal')
      : undefined
    : t('pauseModal.resumeAfterRange', {
        min: MIN_RESUME_MINUTES,
        max: MAX_RESUME_MINUTES,
        given: resumeMinutes,
      });

  return (
    <Modal
      open
      title={t('pauseModal.title', { queue })}
      okText={t('pauseModal.ok')}
      okButtonProps={{ danger: true, loading: isSubmitting, disabled: !isValid }}
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
        <Form.Item
          label={t('pauseModal.resumeAfter')}
          htmlFor="pause-resume-after"
          validateStatus={isValid ? undefined : 'error'}
          help={resumeHelp}
        >
          <InputNumber
            id="pause-resume-after"
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
