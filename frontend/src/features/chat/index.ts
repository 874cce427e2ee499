export { ChatRoom } from './ChatRoom';
export { SocketProvider, useSocket } from './socket-context';
