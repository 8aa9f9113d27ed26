import type { QueueDashboardSession } from '../../../contracts/operations';

export class QueueDashboardSessionDto implements QueueDashboardSession {
  /** The dashboard's page, on this origin: open it in the browser that made this request. */
  url!: string;
  /** Seconds the dashboard cookie stays valid (as an access token does). */
  expiresIn!: number;
}
