/** Shapes from the external contract (shared/contract.md). */

export interface User {
  id: string;
  username: string;
  email?: string;
  avatarUrl: string | null;
  isOnline?: boolean;
  lastSeen?: string | null;
  createdAt?: string;
  /** Only to administrators (docs/security.md): the account's role and whether it is disabled. */
  isAdmin?: boolean;
  disabled?: boolean;
}

/** The compact user object that accompanies real-time events. */
export interface UserSummary {
  id: string;
  username: string;
  avatarUrl: string | null;
}

export interface AuthResponse {
  user: User;
  accessToken: string;
  expiresIn: number;
}

/** `POST /api/auth/refresh` returns a new access token; `user` may or may not be included. */
export interface RefreshResponse {
  accessToken: string;
  expiresIn: number;
  user?: User;
}

export type RoomRole = 'owner' | 'member' | null;

export interface Room {
  id: string;
  name: string;
  description: string | null;
  isPrivate: boolean;
  isDirect: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  memberCount: number;
  myRole: RoomRole;
  /** Read state (contract, "Conversation features"); absent on servers without it. */
  lastReadId?: string | null;
  unreadCount?: number;
  mentionCount?: number;
}

/** `GET /api/rooms/{id}/members` */
export interface Member {
  userId: string;
  role: 'owner' | 'member';
  joinedAt: string;
}

/** `GET /api/presence?userIds=` */
export interface Presence {
  userId: string;
  isOnline: boolean;
  lastSeen: string | null;
  /** Away (every socket of the user idle), the custom status text and its emoji (docs/presence.md). */
  status?: string | null;
  statusEmoji?: string | null;
  away?: boolean;
}

export type MessageType = 'text' | 'file' | 'image' | 'system';

export interface Attachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
  url: string;
  /** Images the server could read: their size and a small preview. */
  width?: number | null;
  height?: number | null;
  thumbnailUrl?: string | null;
}

export interface Message {
  id: string;
  roomId: string;
  userId: string;
  content: string;
  type: MessageType;
  isEdited: boolean;
  createdAt: string;
  updatedAt: string;
  clientMsgId?: string | null;
  attachment?: Attachment | null;
  /** Conversation features; absent on servers without them. */
  parentId?: string | null;
  replyCount?: number;
  reactions?: { emoji: string; count: number; me: boolean }[];
  mentions?: string[];
  pinned?: boolean;
  /** Who pinned it (null when not pinned): they, the owner and administrators may unpin. */
  pinnedBy?: string | null;
}

export interface Page<T> {
  items: T[];
  nextBefore: string | null;
  hasMore: boolean;
}

export interface FieldError {
  field: string;
  message: string;
}

/** Socket.IO acknowledgement: `{ok:true, ...}` or `{ok:false, error:{status,title,detail}}`. */
export type Ack<T extends object> =
  ({ ok: true } & T) | { ok: false; error: { status: number; title: string; detail?: string } };

/** `GET /api/admin/audit`: one entry of the audit log (administrators). */
export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  targetId: string | null;
  address: string | null;
  detail: string | null;
}
