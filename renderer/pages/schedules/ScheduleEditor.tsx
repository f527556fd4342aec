import { Form, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FireTime } from '../../../shared/api/dto.js';
import {
  DispatchModeSchema,
  MisfirePolicySchema,
  ScheduleSchema,
  type Schedule,
} from '../../../shared/schedule.js';
import {
  EditorDrawer,
  OtherIssues,
  useDraftEditor,
  type CheckedDraft,
} from '../../components/editor.js';
import {
  ChoiceField,
  SwitchField,
  TextField,
  type TextFieldProps,
} from '../../components/fields.js';
import { useSchedulesStore } from '../../stores/schedules.js';
import { failureIssues, schemaIssues } from '../../lib/issues.js';
import { draftOf, emptyForm, formOf, type ScheduleForm } from './schedule-form.js';

/** How long typing must pause before main is asked about the draft, ms. */
const VALIDATE_DELAY_MS = 300;

const FIELDS = ['id', 'name', 'cron', 'tz', 'queue', 'job', 'data', 'offsetMs', 'options'];

/** A form's schedule draft; an edit keeps the job options the form does not show. */
function checkSchedule(form: ScheduleForm, schedule: Schedule | null): CheckedDraft {
  const { draft, dataIssues } = draftOf(form, schedule);

  return { draft, issues: [...dataIssues, ...schemaIssues(ScheduleSchema, draft)] };
}

export interface ScheduleEditorProps {
  /** The schedule edited; null creates a new one. */
  schedule: Schedule | null;
  onClose(): void;
  /** After a save, with the schedule's id; the editor has closed. */
  onSaved(id: string): void;
}

/** Creates or edits a schedule, checking it as the person types and showing its next ticks. */
export function ScheduleEditor({ schedule, onClose, onSaved }: ScheduleEditorProps) {
  const { t } = useTranslation('schedules');
  const validate = useSchedulesStore((s) => s.validate);
  const preview = useSchedulesStore((s) => s.preview);
  const save = useSchedulesStore((s) => s.save);
  const [next, setNext] = useState<FireTime[] | null>(null);
  const isCreate = schedule === null;
  const check = useCallback((form: ScheduleForm) => checkSchedule(form, schedule), [schedule]);
  const editor = useDraftEditor({
    initial: () => (schedule ? formOf(schedule) : emptyForm()),
    check,
    wrapper: 'schedule',
    save: (draft) => save(draft, isCreate),
    onSaved: (saved) => {
      onClose();
      onSaved(String(saved.id));
    },
  });
  const { form, set, draft, clientIssues, setServerIssues } = editor;
  const isCronValid = !clientIssues.some((i) => i.path === 'cron' || i.path === 'tz');

  useEffect(() => {
    setServerIssues([]);
    if (!isCronValid) {
      setNext(null);
      return;
    }

    let isCurrent = true;
    const timer = setTimeout(() => {
      void (async () => {
        if (clientIssues.length > 0) {
          const times = await preview(String(draft.cron), String(draft.tz));
          if (isCurrent) setNext(times.ok ? times.value : null);
          return;
        }
        const result = await validate(draft);
        if (!isCurrent) return;
        setNext(result.ok ? result.value.next : null);
        setServerIssues(result.ok ? [] : failureIssues(result, 'schedule'));
      })();
    }, VALIDATE_DELAY_MS);

    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [draft, clientIssues, isCronValid, preview, validate, setServerIssues]);

  const text = (key: keyof ScheduleForm, label: string, extra?: Partial<TextFieldProps>) => (
    <TextField
      id={`schedule-${key}`}
      label={label}
      value={String(form[key])}
      path={key}
      editor={editor}
      onChange={(value) => set(key, value)}
      disabled={key === 'id' && !isCreate}
      {...extra}
    />
  );

  return (
    <EditorDrawer
      namespace="schedules"
      editId={schedule?.id ?? null}
      size="large"
      editor={editor}
      onClose={onClose}
    >
      <OtherIssues issues={editor.issues} shownPaths={FIELDS} />
      <Form layout="vertical" component="div">
        {text('id', t('field.id'))}
        {text('name', t('field.name'))}
        {text('cron', t('field.cron'), { placeholder: '*/5 * * * *' })}
        {text('tz', t('field.tz'), { placeholder: 'Europe/Berlin' })}
        {text('queue', t('field.queue'))}
        {text('job', t('field.job'))}
        {text('data', t('field.data'), { rows: 4, isMonospace: true })}
        {text('offsetMs', t('field.offsetMs'))}
        {text('attempts', t('field.attempts'), { path: 'options' })}
        <ChoiceField
          label={t('field.misfire')}
          value={form.misfire}
          onChange={(misfire) => set('misfire', misfire)}
          options={MisfirePolicySchema.options.map((value) => ({
            value,
            label: t(`misfire.${value}`),
          }))}
        />
        <ChoiceField
          label={t('field.dispatch')}
          value={form.dispatch}
          onChange={(dispatch) => set('dispatch', dispatch)}
          options={DispatchModeSchema.options.map((value) => ({
            value,
            label: t(`dispatch.${value}`),
          }))}
        />
        <SwitchField
          label={t('field.enabled')}
          checked={form.enabled}
          onChange={(on) => set('enabled', on)}
        />
      </Form>
      <Typography.Title level={5}>{t('editor.nextTitle')}</Typography.Title>
      <Table<FireTime>
        size="small"
        rowKey="atMs"
        pagination={false}
        dataSource={next ?? []}
        locale={{ emptyText: t('editor.nextEmpty') }}
        columns={[
          { title: t('editor.nextZoned', { tz: form.tz }), dataIndex: 'zoned' },
          { title: t('editor.nextUtc'), dataIndex: 'utc' },
        ]}
      />
    </EditorDrawer>
  );
}
