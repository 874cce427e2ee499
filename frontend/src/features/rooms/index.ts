export { RoomsSidebar } from './RoomsSidebar';
export * from './api';
