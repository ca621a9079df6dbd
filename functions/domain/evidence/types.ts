/**
 * What an OCR engine hands the evidence parsers. Both Textract (LINE/WORD blocks) and tesseract (lines/words) fit
 * this shape, so the parsers and verification never know which engine read the image.
 */

/** One word as read, with the engine's confidence 0..1. */
export interface OcrWord {
  text: string;
  confidence: number;
}

/** One line of text as read. `words` lets a parser score just the token it uses, not the whole noisy line. */
export interface OcrLine {
  text: string;
  /** 0..1. */
  confidence: number;
  words?: OcrWord[];
}

/** A value read from an image with how sure the reading is (0..1), so low-confidence reads go to a person. */
export interface OcrField<T> {
  value: T;
  confidence: number;
}

/**
 * Confidence of the part of a line a parser used: the lowest confidence among the words that make up `used`, or the
 * line's when the engine gave no words. A stray misread glyph elsewhere on the line then does not sink the value.
 */
export function confidenceOf(line: OcrLine, used: string): number {
  const key = (s: string) => s.toUpperCase().replace(/[^A-Z0-9\u3400-\u9fff]/g, '');
  const target = key(used);
  const words = (line.words ?? []).filter((w) => {
    const k = key(w.text);
    return k.length > 0 && (target.includes(k) || (k.length > 2 && k.includes(target)));
  });
  return words.length > 0 ? Math.min(...words.map((w) => w.confidence)) : line.confidence;
}

/** Removes the spaces OCR puts between Chinese characters ('实 付 款' → '实付款') so keywords can be found. */
export function joinCjk(text: string): string {
  return text.replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, '');
}
