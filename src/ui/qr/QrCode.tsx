/**
 * A QR code drawn as SVG: one 1x1 <rect> per dark module on a white square with the 4-module quiet
 * zone the standard asks for. Black on white in both themes, since scanners expect dark modules on
 * a light background. No markup strings: every element is a Preact node.
 */
import { useMemo } from 'preact/hooks';
import { t } from '../i18n';
import { qrModules } from './qr-modules';

const QUIET_ZONE = 4;

export interface QrCodeProps {
  /** The bytes to encode, base64url. */
  value: string;
  /** Text alternative, e.g. "QR code of your invite code". */
  label: string;
  /** Width and height in CSS pixels. */
  size?: number;
}

export function QrCode({ value, label, size = 200 }: QrCodeProps) {
  const modules = useMemo(() => qrModules(value), [value]);
  if (!modules) return <p class="qr-unavailable">{t('qr.unavailable')}</p>;
  const box = modules.length + 2 * QUIET_ZONE;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${box} ${box}`}
      width={size}
      height={size}
      role="img"
      aria-label={label}
      shape-rendering="crispEdges"
      data-testid="qr-code"
      class="qr-code"
    >
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width={box} height={box} fill="#ffffff" />
      <g fill="#000000" data-testid="qr-modules">
        {modules.flatMap((row, y) => row.map((dark, x) => (dark ? <rect key={`${x},${y}`} x={x} y={y} width="1" height="1" /> : null)))}
      </g>
    </svg>
  );
}
