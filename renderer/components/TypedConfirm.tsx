import { Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The text the person must type; null when no typing is needed (the sandbox). */
  expected: string | null;
  value: string;
  onChange(value: string): void;
}

/** The typed confirmation of a destructive action on a shared profile. */
export function TypedConfirm({ expected, value, onChange }: Props) {
  const { t } = useTranslation('common');
  if (expected === null) return null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {t('typeToConfirm')} <Typography.Text code>{expected}</Typography.Text>
      </Typography.Text>
      <Input
        aria-label={t('typeToConfirmField')}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </Space>
  );
}

/** Whether the typed text allows the action. */
export function isConfirmed(expected: string | null, value: string): boolean {
  return expected === null || value === expected;
}

/** What a destructive action needs typed on the current profile: nothing in the sandbox. */
export function confirmationFor(
  profileKind: 'sandbox' | 'standalone' | 'cluster' | null,
  name: string,
): string | null {
  return profileKind === 'sandbox' ? null : name;
}
