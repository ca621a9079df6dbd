/**
 * Whether this browser can draw Chinese at all. On a minimal Linux box (a container, a fresh Debian) no font has CJK
 * glyphs and every Chinese character is drawn as the same empty box: the zh-CN console is unreadable and nothing says
 * why. `document.fonts.check()` cannot tell (it answers true for any font it need not download), so this draws a
 * Chinese character and a code point no font has (U+0378, unassigned) on a canvas: without a CJK font both come out
 * as the same "missing glyph" box.
 */
import { h } from './dom.ts';

const SIZE = 32;

function pixels(context: CanvasRenderingContext2D, text: string): string {
  context.clearRect(0, 0, SIZE * 2, SIZE * 2);
  context.fillText(text, 4, 4);
  return context.getImageData(0, 0, SIZE * 2, SIZE * 2).data.join();
}

/** True when some installed font draws Chinese; also true when the check cannot run (no canvas), to stay quiet. */
export function hasCjkFont(): boolean {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE * 2;
  canvas.height = SIZE * 2;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return true;
  context.font = `${SIZE}px ${getComputedStyle(document.documentElement).fontFamily || 'sans-serif'}`;
  context.textBaseline = 'top';
  context.fillStyle = '#000';
  const missing = pixels(context, '\u0378');
  return ['中', '退'].some((glyph) => pixels(context, glyph) !== missing);
}

/** A small note in English (the one language such a box can show) saying how to get Chinese text; null if fine. */
export function fontNote(): HTMLElement | null {
  if (hasCjkFont()) return null;
  return h(
    'p',
    { class: 'font-note', role: 'note', lang: 'en' },
    'Chinese text needs a CJK font: on Debian/Ubuntu ',
    h('code', {}, 'apt install fonts-noto-cjk'),
    ' (or the smaller fonts-wqy-microhei), then reload.',
  );
}
