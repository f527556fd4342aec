import { Typography } from 'antd';

/**
 * Code in a table cell on one line: too long for the cell, it ends in an ellipsis inside its
 * box rather than wrapping mid-token or running under the next column.
 */
export function CodeLine({ text, title }: { text: string; title?: string }) {
  return (
    <Typography.Text code className="dipper-code-line" title={title}>
      {text}
    </Typography.Text>
  );
}
