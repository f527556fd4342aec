import { Alert, Button, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertTransition } from '../../../shared/alerting/alert.js';
import type { ReplayNotification } from '../../../shared/alerting/replay.js';
import { formatValue } from '../../../shared/alerting/template.js';
import { BlockedReason } from '../../components/editor.js';
import { TimeWindowFields, useTimeWindow } from '../../components/TimeWindow.js';
import { formatDuration, formatTime, truncate } from '../../lib/format.js';
import { useRulesStore } from '../../stores/rules.js';
import { LabelTags, labelsText } from '../alerts/labels.js';
import { ReplayChart } from './ReplayChart.js';
import { replayStepOf } from './replay-step.js';
import type { DraftPanelProps } from './RuleTestPanel.js';

const HOUR_MS = 3_600_000;

/** Replays the draft over a past window and shows what it would have done. */
export function RuleReplayPanel({ draft, blockers }: DraftPanelProps) {
  const { t } = useTranslation('rules');
  const replay = useRulesStore((s) => s.replay);
  const runReplay = useRulesStore((s) => s.runReplay);
  const timeWindow = useTimeWindow(6 * HOUR_MS);
  const [stepSec, setStepSec] = useState('');
  const timeline = replay.value;

  const { fromMs, toMs } = timeWindow;
  const condition = draft.condition as { threshold?: unknown } | undefined;
  const threshold =
    timeline?.transitions[0]?.threshold ??
    (typeof condition?.threshold === 'number' ? condition.threshold : 0);

  const step = replayStepOf(stepSec, fromMs, toMs);

  const start = () => {
    const window =
      step.stepMs === undefined ? { fromMs, toMs } : { fromMs, toMs, stepMs: step.stepMs };
    void runReplay(draft, window);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form layout="inline" component="div">
        <TimeWindowFields
          timeWindow={timeWindow}
          idPrefix="replay"
          texts={{ from: t('replay.from'), to: t('replay.to'), badWindow: t('replay.badWindow') }}
        />
        <Form.Item
          label={t('replay.step')}
          htmlFor="replay-step"
          tooltip={t('replay.stepHint')}
          {...(step.problem
            ? { validateStatus: 'error', help: t(step.problem.key, step.problem.values) }
            : {})}
        >
          <Input
            id="replay-step"
            style={{ width: 140 }}
            value={stepSec}
            placeholder={t('replay.stepAuto')}
            onChange={(e) => setStepSec(e.target.value)}
          />
        </Form.Item>
        <Button
          type="primary"
          disabled={blockers.length > 0 || !timeWindow.isValid || step.problem !== null}
          loading={replay.status === 'loading'}
          onClick={start}
        >
          {t('replay.run')}
        </Button>
      </Form>
      <BlockedReason fields={blockers} />
      {replay.status === 'error' && <Alert type="error" showIcon title={replay.error} />}
      {timeline && (
        <>
          <Descriptions size="small" column={4}>
            <Descriptions.Item label={t('replay.ticks')}>{timeline.ticks}</Descriptions.Item>
            <Descriptions.Item label={t('replay.series')}>{timeline.series}</Descriptions.Item>
            <Descriptions.Item label={t('replay.transitions')}>
              {timeline.transitions.length}
            </Descriptions.Item>
            <Descriptions.Item label={t('replay.notifications')}>
              {timeline.notifications.length}
            </Descriptions.Item>
          </Descriptions>
          {timeline.isTruncated && <Alert type="warning" showIcon title={t('replay.truncated')} />}
          <ReplayChart timeline={timeline} threshold={threshold} />
          <Typography.Title level={5}>{t('replay.transitionsTitle')}</Typography.Title>
          <Table<AlertTransition>
            size="small"
            rowKey={(tr) => `${tr.seriesKey}@${tr.atMs}:${tr.to}`}
            virtual
            scroll={{ y: 320 }}
            pagination={false}
            dataSource={timeline.transitions}
            columns={[
              { title: t('replay.at'), width: 170, render: (_, tr) => formatTime(tr.atMs) },
              { title: t('replay.labels'), render: (_, tr) => <LabelTags labels={tr.labels} /> },
              {
                title: t('replay.change'),
                width: 180,
                render: (_, tr) => (
                  <span>
                    <Tag>{t(`state.${tr.from}`)}</Tag>→<Tag>{t(`state.${tr.to}`)}</Tag>
                  </span>
                ),
              },
              { title: t('replay.value'), width: 100, render: (_, tr) => formatValue(tr.value) },
              { title: t('replay.summary'), render: (_, tr) => truncate(tr.summary, 200) },
            ]}
          />
          <Typography.Title level={5}>{t('replay.notificationsTitle')}</Typography.Title>
          <Table<ReplayNotification>
            size="small"
            rowKey={(n) => `${n.routeId}@${n.atMs}:${labelsText(n.groupLabels)}:${n.status}`}
            virtual
            scroll={{ y: 320 }}
            pagination={false}
            dataSource={timeline.notifications}
            columns={[
              { title: t('replay.at'), width: 170, render: (_, n) => formatTime(n.atMs) },
              {
                title: t('replay.status'),
                width: 140,
                render: (_, n) => (
                  <Space size={2}>
                    <Tag color={n.status === 'firing' ? 'error' : 'success'}>
                      {t(`notificationStatus.${n.status}`)}
                    </Tag>
                    {n.isRepeat && <Tag>{t('replay.repeat')}</Tag>}
                  </Space>
                ),
              },
              { title: t('replay.route'), width: 120, render: (_, n) => n.routeId },
              { title: t('replay.channels'), width: 160, render: (_, n) => n.channels.join(', ') },
              {
                title: t('replay.group'),
                render: (_, n) => <LabelTags labels={n.groupLabels} />,
              },
              { title: t('replay.alerts'), width: 80, render: (_, n) => n.alerts.length },
            ]}
          />
          <Typography.Text type="secondary">
            {t('replay.firingTime')}{' '}
            {Object.entries(timeline.firingMs)
              .slice(0, 20)
              .map(([key, ms]) => `${truncate(key, 60)}: ${formatDuration(ms)}`)
              .join('; ') || '-'}
          </Typography.Text>
        </>
      )}
    </Space>
  );
}
