import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';
import { QUEUE_DASHBOARD_PATH } from '../modules/metrics/queue-dashboard/queue-dashboard-gate';

/**
 * The SPA's content security policy. Only same-origin scripts run: no inline script, no eval,
 * no third party. This is what protects the tokens the SPA keeps in localStorage (see
 * SECURITY.md): an injected `<script>` or `onerror=` attribute does not execute. Generated
 * images and audio arrive as same-origin URLs or data:/blob: URLs.
 */
const SPA_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The embeddable widget: its loader, and the chat it loads on the first click. */
const WIDGET_SCRIPTS: ReadonlySet<string> = new Set(['/widget.js', '/widget-chat.js']);

/** Swagger UI ships inline `<style>` blocks and data: icons; it needs nothing else. */
const API_DOCS_POLICY = { ...SPA_POLICY, styleSrc: ["'self'", "'unsafe-inline'"] };

/** bull-board (the queue dashboard) sets inline styles too, and finds its assets through `<base href>`. */
const QUEUE_DASHBOARD_POLICY = { ...API_DOCS_POLICY, baseUri: ["'self'"] };

/**
 * Security headers on every response (helmet): CSP, frame-ancestors/X-Frame-Options,
 * nosniff, Referrer-Policy, cross-origin isolation of resources, and HSTS when the public URL
 * is https (HSTS on plain http would be ignored by browsers, and would break a local install
 * that later moves to another port or scheme).
 *
 * helmet's middleware is built once, here. @fastify/helmet, used before, built it again on every
 * request (every directive parsed anew, a closure per header) and left a closure of its own on
 * each reply: about 20 kB more garbage a request, and on a web node under load the young
 * generation's collector kept whole requests alive through it, so each pause copied megabytes.
 */
export function useSecurityHeaders(app: NestFastifyApplication, config: AppConfig): void {
  const behindTls = config.http.appUrl.startsWith('https:');
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: SPA_POLICY },
    hsts: behindTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  const apiDocsPolicy = serialize(API_DOCS_POLICY);
  const queueDashboardPolicy = serialize(QUEUE_DASHBOARD_POLICY);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      // helmet sets its headers on the raw response; those set on the reply below win over them
      // when Fastify writes the head.
      setSecurityHeaders(request.raw, reply.raw, (error?: unknown) => {
        if (error) return done(error as Error);
        if (request.url.startsWith('/api/docs')) {
          reply.header('content-security-policy', apiDocsPolicy);
        }
        if (request.url.startsWith(QUEUE_DASHBOARD_PATH)) {
          reply.header('content-security-policy', queueDashboardPolicy);
        }
        // The widget's scripts are loaded by other sites' pages (a no-cors <script>), which
        // Cross-Origin-Resource-Policy: same-origin would block.
        if (WIDGET_SCRIPTS.has(request.url.split('?', 1)[0])) {
          reply.header('cross-origin-resource-policy', 'cross-origin');
        }
        done();
      });
    });
}

function serialize(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([name, sources]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(' ')}`)
    .join('; ');
}
