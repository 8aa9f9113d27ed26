/**
 * Where clients open the realtime socket (`io(url, { path: REALTIME_PATH, transports: ['websocket'] })`).
 * Its own file so that code which only names the path (the token endpoint) does not load socket.io.
 */
export const REALTIME_PATH = '/connection/websocket';
