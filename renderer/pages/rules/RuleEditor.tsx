import { Form, Select, Space, Tabs } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CONDITION_OPS } from '../../../shared/alerting/condition.js';
import { RuleSchema, type Rule } from '../../../shared/alerting/rule.js';
import {
  EditorDrawer,
  fieldsWithIssues,
  OtherIssues,
  useDraftEditor,
  type CheckedDraft,
} from '../../components/editor.js';
import { ChoiceField, SwitchField, TextField } from '../../components/fields.js';
import { useRulesStore } from '../../stores/rules.js';
import { fieldStatus, schemaIssues } from '../../lib/issues.js';
import { RuleEvaluations } from './RuleEvaluations.js';
import { RuleReplayPanel } from './RuleReplayPanel.js';
import { RuleTestPanel } from './RuleTestPanel.js';
import { emptyRuleForm, ruleDraftOf, ruleFormOf, type RuleForm } from './rule-form.js';

/** Where each text field's problems are reported in the Rule schema. */
const FIELD_PATHS: Partial<Record<keyof RuleForm, string>> = {
  sourceId: 'source.sourceId',
  query: 'source.query',
  op: 'condition.op',
  threshold: 'condition.threshold',
  resolveThreshold: 'condition.resolveThreshold',
  cron: 'evaluate.cron',
  tz: 'evaluate.tz',
};

const pathOf = (key: keyof RuleForm) => FIELD_PATHS[key] ?? key;

/** The fields in form order, as a held-back Save or Test now names them. */
const LABELLED_FIELDS = [
  'id',
  'name',
  'sourceId',
  'query',
  'op',
  'threshold',
  'resolveThreshold',
  'cron',
  'tz',
  'forMs',
  'keepFiringForMs',
  'severity',
  'labels',
  'summary',
  'description',
  'noData',
  'onError',
] as const satisfies readonly (keyof RuleForm)[];

/** The fields the Rule schema refuses to leave empty. */
const REQUIRED_FIELDS: ReadonlySet<keyof RuleForm> = new Set([
  'id',
  'name',
  'sourceId',
  'query',
  'threshold',
  'cron',
  'tz',
  'summary',
]);

const SHOWN_PATHS = [
  'id',
  'name',
  'source',
  'condition',
  'evaluate',
  'forMs',
  'keepFiringForMs',
  'labels',
  'summary',
  'description',
];

function checkRule(form: RuleForm): CheckedDraft {
  const { draft, formIssues } = ruleDraftOf(form);

  return { draft, issues: [...formIssues, ...schemaIssues(RuleSchema, draft)] };
}

export interface RuleEditorProps {
  /** The Rule edited; null creates one. */
  rule: Rule | null;
  onClose(): void;
  /** After a save, with the Rule's id; the editor has closed. */
  onSaved(id: string): void;
}

/** Creates or edits a Rule; tests it now, replays it over past data, lists its evaluations. */
export function RuleEditor({ rule, onClose, onSaved }: RuleEditorProps) {
  const { t } = useTranslation('rules');
  const save = useRulesStore((s) => s.save);
  const clearResults = useRulesStore((s) => s.clearResults);
  const sources = useRulesStore((s) => s.sources);
  const loadSources = useRulesStore((s) => s.loadSources);
  const isCreate = rule === null;
  const editor = useDraftEditor({
    initial: () => (rule ? ruleFormOf(rule) : emptyRuleForm()),
    check: checkRule,
    wrapper: 'rule',
    save: (draft) => save(draft, isCreate),
    onSaved: (saved) => {
      onClose();
      onSaved(String(saved.id));
    },
  });
  const { form, set, draft } = editor;
  const fieldLabels = Object.fromEntries(
    LABELLED_FIELDS.map((key) => [pathOf(key), t(`field.${key}`)]),
  );
  const blockers = fieldsWithIssues(editor.clientIssues, fieldLabels);

  useEffect(() => clearResults, [clearResults]);

  useEffect(() => {
    void loadSources();
  }, [loadSources]);

  const text = (key: keyof RuleForm, label: string, rows?: number) => (
    <TextField
      id={`rule-${key}`}
      label={label}
      value={String(form[key])}
      path={pathOf(key)}
      editor={editor}
      onChange={(value) => set(key, value as RuleForm[typeof key])}
      rows={rows}
      isRequired={REQUIRED_FIELDS.has(key)}
      disabled={key === 'id' && !isCreate}
    />
  );

  const choice = <K extends 'op' | 'severity' | 'noData' | 'onError'>(
    key: K,
    label: string,
    values: readonly RuleForm[K][],
  ) => (
    <ChoiceField<RuleForm[K]>
      label={label}
      value={form[key]}
      onChange={(value) => set(key, value)}
      options={values.map((value) => ({
        value,
        label: key === 'op' ? value : t(`${key}.${value}`),
      }))}
      issues={{ all: editor.issues, path: pathOf(key) }}
    />
  );

  const ruleTab = (
    <>
      <OtherIssues issues={editor.issues} shownPaths={SHOWN_PATHS} />
      <Form layout="vertical" component="div">
        {text('id', t('field.id'))}
        {text('name', t('field.name'))}
        <Form.Item
          label={t('field.sourceId')}
          htmlFor="rule-sourceId"
          required
          {...fieldStatus(editor.issues, pathOf('sourceId'))}
        >
          <Select
            id="rule-sourceId"
            showSearch
            optionFilterProp="label"
            loading={sources.status === 'loading'}
            placeholder={t('field.sourcePlaceholder')}
            notFoundContent={sources.error ?? t('field.noSources')}
            value={form.sourceId === '' ? undefined : form.sourceId}
            onChange={(id: string) => set('sourceId', id)}
            onBlur={() => editor.touch(pathOf('sourceId'))}
            options={(sources.value ?? []).map((s) => ({
              value: s.id,
              label: `${s.name} (${s.id}, ${s.kind})`,
            }))}
          />
        </Form.Item>
        {text('query', t('field.query'), 3)}
        {choice('op', t('field.op'), CONDITION_OPS)}
        {text('threshold', t('field.threshold'))}
        {text('resolveThreshold', t('field.resolveThreshold'))}
        {text('cron', t('field.cron'))}
        {text('tz', t('field.tz'))}
        {text('forMs', t('field.forMs'))}
        {text('keepFiringForMs', t('field.keepFiringForMs'))}
        {choice('severity', t('field.severity'), ['critical', 'warning', 'info'])}
        {text('labels', t('field.labels'), 3)}
        {text('summary', t('field.summary'), 2)}
        {text('description', t('field.description'), 3)}
        {choice('noData', t('field.noData'), ['keep', 'ok', 'alerting', 'nodata'])}
        {choice('onError', t('field.onError'), ['keep', 'alerting', 'error'])}
        <Space size="large">
          <SwitchField
            label={t('field.spread')}
            checked={form.spread}
            onChange={(on) => set('spread', on)}
          />
          <SwitchField
            label={t('field.enabled')}
            checked={form.enabled}
            onChange={(on) => set('enabled', on)}
          />
        </Space>
      </Form>
    </>
  );

  const tabs = [
    { key: 'rule', label: t('tab.rule'), children: ruleTab },
    {
      key: 'test',
      label: t('tab.test'),
      children: <RuleTestPanel draft={draft} blockers={blockers} />,
    },
    {
      key: 'replay',
      label: t('tab.replay'),
      children: <RuleReplayPanel draft={draft} blockers={blockers} />,
    },
    ...(rule
      ? [
          {
            key: 'evaluations',
            label: t('tab.evaluations'),
            children: <RuleEvaluations id={rule.id} />,
          },
        ]
      : []),
  ];

  return (
    <EditorDrawer
      namespace="rules"
      editId={rule?.id ?? null}
      size={960}
      editor={editor}
      fieldLabels={fieldLabels}
      onClose={onClose}
    >
      <Tabs items={tabs} />
    </EditorDrawer>
  );
}
