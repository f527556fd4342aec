import { Command } from 'commander';
import { redactChannel } from '../../config/secrets.js';
import { describeEndpoint } from '../../notify/redact.js';
import type { Channel } from '../../../shared/alerting/channel.js';
import { withCommonOptions, type CommonOptions } from '../context.js';
import { CliFailure, EXIT_FAILURE, printRows, printValue } from '../output.js';
import { withAlerting } from './alerting-session.js';

/** Where a channel sends, without its secrets. */
function target(channel: Channel): string {
  switch (channel.kind) {
    case 'webhook':
    case 'alertmanager':
      return describeEndpoint(new URL(channel.url));
    case 'slack':
    case 'feishu':
      return describeEndpoint(new URL(channel.webhookUrl), true);
    case 'dingtalk':
    case 'wecom':
      return describeEndpoint(new URL(channel.webhookUrl));
    case 'email':
      return channel.to.join(',');
    case 'desktop':
      return 'desktop shell';
  }
}

async function listChannels(flags: CommonOptions): Promise<void> {
  const channels = await withAlerting(flags, (s) =>
    s.call(s.alerting.config.channels.list(), 'listing channels'),
  );

  printRows(
    channels,
    [
      { header: 'ID', value: (c) => c.id },
      { header: 'KIND', value: (c) => c.kind },
      { header: 'NAME', value: (c) => c.name },
      { header: 'ENABLED', value: (c) => (c.enabled ? 'yes' : 'no') },
      { header: 'TARGET', value: target },
    ],
    flags.json ?? false,
    channels.map(redactChannel),
  );
}

async function testChannel(id: string, flags: CommonOptions): Promise<void> {
  const result = await withAlerting(flags, async (s) => {
    await s.call(s.alerting.refreshChannels(), 'reading channels');
    // sendTest has its own deadline per send; this one only guards against a stuck Redis.
    return s.call(s.alerting.delivery.sendTest(id), `sending a test to channel "${id}"`, 60_000);
  });
  if (!result.ok) {
    // An unknown channel's message names it already.
    if (result.message.startsWith('no channel ')) throw new CliFailure(result);
    const failure = { ...result, message: `channel "${id}": ${result.message}` };
    // The receiver refusing a message is a failed send, not a usage error of this command.
    throw new CliFailure(failure, EXIT_FAILURE);
  }

  const { status, detail } = result.value;
  const answer = [status === undefined ? '' : `HTTP ${status}`, detail ?? ''].filter(Boolean);
  const text = `channel "${id}": test sent${answer.length > 0 ? `; receiver said ${answer.join(' ')}` : ''}`;
  printValue({ channelId: id, ...result.value }, flags.json ?? false, text);
}

export function channelsCommand(): Command {
  const cmd = new Command('channels').description('list channels and send test notifications');

  withCommonOptions(cmd.command('list').description('channels, without their secrets')).action(
    listChannels,
  );
  withCommonOptions(
    cmd
      .command('test')
      .description('send a test notification now and print what the receiver answered')
      .argument('<id>'),
  ).action(testChannel);

  return cmd;
}
