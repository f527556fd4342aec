import { Space, Switch, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { STATE_PRIORITY } from '../../../shared/alerting/alert.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import type { RuleRow } from '../../../shared/api/dto.js';
import { IdNameCell } from '../../components/IdNameCell.js';
import { CrudPage, useCrudPage } from '../../components/CrudPage.js';
import { formatTime, truncate } from '../../lib/format.js';
import { useRulesStore } from '../../stores/rules.js';
import { RuleEditor } from './RuleEditor.js';
import { StateTag } from './StateTag.js';
import { CodeLine } from '../../components/CodeLine.js';

const SEVERITY_COLOR: Record<Rule['severity'], string> = {
  critical: 'red',
  warning: 'orange',
  info: 'blue',
};

/** Every Rule with the worst state of its Alerts and how many are in each state. */
export function RulesPage() {
  const { t } = useTranslation('rules');
  const page = useCrudPage<RuleRow, Rule>(useRulesStore);

  // Sized to fit beside the menu at 1366 px; the condition gives way first (ellipsis).
  const columns: ColumnsType<RuleRow> = [
    {
      title: t('column.rule'),
      key: 'rule',
      width: 200,
      fixed: 'left',
      render: (_, row) => (
        <IdNameCell id={row.rule.id} name={row.rule.name} onOpen={() => page.edit(row.rule)} />
      ),
    },
    {
      title: t('column.severity'),
      key: 'severity',
      width: 90,
      render: (_, row) => (
        <Tag color={SEVERITY_COLOR[row.rule.severity]}>{t(`severity.${row.rule.severity}`)}</Tag>
      ),
    },
    {
      title: t('column.condition'),
      key: 'condition',
      ellipsis: { showTitle: false },
      render: (_, row) => {
        const { source, condition } = row.rule;
        const text = `${truncate(source.query, 200)} ${condition.op} ${condition.threshold}`;
        return (
          <Tooltip title={text}>
            <CodeLine text={text} />
          </Tooltip>
        );
      },
    },
    {
      title: t('column.cron'),
      key: 'cron',
      // A six-field cron with steps (`*/10 * * * * *`) on one line.
      width: 150,
      render: (_, row) => <CodeLine text={row.rule.evaluate.cron} />,
    },
    {
      title: t('column.worst'),
      key: 'worst',
      width: 100,
      render: (_, row) => <StateTag state={row.worst} />,
    },
    {
      title: t('column.states'),
      key: 'states',
      width: 140,
      render: (_, row) => (
        <Space size={[2, 2]} wrap>
          {STATE_PRIORITY.filter((s) => (row.states[s] ?? 0) > 0).map((state) => (
            <Tag key={state}>
              {t('stateCount', { state: t(`state.${state}`), count: row.states[state] })}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('column.lastEvaluation'),
      key: 'lastEvaluation',
      width: 150,
      render: (_, row) =>
        row.lastEvaluation ? formatTime(row.lastEvaluation.atMs) : t('neverEvaluated'),
    },
    {
      title: t('column.enabled'),
      key: 'enabled',
      width: 76,
      render: (_, row) => (
        <Switch
          size="small"
          aria-label={t('enabledOf', { id: row.rule.id })}
          checked={row.rule.enabled}
          disabled
        />
      ),
    },
  ];

  return (
    <CrudPage
      page={page}
      namespace="rules"
      rowKey={(row) => row.rule.id}
      minWidthPx={1150}
      columns={columns}
      actions={{ widthPx: 130, itemOf: (row) => row.rule }}
    >
      {page.editing && (
        <RuleEditor
          rule={page.editing.item}
          onClose={page.closeEditor}
          onSaved={(id) => page.setNotice({ type: 'success', text: t('saved', { id }) })}
        />
      )}
    </CrudPage>
  );
}
