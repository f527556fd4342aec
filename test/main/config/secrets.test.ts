import { describe, expect, it } from 'vitest';
import { findRedacted, redactChannel, redactSource } from '../../../main/config/secrets.js';
import { ChannelSchema } from '../../../shared/alerting/channel.js';
import { SourceDefSchema } from '../../../shared/alerting/config.js';

const channel = (input: Record<string, unknown>) =>
  ChannelSchema.parse({ id: 'c', name: 'C', ...input });

describe('redactChannel', () => {
  it('replaces robot URLs, signing secrets and SMTP passwords', () => {
    const dingtalk = channel({
      kind: 'dingtalk',
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc123',
      secret: 'SECxyz',
    });
    const email = channel({
      kind: 'email',
      smtp: { host: 'mail', port: 587, secure: false, username: 'u', password: 'pw-123' },
      from: 'dipper@example.com',
      to: ['ops@example.com'],
    });

    expect(redactChannel(dingtalk)).toMatchObject({
      webhookUrl: '<redacted>',
      secret: '<redacted>',
    });
    expect(redactChannel(email)).toMatchObject({
      smtp: { host: 'mail', username: 'u', password: '<redacted>' },
    });
  });

  it('keeps a plain webhook URL and hides header values and tokens in the URL', () => {
    const plain = channel({
      kind: 'webhook',
      url: 'https://hooks.example.com/dipper',
      headers: { Authorization: 'Bearer t' },
    });
    const tokened = channel({ kind: 'webhook', url: 'https://hooks.example.com/in?key=k-1234' });

    expect(redactChannel(plain)).toMatchObject({
      url: 'https://hooks.example.com/dipper',
      headers: { Authorization: '<redacted>' },
    });
    expect(redactChannel(tokened)).toMatchObject({ url: '<redacted>' });
  });
});

describe('redactSource', () => {
  it('replaces header values, the bearer token and the basic-auth password', () => {
    const bearer = SourceDefSchema.parse({
      id: 'p',
      name: 'P',
      config: {
        kind: 'prometheus',
        url: 'http://prom:9090',
        bearerToken: 'tok',
        headers: { 'X-Org': '1' },
      },
    });
    const basic = SourceDefSchema.parse({
      id: 'd',
      name: 'D',
      config: {
        kind: 'druid',
        url: 'http://druid:8888',
        basicAuth: { username: 'u', password: 'p' },
      },
    });

    expect(redactSource(bearer).config).toMatchObject({
      url: 'http://prom:9090',
      bearerToken: '<redacted>',
      headers: { 'X-Org': '<redacted>' },
    });
    expect(redactSource(basic).config).toMatchObject({
      basicAuth: { username: 'u', password: '<redacted>' },
    });
  });
});

describe('findRedacted', () => {
  it('finds every placeholder by path', () => {
    const doc = { channels: [{ headers: { A: '<redacted>' } }, { url: 'x' }], s: '<redacted>' };

    expect(findRedacted(doc)).toEqual([['channels', 0, 'headers', 'A'], ['s']]);
  });
});
