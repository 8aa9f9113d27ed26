import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { readCappedBody } from '../../../infra/http/read-capped-body';
import { ExtractionError } from './document-kind';

/**
 * Apache Tika's server (TIKA_URL) for the formats nothing in-process reads (RTF, EPUB, legacy
 * Office): `PUT {TIKA_URL}/tika` with the bytes answers their plain text. The address is the
 * administrator's, not a user's, so it is called directly rather than through the guard for
 * user-named URLs; the time (EXTRACT_TIMEOUT_S) and the text read (EXTRACT_MAX_TEXT_CHARS) are
 * bounded like any extraction's.
 */
@Injectable()
export class TikaClient {
  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.files.tikaUrl !== undefined;
  }

  /**
   * The document's text. Tika refusing the document is that file's failure (UNSUPPORTED,
   * ENCRYPTED, CORRUPT …); Tika not answering at all throws a plain Error, for the job to retry.
   */
  async extract(data: Buffer, mime: string): Promise<string> {
    const base = this.config.files.tikaUrl;
    if (!base) throw new ExtractionError('UNSUPPORTED', 'This format is read by Apache Tika, and no TIKA_URL is configured.');
    const { timeoutMs, maxTextChars } = this.config.files.extraction;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(new URL('tika', base.endsWith('/') ? base : `${base}/`), {
        method: 'PUT',
        headers: { Accept: 'text/plain', 'Content-Type': mime },
        body: new Uint8Array(data),
        signal,
        redirect: 'error',
      });
    } catch (error) {
      if (signal.aborted) throw new ExtractionError('TIMEOUT', `Apache Tika took longer than ${Math.round(timeoutMs / 1000)} s to read the document.`);
      throw new Error(`Apache Tika at ${base} did not answer: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw refusal(response.status);
    }
    // UTF-8 needs at most 4 bytes a character: past this the text is surely too long.
    const body = await readCappedBody(response, maxTextChars * 4).catch((error: unknown) => {
      if (signal.aborted) throw new ExtractionError('TIMEOUT', `Apache Tika took longer than ${Math.round(timeoutMs / 1000)} s to read the document.`);
      throw error;
    });
    if (body === null) throw new ExtractionError('TOO_LARGE', `The document holds more than ${maxTextChars} characters of text.`);
    return body.toString('utf8');
  }
}

function refusal(status: number): Error {
  // Tika answers 415 for a type it has no parser for and 422 for a document its parser rejects
  // (broken, or encrypted: Tika does not say which in the status).
  if (status === 415) return new ExtractionError('UNSUPPORTED', 'Apache Tika has no parser for this type of document.');
  if (status === 422) return new ExtractionError('CORRUPT', 'Apache Tika could not read the document (it is broken or password-protected).');
  if (status >= 500) return new Error(`Apache Tika failed (HTTP ${status}).`);
  return new ExtractionError('CORRUPT', `Apache Tika refused the document (HTTP ${status}).`);
}
