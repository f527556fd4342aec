import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelView } from '../../shared/api/dto.js';
import { fail, ok } from '../../shared/result.js';
import { ChannelsPage } from '../../renderer/pages/channels/ChannelsPage.js';
import { useChannelsStore } from '../../renderer/stores/channels.js';
import { useLiveStore } from '../../renderer/stores/live.js';
import { appInfo } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';
import { button, renderInConsole, typeInto } from './render.js';

const dingtalk: ChannelView = {
  id: 'ops-ding',
  name: 'Ops DingTalk',
  kind: 'dingtalk',
  enabled: true,
  webhookUrl: '***',
  secret: '***',
  sendsTo: 'https://oapi.dingtalk.com/robot/send',
};

function renderPage() {
  return renderInConsole(<ChannelsPage />);
}

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useChannelsStore.setState(useChannelsStore.getInitialState(), true);
  useLiveStore.setState({ app: appInfo({ kind: 'sandbox' }) });
  mock.api['channels.list'].mockResolvedValue(ok([dingtalk]));
});

describe('channels store', () => {
  it('loads the channels and becomes ready', async () => {
    await useChannelsStore.getState().load();

    expect(useChannelsStore.getState()).toMatchObject({ status: 'ready', rows: [dingtalk] });
  });

  it('keeps the failure message when the list fails', async () => {
    mock.api['channels.list'].mockResolvedValue(fail('REDIS_UNAVAILABLE', 'Redis is down'));

    await useChannelsStore.getState().load();

    expect(useChannelsStore.getState()).toMatchObject({ status: 'error', error: 'Redis is down' });
  });

  it('reloads when config.changed names channels', async () => {
    const stop = useChannelsStore.getState().watch();

    mock.emit('config.changed', { area: 'schedules' });
    expect(mock.api['channels.list']).not.toHaveBeenCalled();
    mock.emit('config.changed', { area: 'channels' });

    await waitFor(() => expect(useChannelsStore.getState().rows).toEqual([dingtalk]));
    stop();
  });
});

describe('ChannelsPage', () => {
  it('lists channels with where they send, without the token', async () => {
    renderPage();

    const row = (await screen.findByText('ops-ding')).closest('.ant-table-row') as HTMLElement;
    expect(within(row).getByText('DingTalk')).toBeTruthy();
    expect(within(row).getByText('https://oapi.dingtalk.com/robot/send')).toBeTruthy();
  });

  it('creates a Slack channel with the typed fields', async () => {
    mock.api['channels.save'].mockImplementation(({ channel }) =>
      Promise.resolve(ok(channel as ChannelView)),
    );
    renderPage();
    await screen.findByText('ops-ding');

    fireEvent.click(button('New channel'));
    fireEvent.click(await screen.findByText('Slack'));
    typeInto('Id', 'team-slack');
    typeInto('Name', 'Team Slack');
    typeInto('Robot webhook URL', 'hooks.slack.com/services/T/B/x');

    expect(
      await screen.findByText('webhookUrl must be an absolute http or https URL'),
    ).toBeTruthy();
    expect(button('Save').disabled).toBe(true);

    typeInto('Robot webhook URL', 'https://hooks.slack.com/services/T/B/x');
    await waitFor(() => expect(button('Save').disabled).toBe(false));
    fireEvent.click(button('Save'));

    await waitFor(() =>
      expect(mock.api['channels.save']).toHaveBeenCalledWith({
        create: true,
        channel: {
          id: 'team-slack',
          name: 'Team Slack',
          kind: 'slack',
          enabled: true,
          webhookUrl: 'https://hooks.slack.com/services/T/B/x',
        },
      }),
    );
  });

  it('edits a channel keeping its masked secrets as ***', async () => {
    mock.api['channels.save'].mockResolvedValue(ok({ ...dingtalk, name: 'Ops robot' }));
    renderPage();

    fireEvent.click(
      button(
        'Edit',
        await screen.findByText('ops-ding').then((c) => c.closest('.ant-table-row') as HTMLElement),
      ),
    );
    typeInto('Name', 'Ops robot');
    await waitFor(() => expect(button('Save').disabled).toBe(false));
    fireEvent.click(button('Save'));

    // The secrets go back as *** (main keeps the stored ones); sendsTo is display only.
    const stored: ChannelView = { ...dingtalk, name: 'Ops robot' };
    delete stored.sendsTo;
    await waitFor(() =>
      expect(mock.api['channels.save']).toHaveBeenCalledWith({ create: false, channel: stored }),
    );
  });

  it('sends a test notification and shows its outcome', async () => {
    const message =
      'test notification to "ops-ding" failed: POST https://oapi.dingtalk.com/robot/send?...: errcode 310000';
    mock.api['channels.test'].mockResolvedValue(fail('INTERNAL', message));
    renderPage();
    await screen.findByText('ops-ding');

    fireEvent.click(button('Send test'));

    // The narrow cell leads with the cause; the whole message shows on hover.
    const outcome = await screen.findByTestId('test-outcome-ops-ding');
    expect(outcome.textContent).toBe(
      'failedPOST https://oapi.dingtalk.com/robot/send?...: errcode 310000',
    );
    expect(mock.api['channels.test']).toHaveBeenCalledWith({ id: 'ops-ding' });
    fireEvent.mouseEnter(outcome);
    expect((await screen.findByRole('tooltip')).textContent).toBe(message);
  });

  it('sends the typed id as confirm when deleting on a shared profile', async () => {
    useLiveStore.setState({ app: appInfo({ kind: 'cluster', name: 'grid' }) });
    mock.api['channels.remove'].mockResolvedValue(ok({ removed: true }));
    renderPage();
    await screen.findByText('ops-ding');

    fireEvent.click(button('Delete'));
    const modal = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('.ant-modal');
      if (!found) throw new Error('no dialog');
      return found;
    });
    fireEvent.change(within(modal).getByLabelText('Type the id to confirm:'), {
      target: { value: 'ops-ding' },
    });
    fireEvent.click(button('Delete', modal));

    await waitFor(() =>
      expect(mock.api['channels.remove']).toHaveBeenCalledWith({
        id: 'ops-ding',
        confirm: 'ops-ding',
      }),
    );
  });
});
