import { describe, expect, it } from 'vitest';
import { httpRequestLabels, UNMATCHED_ROUTE } from './route-label';

describe('httpRequestLabels', () => {
  it('labels a request by its route pattern, never the path it was called with', () => {
    expect(httpRequestLabels('GET', '/api/v1/chats/:id', 200)).toEqual({ method: 'GET', route: '/api/v1/chats/:id', statusClass: '2xx' });
  });

  it('puts every request no route matched under one label', () => {
    expect(httpRequestLabels('GET', undefined, 404).route).toBe(UNMATCHED_ROUTE);
    expect(httpRequestLabels('GET', '', 404).route).toBe(UNMATCHED_ROUTE);
  });

  it('folds methods outside the standard set into OTHER, whatever a client invents', () => {
    expect(httpRequestLabels('PROPFIND', '/api/v1/chats', 405).method).toBe('OTHER');
    expect(httpRequestLabels('get', '/api/v1/chats', 200).method).toBe('OTHER');
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(httpRequestLabels(method, '/x', 200).method).toBe(method);
  });

  it('reports the status as its class', () => {
    expect([101, 204, 302, 429, 503].map((status) => httpRequestLabels('GET', '/x', status).statusClass)).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx']);
    expect(httpRequestLabels('GET', '/x', 999).statusClass).toBe('other');
  });
});
