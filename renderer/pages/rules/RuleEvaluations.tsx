import { Alert, Button, Space, Table, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertState, EvaluationRecord } from '../../../shared/alerting/alert.js';
import { formatValue } from '../../../shared/alerting/template.js';
import { formatTime, truncate } from '../../lib/format.js';
import { useRulesStore } from '../../stores/rules.js';
import { StateTag } from './StateTag.js';

/** The Rule's recent evaluations, newest first. */
export function RuleEvaluations({ id }: { id: string }) {
  const { t } = useTranslation('rules');
  const evaluations = useRulesStore((s) => s.evaluations);
  const loadEvaluations = useRulesStore((s) => s.loadEvaluations);

  useEffect(() => {
    void loadEvaluations(id);
  }, [id, loadEvaluations]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button onClick={() => void loadEvaluations(id)} loading={evaluations.status === 'loading'}>
        {t('reload')}
      </Button>
      {evaluations.status === 'error' && <Alert type="error" showIcon title={evaluations.error} />}
      <Table<EvaluationRecord>
        size="small"
        rowKey="atMs"
        virtual
        scroll={{ y: 480 }}
        pagination={false}
        dataSource={evaluations.id === id ? (evaluations.value ?? []) : []}
        columns={[
          { title: t('evaluations.at'), width: 170, render: (_, e) => formatTime(e.atMs) },
          {
            title: t('evaluations.state'),
            width: 110,
            render: (_, e) => <StateTag state={e.state} />,
          },
          { title: t('evaluations.value'), width: 100, render: (_, e) => formatValue(e.value) },
          { title: t('evaluations.series'), width: 80, render: (_, e) => e.series },
          {
            title: t('evaluations.states'),
            render: (_, e) =>
              Object.entries(e.states).map(([state, count]) => (
                <Tag key={state}>
                  {t(`state.${state as AlertState}`)} {count}
                </Tag>
              )),
          },
          { title: t('evaluations.transitions'), width: 100, render: (_, e) => e.transitions },
          {
            title: t('evaluations.duration'),
            width: 100,
            render: (_, e) => (e.durationMs === undefined ? '-' : `${e.durationMs} ms`),
          },
          {
            title: t('evaluations.error'),
            render: (_, e) => (e.error ? truncate(e.error, 200) : ''),
          },
        ]}
      />
    </Space>
  );
}
