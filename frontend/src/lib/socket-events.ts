import type { Message, Room, User, UserSummary } from './types';

/**
 * Payloads of the events the gateway sends (shared/contract.md, "Real-time socket"). Only events
 * in the contract are listed; the SPA listens for nothing else.
 */
export interface ServerEvents {
  'message-received': { message: Message; user?: UserSummary };
  'message-updated': { message: Message };
  'message-deleted': { messageId: string; roomId: string };
  'user-joined': { user: User | UserSummary; roomId: string };
  'user-left': { userId: string; roomId: string };
  'typing-indicator': { userId: string; roomId: string; isTyping: boolean };
  'presence-changed': {
    userId: string;
    isOnline: boolean;
    lastSeen: string | null;
    away?: boolean;
    status?: string | null;
    statusEmoji?: string | null;
  };
  'room-updated': { room: Room };
  'room-deleted': { roomId: string };
  'removed-from-room': { roomId: string };
  'reaction-changed': {
    messageId: string;
    roomId: string;
    emoji: string;
    userId: string;
    added: boolean;
  };
}
