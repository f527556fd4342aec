import { Alert, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  LabelMatcherSchema,
  MATCHER_OPS,
  type LabelMatcher,
} from '../../../shared/alerting/matchers.js';
import { LocalTimeInput } from '../../components/TimeWindow.js';
import { useAlertsStore } from '../../stores/alerts.js';
import { fromLocalInput, toLocalInput } from '../../lib/local-time.js';
import { failureIssues, fieldStatus, schemaIssues, type Issues } from '../../lib/issues.js';

const DEFAULT_DURATION_MS = 2 * 3_600_000;

const DraftSchema = z.object({
  matchers: z.array(LabelMatcherSchema).min(1, 'a silence needs at least one matcher'),
  endsAtMs: z
    .number({ error: 'end time must be a date' })
    .refine((ms) => ms > Date.now(), 'end time must be in the future'),
});

export interface SilenceModalProps {
  /** The matchers to start from: an Alert's labels, or one empty row. */
  initial: LabelMatcher[];
  onClose(): void;
  /** The silence was stored under this id; the modal is done. */
  onCreated(id: string): void;
}

/** Creates a Silence from matchers (= != =~ !~), an end time and a comment. */
export function SilenceModal({ initial, onClose, onCreated }: SilenceModalProps) {
  const { t } = useTranslation('alerts');
  const createSilence = useAlertsStore((s) => s.createSilence);
  const [matchers, setMatchers] = useState<LabelMatcher[]>(() =>
    initial.length > 0 ? initial : [{ name: '', op: '=', value: '' }],
  );
  const [ends, setEnds] = useState(() => toLocalInput(Date.now() + DEFAULT_DURATION_MS));
  const [comment, setComment] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<Issues>([]);
  const [isSaving, setSaving] = useState(false);

  const endsAtMs = fromLocalInput(ends);
  const clientIssues = useMemo(
    () => schemaIssues(DraftSchema, { matchers, endsAtMs }),
    [matchers, endsAtMs],
  );
  const issues = clientIssues.length > 0 ? clientIssues : serverIssues;

  const update = (index: number, patch: Partial<LabelMatcher>) => {
    setServerIssues([]);
    setMatchers((all) => all.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  };

  const submit = async () => {
    setSaving(true);
    const result = await createSilence({ matchers, endsAtMs, comment });
    setSaving(false);
    if (result.ok) {
      onCreated(result.value.id);
      return;
    }
    setFailure(result.message);
    setServerIssues(failureIssues(result, 'silence'));
  };

  return (
    <Modal
      open
      width={720}
      title={t('silence.title')}
      okText={t('silence.create')}
      cancelText={t('silence.cancel')}
      okButtonProps={{ disabled: clientIssues.length > 0, loading: isSaving }}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" component="div">
        <Form.Item label={t('silence.matchers')} {...fieldStatus(issues, 'matchers')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {matchers.map((m, index) => (
              <Space.Compact key={index} style={{ width: '100%' }}>
                <Input
                  aria-label={t('silence.name', { n: index + 1 })}
                  style={{ width: '35%' }}
                  value={m.name}
                  onChange={(e) => update(index, { name: e.target.value })}
                />
                <Select
                  aria-label={t('silence.op', { n: index + 1 })}
                  style={{ width: 80 }}
                  value={m.op}
                  options={MATCHER_OPS.map((op) => ({ value: op, label: op }))}
                  onChange={(op) => update(index, { op })}
                />
                <Input
                  aria-label={t('silence.value', { n: index + 1 })}
                  value={m.value}
                  onChange={(e) => update(index, { value: e.target.value })}
                />
                <Button
                  aria-label={t('silence.removeMatcher', { n: index + 1 })}
                  disabled={matchers.length === 1}
                  onClick={() => setMatchers((all) => all.filter((_, i) => i !== index))}
                >
                  −
                </Button>
              </Space.Compact>
            ))}
            <Button
              onClick={() => setMatchers((all) => [...all, { name: '', op: '=', value: '' }])}
            >
              {t('silence.addMatcher')}
            </Button>
          </Space>
        </Form.Item>
        <Form.Item
          label={t('silence.endsAt')}
          htmlFor="silence-ends"
          {...fieldStatus(issues, 'endsAtMs')}
        >
          <LocalTimeInput id="silence-ends" value={ends} onChange={setEnds} />
        </Form.Item>
        <Form.Item label={t('silence.comment')} htmlFor="silence-comment">
          <Input.TextArea
            id="silence-comment"
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
