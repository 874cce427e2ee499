import { Outlet, useLocation, useMatch } from 'react-router';
import { useReadState } from '../features/readstate/use-read-state';
import { RoomsSidebar } from '../features/rooms/RoomsSidebar';
import { useIdleReporting } from '../lib/idle';
import { useSocket } from '../lib/socket-context';
import { usePresenceEvents } from '../lib/users';
import { Navbar } from './Navbar';

/**
 * The signed-in layout: top bar, sidebar with rooms, main pane with the route. On a phone only one
 * of sidebar and main pane shows: the room list at `#/`, the conversation inside a room.
 */
export function Shell() {
  const { reconnecting } = useSocket();
  const inRoute = useMatch('/') === null;
  usePresenceEvents();
  useIdleReporting();
  useReadState();
  return (
    <div className={inRoute ? 'shell shell-main' : 'shell shell-list'}>
      <Navbar />
      {reconnecting && (
        <p className="reconnect-banner" role="status" data-testid="reconnect-banner">
          Connection lost. Reconnecting… Messages you missed will appear once it is back.
        </p>
      )}
      <RoomsSidebar />
      <main className="main-pane">
        <Outlet />
      </main>
    </div>
  );
}

/** `#/`: a welcome text, or why the previous room closed. */
export function Welcome() {
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  return (
    <div className="empty-state">
      {notice && (
        <p role="status" className="banner muted">
          {notice}
        </p>
      )}
      <h2>Welcome to Teamchat</h2>
      <p className="muted">Pick a room, create one, or browse the public rooms.</p>
    </div>
  );
}
