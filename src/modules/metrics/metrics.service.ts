import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The steps of answering a message whose durations are measured (docs: README, metrics). */
export type PipelinePhase = 'classify' | 'plan' | 'execute' | 'first_token' | 'answer';

/** What a provider's tokens were spent on. */
export type TokenKind = 'input' | 'output';

export type JobOutcome = 'completed' | 'failed';

/** A request as the HTTP metrics label it: every label value drawn from a bounded set (see route-label.ts). */
export interface HttpRequestLabels {
  method: string;
  route: string;
  statusClass: string;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Jobs and answer phases take longer than requests: the model's own latency is in them. */
const LONG_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 900];

/**
 * This process's metrics, in a registry of its own (never prom-client's global one: several
 * applications may run in one process, as the tests do). The rest of the application records
 * through these methods and never imports prom-client; MetricsServer serves the registry.
 * Labels are bounded by construction: no user ids, no raw URLs, no free text.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'switchboard_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status class; for a streamed response, until the stream ended.',
    labelNames: ['method', 'route', 'status_class'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  private readonly sseStreams = new Gauge({
    name: 'switchboard_sse_streams_open',
    help: 'Server-sent event streams this process is writing now.',
    registers: [this.registry],
  });

  private readonly realtimeConnections = new Gauge({
    name: 'switchboard_realtime_connections_open',
    help: 'Realtime (socket.io) connections open on this process.',
    registers: [this.registry],
  });

  private readonly jobWait = new Histogram({
    name: 'switchboard_job_wait_seconds',
    help: 'Time a job waited in its queue, from when it could run (enqueued, or its delay over) to its start.',
    labelNames: ['queue', 'job'],
    buckets: LONG_SECONDS,
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'switchboard_job_duration_seconds',
    help: 'Time a job ran, by queue, job name and outcome.',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: LONG_SECONDS,
    registers: [this.registry],
  });

  private readonly pipelinePhase = new Histogram({
    name: 'switchboard_pipeline_phase_seconds',
    help: 'Phases of answering a message: classify, plan, execute (the plan), first_token and answer (from the worker taking the message).',
    labelNames: ['phase'],
    buckets: LONG_SECONDS,
    registers: [this.registry],
  });

  private readonly providerErrors = new Counter({
    name: 'switchboard_provider_errors_total',
    help: 'AI provider calls that failed (after their retries), by provider and error code.',
    labelNames: ['provider', 'code'],
    registers: [this.registry],
  });

  private readonly providerTokens = new Counter({
    name: 'switchboard_provider_tokens_total',
    help: 'Tokens AI providers reported, by provider, model and kind (input or output).',
    labelNames: ['provider', 'model', 'kind'],
    registers: [this.registry],
  });

  observeHttpRequest(labels: HttpRequestLabels, seconds: number): void {
    this.httpDuration.observe({ method: labels.method, route: labels.route, status_class: labels.statusClass }, seconds);
  }

  /** Counts a server-sent event stream as open while `stream` runs. */
  async whileStreaming<T>(stream: () => Promise<T>): Promise<T> {
    this.sseStreams.inc();
    try {
      return await stream();
    } finally {
      this.sseStreams.dec();
    }
  }

  realtimeConnected(): void {
    this.realtimeConnections.inc();
  }

  realtimeDisconnected(): void {
    this.realtimeConnections.dec();
  }

  observeJobWait(queue: string, job: string, seconds: number): void {
    this.jobWait.observe({ queue, job }, seconds);
  }

  observeJobRun(queue: string, job: string, outcome: JobOutcome, seconds: number): void {
    this.jobDuration.observe({ queue, job, outcome }, seconds);
  }

  observePhase(phase: PipelinePhase, seconds: number): void {
    this.pipelinePhase.observe({ phase }, seconds);
  }

  /** Runs one phase and records how long it took, whether it succeeded or threw. */
  async timePhase<T>(phase: PipelinePhase, work: () => Promise<T>): Promise<T> {
    const end = this.pipelinePhase.startTimer({ phase });
    try {
      return await work();
    } finally {
      end();
    }
  }

  countProviderError(provider: string, code: string): void {
    this.providerErrors.inc({ provider, code });
  }

  countTokens(provider: string, model: string, kind: TokenKind, tokens: number): void {
    if (tokens > 0) this.providerTokens.inc({ provider, model, kind }, tokens);
  }
}
