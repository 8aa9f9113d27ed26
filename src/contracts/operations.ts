/**
 * `POST /admin/queue-dashboard/session` (admins): the queue dashboard opened for this browser,
 * which now holds the short-lived cookie the dashboard page and its API are read with.
 */
export interface QueueDashboardSession {
  /** The dashboard's page, on this origin. */
  url: string;
  /** Seconds the cookie stays valid; open the dashboard again from the app after that. */
  expiresIn: number;
}
