import { Button } from 'antd';
import type { ReactNode } from 'react';

export interface LinkButtonProps {
  children: ReactNode;
  onClick(): void;
  /** The full text on hover, for a label cut short. */
  title?: string;
  disabled?: boolean;
}

/**
 * Looks like a link and acts on a click: a button, so it has the button role and is reached
 * with Tab and pressed with Enter or Space (an `<a>` without `href` is neither).
 */
export function LinkButton({ children, onClick, title, disabled }: LinkButtonProps) {
  return (
    <Button
      type="link"
      size="small"
      className="dipper-link-button"
      title={title}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </Button>
  );
}

/**
 * An id cut at its start when the column is too narrow, so the end that tells ids apart stays
 * in view; the DOM keeps the whole id (copy, search, tests read it).
 */
export function EndEllipsis({ text }: { text: string }) {
  return (
    <span className="dipper-end-ellipsis" title={text}>
      <bdi dir="ltr">{text}</bdi>
    </span>
  );
}
