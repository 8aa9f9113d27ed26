import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { ExtractionError, type ExtractionLimits } from './document-kind';

type ZipLimits = Pick<ExtractionLimits, 'maxEntries' | 'maxExpandedBytes'>;

/**
 * A zip (DOCX, XLSX, PPTX, ODT) read under a budget: at most `maxEntries` entries, and at most
 * `maxExpandedBytes` inflated across every entry read. The budget is checked against the sizes the
 * archive declares before inflating, and again against the bytes actually inflated while streaming
 * (yauzl also refuses an entry that inflates past its declared size), so a zip bomb that lies in its
 * headers is cut off at the cap instead of filling memory.
 */
export class ZipArchive {
  private expanded = 0;

  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly limits: ZipLimits,
  ) {}

  static async open(data: Buffer, limits: ZipLimits): Promise<ZipArchive> {
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      fromBuffer(data, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
        error ? reject(corrupt(error)) : resolve(file),
      ),
    );
    if (zip.entryCount > limits.maxEntries) {
      zip.close();
      throw new ExtractionError('TOO_LARGE', `The archive holds ${zip.entryCount} entries; at most ${limits.maxEntries} are read.`);
    }
    const entries = await new Promise<Map<string, Entry>>((resolve, reject) => {
      const found = new Map<string, Entry>();
      zip.on('entry', (entry: Entry) => {
        found.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve(found));
      zip.on('error', (error: Error) => reject(corrupt(error)));
      zip.readEntry();
    });
    return new ZipArchive(zip, entries, limits);
  }

  /** Entry names, in archive order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The inflated bytes of `name`, counted against the archive's budget. */
  async read(name: string): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new ExtractionError('CORRUPT', `The archive has no ${name}.`);
    if (entry.isEncrypted()) throw new ExtractionError('ENCRYPTED', 'The document is encrypted.');
    if (this.expanded + entry.uncompressedSize > this.limits.maxExpandedBytes) throw this.tooLarge();
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, opened) => (error ? reject(corrupt(error)) : resolve(opened))),
    );
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.expanded += chunk.length;
        if (this.expanded > this.limits.maxExpandedBytes) throw this.tooLarge();
        chunks.push(chunk);
      }
    } catch (error) {
      (stream as unknown as { destroy(): void }).destroy();
      throw error instanceof ExtractionError ? error : corrupt(error);
    }
    return Buffer.concat(chunks);
  }

  async readText(name: string): Promise<string> {
    return (await this.read(name)).toString('utf8');
  }

  close(): void {
    this.zip.close();
  }

  private tooLarge(): ExtractionError {
    return new ExtractionError('TOO_LARGE', `The document expands past ${this.limits.maxExpandedBytes} bytes (a zip bomb, or simply too big).`);
  }
}

function corrupt(error: unknown): ExtractionError {
  return new ExtractionError('CORRUPT', `The archive cannot be read: ${error instanceof Error ? error.message : String(error)}`);
}
