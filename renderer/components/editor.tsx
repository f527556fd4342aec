import { Alert, Button, Drawer, Form, Input, Radio, Space, Switch, type DrawerProps } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../shared/result.js';
import { failureIssues, fieldStatus, otherIssues, type Issues } from '../pages/schedules/issues.js';

const isUnder = (path: string, parents: ReadonlySet<string>) =>
  [...parents].some((p) => path === p || path.startsWith(`${p}.`));

export interface DraftEditorOptions {
  /** What the schema main saves with says of the draft now; empty when it is valid. */
  clientIssues: Issues;
  /** The request field that wraps the draft in main's issue paths: `schedule`, `rule`... */
  wrapper: string;
  save(): Promise<Result<unknown>>;
  onSaved(): void;
}

/**
 * What every editor drawer shares. A new form opens without red fields: a field's problems
 * show once the person has left it, and all of them once Save was pressed. After a refused
 * save, main's problems show on the same fields.
 */
export function useDraftEditor({ clientIssues, wrapper, save, onSaved }: DraftEditorOptions) {
  const [serverIssues, setServerIssues] = useState<Issues>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [isSubmitted, setSubmitted] = useState(false);

  const all = clientIssues.length > 0 ? clientIssues : serverIssues;
  const issues = isSubmitted ? all : all.filter((i) => isUnder(i.path, touched));

  /** Marks the field at a schema path as visited: its problems show from now on. */
  const touch = useCallback((path: string) => {
    setTouched((seen) => (seen.has(path) ? seen : new Set(seen).add(path)));
  }, []);

  const submit = async () => {
    setSubmitted(true);
    if (clientIssues.length > 0) return;

    setSaving(true);
    setFailure(null);
    const result = await save();
    setSaving(false);
    if (result.ok) {
      onSaved();
      return;
    }

    setFailure(result.message);
    setServerIssues(failureIssues(result, wrapper));
  };

  return { issues, failure, isSaving, submit, touch, setServerIssues };
}

type DraftEditor = ReturnType<typeof useDraftEditor>;

export interface EditorDrawerProps {
  /**
   * The i18n namespace whose `editor.createTitle`, `editor.editTitle` (with `{{id}}`),
   * `editor.cancel` and `editor.save` texts the drawer uses.
   */
  namespace: string;
  /** The id of what is edited; null creates. */
  editId: string | null;
  size: DrawerProps['size'];
  editor: Pick<DraftEditor, 'issues' | 'failure' | 'isSaving' | 'submit'>;
  onClose(): void;
  children: ReactNode;
}

/**
 * An editor drawer: its title, Cancel and Save (held back while problems are shown) and the
 * failure of the last save above the form.
 */
export function EditorDrawer({ namespace, editId, editor, onClose, ...props }: EditorDrawerProps) {
  const { t } = useTranslation(namespace);

  return (
    <Drawer
      open
      size={props.size}
      title={editId === null ? t('editor.createTitle') : t('editor.editTitle', { id: editId })}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('editor.cancel')}</Button>
          <Button
            type="primary"
            loading={editor.isSaving}
            disabled={editor.issues.length > 0}
            onClick={() => void editor.submit()}
          >
            {t('editor.save')}
          </Button>
        </Space>
      }
    >
      {editor.failure && (
        <Alert type="error" showIcon title={editor.failure} style={{ marginBottom: 16 }} />
      )}
      {props.children}
    </Drawer>
  );
}

/** Problems that belong to no field shown in the form, so none is lost. */
export function OtherIssues(props: { issues: Issues; shownPaths: readonly string[] }) {
  return otherIssues(props.issues, props.shownPaths).map((i) => (
    <Alert key={i.path + i.message} type="warning" title={`${i.path}: ${i.message}`} />
  ));
}

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  /** The schema path the field's problems come under. */
  path: string;
  /** The problems shown, and where a visited field is marked (editors that check as one types). */
  editor: { issues: Issues; touch?(path: string): void };
  onChange(value: string): void;
  /** A text area of this many rows; a one-line input without. */
  rows?: number;
  isMonospace?: boolean;
  disabled?: boolean;
  placeholder?: string;
}

/** A labelled text input of an editor with its problems under it, visited when it loses focus. */
export function TextField({ id, path, editor, rows, isMonospace, ...props }: TextFieldProps) {
  const input = {
    id,
    value: props.value,
    placeholder: props.placeholder,
    onChange: (e: { target: { value: string } }) => props.onChange(e.target.value),
    onBlur: () => editor.touch?.(path),
  };

  return (
    <Form.Item label={props.label} htmlFor={id} {...fieldStatus(editor.issues, path)}>
      {rows ? (
        <Input.TextArea
          rows={rows}
          {...input}
          style={isMonospace ? { fontFamily: 'monospace' } : undefined}
        />
      ) : (
        <Input {...input} disabled={props.disabled} />
      )}
    </Form.Item>
  );
}

/** A labelled on/off switch of an editor; the switch is named by its label. */
export function SwitchField(props: {
  label: string;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  return (
    <Form.Item label={props.label}>
      <Switch aria-label={props.label} checked={props.checked} onChange={props.onChange} />
    </Form.Item>
  );
}

export interface ChoiceFieldProps<V extends string> {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange(value: V): void;
  disabled?: boolean;
  /** The problems to show under the field, with the schema path they come under. */
  issues?: { all: Issues; path: string };
}

/** A labelled row of buttons of which one is chosen. */
export function ChoiceField<V extends string>({ issues, ...props }: ChoiceFieldProps<V>) {
  return (
    <Form.Item label={props.label} {...(issues ? fieldStatus(issues.all, issues.path) : {})}>
      <Radio.Group
        optionType="button"
        disabled={props.disabled}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as V)}
        options={[...props.options]}
      />
    </Form.Item>
  );
}
