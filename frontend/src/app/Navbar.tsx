import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ThemeToggle } from '../components/ThemeToggle';
import { ProfileModal } from '../features/account/ProfileModal';
import { StatusModal } from '../features/account/StatusModal';
import { tokenGroups } from '../lib/jwt';
import { useAuth } from '../lib/session';

/** Top bar: brand, search, theme, and the user menu (profile, administration, log out). */
export function Navbar() {
  const { user, client, logout } = useAuth();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  const [profileOpen, setProfileOpen] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);
  const [q, setQ] = useState('');
  const menuButton = useRef<HTMLButtonElement>(null);
  const isAdmin = tokenGroups(client.getAccessToken()).includes('admin');
  if (!user) return null;

  return (
    <header className="topbar">
      <Link to="/" className="brand">
        Teamchat
      </Link>
      <form
        role="search"
        className="topbar-search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/search?q=${encodeURIComponent(q)}`);
        }}
      >
        <label htmlFor="global-search" className="visually-hidden">
          Search all my rooms
        </label>
        <input
          id="global-search"
          type="search"
          placeholder="Search messages"
          data-testid="global-search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </form>
      <ThemeToggle />
      {/* a disclosure: the button shows the list; Escape closes it and returns to the button */}
      <div
        className="user-menu"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && menuOpen) {
            setMenuOpen(false);
            menuButton.current?.focus();
          }
        }}
      >
        <button
          ref={menuButton}
          type="button"
          className="user-menu-button"
          aria-expanded={menuOpen}
          aria-controls="user-menu"
          data-testid="user-menu"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {user.avatarUrl && <img src={user.avatarUrl} alt="" className="avatar-small" />}
          <span className="topbar-label">Signed in as </span>
          <strong data-testid="current-user">{user.username}</strong>
        </button>
        {menuOpen && (
          <ul id="user-menu" className="menu" onClick={() => setMenuOpen(false)}>
            <li>
              <button type="button" data-testid="open-profile" onClick={() => setProfileOpen(true)}>
                Profile
              </button>
            </li>
            <li>
              <button type="button" data-testid="open-status" onClick={() => setStatusOpen(true)}>
                Set status
              </button>
            </li>
            {isAdmin && (
              <li>
                <Link to="/admin" data-testid="open-admin">
                  Administration
                </Link>
              </li>
            )}
          </ul>
        )}
        <button type="button" data-testid="logout" onClick={() => void logout()}>
          Log out
        </button>
      </div>
      {profileOpen && <ProfileModal onClose={() => setProfileOpen(false)} />}
      {statusOpen && <StatusModal onClose={() => setStatusOpen(false)} />}
    </header>
  );
}
