import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startReaderFrame } from '../src/ui/reader/start';

// The reader frame's only script (public/reader-frame.html loads it): built on its own, so the page
// loads one file instead of a graph of shared chunks (src/ui/reader/start.ts).
export default defineUnlistedScript(() => startReaderFrame());
