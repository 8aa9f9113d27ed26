import { describe, expect, it } from 'vitest';
import { MetricsService } from './metrics.service';

/** One sample of a metric (`series`: a histogram's `_count`, `_sum` …), or undefined when it has none. */
async function sample(metrics: MetricsService, name: string, labels: Record<string, string> = {}, series = ''): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((value) => ((value as { metricName?: string }).metricName ?? name) === name + series && Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))?.value;
}

describe('MetricsService', () => {
  it('keeps its metrics in a registry of its own, so two applications in one process do not collide', async () => {
    const first = new MetricsService();
    const second = new MetricsService();
    first.countProviderError('openai', 'PROVIDER_TIMEOUT');
    expect(await sample(first, 'switchboard_provider_errors_total', { provider: 'openai', code: 'PROVIDER_TIMEOUT' })).toBe(1);
    expect(await sample(second, 'switchboard_provider_errors_total', { provider: 'openai' })).toBeUndefined();
  });

  it('counts an SSE stream as open exactly while it runs, even when it fails', async () => {
    const metrics = new MetricsService();
    let release!: () => void;
    const stream = metrics.whileStreaming(() => new Promise<void>((resolve) => (release = resolve)));
    expect(await sample(metrics, 'switchboard_sse_streams_open')).toBe(1);
    release();
    await stream;
    await expect(metrics.whileStreaming(() => Promise.reject(new Error('client gone')))).rejects.toThrow('client gone');
    expect(await sample(metrics, 'switchboard_sse_streams_open')).toBe(0);
  });

  it('times a phase whether it succeeds or throws', async () => {
    const metrics = new MetricsService();
    await metrics.timePhase('classify', () => Promise.resolve('general'));
    await expect(metrics.timePhase('classify', () => Promise.reject(new Error('sorter down')))).rejects.toThrow('sorter down');
    expect(await sample(metrics, 'switchboard_pipeline_phase_seconds', { phase: 'classify' }, '_count')).toBe(2);
  });

  it('counts tokens by provider, model and kind, skipping empty reports', async () => {
    const metrics = new MetricsService();
    metrics.countTokens('openai', 'gpt-4o-mini', 'input', 12);
    metrics.countTokens('openai', 'gpt-4o-mini', 'input', 3);
    metrics.countTokens('openai', 'gpt-4o-mini', 'output', 0);
    expect(await sample(metrics, 'switchboard_provider_tokens_total', { kind: 'input' })).toBe(15);
    expect(await sample(metrics, 'switchboard_provider_tokens_total', { kind: 'output' })).toBeUndefined();
  });

  it('writes the Prometheus text format with the switchboard_ names', async () => {
    const metrics = new MetricsService();
    metrics.observeHttpRequest({ method: 'GET', route: '/api/v1/chats', statusClass: '2xx' }, 0.02);
    metrics.observeJobRun('async_ai_high', 'chat.process-message', 'completed', 1.5);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE switchboard_http_request_duration_seconds histogram');
    expect(text).toContain('switchboard_http_request_duration_seconds_bucket{le="0.025",method="GET",route="/api/v1/chats",status_class="2xx"} 1');
    expect(text).toContain('switchboard_job_duration_seconds_count{queue="async_ai_high",job="chat.process-message",outcome="completed"} 1');
  });
});
