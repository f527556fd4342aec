import { Alert, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RedisServerReport } from '../../../shared/connection.js';
import { formatTime } from '../../lib/format.js';
import { useProfilesStore } from '../../stores/profiles.js';

/** What the checks of the active profile's Redis found: version, policy, persistence, timing. */
export function ConnectionChecks() {
  const { t } = useTranslation('profiles');
  const checks = useProfilesStore((s) => s.checks);
  const runChecks = useProfilesStore((s) => s.runChecks);
  const report = checks.report;

  return (
    <Card
      size="small"
      title={t('checks.title')}
      extra={
        <Button size="small" loading={checks.status === 'loading'} onClick={() => void runChecks()}>
          {t('checks.run')}
        </Button>
      }
    >
      {checks.status === 'error' && <Alert type="error" showIcon title={checks.error} />}
      {report && (
        <>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('checks.version')}>{report.redisVersion}</Descriptions.Item>
            <Descriptions.Item label={t('checks.policy')}>
              {report.maxmemoryPolicy}
            </Descriptions.Item>
            <Descriptions.Item label={t('checks.persistence')}>
              {t('checks.persistenceValue', {
                aof: report.persistence.aofEnabled ? t('checks.on') : t('checks.off'),
                rdb:
                  report.persistence.rdbSave === null
                    ? '?'
                    : report.persistence.rdbSave || t('checks.off'),
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('checks.rtt')}>{`${report.rttMs} ms`}</Descriptions.Item>
            <Descriptions.Item
              label={t('checks.clockOffset')}
            >{`${report.clockOffsetMs} ms`}</Descriptions.Item>
            <Descriptions.Item label={t('checks.checkedAt')}>
              {formatTime(report.checkedAt)}
            </Descriptions.Item>
          </Descriptions>
          {report.warnings.length > 0 ? (
            <Space orientation="vertical" size="small" style={{ width: '100%' }}>
              <Typography.Text strong>{t('checks.warnings')}</Typography.Text>
              {report.warnings.map((warning) => (
                <Alert key={warning} type="warning" showIcon title={warning} />
              ))}
            </Space>
          ) : (
            <Alert type="success" showIcon title={t('checks.noWarnings')} />
          )}
          {report.servers.length > 1 && (
            <Table<RedisServerReport>
              size="small"
              rowKey="address"
              pagination={false}
              dataSource={report.servers}
              columns={[
                { title: t('checks.server'), dataIndex: 'address' },
                { title: t('checks.version'), dataIndex: 'redisVersion' },
                { title: t('checks.policy'), dataIndex: 'maxmemoryPolicy' },
                { title: t('checks.rtt'), render: (_, s) => `${s.rttMs} ms` },
                { title: t('checks.clockOffset'), render: (_, s) => `${s.clockOffsetMs} ms` },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
