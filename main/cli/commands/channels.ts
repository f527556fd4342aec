import { Command } from 'commander';
import { redactChannel } from '../../config/secrets.js';
import { describeEndpoint } from '../../notify/redact.js';
import type { Channel } from '../../../shared/alerting/channel.js';
import type { Failure } from '../../../shared/result.js';
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

/**
 * A failed test send told by what the user can fix: the send reports a network error as
 * INTERNAL with the system's words, but a host that does not resolve is a wrong URL
 * (NOT_FOUND), and a port fetch never calls is a wrong port (BAD_REQUEST).
 */
export function inChannelTerms(failure: Failure): Failure {
  if (failure.code !== 'INTERNAL') return failure;

  const dns = /getaddrinfo (?:ENOTFOUND|EAI_NONAME) (\S+)/.exec(failure.message);
  if (dns) {
    const message = `${failure.message}; the host ${dns[1] ?? ''} does not resolve: check the channel's URL`;
    return { ...failure, code: 'NOT_FOUND', message };
  }
  if (/request failed: bad port$/.test(failure.message)) {
    const message = `${failure.message}; the URL's port is one that fetch refuses to call (such as 25 or 6667): use another port`;
    return { ...failure, code: 'BAD_REQUEST', message };
  }

  return failure;
}

async function testChannel(id: string, flags: CommonOptions): Promise<void> {
  const result = await withAlerting(flags, async (s) => {
    await s.call(s.alerting.refreshChannels(), 'reading channels');
    // sendTest has its own deadline per send; this one only guards against a stuck Redis.
    return s.call(s.alerting.delivery.sendTest(id), `sending a test to channel "${id}"`, 60_000);
  });
  if (!result.ok) {
    if (result.code === 'NOT_FOUND') throw new CliFailure(result);
    const failure = inChannelTerms({ ...result, message: `channel "${id}": ${result.message}` });
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
