import { Button, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../../../shared/alerting/channel.js';
import type { ChannelView } from '../../../shared/api/dto.js';
import { CrudPage, useCrudPage } from '../../components/CrudPage.js';
import { truncate } from '../../lib/format.js';
import { useChannelsStore } from '../../stores/channels.js';
import { ChannelEditor } from './ChannelEditor.js';
import { CodeLine } from '../../components/CodeLine.js';

/**
 * A failed test's cause without main's `test notification to "<id>" failed: ` lead, which the
 * row and the tag already say: the narrow cell then shows what went wrong first.
 */
function causeOf(message: string, channelId: string): string {
  const lead = `test notification to ${JSON.stringify(channelId)} failed: `;
  return message.startsWith(lead) ? message.slice(lead.length) : message;
}

/** Every channel, a test notification for each, and the editor. */
export function ChannelsPage() {
  const { t } = useTranslation('channels');
  const page = useCrudPage<ChannelView, Channel>(useChannelsStore);
  const tests = useChannelsStore((s) => s.tests);
  const sendTest = useChannelsStore((s) => s.sendTest);

  // Sized to fit beside the menu at 1366 px; the name gives way first (ellipsis).
  const columns: ColumnsType<ChannelView> = [
    {
      title: t('column.id'),
      key: 'id',
      width: 150,
      fixed: 'left',
      ellipsis: true,
      dataIndex: 'id',
    },
    {
      title: t('column.name'),
      key: 'name',
      ellipsis: { showTitle: false },
      render: (_, c) => <Tooltip title={c.name}>{c.name}</Tooltip>,
    },
    {
      title: t('column.kind'),
      key: 'kind',
      width: 110,
      render: (_, c) => <Tag>{t(`kind.${c.kind}`)}</Tag>,
    },
    {
      title: t('column.target'),
      key: 'target',
      width: 250,
      ellipsis: { showTitle: false },
      render: (_, c) => {
        const target = c.sendsTo ?? '';
        // A desktop channel sends to no address: no empty code box.
        if (target === '') return null;
        return (
          <Tooltip title={target}>
            <CodeLine text={truncate(target, 300)} />
          </Tooltip>
        );
      },
    },
    {
      title: t('column.enabled'),
      key: 'enabled',
      width: 80,
      render: (_, c) => (c.enabled ? t('yes') : t('no')),
    },
    {
      title: t('column.test'),
      key: 'test',
      width: 200,
      ellipsis: { showTitle: false },
      render: (_, c) => {
        const test = tests[c.id];
        if (!test || test.status === 'idle') return '';
        if (test.status === 'loading') return t('testing');
        if (test.status === 'error') {
          const message = test.error ?? '';
          return (
            <Tooltip title={truncate(message, 2_000)}>
              <span data-testid={`test-outcome-${c.id}`}>
                <Tag color="error">{t('testFailed')}</Tag>
                {truncate(causeOf(message, c.id), 200)}
              </span>
            </Tooltip>
          );
        }
        const outcome = test.result;
        if (!outcome) return '';
        return (
          <Tooltip title={outcome.message}>
            <Tag color="success">{t('testSent', { ms: outcome.durationMs })}</Tag>
          </Tooltip>
        );
      },
    },
  ];

  return (
    <CrudPage
      page={page}
      namespace="channels"
      rowKey={(c) => c.id}
      minWidthPx={1150}
      columns={columns}
      actions={{
        widthPx: 210,
        itemOf: (c) => c,
        before: (c) => (
          <Button
            size="small"
            loading={tests[c.id]?.status === 'loading'}
            onClick={() => void sendTest(c.id)}
          >
            {t('sendTest')}
          </Button>
        ),
      }}
    >
      {page.editing && <ChannelEditor channel={page.editing.item} onClose={page.closeEditor} />}
    </CrudPage>
  );
}
