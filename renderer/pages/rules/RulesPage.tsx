import { Alert, Button, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STATE_PRIORITY } from '../../../shared/alerting/alert.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import type { RuleRow } from '../../../shared/api/dto.js';
import { formatTime, truncate } from '../../lib/format.js';
import { useLiveStore } from '../../stores/live.js';
import { needsConfirmation } from '../../stores/profiles.js';
import { useRulesStore } from '../../stores/rules.js';
import { DeleteButton } from '../schedules/TypedConfirm.js';
import { RuleEditor } from './RuleEditor.js';
import { StateTag } from './StateTag.js';

const SEVERITY_COLOR: Record<Rule['severity'], string> = {
  critical: 'red',
  warning: 'orange',
  info: 'blue',
};

/** Every Rule with the worst state of its Alerts and how many are in each state. */
export function RulesPage() {
  const { t } = useTranslation('rules');
  const status = useRulesStore((s) => s.status);
  const error = useRulesStore((s) => s.error);
  const rows = useRulesStore((s) => s.rows);
  const load = useRulesStore((s) => s.load);
  const watch = useRulesStore((s) => s.watch);
  const remove = useRulesStore((s) => s.remove);
  const app = useLiveStore((s) => s.app);
  const [editing, setEditing] = useState<{ rule: Rule | null } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  const columns: ColumnsType<RuleRow> = [
    {
      title: t('column.id'),
      width: 180,
      render: (_, row) => (
        <Typography.Link onClick={() => setEditing({ rule: row.rule })}>
          {row.rule.id}
        </Typography.Link>
      ),
    },
    { title: t('column.name'), width: 200, render: (_, row) => truncate(row.rule.name, 80) },
    {
      title: t('column.severity'),
      width: 100,
      render: (_, row) => (
        <Tag color={SEVERITY_COLOR[row.rule.severity]}>{t(`severity.${row.rule.severity}`)}</Tag>
      ),
    },
    {
      title: t('column.condition'),
      width: 260,
      render: (_, row) => (
        <Typography.Text code>
          {`${truncate(row.rule.source.query, 60)} ${row.rule.condition.op} ${row.rule.condition.threshold}`}
        </Typography.Text>
      ),
    },
    {
      title: t('column.cron'),
      width: 130,
      render: (_, row) => <Typography.Text code>{row.rule.evaluate.cron}</Typography.Text>,
    },
    {
      title: t('column.worst'),
      width: 110,
      render: (_, row) => <StateTag state={row.worst} />,
    },
    {
      title: t('column.states'),
      width: 260,
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
      width: 170,
      render: (_, row) =>
        row.lastEvaluation ? formatTime(row.lastEvaluation.atMs) : t('neverEvaluated'),
    },
    {
      title: t('column.enabled'),
      width: 80,
      render: (_, row) => <Switch size="small" checked={row.rule.enabled} disabled />,
    },
    {
      title: t('column.actions'),
      width: 150,
      render: (_, row) => (
        <Space size={4}>
          <Button size="small" onClick={() => setEditing({ rule: row.rule })}>
            {t('edit')}
          </Button>
          <DeleteButton
            id={row.rule.id}
            isTyped={needsConfirmation(app)}
            texts={{
              action: t('delete.action'),
              question: t('delete.question', { id: row.rule.id }),
              typePrompt: t('delete.typePrompt'),
              ok: t('delete.ok'),
              cancel: t('delete.cancel'),
            }}
            onDelete={async (confirm) => {
              const result = await remove(row.rule.id, confirm);
              setFailure(result.ok ? null : result.message);
            }}
          />
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing({ rule: null })}>
          {t('create')}
        </Button>
        <Button onClick={() => void load()} loading={status === 'loading'}>
          {t('reload')}
        </Button>
      </Space>
      {status === 'error' && <Alert type="error" showIcon title={error} />}
      {failure && (
        <Alert type="error" showIcon closable title={failure} onClose={() => setFailure(null)} />
      )}
      <Table<RuleRow>
        size="small"
        rowKey={(row) => row.rule.id}
        virtual
        scroll={{ x: 1640, y: 600 }}
        pagination={false}
        loading={status === 'loading' && rows.length === 0}
        dataSource={rows}
        columns={columns}
      />
      {editing && <RuleEditor rule={editing.rule} onClose={() => setEditing(null)} />}
    </Space>
  );
}
