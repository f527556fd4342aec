import { Alert, Button, Spin } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  JsonView,
  allExpanded,
  collapseAllNested,
  darkStyles,
  defaultStyles,
} from 'react-json-view-lite';
import { useSettingsStore } from '../../stores/settings.js';
import { useJobsStore } from '../../stores/jobs.js';

/** Past this size the JSON view starts collapsed below its first level, bytes. */
const EXPAND_ALL_BELOW_BYTES = 20_000;

function parse(text: string): { value: object } | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? { value } : null;
  } catch {
    return null;
  }
}

/** The job's data, fetched only when asked for; shown as a collapsible tree or as plain text. */
export function JobData({ dataBytes }: { dataBytes: number }) {
  const { t } = useTranslation('jobs');
  const data = useJobsStore((state) => state.data);
  const loadData = useJobsStore((state) => state.loadData);
  const isDark = useSettingsStore((state) => state.theme === 'dark');
  const parsed = useMemo(() => (data.text === null ? null : parse(data.text)), [data.text]);

  if (data.status === 'idle') {
    return (
      <Button size="small" onClick={() => void loadData()}>
        {t('detail.loadData', { size: dataBytes.toLocaleString('en-US') })}
      </Button>
    );
  }
  if (data.status === 'loading') return <Spin size="small" />;
  if (data.status === 'error') return <Alert type="error" showIcon title={data.error} />;
  if (data.text === null) return null;
  if (!parsed) return <pre className="dipper-pre">{data.text}</pre>;

  return (
    <div className="dipper-json">
      <JsonView
        data={parsed.value}
        style={isDark ? darkStyles : defaultStyles}
        shouldExpandNode={dataBytes < EXPAND_ALL_BELOW_BYTES ? allExpanded : collapseAllNested}
        clickToExpandNode
      />
    </div>
  );
}
