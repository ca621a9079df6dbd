/**
 * The console's look, read from web/src/styles.css (issue 19 item 5): the colours keep the contrast its comment claims
 * (text 4.5:1, borders, focus ring and radio marks 3:1, WCAG 2.2), the font stack names a Chinese face for every
 * common system, and radios and checkboxes stay at least 20 px. A colour changed without these in mind fails here,
 * not in front of a person.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, '../../web/src/styles.css'), 'utf8');
const root = css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {')));

/** The `--name: #rrggbb` custom properties of :root. */
const colours = Object.fromEntries(
  [...root.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map(([, name, hex]) => [name, hex?.toLowerCase()]),
);
const WHITE = '#ffffff';

/** WCAG relative luminance of an sRGB colour. */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const ratio = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
};
const colour = (name: string) => {
  const value = name === 'white' ? WHITE : colours[name];
  if (!value) throw new Error(`--${name} is not a #rrggbb colour in :root`);
  return value;
};

describe('the console’s colours', () => {
  it.each([
    ['ink', 'bg'],
    ['muted', 'bg'],
    ['muted', 'white'],
    ['white', 'accent'],
    ['accent', 'white'],
    ['ok', 'white'],
    ['ok', 'bg'],
    ['ok', 'ok-bg'],
    ['warn', 'white'],
    ['warn', 'bg'],
    ['warn', 'warn-bg'],
    ['bad', 'white'],
    ['bad', 'bg'],
    ['bad', 'bad-bg'],
    ['info', 'info-bg'],
  ])('text in --%s on --%s reaches 4.5:1', (fg, bg) => {
    expect(ratio(colour(fg), colour(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['control', 'white'],
    ['control', 'bg'],
    ['focus', 'white'],
    ['focus', 'bg'],
    ['accent', 'white'],
  ])('borders, the focus ring and marks in --%s on --%s reach 3:1', (fg, bg) => {
    expect(ratio(colour(fg), colour(bg))).toBeGreaterThanOrEqual(3);
  });

  it('draws the focus ring and control borders in those colours', () => {
    expect(css).toMatch(/:focus-visible \{\s*outline: 3px solid var\(--focus\);/);
    expect(css).toMatch(/border: 1px solid var\(--control\);/);
  });
});

describe('the console’s type and controls', () => {
  it('names a Latin face, then a Simplified Chinese face for macOS, Windows, Linux, Android and iOS', () => {
    const stack = /font-family:([^;]+);/.exec(root)?.[1] ?? '';
    const faces = stack.split(',').map((f) => f.trim().replaceAll('"', ''));
    for (const face of [
      'PingFang SC',
      'Hiragino Sans GB',
      'Microsoft YaHei',
      'Noto Sans CJK SC',
      'Source Han Sans SC',
      'WenQuanYi Micro Hei',
    ])
      expect(faces).toContain(face);
    expect(faces.at(-1)).toBe('sans-serif');
    expect(faces.indexOf('DejaVu Sans')).toBeLessThan(faces.indexOf('WenQuanYi Micro Hei'));
  });

  it('draws radios and checkboxes at least 20 px (1.25rem)', () => {
    const rule = /input\[type="radio"\],\s*input\[type="checkbox"\] \{([^}]+)\}/.exec(css)?.[1] ?? '';
    expect(rule).toMatch(/width: 1\.25rem;/);
    expect(rule).toMatch(/height: 1\.25rem;/);
  });
});
