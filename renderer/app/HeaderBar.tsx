import { Badge, Segmented, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isServerLost, useLiveStore } from '../stores/live.js';
import { useSettingsStore, type Language } from '../stores/settings.js';

const KIND_COLORS = { sandbox: 'green', standalone: 'blue', cluster: 'purple' } as const;

/** Profile, connection state, theme and language: what is always in view. */
export function HeaderBar() {
  const { t } = useTranslation('common');
  const profile = useLiveStore((state) => state.app?.profile ?? null);
  const connected = useLiveStore((state) => state.connected);
  const isLost = useLiveStore(isServerLost);
  const theme = useSettingsStore((state) => state.theme);
  const setTheme = useSettingsStore((state) => state.setTheme);
  const language = useSettingsStore((state) => state.language);
  const setLanguage = useSettingsStore((state) => state.setLanguage);

  return (
    <Space size="large" wrap style={{ width: '100%', justifyContent: 'space-between' }}>
      <Space>
        <Typography.Text strong>{t('appName')}</Typography.Text>
        {profile && (
          <Space size={4} data-testid="profile-badge">
            <Typography.Text>{profile.name}</Typography.Text>
            <Tag color={KIND_COLORS[profile.kind]}>{t(`header.kind.${profile.kind}`)}</Tag>
            {profile.readOnly && (
              <Tooltip title={t('readOnlyHint')}>
                <Tag color="orange">{t('header.readOnly')}</Tag>
              </Tooltip>
            )}
          </Space>
        )}
      </Space>
      <Space size="middle">
        <Badge
          status={connected ? 'success' : isLost ? 'error' : 'warning'}
          text={
            connected
              ? t('header.connected')
              : isLost
                ? t('header.unreachable')
                : t('header.reconnecting')
          }
        />
        <Tooltip title={t('header.darkTheme')}>
          <Switch
            aria-label={t('header.darkTheme')}
            checked={theme === 'dark'}
            onChange={(dark) => setTheme(dark ? 'dark' : 'light')}
          />
        </Tooltip>
        <Segmented<Language>
          aria-label={t('header.language')}
          size="small"
          value={language}
          onChange={setLanguage}
          options={[
            { label: 'EN', value: 'en' },
            { label: '中文', value: 'zh' },
          ]}
        />
      </Space>
    </Space>
  );
}
