import { Form, Input } from 'antd';
import { useState } from 'react';
import { LOCAL_INPUT_FORMAT, fromLocalInput, toLocalInput } from '../lib/local-time.js';

/** A text input for a local time written as LOCAL_INPUT_FORMAT. */
export function LocalTimeInput(props: {
  id: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <Input
      id={props.id}
      placeholder={LOCAL_INPUT_FORMAT}
      style={{ width: 170 }}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/**
 * A from-to window typed as local times, first `beforeMs` before now to `afterMs` after it, as
 * epoch ms and whether it reads as a window (both times valid, from not after to).
 */
export function useTimeWindow(beforeMs: number, afterMs = 0) {
  const [from, setFrom] = useState(() => toLocalInput(Date.now() - beforeMs));
  const [to, setTo] = useState(() => toLocalInput(Date.now() + afterMs));

  const fromMs = fromLocalInput(from);
  const toMs = fromLocalInput(to);
  const isValid = Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs <= toMs;

  return { from, setFrom, to, setTo, fromMs, toMs, isValid };
}

export interface TimeWindowFieldsProps {
  timeWindow: ReturnType<typeof useTimeWindow>;
  /** Prefix of the inputs' ids: `<prefix>-from`, `<prefix>-to`. */
  idPrefix: string;
  texts: { from: string; to: string; badWindow: string };
}

/** The from and to fields of an inline form; a window that does not read is flagged at `to`. */
export function TimeWindowFields({ timeWindow, idPrefix, texts }: TimeWindowFieldsProps) {
  return (
    <>
      <Form.Item label={texts.from} htmlFor={`${idPrefix}-from`}>
        <LocalTimeInput
          id={`${idPrefix}-from`}
          value={timeWindow.from}
          onChange={timeWindow.setFrom}
        />
      </Form.Item>
      <Form.Item
        label={texts.to}
        htmlFor={`${idPrefix}-to`}
        {...(timeWindow.isValid ? {} : { validateStatus: 'error', help: texts.badWindow })}
      >
        <LocalTimeInput id={`${idPrefix}-to`} value={timeWindow.to} onChange={timeWindow.setTo} />
      </Form.Item>
    </>
  );
}
