/**
 * The per-installation security pattern as a small SVG (geometry in ./pattern-drawing.ts). Shown in
 * the popup header and in every extension frame on instagram.com, so the user can tell our boxes
 * from look-alikes drawn by the page. Self-contained: inline colours, no stylesheet needed.
 *
 * The text alternative is an aria-label (not an SVG <title>) so the badge adds no text content to
 * its container.
 */
import type { SecurityPattern } from '../../messaging/protocol';
import { t } from '../i18n';
import { CELL_SIZE, PATTERN_BOX, hueName, patternDrawing, polygonPoints, type PatternCell, type PatternShape } from './pattern-drawing';

export interface SecurityPatternBadgeProps {
  pattern: SecurityPattern;
  /** Width and height in CSS pixels. */
  size?: number;
  /** Overrides the default text alternative ("Your security pattern: …"). */
  label?: string;
}

export function SecurityPatternBadge({ pattern, size = 28, label }: SecurityPatternBadgeProps) {
  const drawing = patternDrawing(pattern);
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${PATTERN_BOX} ${PATTERN_BOX}`}
      width={size}
      height={size}
      role="img"
      aria-label={label ?? describePattern(pattern)}
      focusable="false"
      data-testid="security-pattern"
      style={{ display: 'block', flex: 'none' }}
    >
      <rect x="0.5" y="0.5" width={PATTERN_BOX - 1} height={PATTERN_BOX - 1} rx="4" fill={drawing.background} stroke={drawing.foreground} stroke-width="1" />
      {drawing.cells.map((cell) => (
        <PatternCellShape key={`${cell.x},${cell.y}`} cell={cell} shape={drawing.shape} fill={drawing.foreground} />
      ))}
    </svg>
  );
}

function PatternCellShape({ cell, shape, fill }: { cell: PatternCell; shape: PatternShape; fill: string }) {
  const { x, y } = cell;
  if (shape === 'circle') return <circle cx={x + CELL_SIZE / 2} cy={y + CELL_SIZE / 2} r={CELL_SIZE / 2 - 0.5} fill={fill} />;
  if (shape === 'square') return <rect x={x + 0.5} y={y + 0.5} width={CELL_SIZE - 1} height={CELL_SIZE - 1} fill={fill} />;
  return <polygon points={polygonPoints(shape, x, y)} fill={fill} />;
}

/** "Your security pattern: pink circles on blue": a description for screen readers. */
export function describePattern(pattern: SecurityPattern): string {
  const drawing = patternDrawing(pattern);
  return t('pattern.label', {
    shape: t(`pattern.shape.${drawing.shape}`),
    color1: t(`pattern.color.${hueName(drawing.hues[0])}`),
    color2: t(`pattern.color.${hueName(drawing.hues[1])}`),
  });
}
