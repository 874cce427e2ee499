import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../test/fake-socket';
import { ApiClient } from './api-client';
import { useIdleReporting } from './idle';
import { SocketProvider } from './socket-context';

function setup() {
  const socket = new FakeSocket();
  const client = new ApiClient({
    fetch: () => Promise.reject(new Error('no network in this test')),
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SocketProvider client={client} factory={() => socket.asSocket()}>
      {children}
    </SocketProvider>
  );
  renderHook(() => useIdleReporting(1000), { wrapper });
  const reports = () =>
    socket.emitted.filter((e) => e.event === 'presence-activity').map((e) => e.payload);
  return { socket, reports };
}

describe('idle reporting', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports idle after the idle time without input and active at the next input, once each', () => {
    const { reports } = setup();
    act(() => vi.advanceTimersByTime(900));
    window.dispatchEvent(new Event('keydown'));
    act(() => vi.advanceTimersByTime(900));
    expect(reports()).toEqual([]);
    act(() => vi.advanceTimersByTime(200));
    expect(reports()).toEqual([{ idle: true }]);
    window.dispatchEvent(new Event('pointermove'));
    window.dispatchEvent(new Event('keydown'));
    expect(reports()).toEqual([{ idle: true }, { idle: false }]);
  });

  it('reports idle again after a reconnect, since a new socket starts active', () => {
    const { socket, reports } = setup();
    act(() => vi.advanceTimersByTime(1000));
    act(() => {
      socket.disconnect();
      socket.connect();
    });
    expect(reports()).toEqual([{ idle: true }, { idle: true }]);
  });
});
