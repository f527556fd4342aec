import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../shared/api/dto.js';
import { useDraftEditor, type CheckedDraft } from '../../components/editor.js';
import { ChoiceField, SwitchField, TextField } from '../../components/fields.js';
import { useProfilesStore } from '../../stores/profiles.js';
import { fieldStatus, otherIssues, schemaIssues } from '../../lib/issues.js';
import { ProfileSchema } from '../../../shared/profile.js';

type Kind = 'standalone' | 'cluster';

interface ProfileForm {
  name: string;
  kind: Kind;
  url: string;
  /** Seeds separated by commas. */
  nodes: string;
  username: string;
  password: string;
  prefix: string;
  readOnly: boolean;
}

function formOf(profile: ProfileSummary | null): ProfileForm {
  const kind: Kind = profile?.kind === 'cluster' ? 'cluster' : 'standalone';
  return {
    name: profile?.name ?? '',
    kind,
    // The summary's target has the password masked: the person types the URL again to change it.
    url: profile && kind === 'standalone' ? profile.target : '',
    nodes: profile && kind === 'cluster' ? profile.target : '',
    username: '',
    password: '',
    prefix: profile?.prefix ?? '',
    readOnly: profile?.readOnly ?? false,
  };
}

function draftOf(form: ProfileForm): Record<string, unknown> {
  const draft: Record<string, unknown> = { name: form.name.trim(), kind: form.kind };
  if (form.kind === 'standalone') draft.url = form.url.trim();
  else {
    draft.nodes = form.nodes
      .split(/[,\s]+/)
      .map((n) => n.trim())
      .filter((n) => n !== '');
  }
  if (form.username.trim() !== '') draft.username = form.username.trim();
  if (form.password !== '') draft.password = form.password;
  if (form.prefix.trim() !== '') draft.prefix = form.prefix.trim();
  if (form.readOnly) draft.readOnly = true;

  return draft;
}

const PATHS = ['name', 'kind', 'url', 'nodes', 'username', 'password', 'prefix', 'readOnly'];

/** The Profile schema main saves with, on the draft: the same checks and messages. */
function checkProfile(form: ProfileForm): CheckedDraft {
  const draft = draftOf(form);

  return { draft, issues: schemaIssues(ProfileSchema, draft) };
}

/** Adds or edits a standalone or cluster profile; main validates it and keeps the secrets. */
export function ProfileEditor({
  profile,
  onClose,
}: {
  profile: ProfileSummary | null;
  onClose(): void;
}) {
  const { t } = useTranslation('profiles');
  const save = useProfilesStore((s) => s.save);
  const editor = useDraftEditor({
    initial: () => formOf(profile),
    check: checkProfile,
    wrapper: 'profile',
    save,
    onSaved: onClose,
  });
  const { form, set, issues } = editor;
  // Main's message repeats its field issues after `invalid profile "<name>": `; once each shows
  // at its field, the message would only say it again.
  const failure =
    issues.length > 0 && otherIssues(issues, PATHS).length === 0 ? null : editor.failure;

  const text = (key: 'name' | 'url' | 'nodes' | 'username' | 'prefix', placeholder?: string) => (
    <TextField
      id={`profile-${key}`}
      label={t(`field.${key}`)}
      value={form[key]}
      path={key}
      editor={editor}
      onChange={(value) => set(key, value)}
      disabled={key === 'name' && profile !== null}
      placeholder={placeholder}
    />
  );

  return (
    <Modal
      open
      width={640}
      title={profile ? t('editor.editTitle', { name: profile.name }) : t('editor.createTitle')}
      okText={t('editor.save')}
      cancelText={t('editor.cancel')}
      okButtonProps={{ loading: editor.isSaving, disabled: issues.length > 0 }}
      onOk={() => void editor.submit()}
      onCancel={onClose}
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      {otherIssues(issues, PATHS).map((i) => (
        <Alert key={i.path + i.message} type="warning" title={`${i.path}: ${i.message}`} />
      ))}
      <Form layout="vertical" component="div">
        <ChoiceField<Kind>
          label={t('field.kind')}
          disabled={profile !== null}
          value={form.kind}
          onChange={(kind) => set('kind', kind)}
          options={[
            { value: 'standalone', label: t('kind.standalone') },
            { value: 'cluster', label: t('kind.cluster') },
          ]}
        />
        {text('name')}
        {form.kind === 'standalone'
          ? text('url', 'redis://host:6379')
          : text('nodes', '10.0.0.5:7000, 10.0.0.6:7000')}
        {text('username')}
        <Form.Item
          label={t('field.password')}
          htmlFor="profile-password"
          {...fieldStatus(issues, 'password')}
        >
          <Input.Password
            id="profile-password"
            value={form.password}
            placeholder={profile ? t('editor.passwordKept') : ''}
            onChange={(e) => set('password', e.target.value)}
            onBlur={() => editor.touch('password')}
          />
        </Form.Item>
        {text('prefix', form.kind === 'cluster' ? '{dipper}' : 'dipper')}
        <SwitchField
          label={t('field.readOnly')}
          checked={form.readOnly}
          onChange={(on) => set('readOnly', on)}
        />
      </Form>
    </Modal>
  );
}
