/**
 * Re-labels a parsed fixture page: every attribute value and text node equal (after trimming) to
 * a key of `map` becomes its translation. Used to prove that the readers never depend on UI text
 * (instagram-dm-dom.md §10.7).
 */
const LABEL_ATTRS = ['aria-label', 'aria-placeholder', 'placeholder', 'title', 'alt', 'aria-valuetext'];

export function localize(doc: Document, map: Readonly<Record<string, string>>): number {
  let changed = 0;
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of LABEL_ATTRS) {
      const v = el.getAttribute(attr);
      const t = v === null ? undefined : map[v.trim()];
      if (t !== undefined) {
        el.setAttribute(attr, t);
        changed++;
      }
    }
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType !== 3) continue;
      const t = map[(node.nodeValue ?? '').trim()];
      if (t !== undefined) {
        node.nodeValue = t;
        changed++;
      }
    }
  }
  return changed;
}

/** Grid-era page labels (the Aug 2025 dump's English strings) in Spanish and Russian. */
export const GRID_LABELS: Record<'es' | 'ru', Record<string, string>> = {
  es: {
    Message: 'Mensaje',
    'Message...': 'Mensaje...',
    'Open the profile page of bob': 'Abrir la página de perfil de bob',
    'Conversation with Bob Example': 'Conversación con Bob Example',
    'Messages in conversation with Bob Example': 'Mensajes de la conversación con Bob Example',
    'You sent': 'Enviaste',
    'Double tap to like': 'Toca dos veces para indicar que te gusta',
    'Details and actions': 'Detalles y acciones',
    Enter: 'Intro',
    Edited: 'Editado',
    'Original message:': 'Mensaje original:',
    'Loading...': 'Cargando...',
    'Bob Example replied to you': 'Bob Example te respondió',
    "Replied to @Bob Example's story": 'Respondiste a la historia de @Bob Example',
    'Mentioned you in their story': 'Te mencionó en su historia',
    'Choose an emoji': 'Elegir un emoji',
    'Voice Clip': 'Clip de voz',
    'Add Photo or Video': 'Añadir foto o vídeo',
    'Choose a GIF or sticker': 'Elegir un GIF o sticker',
    Like: 'Me gusta',
  },
  ru: {
    Message: 'Сообщение',
    'Message...': 'Сообщение...',
    'Open the profile page of bob': 'Открыть страницу профиля bob',
    'Conversation with Bob Example': 'Переписка с Bob Example',
    'Messages in conversation with Bob Example': 'Сообщения в переписке с Bob Example',
    'You sent': 'Вы отправили',
    'Double tap to like': 'Нажмите дважды, чтобы поставить отметку «Нравится»',
    'Details and actions': 'Подробности и действия',
    Enter: 'Ввод',
    Edited: 'Изменено',
    'Original message:': 'Исходное сообщение:',
    'Loading...': 'Загрузка...',
    'Bob Example replied to you': 'Bob Example ответил(-а) вам',
    "Replied to @Bob Example's story": 'Вы ответили на историю @Bob Example',
    'Mentioned you in their story': 'Упомянул(-а) вас в своей истории',
    'Choose an emoji': 'Выбрать эмодзи',
    'Voice Clip': 'Голосовое сообщение',
    'Add Photo or Video': 'Добавить фото или видео',
    'Choose a GIF or sticker': 'Выбрать GIF или наклейку',
    Like: 'Нравится',
  },
};
