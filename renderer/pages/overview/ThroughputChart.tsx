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

/** The series drawn, in legend order, with their colours (green done, red failed). */
const SERIES = [
  { key: 'completed', color: '#389e0d' },
  { key: 'failed', color: '#cf1322' },
] as const satisfies readonly { key: keyof ThroughputPoint; color: string }[];

/** Jobs completed and failed per sample across all queues. */
export function ThroughputChart({ points }: { points: ThroughputPoint[] }) {
  const { t } = useTranslation('overview');
  if (points.length === 0) return <Empty description={t('throughput.none')} />;

  return (
    <ResponsiveContainer width="100%" height={240}>
      {/* Room on the right for half the last clock label, which is centred on the axis' end. */}
      <AreaChart data={points} margin={{ top: 8, right: 28, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
        <XAxis dataKey="atMs" tickFormatter={clockOf} minTickGap={40} />
        <YAxis allowDecimals={false} width={48} />
        <Tooltip labelFormatter={(atMs) => formatTime(Number(atMs))} />
        <Legend />
        {SERIES.map(({ key, color }) => (
          <Area
            key={key}
            type="monotone"
            dataKey={key}
            name={t(`throughput.${key}`)}
            stroke={color}
            fill={color}
            fillOpacity={0.2}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
