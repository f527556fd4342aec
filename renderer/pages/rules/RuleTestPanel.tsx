import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatValue } from '../../../shared/alerting/template.js';
import type { RuleTestSeries } from '../../../shared/api/dto.js';
import { BlockedReason } from '../../components/editor.js';
import { useRulesStore } from '../../stores/rules.js';
import { LabelTags, labelsText } from '../alerts/labels.js';

export interface DraftPanelProps {
  draft: Record<string, unknown>;
  /** The fields to fill in or fix before main would take the draft; empty when it is valid. */
  blockers: readonly string[];
}

/** Runs the draft's query now and shows each series' value and whether the condition holds. */
export function RuleTestPanel({ draft, blockers }: DraftPanelProps) {
  const { t } = useTranslation('rules');
  const test = useRulesStore((s) => s.test);
  const runTest = useRulesStore((s) => s.runTest);
  const result = test.value;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button
          type="primary"
          disabled={blockers.length > 0}
          loading={test.status === 'loading'}
          onClick={() => void runTest(draft)}
        >
          {t('test.run')}
        </Button>
        <BlockedReason fields={blockers} />
      </Space>
      {test.status === 'error' && <Alert type="error" showIcon title={test.error} />}
      {result && (
        <>
          <Typography.Text type="secondary">
            {t('test.summary', {
              series: result.series.length,
              met: result.series.filter((s) => s.conditionMet).length,
              threshold: result.threshold,
              durationMs: result.durationMs,
            })}
          </Typography.Text>
          {result.error && <Alert type="error" showIcon title={result.error} />}
          <Table<RuleTestSeries>
            size="small"
            rowKey={(s) => labelsText(s.labels)}
            virtual
            scroll={{ y: 400 }}
            pagination={false}
            dataSource={result.series}
            columns={[
              {
                title: t('test.labels'),
                render: (_, s) => <LabelTags labels={s.labels} />,
              },
              {
                title: t('test.value'),
                width: 140,
                render: (_, s) => (s.value === null ? t('test.noData') : formatValue(s.value)),
              },
              {
                title: t('test.condition'),
                width: 140,
                render: (_, s) =>
                  s.conditionMet ? (
                    <Tag color="error">{t('test.met')}</Tag>
                  ) : (
                    <Tag color="success">{t('test.notMet')}</Tag>
                  ),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
