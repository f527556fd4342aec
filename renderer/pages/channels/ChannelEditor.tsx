import { Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANNEL_KINDS, ChannelSchema, type Channel } from '../../../shared/alerting/channel.js';
import {
  EditorDrawer,
  OtherIssues,
  useDraftEditor,
  type CheckedDraft,
} from '../../components/editor.js';
import { ChoiceField, SwitchField, TextField } from '../../components/fields.js';
import { useChannelsStore } from '../../stores/channels.js';
import { schemaIssues } from '../../lib/issues.js';
import {
  MASK,
  channelDraftOf,
  channelFormOf,
  emptyChannelForm,
  withoutMasked,
  type ChannelForm,
} from './channel-form.js';

type TextKey = {
  [K in keyof ChannelForm]: ChannelForm[K] extends string ? K : never;
}[keyof ChannelForm];

const METHODS: readonly ChannelForm['method'][] = ['POST', 'PUT'];

/** The form fields of each kind, with the schema path their problems come under. */
const KIND_FIELDS: Record<Channel['kind'], { key: TextKey; path: string; rows?: number }[]> = {
  webhook: [
    { key: 'url', path: 'url' },
    { key: 'headers', path: 'headers', rows: 3 },
    { key: 'bodyTemplate', path: 'bodyTemplate', rows: 5 },
  ],
  slack: [{ key: 'webhookUrl', path: 'webhookUrl' }],
  dingtalk: [
    { key: 'webhookUrl', path: 'webhookUrl' },
    { key: 'secret', path: 'secret' },
  ],
  feishu: [
    { key: 'webhookUrl', path: 'webhookUrl' },
    { key: 'secret', path: 'secret' },
  ],
  wecom: [{ key: 'webhookUrl', path: 'webhookUrl' }],
  email: [
    { key: 'smtpHost', path: 'smtp.host' },
    { key: 'smtpPort', path: 'smtp.port' },
    { key: 'smtpUsername', path: 'smtp.username' },
    { key: 'smtpPassword', path: 'smtp.password' },
    { key: 'from', path: 'from' },
    { key: 'to', path: 'to', rows: 2 },
  ],
  desktop: [{ key: 'labelFilter', path: 'labelFilter', rows: 3 }],
  alertmanager: [
    { key: 'url', path: 'url' },
    { key: 'headers', path: 'headers', rows: 3 },
  ],
};

/** A form's channel draft; secrets left as the mask are kept by main, so not flagged. */
function checkChannel(form: ChannelForm): CheckedDraft {
  const { draft, formIssues } = channelDraftOf(form);
  const issues = [...formIssues, ...withoutMasked(schemaIssues(ChannelSchema, draft), draft)];

  return { draft, issues };
}

export interface ChannelEditorProps {
  channel: Channel | null;
  onClose(): void;
}

/** Creates or edits a channel of any kind, checked with the channel schema as it is typed. */
export function ChannelEditor({ channel, onClose }: ChannelEditorProps) {
  const { t } = useTranslation('channels');
  const save = useChannelsStore((s) => s.save);
  const isCreate = channel === null;
  const editor = useDraftEditor({
    initial: () => (channel ? channelFormOf(channel) : emptyChannelForm()),
    check: checkChannel,
    wrapper: 'channel',
    save: (draft) => save(draft, isCreate),
    onSaved: onClose,
  });
  const { form, set } = editor;
  const fields = KIND_FIELDS[form.kind];
  const hasMask = Object.values(form).includes(MASK);

  const text = (key: TextKey, path: string, rows?: number) => (
    <TextField
      key={key}
      id={`channel-${key}`}
      label={t(`field.${key}`)}
      value={form[key]}
      path={path}
      editor={editor}
      onChange={(value) => set(key, value)}
      rows={rows}
      isMonospace
      disabled={key === 'id' && !isCreate}
    />
  );

  const shownPaths = ['id', 'name', 'kind', ...fields.map((f) => f.path.split('.')[0] ?? f.path)];

  return (
    <EditorDrawer
      namespace="channels"
      editId={channel?.id ?? null}
      size="large"
      editor={editor}
      onClose={onClose}
    >
      <OtherIssues issues={editor.issues} shownPaths={shownPaths} />
      {hasMask && (
        <Typography.Paragraph type="secondary">
          {t('editor.maskHint', { mask: MASK })}
        </Typography.Paragraph>
      )}
      <Form layout="vertical" component="div">
        <ChoiceField
          label={t('field.kind')}
          disabled={!isCreate}
          value={form.kind}
          onChange={(kind) => set('kind', kind)}
          options={CHANNEL_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
        />
        {text('id', 'id')}
        {text('name', 'name')}
        {form.kind === 'webhook' && (
          <ChoiceField
            label={t('field.method')}
            value={form.method}
            onChange={(method) => set('method', method)}
            options={METHODS.map((method) => ({ value: method, label: method }))}
          />
        )}
        {fields.map((f) => text(f.key, f.path, f.rows))}
        {form.kind === 'email' && (
          <SwitchField
            label={t('field.smtpSecure')}
            checked={form.smtpSecure}
            onChange={(on) => set('smtpSecure', on)}
          />
        )}
        <SwitchField
          label={t('field.enabled')}
          checked={form.enabled}
          onChange={(on) => set('enabled', on)}
        />
      </Form>
    </EditorDrawer>
  );
}
