/**
 * What the server tells a signed-in user about their own data on their `user:<userId>` channel
 * (docs/api.md, realtime): the contract the SPA reads, in src/contracts/realtime.ts.
 */
export type { UserEventMap, UserEventType } from '../../contracts/realtime';
