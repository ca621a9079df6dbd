/**
 * The OCR port on tesseract.js, for local mode and tests (no AWS account). Language data comes from the npm
 * packages @tesseract.js-data/eng and @tesseract.js-data/chi_sim; nothing is downloaded at run time (tesseract.js
 * fetches from a CDN when no langPath is given, and crashes offline).
 *
 * tesseract.js takes one langPath for all languages, and its `{ code, data }` form is broken in v7 (it passes the
 * data as the language name), so the two packages' files are linked into one folder under the cache directory.
 *
 * Two workers, each started on first use and then reused: Chinese (chi_sim, whose model also reads Latin letters and
 * digits) and English only. Receipts are read by the first (the Chinese total keywords 合计/实付款 need it). Waybills
 * are read by both, in parallel, and the lines merged: with Chinese, Latin prefixes such as 'JT' are sometimes read as
 * Chinese glyphs; English alone garbles the Chinese text around the number and misreads other digits. On the fixtures
 * each alone read 86–92% of tracking numbers exactly, the two together all 36.
 *
 * The first worker was meant to be 'chi_sim+eng', but tesseract never loaded eng into it (see NO_SUB_LANGUAGES), so
 * the figures above are chi_sim's. With eng really loaded beside chi_sim the fixtures read worse (tracking numbers
 * 35/36, receipt totals 6/8 and dates 7/8 against 36/36, 7/8 and 8/8), so the worker stays chi_sim alone.
 */
import { copyFile, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { assertEvidenceFile, EvidenceFileRejected, sniffContentType } from '../../domain/evidence/limits.ts';
import { parseReceiptLines } from '../../domain/evidence/receipt.ts';
import type { OcrLine } from '../../domain/evidence/types.ts';
import type { EvidenceImage, Ocr, ReceiptReading, WaybillReading } from '../../ports/ocr.ts';
import { assertImageDimensions } from './image-dimensions.ts';

/** The language packages and the model inside them: the integer LSTM models, smaller and faster than 4.0.0's. */
const LANGUAGES = [
  { code: 'chi_sim', pkg: '@tesseract.js-data/chi_sim' },
  { code: 'eng', pkg: '@tesseract.js-data/eng' },
] as const;
const MODEL_FOLDER = '4.0.0_best_int';
const WAYBILL_LANGUAGES = 'eng';
const RECEIPT_LANGUAGES = 'chi_sim';
/**
 * Init-time config for every worker: load no sub-languages. chi_sim.traineddata's own config says
 * `tessedit_load_sublangs chi_sim_vert` (vertical Chinese, not in the package). Tesseract 5 appends such
 * sub-languages to the language list while a range-based for loop iterates over it (Tesseract::init_tesseract), so
 * the append reallocates the list under the loop and the loop goes on reading freed memory. With 'chi_sim+eng' that
 * meant eng was never loaded and tesseract tried a language with a garbage name instead ("Error opening data file
 * ./玂臎.traineddata … Failed loading language '玂臎'"); with chi_sim alone the loop happens to stop. A config passed
 * to Init is read after the language's own, so this empties the list: nothing is appended, nothing is read freed.
 * (Config file text: a parameter name with no value sets it to ''.)
 */
const NO_SUB_LANGUAGES = 'tessedit_load_sublangs\n';

export interface TesseractOcrOptions {
  /**
   * Where the language folder and tesseract's unpacked-data cache go; keyed by the model so an upgrade of the data
   * packages does not read a stale cache.
   * @default `${os.tmpdir()}/refund-ocr-tesseract/4.0.0_best_int`
   */
  cacheDir?: string;
  /**
   * Reads an S3 reference in local mode (the local object store), the named version when there is one; without it
   * S3 images are refused.
   */
  loadObject?: (ref: { bucket: string; key: string; version?: string }) => Promise<Uint8Array>;
}

/** An Ocr that also owns worker threads, so tests and the local runtime can stop them. */
export interface TesseractOcr extends Ocr {
  close(): Promise<void>;
}

/**
 * Links each language package's gzipped data into one folder, the langPath tesseract.js needs. A link left by another
 * checkout (a different node_modules) is replaced; where links are not allowed the file is copied.
 */
async function languageFolder(cacheDir: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const folder = join(cacheDir, 'lang');
  await mkdir(folder, { recursive: true });
  for (const { code, pkg } of LANGUAGES) {
    const source = join(dirname(require.resolve(`${pkg}/package.json`)), MODEL_FOLDER, `${code}.traineddata.gz`);
    const target = join(folder, `${code}.traineddata.gz`);
    const current = await readlink(target).catch(() => undefined);
    if (current === source) continue;
    await rm(target, { force: true });
    await symlink(source, target).catch(() => copyFile(source, target));
  }
  return folder;
}

/** Blocks → paragraphs → lines, with words, confidence 0..1. */
function linesOf(blocks: Tesseract.Block[] | null): OcrLine[] {
  return (blocks ?? [])
    .flatMap((b) => b.paragraphs.flatMap((p) => p.lines))
    .map((line) => ({
      text: line.text.trim(),
      confidence: line.confidence / 100,
      words: line.words.map((w) => ({ text: w.text, confidence: w.confidence / 100 })),
    }))
    .filter((line) => line.text.length > 0);
}

/**
 * An Ocr on tesseract.js workers, created on first use and reused: starting one costs about half a second, a read
 * 0.1–0.5 s. Reads are serialised by each worker's own queue.
 */
export function createTesseractOcr(options: TesseractOcrOptions = {}): TesseractOcr {
  const cacheDir = options.cacheDir ?? join(tmpdir(), 'refund-ocr-tesseract', MODEL_FOLDER);
  const workers = new Map<string, Promise<Worker>>();

  const start = async (languages: string): Promise<Worker> => {
    const langPath = await languageFolder(cacheDir);
    const cachePath = join(cacheDir, 'cache');
    await mkdir(cachePath, { recursive: true });
    // Without an errorHandler tesseract.js throws worker errors on the event loop and kills the process.
    return createWorker(
      languages,
      OEM.LSTM_ONLY,
      { langPath, gzip: true, cachePath, errorHandler: () => {} },
      NO_SUB_LANGUAGES,
    );
  };
  const workerFor = (languages: string): Promise<Worker> => {
    let worker = workers.get(languages);
    if (!worker) {
      worker = start(languages).catch((error: unknown) => {
        workers.delete(languages);
        throw error;
      });
      workers.set(languages, worker);
    }
    return worker;
  };

  const bytesOf = async (image: EvidenceImage): Promise<Uint8Array> => {
    if ('bytes' in image) return image.bytes;
    if (!options.loadObject) throw new Error('the local OCR engine was given an S3 image but no loadObject');
    return options.loadObject(image.s3);
  };

  const read = async (image: EvidenceImage, languages: string): Promise<OcrLine[]> => {
    const bytes = await bytesOf(image);
    const declared = assertEvidenceFile({ contentType: image.contentType, size: bytes.length });
    const actual = sniffContentType(bytes);
    if (actual !== declared) {
      throw new EvidenceFileRejected(
        'UNSUPPORTED_CONTENT_TYPE',
        `declared ${declared} but the bytes are ${actual ?? 'unknown'}`,
      );
    }
    if (declared === 'application/pdf') {
      throw new EvidenceFileRejected('UNSUPPORTED_CONTENT_TYPE', 'the local OCR engine reads images only, not PDF');
    }
    // Decompression bombs: the header's width × height is checked before tesseract decodes a pixel.
    assertImageDimensions(bytes, declared);
    const worker = await workerFor(languages);
    const result = await worker.recognize(Buffer.from(bytes), {}, { blocks: true, text: false });
    return linesOf(result.data.blocks);
  };

  return {
    async readWaybill(image: EvidenceImage): Promise<WaybillReading> {
      const readings = await Promise.all([read(image, RECEIPT_LANGUAGES), read(image, WAYBILL_LANGUAGES)]);
      return { lines: readings.flat() };
    },
    async readReceipt(image: EvidenceImage): Promise<ReceiptReading> {
      const lines = await read(image, RECEIPT_LANGUAGES);
      return { summary: parseReceiptLines(lines), lines };
    },
    async close(): Promise<void> {
      const running = [...workers.values()];
      workers.clear();
      await Promise.allSettled(running.map(async (w) => (await w).terminate()));
    },
  };
}
