/**
 * The security pattern as a small SVG, drawn with plain DOM for the reader frame (the same drawing,
 * attributes and text alternative as src/ui/pattern/SecurityPatternBadge.tsx, without Preact or the
 * whole catalog: the reader frame is loaded once per chat bubble).
 */
import type { SecurityPattern } from '../../messaging/protocol';
import { CELL_SIZE, PATTERN_BOX, hueName, patternDrawing, polygonPoints } from '../pattern/pattern-drawing';
import { rt } from './reader-strings';

const SVG = 'http://www.w3.org/2000/svg';

function svgElement(doc: Document, name: string, attrs: Readonly<Record<string, string | number>>): SVGElement {
  const el = doc.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** "Your security pattern: pink circles on blue": a description for screen readers. */
export function describePattern(pattern: SecurityPattern): string {
  const drawing = patternDrawing(pattern);
  return rt('pattern.label', {
    shape: rt(`pattern.shape.${drawing.shape}`),
    color1: rt(`pattern.color.${hueName(drawing.hues[0])}`),
    color2: rt(`pattern.color.${hueName(drawing.hues[1])}`),
  });
}

export function patternBadge(doc: Document, pattern: SecurityPattern, size: number): SVGElement {
  const drawing = patternDrawing(pattern);
  const svg = svgElement(doc, 'svg', {
    viewBox: `0 0 ${PATTERN_BOX} ${PATTERN_BOX}`,
    width: size,
    height: size,
    role: 'img',
    'aria-label': describePattern(pattern),
    focusable: 'false',
    'data-testid': 'security-pattern',
    style: 'display:block;flex:none',
  });
  svg.append(
    svgElement(doc, 'rect', { x: 0.5, y: 0.5, width: PATTERN_BOX - 1, height: PATTERN_BOX - 1, rx: 4, fill: drawing.background, stroke: drawing.foreground, 'stroke-width': 1 }),
  );
  const fill = drawing.foreground;
  for (const { x, y } of drawing.cells) {
    if (drawing.shape === 'circle') svg.append(svgElement(doc, 'circle', { cx: x + CELL_SIZE / 2, cy: y + CELL_SIZE / 2, r: CELL_SIZE / 2 - 0.5, fill }));
    else if (drawing.shape === 'square') svg.append(svgElement(doc, 'rect', { x: x + 0.5, y: y + 0.5, width: CELL_SIZE - 1, height: CELL_SIZE - 1, fill }));
    else svg.append(svgElement(doc, 'polygon', { points: polygonPoints(drawing.shape, x, y), fill }));
  }
  return svg;
}
