import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ThroughputPoint } from '../../../shared/api/dto.js';
import { formatTime } from '../../lib/format.js';

const clockOf = (atMs: number) => formatTime(atMs).slice(11);

/** Jobs completed and failed per sample across all queues. */
export function ThroughputChart({ points }: { points: ThroughputPoint[] }) {
  const { t } = useTranslation('overview');
  if (points.length === 0) return <Empty description={t('throughput.none')} />;

  return (
    <ResponsiveContainer width="100%" height={240}>
      <AreaChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
        <XAxis dataKey="atMs" tickFormatter={clockOf} minTickGap={40} />
        <YAxis allowDecimals={false} width={48} />
        <Tooltip labelFormatter={(atMs) => formatTime(Number(atMs))} />
        <Legend />
        <Area
          type="monotone"
          dataKey="completed"
          name={t('throughput.completed')}
          stroke="#389e0d"
          fill="#389e0d"
          fillOpacity={0.2}
          isAnimationActive={false}
        />
        <Area
          type="monotone"
          dataKey="failed"
          name={t('throughput.failed')}
          stroke="#cf1322"
          fill="#cf1322"
          fillOpacity={0.2}
          isAnimationActive={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}
