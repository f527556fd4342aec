import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionReport } from '../../shared/api/dto.js';
import { fail, ok } from '../../shared/result.js';
import { ProfilesPage } from '../../renderer/pages/profiles/ProfilesPage.js';
import { useProfilesStore } from '../../renderer/stores/profiles.js';
import { appInfo, profile } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';
import { button, popconfirm, renderInConsole, rowOf, typeInto } from './render.js';

const report: ConnectionReport = {
  kind: 'standalone',
  redisVersion: '7.0.15',
  maxmemoryPolicy: 'allkeys-lru',
  persistence: { aofEnabled: false, rdbSave: '3600 1' },
  rttMs: 0.4,
  clockOffsetMs: -3,
  servers: [],
  warnings: ['127.0.0.1:6390: maxmemory-policy is allkeys-lru; expected noeviction'],
  checkedAt: Date.UTC(2025, 0, 1),
};

const prod = profile({
  name: 'prod',
  kind: 'standalone',
  target: 'redis://ops:***@redis.internal:6379',
  active: false,
  readOnly: true,
});

function renderPage() {
  return renderInConsole(<ProfilesPage />);
}

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useProfilesStore.setState(useProfilesStore.getInitialState(), true);
  mock.api['profiles.list'].mockResolvedValue(ok([profile(), prod]));
  mock.api['profiles.checks'].mockResolvedValue(ok(report));
});

describe('profiles store', () => {
  it('loads the profiles and becomes ready', async () => {
    await useProfilesStore.getState().load();

    expect(useProfilesStore.getState().status).toBe('ready');
    expect(useProfilesStore.getState().rows.map((p) => p.name)).toEqual(['sandbox', 'prod']);
  });

  it('keeps the failure message when the list fails', async () => {
    mock.api['profiles.list'].mockResolvedValue(
      fail('INTERNAL', 'profiles.json: unexpected token'),
    );

    await useProfilesStore.getState().load();

    expect(useProfilesStore.getState()).toMatchObject({
      status: 'error',
      error: 'profiles.json: unexpected token',
    });
  });

  it('marks the profile a switch elsewhere made active', async () => {
    await useProfilesStore.getState().load();
    const stop = useProfilesStore.getState().watch();

    mock.emit('profile.switched', appInfo({ name: 'prod', kind: 'standalone' }));

    const active = useProfilesStore
      .getState()
      .rows.filter((p) => p.active)
      .map((p) => p.name);
    expect(active).toEqual(['prod']);
    await waitFor(() => expect(mock.api['profiles.checks']).toHaveBeenCalledTimes(1));
    stop();
  });
});

describe('ProfilesPage', () => {
  it('lists profiles and shows the connection checks with their warnings', async () => {
    renderPage();

    expect(await screen.findByText('redis://ops:***@redis.internal:6379')).toBeTruthy();
    expect(within(rowOf('prod')).getByText('read-only')).toBeTruthy();
    expect(within(rowOf('sandbox')).getByText('active')).toBeTruthy();
    expect(await screen.findByText('7.0.15')).toBeTruthy();
    expect(screen.getByText('allkeys-lru')).toBeTruthy();
    expect(screen.getByText('AOF off, RDB save 3600 1')).toBeTruthy();
    expect(screen.getByText('-3 ms')).toBeTruthy();
    expect(
      screen.getByText('127.0.0.1:6390: maxmemory-policy is allkeys-lru; expected noeviction'),
    ).toBeTruthy();
  });

  it('switches to another profile with profiles.switch', async () => {
    mock.api['profiles.switch'].mockResolvedValue(
      ok(appInfo({ name: 'prod', kind: 'standalone' })),
    );
    renderPage();
    await screen.findByText('prod');

    fireEvent.click(button('Switch', rowOf('prod')));
    fireEvent.click(button('Switch', await popconfirm()));

    await waitFor(() => expect(mock.api['profiles.switch']).toHaveBeenCalledWith({ name: 'prod' }));
    await waitFor(() => expect(within(rowOf('prod')).getByText('active')).toBeTruthy());
    expect(button('Switch', rowOf('prod')).disabled).toBe(true);
  });

  /** Opens the page, fills a new cluster profile "grid" and presses Save. */
  async function saveClusterProfile(nodes: string, prefix: string): Promise<void> {
    renderPage();
    await screen.findByText('prod');

    fireEvent.click(button('Add profile'));
    fireEvent.click(await screen.findByText('Cluster'));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'grid' } });
    fireEvent.change(screen.getByLabelText('Seed nodes (host:port, comma separated)'), {
      target: { value: nodes },
    });
    fireEvent.change(screen.getByLabelText('Key prefix'), { target: { value: prefix } });
    fireEvent.click(button('Save'));
  }

  it("adds a cluster profile and shows main's field issue next to the field", async () => {
    // A problem only main can see: the draft itself is valid.
    mock.api['profiles.save'].mockResolvedValue(
      fail('CONFLICT', 'invalid profile: prefix: prefix "{jobs}" is used by profile "prod"', [
        { path: 'profile.prefix', message: 'prefix "{jobs}" is used by profile "prod"' },
      ]),
    );
    await saveClusterProfile('10.0.0.5:7000, 10.0.0.6:7000', '{jobs}');

    await waitFor(() =>
      expect(mock.api['profiles.save']).toHaveBeenCalledWith({
        profile: {
          name: 'grid',
          kind: 'cluster',
          nodes: ['10.0.0.5:7000', '10.0.0.6:7000'],
          prefix: '{jobs}',
        },
      }),
    );
    expect(await screen.findByText('prefix "{jobs}" is used by profile "prod"')).toBeTruthy();
  });

  it('refuses a cluster prefix without a hash tag before asking main, saying why', async () => {
    await saveClusterProfile('10.0.0.5:7000, 10.0.0.6', 'jobs');

    const prefixItem = screen.getByLabelText('Key prefix').closest('.ant-form-item');
    await waitFor(() =>
      expect(prefixItem?.textContent).toContain(
        'prefix "jobs" has no hash tag; on a cluster all keys of one Bull queue must hash to one slot',
      ),
    );
    const nodesItem = screen
      .getByLabelText('Seed nodes (host:port, comma separated)')
      .closest('.ant-form-item');
    expect(nodesItem?.textContent).toContain(
      'expected host:port, e.g. 10.0.0.5:7000; got "10.0.0.6"',
    );
    expect(mock.api['profiles.save']).not.toHaveBeenCalled();
  });

  it('checks the URL when the field is left, before any save', async () => {
    renderPage();
    await screen.findByText('prod');

    fireEvent.click(button('Add profile'));
    typeInto('Name', 'bad');
    typeInto('Redis URL', 'localhost:6379');

    const urlItem = screen.getByLabelText('Redis URL').closest('.ant-form-item');
    expect(urlItem?.textContent).toContain(
      'expected a redis:// or rediss:// URL such as redis://host:6379',
    );
    expect(button('Save').disabled).toBe(true);
    expect(mock.api['profiles.save']).not.toHaveBeenCalled();
  });

  it("shows main's field issue at the field, without repeating it as a prefixed message", async () => {
    const issue = 'host "cache.internal" does not resolve';
    mock.api['profiles.save'].mockResolvedValue(
      fail('BAD_REQUEST', `invalid profile "bad": url: ${issue}`, [
        { path: 'url', message: issue },
      ]),
    );
    renderPage();
    await screen.findByText('prod');

    fireEvent.click(button('Add profile'));
    typeInto('Name', 'bad');
    typeInto('Redis URL', 'redis://cache.internal:6379');
    fireEvent.click(button('Save'));

    const urlItem = await waitFor(() => {
      const item = screen.getByLabelText('Redis URL').closest('.ant-form-item');
      expect(item?.textContent).toContain(issue);
      return item;
    });
    expect(urlItem).toBeTruthy();
    expect(screen.queryByText(/invalid profile "bad"/)).toBeNull();
  });

  it('removes a profile that is not active', async () => {
    mock.api['profiles.remove'].mockResolvedValue(ok({ removed: true }));
    renderPage();
    await screen.findByText('prod');

    expect(button('Remove', rowOf('sandbox')).disabled).toBe(true);
    fireEvent.click(button('Remove', rowOf('prod')));
    fireEvent.click(button('Remove', await popconfirm()));

    await waitFor(() => expect(mock.api['profiles.remove']).toHaveBeenCalledWith({ name: 'prod' }));
    await waitFor(() => expect(screen.queryByText('prod')).toBeNull());
  });
});
