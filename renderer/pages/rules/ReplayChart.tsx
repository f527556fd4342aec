import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ReplayTimeline } from '../../../shared/alerting/replay.js';
import { seriesKey } from '../../../shared/alerting/series.js';
import { formatTime } from '../../lib/format.js';
import { replayChartData } from './replay-series.js';

const COLORS = [
  '#1677ff',
  '#fa8c16',
  '#13c2c2',
  '#722ed1',
  '#eb2f96',
  '#52c41a',
  '#faad14',
  '#2f54eb',
];

/** The series key of a query result without labels: `{}`. */
const NO_LABELS_KEY = seriesKey({});

/** Most firing spans shaded; past it the chart would cost more than it tells. */
const MAX_SPANS = 200;

/** The width of an element, following resizes; 800 until it has been measured. */
function useWidth(box: RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(800);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [box]);

  return width;
}

/**
 * What a replay did: each series' value at its state changes as a step line, the threshold as
 * a dashed line, and the time each drawn series spent firing shaded red.
 */
export function ReplayChart({
  timeline,
  threshold,
}: {
  timeline: ReplayTimeline;
  threshold: number;
}) {
  const { t } = useTranslation('rules');
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const data = useMemo(() => replayChartData(timeline.transitions, timeline.toMs), [timeline]);

  return (
    <div ref={box} style={{ width: '100%' }}>
      <LineChart
        width={width}
        height={280}
        data={data.rows}
        // Room on the right for half the last time label, which is centred on the axis' end.
        margin={{ top: 8, right: 48, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="atMs"
          type="number"
          scale="time"
          domain={[timeline.fromMs, timeline.toMs]}
          tickFormatter={(ms: number) => formatTime(ms).slice(5, 16)}
        />
        <YAxis />
        <Tooltip labelFormatter={(ms) => formatTime(Number(ms))} />
        <Legend />
        {data.firing.slice(0, MAX_SPANS).map((span) => (
          <ReferenceArea
            key={`${span.seriesKey}@${span.fromMs}`}
            x1={span.fromMs}
            x2={span.toMs}
            fill="#ff4d4f"
            fillOpacity={0.08}
            ifOverflow="hidden"
          />
        ))}
        <ReferenceLine y={threshold} stroke="#ff4d4f" strokeDasharray="6 4" label="threshold" />
        {data.seriesKeys.map((key, index) => (
          <Line
            key={key}
            name={key === NO_LABELS_KEY ? t('replay.noLabels') : key}
            dataKey={key}
            type="stepAfter"
            connectNulls
            isAnimationActive={false}
            stroke={COLORS[index % COLORS.length]}
            dot={{ r: 3 }}
          />
        ))}
      </LineChart>
    </div>
  );
}
