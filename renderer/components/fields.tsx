import { Form, Input, Radio, Switch } from 'antd';
import { fieldStatus, type Issues } from '../lib/issues.js';

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  /** The schema path the field's problems come under. */
  path: string;
  /** The problems shown, and where a visited field is marked (editors that check as one types). */
  editor: { issues: Issues; touch?(path: string): void };
  onChange(value: string): void;
  /** A text area of this many rows; a one-line input without. */
  rows?: number;
  isMonospace?: boolean;
  disabled?: boolean;
  placeholder?: string;
  /** Marks the label: the schema refuses the draft without a value. */
  isRequired?: boolean;
}

/** A labelled text input of an editor with its problems under it, visited when it loses focus. */
export function TextField({
  id,
  path,
  editor,
  rows,
  isMonospace,
  isRequired,
  ...props
}: TextFieldProps) {
  const input = {
    id,
    value: props.value,
    placeholder: props.placeholder,
    onChange: (e: { target: { value: string } }) => props.onChange(e.target.value),
    onBlur: () => editor.touch?.(path),
  };

  return (
    <Form.Item
      label={props.label}
      htmlFor={id}
      required={isRequired}
      {...fieldStatus(editor.issues, path)}
    >
      {rows ? (
        <Input.TextArea
          rows={rows}
          {...input}
          style={isMonospace ? { fontFamily: 'monospace' } : undefined}
        />
      ) : (
        <Input {...input} disabled={props.disabled} />
      )}
    </Form.Item>
  );
}

/** A labelled on/off switch of an editor; the switch is named by its label. */
export function SwitchField(props: {
  label: string;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  return (
    <Form.Item label={props.label}>
      <Switch aria-label={props.label} checked={props.checked} onChange={props.onChange} />
    </Form.Item>
  );
}

export interface ChoiceFieldProps<V extends string> {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange(value: V): void;
  disabled?: boolean;
  /** The problems to show under the field, with the schema path they come under. */
  issues?: { all: Issues; path: string };
}

/** A labelled row of buttons of which one is chosen. */
export function ChoiceField<V extends string>({ issues, ...props }: ChoiceFieldProps<V>) {
  return (
    <Form.Item label={props.label} {...(issues ? fieldStatus(issues.all, issues.path) : {})}>
      <Radio.Group
        optionType="button"
        disabled={props.disabled}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as V)}
        options={[...props.options]}
      />
    </Form.Item>
  );
}
