import type { QueueDashboardSession } from '../../../src/contracts/operations';
import { request } from './http';

/**
 * Opens the queue dashboard for this browser (admins): the server answers with a short-lived
 * cookie for the dashboard's page, which the SPA's bearer token cannot reach, and its address.
 */
export function openQueueDashboard(): Promise<QueueDashboardSession> {
  return request('/admin/queue-dashboard/session', { method: 'POST' });
}
