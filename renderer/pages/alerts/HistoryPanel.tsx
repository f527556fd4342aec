import { Alert, Button, Checkbox, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_STATES, type AlertState } from '../../../shared/alerting/alert.js';
import {
  HISTORY_KINDS,
  type HistoryEntry,
  type HistoryKind,
} from '../../../shared/alerting/history.js';
import type { Severity } from '../../../shared/alerting/rule.js';
import { formatValue } from '../../../shared/alerting/template.js';
import { TimeWindowFields, useTimeWindow } from '../../components/TimeWindow.js';
import { formatTime, truncate } from '../../lib/format.js';
import { tableScroll } from '../../lib/table.js';
import { useAlertsStore, type HistoryFilter } from '../../stores/alerts.js';
import { StateTag } from '../rules/StateTag.js';
import { LabelTags } from './labels.js';
import { parseMatchers } from './matcher-text.js';
import { SEARCH_ATTRIBUTE } from '../../app/shortcuts.js';

/** Entries one page asks for. */
export const HISTORY_PAGE_SIZE = 200;
/** What the tab shows when it opens: the last hour. */
const FIRST_WINDOW_MS = 3_600_000;

/** The alert history between two times, filtered, newest first, paged with its cursor. */
export function HistoryPanel() {
  const { t } = useTranslation('alerts');
  const history = useAlertsStore((s) => s.history);
  const queryHistory = useAlertsStore((s) => s.queryHistory);
  const moreHistory = useAlertsStore((s) => s.moreHistory);
  const timeWindow = useTimeWindow(FIRST_WINDOW_MS, 60_000);
  const [ruleId, setRuleId] = useState('');
  const [severity, setSeverity] = useState<Severity | undefined>();
  const [state, setState] = useState<AlertState | undefined>();
  const [kinds, setKinds] = useState<HistoryKind[]>([]);
  const [labelText, setLabelText] = useState('');

  const { fromMs, toMs } = timeWindow;
  const labels = parseMatchers(labelText);

  const search = () => {
    const filter: HistoryFilter = { fromMs, toMs, limit: HISTORY_PAGE_SIZE };
    if (ruleId.trim() !== '') filter.ruleId = ruleId.trim();
    if (severity) filter.severity = severity;
    if (state) filter.state = state;
    if (kinds.length > 0) filter.kinds = kinds;
    if (labels.matchers.length > 0) filter.labels = labels.matchers;
    void queryHistory(filter);
  };

  useEffect(() => {
    search();
    // Once, when the tab opens; later searches are the person's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form layout="inline" component="div">
        <TimeWindowFields
          timeWindow={timeWindow}
          idPrefix="history"
          texts={{
            from: t('history.from'),
            to: t('history.to'),
            badWindow: t('history.badWindow'),
          }}
        />
        <Form.Item label={t('history.rule')} htmlFor="history-rule">
          <Input
            id="history-rule"
            value={ruleId}
            onChange={(e) => setRuleId(e.target.value)}
            {...{ [SEARCH_ATTRIBUTE]: true }}
          />
        </Form.Item>
        <Form.Item label={t('history.severity')}>
          <Select<Severity>
            aria-label={t('history.severity')}
            allowClear
            style={{ width: 120 }}
            value={severity}
            onChange={setSeverity}
            options={(['critical', 'warning', 'info'] as const).map((s) => ({
              value: s,
              label: s,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('history.state')}>
          <Select<AlertState>
            aria-label={t('history.state')}
            allowClear
            style={{ width: 120 }}
            value={state}
            onChange={setState}
            options={ALERT_STATES.map((s) => ({ value: s, label: s }))}
          />
        </Form.Item>
        <Form.Item
          label={t('history.labels')}
          htmlFor="history-labels"
          {...(labels.error ? { validateStatus: 'error' as const, help: labels.error } : {})}
        >
          <Input
            id="history-labels"
            style={{ width: 280 }}
            placeholder='app=web, env=~"prod.*"'
            value={labelText}
            onChange={(e) => setLabelText(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('history.kinds')}>
          <Checkbox.Group
            value={kinds}
            onChange={(values) => setKinds(values)}
            options={HISTORY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
        </Form.Item>
        <Button
          type="primary"
          disabled={!timeWindow.isValid || labels.error !== null}
          loading={history.status === 'loading' && history.entries.length === 0}
          onClick={search}
        >
          {t('history.search')}
        </Button>
      </Form>
      {history.status === 'error' && <Alert type="error" showIcon title={history.error} />}
      <Table<HistoryEntry>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        {...tableScroll(history.entries.length, 1000, 560)}
        pagination={false}
        dataSource={history.entries}
        columns={[
          { title: t('history.at'), width: 160, render: (_, e) => formatTime(e.atMs) },
          {
            title: t('history.kind'),
            width: 120,
            render: (_, e) => <Tag>{t(`kind.${e.kind}`)}</Tag>,
          },
          {
            title: t('history.rule'),
            width: 140,
            ellipsis: true,
            render: (_, e) => (e.kind === 'silence' ? '' : (e.ruleId ?? '')),
          },
          {
            title: t('history.labels'),
            width: 300,
            render: (_, e) =>
              e.kind === 'silence' ? truncate(e.matchers, 200) : <LabelTags labels={e.labels} />,
          },
          { title: t('history.detail'), render: (_, e) => <EntryDetail entry={e} /> },
        ]}
      />
      {history.next && (
        <Button onClick={() => void moreHistory()} loading={history.status === 'loading'}>
          {t('history.more')}
        </Button>
      )}
    </Space>
  );
}

function EntryDetail({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation('alerts');
  switch (entry.kind) {
    case 'transition':
      return (
        <Space size={4}>
          <StateTag state={entry.from} />→<StateTag state={entry.to} />
          {t('history.valueOf', { value: formatValue(entry.value), threshold: entry.threshold })}
        </Space>
      );
    case 'notification':
      return (
        <Space size={4}>
          <Tag color={entry.outcome === 'sent' ? 'success' : 'error'}>
            {t(`outcome.${entry.outcome}`)}
          </Tag>
          {t('history.notification', {
            channel: entry.channel,
            status: t(`rules:notificationStatus.${entry.status}`),
            count: entry.alerts,
          })}
          {entry.error ? truncate(entry.error, 200) : ''}
        </Space>
      );
    case 'silence':
      return (
        <span>{t(`silenceEvent.${entry.event}`, { id: entry.silenceId, by: entry.by ?? '' })}</span>
      );
    case 'ack':
      return <span>{t('history.ackBy', { by: entry.by })}</span>;
  }
}
