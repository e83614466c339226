/**
 * The QR code (ISO/IEC 18004, byte mode, error correction level M) of base64url-encoded bytes, as a
 * square matrix of dark (true) / light (false) modules, without the quiet zone. Encoding is done by
 * `uqr`; this module only decodes the input strictly and turns any failure into `undefined`.
 */
import { encode } from 'uqr';
import { fromBase64url } from '../../encoding/bytes';

export function qrModules(base64url: string): boolean[][] | undefined {
  const bytes = fromBase64url(base64url);
  if (!bytes || bytes.length === 0) return undefined;
  try {
    // Byte mode: the array holds raw bytes, so the QR carries exactly what the vault produced.
    return encode(Array.from(bytes), { ecc: 'M', border: 0 }).data;
  } catch {
    // Too long for version 40: show the text form only.
    return undefined;
  }
}
