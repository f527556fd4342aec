import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertState } from '../../../shared/alerting/alert.js';

/** Colours of Alert states, the worst ones loudest. */
export const STATE_COLOR: Record<AlertState, string> = {
  firing: 'error',
  error: 'magenta',
  nodata: 'warning',
  pending: 'gold',
  resolved: 'success',
  normal: 'default',
};

/** An Alert state as a coloured tag, in the `rules` namespace's words. */
export function StateTag({ state }: { state: AlertState }) {
  const { t } = useTranslation('rules');
  return <Tag color={STATE_COLOR[state]}>{t(`state.${state}`)}</Tag>;
}
