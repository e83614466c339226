/** Instagram URL shapes. Pure; see ../shared/reference/instagram-dm-dom.md for the formats. */

/** Direct-message surfaces: the inbox and threads (`/direct/inbox/`, `/direct/t/<id>/`). */
export function isDirectPath(pathname: string): boolean {
  return pathname === '/direct' || pathname.startsWith('/direct/');
}
