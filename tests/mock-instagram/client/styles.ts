/**
 * Atomic class names and the stylesheet that uses them. Instagram ships obfuscated atomic classes
 * (`x1n2onr6 x78zum5 …`) that change between deploys (instagram-dm-dom.md §2, §10.6); here every
 * logical style key maps to two `x…` names derived from a seed. The default seed is fixed; the
 * `randomClassNames` variant draws a fresh one per page load, so no class survives a reload.
 */

const RULES: ReadonlyArray<readonly [string, string]> = [
  ['app', 'display:flex;height:100vh;overflow:hidden;background:var(--ig-primary-background);color:var(--ig-primary-text)'],
  ['rail', 'width:72px;flex:none;display:flex;flex-direction:column;align-items:center;gap:12px;padding-top:16px;border-inline-end:1px solid var(--ig-separator)'],
  ['railLink', 'color:inherit;display:flex;padding:12px;border-radius:8px'],
  ['main', 'flex:1;display:flex;min-width:0;height:100%'],
  ['inbox', 'width:320px;flex:none;overflow-y:auto;border-inline-end:1px solid var(--ig-separator)'],
  ['inboxHeader', 'font-weight:700;font-size:20px;padding:24px 24px 12px'],
  ['inboxRow', 'display:flex;align-items:center;gap:12px;height:72px;padding:0 24px;cursor:pointer;box-sizing:border-box'],
  ['inboxRowActive', 'background:var(--ig-highlight-background)'],
  ['inboxText', 'display:flex;flex-direction:column;min-width:0;flex:1'],
  ['inboxName', 'font-weight:400;white-space:nowrap;overflow:hidden;text-overflow:ellipsis'],
  ['inboxNameUnread', 'font-weight:600'],
  ['inboxPreview', 'color:var(--ig-secondary-text);font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;display:flex;gap:2px'],
  ['unreadDot', 'width:8px;height:8px;border-radius:4px;background:rgb(74,93,249);flex:none'],
  ['roundImg', 'border-radius:50%;background:var(--ig-highlight-background);flex:none;object-fit:cover'],
  ['thread', 'flex:1;display:flex;flex-direction:column;min-width:0;height:100%'],
  ['header', 'display:flex;align-items:center;gap:12px;height:74px;padding:0 16px;border-bottom:1px solid var(--ig-separator);box-sizing:border-box;flex:none'],
  ['headerLink', 'display:flex;align-items:center;gap:12px;color:inherit;text-decoration:none;flex:1;min-width:0'],
  ['headerName', 'font-size:16px;font-weight:600;margin:0'],
  ['headerUser', 'font-size:12px;color:var(--ig-secondary-text)'],
  ['iconButton', 'display:flex;padding:8px;cursor:pointer;color:inherit'],
  ['listPagelet', 'flex:1;min-height:0;display:flex;flex-direction:column;position:relative'],
  ['scroller', 'flex:1;min-height:0;overflow-y:auto;overflow-x:hidden;display:flex;flex-direction:column-reverse'],
  ['list', 'display:flex;flex-direction:column;padding:0 16px'],
  ['spacer', 'flex:none;width:100%'],
  ['itemWrap', 'display:block'],
  ['timeSep', 'text-align:center;color:var(--ig-secondary-text);font-size:12px;padding:12px 0 4px'],
  ['lane', 'display:flex;align-items:flex-end;gap:8px;padding:4px 0'],
  ['bubble', 'max-width:min(564px,70%);padding:8px 12px;border-radius:18px;line-height:20px;font-size:15px;overflow-wrap:anywhere;white-space:pre-wrap'],
  ['bubbleOut', 'background:var(--ig-bubble-out);color:var(--ig-bubble-out-text)'],
  ['bubbleIn', 'background:var(--ig-highlight-background);color:var(--ig-primary-text)'],
  ['bubbleEmoji', 'background:transparent;font-size:40px;line-height:44px;padding:0'],
  ['bubblePending', 'opacity:0.6'],
  // Grid-era bubbles sit in shrink-to-fit wrappers; the width cap moves to the wrapper.
  ['bubbleFill', 'max-width:none'],
  ['laneItem', 'max-width:70%;min-width:0'],
  ['hoverBar', 'width:var(--x-width);display:flex;align-items:center;gap:2px;flex:none'],
  ['avatarSlot', 'width:28px;flex:none'],
  ['progress', 'display:flex;justify-content:center;padding:12px;color:var(--ig-secondary-text)'],
  ['skeletonBar', 'height:34px;border-radius:17px;margin:6px 0;background:linear-gradient(90deg,var(--ig-highlight-background),var(--ig-separator),var(--ig-highlight-background));background-size:200% 100%;animation:ig-shimmer 1.2s linear infinite'],
  ['composer', 'display:flex;align-items:center;gap:4px;margin:16px;min-height:44px;padding:0 12px;border:1px solid var(--ig-separator);border-radius:22px;flex:none'],
  ['composerWrap', 'flex:1;min-width:0;position:relative;padding:10px 4px'],
  ['composerInput', 'outline:none;max-height:120px;overflow-y:auto;line-height:18px;font-size:15px'],
  ['composerP', 'margin:0'],
  ['composerPlaceholder', 'position:absolute;inset-inline-start:4px;top:10px;color:var(--ig-secondary-text);pointer-events:none;line-height:18px;font-size:15px'],
  ['sendButton', 'color:var(--ig-link);font-weight:600;cursor:pointer;padding:8px;user-select:none'],
  ['textarea', 'flex:1;border:0;outline:none;resize:none;background:transparent;color:inherit;font:inherit;font-size:15px;line-height:18px;height:18px;padding:10px 4px'],
  ['textButton', 'border:0;background:transparent;color:var(--ig-link);font-weight:600;cursor:pointer;font-size:14px'],
  ['backdrop', 'position:fixed;inset:0;background:rgba(0,0,0,0.65);display:flex;align-items:center;justify-content:center;z-index:100'],
  ['dialog', 'background:var(--ig-elevated);color:var(--ig-primary-text);border-radius:12px;width:400px;max-width:90vw;text-align:center;overflow:hidden'],
  ['dialogTitle', 'font-size:20px;font-weight:600;margin:32px 32px 8px'],
  ['dialogBody', 'color:var(--ig-secondary-text);margin:0 32px 24px'],
  ['dialogButton', 'display:block;width:100%;min-height:48px;border:0;border-top:1px solid var(--ig-separator);background:transparent;color:var(--ig-primary-text);font:inherit;cursor:pointer'],
  ['dialogPrimary', 'color:var(--ig-link);font-weight:700'],
  ['toast', 'position:fixed;bottom:96px;left:50%;transform:translateX(-50%);background:#262626;color:#fff;padding:12px 16px;border-radius:8px;z-index:90'],
  ['srOnly', 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap'],
  ['empty', 'flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:8px;color:var(--ig-secondary-text)'],
  ['gridRow', 'display:flex;align-items:stretch'],
  ['gridCell', 'flex:1;min-width:0;outline:none'],
  ['gridLane', 'display:flex;align-items:flex-end;gap:8px;padding:4px 0'],
  ['laneEnd', 'justify-content:flex-end'],
  ['laneStart', 'justify-content:flex-start'],
  ['listboxRow', 'display:block;outline:none'],
];

export type ClassKey =
  | 'app' | 'rail' | 'railLink' | 'main' | 'inbox' | 'inboxHeader' | 'inboxRow' | 'inboxRowActive' | 'inboxText'
  | 'inboxName' | 'inboxNameUnread' | 'inboxPreview' | 'unreadDot' | 'roundImg' | 'thread' | 'header' | 'headerLink'
  | 'headerName' | 'headerUser' | 'iconButton' | 'listPagelet' | 'scroller' | 'list' | 'spacer' | 'itemWrap' | 'timeSep'
  | 'lane' | 'bubble' | 'bubbleOut' | 'bubbleIn' | 'bubbleEmoji' | 'bubblePending' | 'bubbleFill' | 'laneItem' | 'hoverBar' | 'avatarSlot'
  | 'progress' | 'skeletonBar' | 'composer' | 'composerWrap' | 'composerInput' | 'composerP' | 'composerPlaceholder'
  | 'sendButton' | 'textarea' | 'textButton' | 'backdrop' | 'dialog' | 'dialogTitle' | 'dialogBody' | 'dialogButton'
  | 'dialogPrimary' | 'toast' | 'srOnly' | 'empty' | 'gridRow' | 'gridCell' | 'gridLane' | 'laneEnd' | 'laneStart'
  | 'listboxRow';

/** FNV-1a, 32 bit: enough to scatter names; not security relevant. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function atom(seed: string, key: string, n: number): string {
  // "x" + 7 base-36 characters, the shape of Instagram's atomic classes.
  const a = fnv(`${seed}|${key}|${n}`).toString(36);
  const b = fnv(`${key}|${n}|${seed}`).toString(36);
  return `x${(a + b).slice(0, 7)}`;
}

export interface ClassMap {
  /** Space-separated class list for the given keys. */
  cx(...keys: Array<ClassKey | false | null | undefined>): string;
  css: string;
}

export function classMap(seed: string): ClassMap {
  const names = new Map<string, [string, string]>();
  for (const [key] of RULES) names.set(key, [atom(seed, key, 0), atom(seed, key, 1)]);
  // The group-era row wrapper is quoted by name in the reference (instafn comment); keep it by default.
  if (seed === 'static') names.set('itemWrap', ['x13dflua', atom(seed, 'itemWrap', 1)]);
  const css = RULES.map(([key, decl]) => `.${names.get(key)![0]}{${decl}}`).join('\n');
  return {
    cx: (...keys) =>
      keys
        .filter((k): k is ClassKey => typeof k === 'string')
        .map((k) => names.get(k)!.join(' '))
        .join(' '),
    css,
  };
}
