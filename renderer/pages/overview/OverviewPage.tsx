import { Alert, Card, Col, Row, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format.js';
import { useLiveStore } from '../../stores/live.js';
import { useNodesStore } from '../../stores/nodes.js';
import { FiringAlertsTable } from './FiringAlertsTable.js';
import { NodesTable } from './NodesTable.js';
import { QueuesGlance } from './QueuesGlance.js';
import { ThroughputChart } from './ThroughputChart.js';
import { PageTitleRow } from '../../components/ListPageHeader.js';

const EMPTY: never[] = [];

/** Nodes, queues, firing alerts and throughput, fed by the live snapshot every two seconds. */
export function OverviewPage() {
  const { t } = useTranslation('overview');
  const error = useLiveStore((state) => state.error);
  const atMs = useLiveStore((state) => state.snapshot?.atMs ?? null);
  const active = useLiveStore((state) => state.snapshot?.firing ?? EMPTY);
  // The snapshot carries every Alert that is not normal; this card is about firing ones.
  const firing = useMemo(() => active.filter((alert) => alert.state === 'firing'), [active]);
  const throughput = useLiveStore((state) => state.snapshot?.throughput ?? EMPTY);
  const nodesError = useNodesStore((state) => state.error);

  useEffect(() => {
    // Snapshots bring the nodes; until the first arrives, ask for them directly.
    if (useNodesStore.getState().status === 'idle') void useNodesStore.getState().load();
  }, []);

  return (
    <>
      <PageTitleRow title={t('title')} style={{ marginBottom: 12 }}>
        {atMs !== null && (
          <Typography.Text type="secondary">
            {t('updatedAt', { time: formatTime(atMs) })}
          </Typography.Text>
        )}
      </PageTitleRow>
      {(error ?? nodesError) && (
        <Alert type="error" showIcon title={error ?? nodesError} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('throughput.title')}>
            <ThroughputChart points={throughput} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('firing.title', { count: firing.length })}>
            <FiringAlertsTable firing={firing} />
          </Card>
        </Col>
        {/* Below 1600 px, queues and nodes take a row each: their names need the width. */}
        <Col xs={24} xxl={12}>
          <Card size="small" title={t('queues.title')}>
            <QueuesGlance />
          </Card>
        </Col>
        <Col xs={24} xxl={12}>
          <Card size="small" title={t('nodes.title')}>
            <NodesTable nowMs={atMs} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
