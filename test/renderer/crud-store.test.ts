import { waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/result.js';
import { useRulesStore } from '../../renderer/stores/rules.js';
import { appInfo, rule, ruleRow } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';

let mock: MockTransport;

const ids = () => useRulesStore.getState().rows.map((row) => row.rule.id);

beforeEach(() => {
  mock = installMockApi();
  useRulesStore.setState(useRulesStore.getInitialState(), true);
});

describe('an area store built on crudSlice (rules)', () => {
  it('saves a new row at the end and an edited one in its place', async () => {
    useRulesStore.setState({
      rows: [ruleRow(), ruleRow({ rule: rule({ id: 'disk-full', name: 'Disk full' }) })],
    });
    mock.api['rules.save'].mockResolvedValueOnce(
      ok(ruleRow({ rule: rule({ name: 'CPU very high' }) })),
    );
    mock.api['rules.save'].mockResolvedValueOnce(ok(ruleRow({ rule: rule({ id: 'mem-high' }) })));

    await useRulesStore.getState().save({ id: 'cpu-high' }, false);
    await useRulesStore.getState().save({ id: 'mem-high' }, true);

    expect(ids()).toEqual(['cpu-high', 'disk-full', 'mem-high']);
    expect(useRulesStore.getState().rows[0]?.rule.name).toBe('CPU very high');
    expect(mock.api['rules.save']).toHaveBeenLastCalledWith({
      rule: { id: 'mem-high' },
      create: true,
    });
  });

  it('keeps the rows and returns the failure when a save is refused', async () => {
    useRulesStore.setState({ rows: [ruleRow()] });
    mock.api['rules.save'].mockResolvedValue(fail('CONFLICT', 'rule "cpu-high" exists'));

    const result = await useRulesStore.getState().save({ id: 'cpu-high' }, true);

    expect(result).toMatchObject({ ok: false, message: 'rule "cpu-high" exists' });
    expect(ids()).toEqual(['cpu-high']);
  });

  it('sends the typed confirmation only when there is one, and drops the removed row', async () => {
    useRulesStore.setState({
      rows: [ruleRow(), ruleRow({ rule: rule({ id: 'disk-full' }) })],
    });
    mock.api['rules.remove'].mockResolvedValue(ok({ removed: true }));

    await useRulesStore.getState().remove('cpu-high');
    await useRulesStore.getState().remove('disk-full', 'disk-full');

    expect(mock.api['rules.remove']).toHaveBeenNthCalledWith(1, { id: 'cpu-high' });
    expect(mock.api['rules.remove']).toHaveBeenNthCalledWith(2, {
      id: 'disk-full',
      confirm: 'disk-full',
    });
    expect(ids()).toEqual([]);
  });

  it('keeps the row when a remove is refused', async () => {
    useRulesStore.setState({ rows: [ruleRow()] });
    mock.api['rules.remove'].mockResolvedValue(fail('FORBIDDEN', 'type "cpu-high" to confirm'));

    await useRulesStore.getState().remove('cpu-high');

    expect(ids()).toEqual(['cpu-high']);
  });

  describe('when watching', () => {
    it('reloads for its own area and on a profile switch, and stops when told', async () => {
      mock.api['rules.list'].mockResolvedValue(ok([]));
      const stop = useRulesStore.getState().watch();

      mock.emit('config.changed', { area: 'channels' });
      expect(mock.api['rules.list']).toHaveBeenCalledTimes(0);

      mock.api['rules.list'].mockResolvedValue(ok([ruleRow()]));
      mock.emit('config.changed', { area: 'rules' });
      await waitFor(() => expect(ids()).toEqual(['cpu-high']));

      mock.api['rules.list'].mockResolvedValue(ok([]));
      mock.emit('profile.switched', appInfo({ name: 'staging' }));
      await waitFor(() => expect(ids()).toEqual([]));
      expect(mock.api['rules.list']).toHaveBeenCalledTimes(2);

      stop();
      expect(mock.listenerCount('config.changed')).toBe(0);
      expect(mock.listenerCount('profile.switched')).toBe(0);
    });
  });
});
