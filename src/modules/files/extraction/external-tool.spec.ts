import { describe, expect, it } from 'vitest';
import { findExecutable, runTool, ToolError } from './external-tool';

const LIMITS = { timeoutMs: 5_000, maxOutputBytes: 1024 * 1024, maxMemoryBytes: 512 * 1024 * 1024 };

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('runTool', () => {
  it('hands the input on standard input and returns standard output', async () => {
    expect((await runTool('cat', [], Buffer.from('through the pipe'), LIMITS)).toString()).toBe('through the pipe');
  });

  it('passes arguments as they are, never through a shell', async () => {
    const output = await runTool('echo', ['$(id)', '; rm -rf /', '`x`'], Buffer.alloc(0), LIMITS);

    expect(output.toString()).toBe('$(id) ; rm -rf / `x`\n');
  });

  it('says MISSING for a program that is not installed, without starting anything', async () => {
    const error = await failure(runTool('switchboard-no-such-program', [], Buffer.alloc(0), LIMITS));

    expect(error.reason).toBe('MISSING');
    expect(error.message).toBe('switchboard-no-such-program is not installed (not found on PATH).');
    expect(await findExecutable('/nonexistent/tesseract')).toBeNull();
  });

  it('kills a program that runs past its time', async () => {
    const started = Date.now();

    const error = await failure(runTool('sleep', ['30'], Buffer.alloc(0), { ...LIMITS, timeoutMs: 300 }));

    expect(error.reason).toBe('TIMEOUT');
    expect(error.message).toBe('sleep took longer than 0.3 s and was stopped.');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills a program when the caller gives up (the file\'s whole deadline)', async () => {
    const error = await failure(runTool('sleep', ['30'], Buffer.alloc(0), { ...LIMITS, signal: AbortSignal.timeout(200) }));

    expect(error).toMatchObject({ reason: 'TIMEOUT', message: 'sleep was stopped: the time allowed ran out.' });
  });

  it('stops reading output past its cap', async () => {
    expect((await failure(runTool('yes', [], Buffer.alloc(0), { ...LIMITS, maxOutputBytes: 10_000 }))).reason).toBe('OUTPUT_TOO_LARGE');
  });

  it('reports a failing program with the end of what it said', async () => {
    const error = await failure(runTool('ls', ['/switchboard/no/such/dir'], Buffer.alloc(0), LIMITS));

    expect(error.reason).toBe('FAILED');
    expect(error.message).toMatch(/^ls failed: .*No such file or directory.*\.$/);
  });

  it('caps the address space, so a program that needs more fails instead of taking the machine', async () => {
    // A 64 MB cap leaves no room for the 256 MB dd asks for as its block buffer.
    const error = await failure(runTool('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=256M', 'count=1'], Buffer.alloc(0), { ...LIMITS, maxMemoryBytes: 64 * 1024 * 1024 }));

    expect(error.reason).toBe('FAILED');
    expect(error.message).toMatch(/memory/i);
  });
});
