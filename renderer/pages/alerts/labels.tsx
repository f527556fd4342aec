import { Space, Tag } from 'antd';
import type { Labels } from '../../../shared/alerting/series.js';
import { truncate } from '../../lib/format.js';

/** Labels as people write them: `{app="web", env="prod"}`; `{}` for none. */
export function labelsText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `{${pairs.join(', ')}}`;
}

/** Labels as tags, values cut short; the full text is the tag's title. Rendered as text. */
export function LabelTags({ labels }: { labels: Labels }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <Tag>{'{}'}</Tag>;

  return (
    <Space size={[2, 2]} wrap>
      {entries.map(([name, value]) => (
        <Tag key={name} title={`${name}=${value}`}>
          {truncate(`${name}=${value}`, 60)}
        </Tag>
      ))}
    </Space>
  );
}
