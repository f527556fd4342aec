import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { LinkButton } from './LinkButton.js';

export interface IdNameCellProps {
  id: string;
  name: string;
  onOpen(): void;
  /** Shown after the id on its line, such as a tag saying who owns the row. */
  badge?: ReactNode;
}

/** A table cell with an id that opens the row and, under it, the row's name. */
export function IdNameCell({ id, name, onOpen, badge }: IdNameCellProps) {
  const link = (
    <LinkButton title={id} onClick={onOpen}>
      {id}
    </LinkButton>
  );

  return (
    <div className="dipper-cell-lines">
      {badge === undefined ? (
        link
      ) : (
        <div className="dipper-id-line">
          {link}
          {badge}
        </div>
      )}
      <Typography.Text type="secondary" title={name}>
        {name}
      </Typography.Text>
    </div>
  );
}
