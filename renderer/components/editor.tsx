import { Alert, Button, Drawer, Space, Tooltip, Typography, type DrawerProps } from 'antd';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../shared/result.js';
import { failureIssues, issueAt, otherIssues, type Issues } from '../lib/issues.js';

const isUnder = (path: string, parents: ReadonlySet<string>) =>
  [...parents].some((p) => path === p || path.startsWith(`${p}.`));

/** A form's draft as main saves it, and what its schema says of it now; no issues when valid. */
export interface CheckedDraft {
  draft: Record<string, unknown>;
  issues: Issues;
}

export interface DraftEditorOptions<F> {
  /** The form when the editor opens. */
  initial(): F;
  /**
   * Works out the draft of a form. Keep it the same function across renders (a module function
   * or a useCallback): a new one works the draft out again and restarts what depends on it.
   */
  check(form: F): CheckedDraft;
  /** The request field that wraps the draft in main's issue paths: `schedule`, `rule`... */
  wrapper: string;
  save(draft: Record<string, unknown>): Promise<Result<unknown>>;
  /** After main took the draft, with the draft it took. */
  onSaved(draft: Record<string, unknown>): void;
}

/**
 * What every editor drawer shares: the form, its draft and problems. A new form opens without
 * red fields: a field's problems show once the person has left it, and all of them once Save
 * was pressed. After a refused save, main's problems show on the same fields until the next edit.
 */
export function useDraftEditor<F extends object>(options: DraftEditorOptions<F>) {
  const { check, wrapper, save, onSaved } = options;
  const [form, setForm] = useState<F>(options.initial);
  const [serverIssues, setServerIssues] = useState<Issues>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [isSubmitted, setSubmitted] = useState(false);

  const { draft, issues: clientIssues } = useMemo(() => check(form), [check, form]);
  const all = clientIssues.length > 0 ? clientIssues : serverIssues;
  const issues = isSubmitted ? all : all.filter((i) => isUnder(i.path, touched));

  /** Sets one field of the form; main's problems with the draft before no longer apply. */
  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setServerIssues([]);
    setForm((f) => ({ ...f, [key]: value }));
  };

  /** Marks the field at a schema path as visited: its problems show from now on. */
  const touch = useCallback((path: string) => {
    setTouched((seen) => (seen.has(path) ? seen : new Set(seen).add(path)));
  }, []);

  const submit = async () => {
    setSubmitted(true);
    if (clientIssues.length > 0) return;

    setSaving(true);
    setFailure(null);
    const result = await save(draft);
    setSaving(false);
    if (result.ok) {
      onSaved(draft);
      return;
    }

    setFailure(result.message);
    setServerIssues(failureIssues(result, wrapper));
  };

  return {
    form,
    set,
    draft,
    clientIssues,
    issues,
    failure,
    isSaving,
    submit,
    touch,
    setServerIssues,
  };
}

type DraftEditor = ReturnType<typeof useDraftEditor<object>>;

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
  /** Field labels by schema path, in form order: a held-back Save names the fields to fix. */
  fieldLabels?: Readonly<Record<string, string>>;
  onClose(): void;
  children: ReactNode;
}

/**
 * An editor drawer: its title, Cancel and Save (held back while problems are shown) and the
 * failure of the last save above the form.
 */
export function EditorDrawer({ namespace, editId, editor, onClose, ...props }: EditorDrawerProps) {
  const { t } = useTranslation(namespace);
  const { t: tc } = useTranslation('common');
  const blockers = fieldsWithIssues(editor.issues, props.fieldLabels ?? {});

  return (
    <Drawer
      open
      size={props.size}
      title={editId === null ? t('editor.createTitle') : t('editor.editTitle', { id: editId })}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('editor.cancel')}</Button>
          <Tooltip
            title={blockers.length > 0 ? tc('editor.blocked', { fields: blockers.join(', ') }) : ''}
          >
            {/* A disabled button gets no pointer events; its wrapper shows the reason. */}
            <span style={{ display: 'inline-block' }}>
              <Button
                type="primary"
                loading={editor.isSaving}
                disabled={editor.issues.length > 0}
                onClick={() => void editor.submit()}
              >
                {t('editor.save')}
              </Button>
            </span>
          </Tooltip>
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

/**
 * The labels of the fields that have problems, in the order of `labels` (keyed by schema path);
 * a problem under no labelled field is named by its path.
 */
export function fieldsWithIssues(
  issues: Issues,
  labels: Readonly<Record<string, string>>,
): string[] {
  const paths = Object.keys(labels);
  const labelled = paths.filter((p) => issueAt(issues, p) !== undefined).map((p) => labels[p]);
  const unlabelled = otherIssues(issues, paths).map((i) => i.path);

  return [...new Set([...labelled, ...unlabelled])].filter((name) => name !== undefined);
}

/** Why an action is held back: the fields still to fill in or fix; nothing when there are none. */
export function BlockedReason({ fields }: { fields: readonly string[] }) {
  const { t } = useTranslation('common');
  if (fields.length === 0) return null;

  return (
    <Typography.Text type="secondary">
      {t('editor.blocked', { fields: fields.join(', ') })}
    </Typography.Text>
  );
}
