/**
 * UI strings of the fixture pages. English as quoted in instagram-dm-dom.md (§3, §4.1, §4.2,
 * §6.2, §6.3); Spanish and Russian as in the local mock (tests/mock-instagram/client/strings.ts),
 * otherwise plain translations. The readers under test must not depend on any of them.
 */
export interface FixtureStrings {
  lang: string;
  message: string;
  placeholder: string;
  send: string;
  emoji: string;
  voiceClip: string;
  addMedia: string;
  gif: string;
  like: string;
  conversationWith: (name: string) => string;
  openProfile: (username: string) => string;
  reactTo: (username: string) => string;
  replyTo: (username: string) => string;
  moreOptions: (username: string) => string;
  originalMessage: string;
  threadList: string;
  loading: string;
  couldntSend: string;
  notNow: string;
  notificationsTitle: string;
}

export const en: FixtureStrings = {
  lang: 'en',
  message: 'Message',
  placeholder: 'Message...',
  send: 'Send',
  emoji: 'Choose an emoji',
  voiceClip: 'Voice Clip',
  addMedia: 'Add Photo or Video',
  gif: 'Choose a GIF or sticker',
  like: 'Like',
  conversationWith: (n) => `Conversation with ${n}`,
  openProfile: (u) => `Open the profile page of ${u}`,
  reactTo: (u) => `React to message from ${u}`,
  replyTo: (u) => `Reply to message from ${u}`,
  moreOptions: (u) => `See more options for message from ${u}`,
  originalMessage: 'Original message:',
  threadList: 'Thread list',
  loading: 'Loading...',
  couldntSend: "Couldn't send",
  notNow: 'Not Now',
  notificationsTitle: 'Turn on Notifications',
};

export const es: FixtureStrings = {
  lang: 'es',
  message: 'Mensaje',
  placeholder: 'Mensaje...',
  send: 'Enviar',
  emoji: 'Elegir un emoji',
  voiceClip: 'Clip de voz',
  addMedia: 'Añadir foto o vídeo',
  gif: 'Elegir un GIF o sticker',
  like: 'Me gusta',
  conversationWith: (n) => `Conversación con ${n}`,
  openProfile: (u) => `Abrir la página de perfil de ${u}`,
  reactTo: (u) => `Reaccionar al mensaje de ${u}`,
  replyTo: (u) => `Responder al mensaje de ${u}`,
  moreOptions: (u) => `Ver más opciones del mensaje de ${u}`,
  originalMessage: 'Mensaje original:',
  threadList: 'Lista de conversaciones',
  loading: 'Cargando...',
  couldntSend: 'No se pudo enviar',
  notNow: 'Ahora no',
  notificationsTitle: 'Activar notificaciones',
};

export const ru: FixtureStrings = {
  lang: 'ru',
  message: 'Сообщение',
  placeholder: 'Сообщение...',
  send: 'Отправить',
  emoji: 'Выбрать эмодзи',
  voiceClip: 'Голосовое сообщение',
  addMedia: 'Добавить фото или видео',
  gif: 'Выбрать GIF или наклейку',
  like: 'Нравится',
  conversationWith: (n) => `Переписка с ${n}`,
  openProfile: (u) => `Открыть страницу профиля ${u}`,
  reactTo: (u) => `Отреагировать на сообщение от ${u}`,
  replyTo: (u) => `Ответить на сообщение от ${u}`,
  moreOptions: (u) => `Другие действия для сообщения от ${u}`,
  originalMessage: 'Исходное сообщение:',
  threadList: 'Список переписок',
  loading: 'Загрузка...',
  couldntSend: 'Не удалось отправить',
  notNow: 'Не сейчас',
  notificationsTitle: 'Включить уведомления',
};
