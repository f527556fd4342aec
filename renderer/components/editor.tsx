import { Alert, Button, Space } from 'antd';
import { useCallback, useState } from 'react';
import type { Result } from '../../shared/result.js';
import { failureIssues, otherIssues, type Issues } from '../pages/schedules/issues.js';

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

export interface EditorActionsProps {
  texts: { cancel: string; save: string };
  isSaving: boolean;
  /** True while problems are shown: Save waits until they are fixed. */
  isBlocked: boolean;
  onCancel(): void;
  onSave(): void;
}

/** Cancel and Save in an editor drawer's header. */
export function EditorActions({
  texts,
  isSaving,
  isBlocked,
  onCancel,
  onSave,
}: EditorActionsProps) {
  return (
    <Space>
      <Button onClick={onCancel}>{texts.cancel}</Button>
      <Button type="primary" loading={isSaving} disabled={isBlocked} onClick={onSave}>
        {texts.save}
      </Button>
    </Space>
  );
}

/** The failure of the last save, and problems that belong to no field shown in the form. */
export function EditorNotices(props: {
  failure: string | null;
  issues: Issues;
  shownPaths: readonly string[];
}) {
  return (
    <>
      {props.failure && (
        <Alert type="error" showIcon title={props.failure} style={{ marginBottom: 16 }} />
      )}
      {otherIssues(props.issues, props.shownPaths).map((i) => (
        <Alert key={i.path + i.message} type="warning" title={`${i.path}: ${i.message}`} />
      ))}
    </>
  );
}
