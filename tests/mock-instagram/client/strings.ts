/**
 * Locale packs of the local instagram.com (instagram-dm-dom.md §4.1 "Localized labels seen", §10.7).
 * English strings are the ones quoted in the reference; Spanish and Russian follow the localized
 * forms the reference cites ("Mensaje…", "Сообщение…") and are otherwise plain translations.
 */
import type { Locale } from '../variant';

export interface Strings {
  lang: string;
  title: string;
  message: string;
  placeholder: string;
  send: string;
  emoji: string;
  voiceClip: string;
  addMedia: string;
  gif: string;
  like: string;
  home: string;
  messages: string;
  back: string;
  audioCall: string;
  videoCall: string;
  conversationInfo: string;
  threadList: string;
  conversationWith: (name: string) => string;
  messagesWith: (name: string) => string;
  openProfile: (username: string) => string;
  youSent: string;
  reactTo: (username: string) => string;
  replyTo: (username: string) => string;
  moreOptions: (username: string) => string;
  doubleTapToLike: string;
  detailsAndActions: string;
  enter: string;
  loading: string;
  you: string;
  yourMessages: string;
  sendPrivate: string;
  notificationsTitle: string;
  notificationsBody: string;
  turnOn: string;
  notNow: string;
  couldntSend: string;
  tryAgainLater: string;
  restricted: string;
  ok: string;
  tooLong: string;
  unavailable: string;
  newMessageFrom: (name: string) => string;
  messageButton: string;
  userProfilePicture: string;
}

const en: Strings = {
  lang: 'en',
  title: 'Instagram • Messages',
  message: 'Message',
  placeholder: 'Message...',
  send: 'Send',
  emoji: 'Choose an emoji',
  voiceClip: 'Voice Clip',
  addMedia: 'Add Photo or Video',
  gif: 'Choose a GIF or sticker',
  like: 'Like',
  home: 'Home',
  messages: 'Messages',
  back: 'Back',
  audioCall: 'Audio call',
  videoCall: 'Video call',
  conversationInfo: 'Conversation information',
  threadList: 'Thread list',
  conversationWith: (n) => `Conversation with ${n}`,
  messagesWith: (n) => `Messages in conversation with ${n}`,
  openProfile: (u) => `Open the profile page of ${u}`,
  youSent: 'You sent',
  reactTo: (u) => `React to message from ${u}`,
  replyTo: (u) => `Reply to message from ${u}`,
  moreOptions: (u) => `See more options for message from ${u}`,
  doubleTapToLike: 'Double tap to like',
  detailsAndActions: 'Details and actions',
  enter: 'Enter',
  loading: 'Loading...',
  you: 'You',
  yourMessages: 'Your messages',
  sendPrivate: 'Send private photos and messages to a friend or group.',
  notificationsTitle: 'Turn on Notifications',
  notificationsBody: "Know right away when people follow you or like and comment on your photos.",
  turnOn: 'Turn On',
  notNow: 'Not Now',
  couldntSend: "Couldn't send",
  tryAgainLater: 'Try again later',
  restricted: 'We restrict certain activity to protect our community.',
  ok: 'OK',
  tooLong: 'Your message is too long.',
  unavailable: "Sorry, this page isn't available.",
  newMessageFrom: (n) => `New message from ${n}`,
  messageButton: 'Message',
  userProfilePicture: 'user-profile-picture',
};

const es: Strings = {
  lang: 'es',
  title: 'Instagram • Mensajes',
  message: 'Mensaje',
  placeholder: 'Mensaje...',
  send: 'Enviar',
  emoji: 'Elegir un emoji',
  voiceClip: 'Clip de voz',
  addMedia: 'Añadir foto o vídeo',
  gif: 'Elegir un GIF o sticker',
  like: 'Me gusta',
  home: 'Inicio',
  messages: 'Mensajes',
  back: 'Atrás',
  audioCall: 'Llamada de audio',
  videoCall: 'Videollamada',
  conversationInfo: 'Información de la conversación',
  threadList: 'Lista de conversaciones',
  conversationWith: (n) => `Conversación con ${n}`,
  messagesWith: (n) => `Mensajes de la conversación con ${n}`,
  openProfile: (u) => `Abrir la página de perfil de ${u}`,
  youSent: 'Enviaste',
  reactTo: (u) => `Reaccionar al mensaje de ${u}`,
  replyTo: (u) => `Responder al mensaje de ${u}`,
  moreOptions: (u) => `Ver más opciones del mensaje de ${u}`,
  doubleTapToLike: 'Toca dos veces para indicar que te gusta',
  detailsAndActions: 'Detalles y acciones',
  enter: 'Intro',
  loading: 'Cargando...',
  you: 'Tú',
  yourMessages: 'Tus mensajes',
  sendPrivate: 'Envía fotos y mensajes privados a un amigo o grupo.',
  notificationsTitle: 'Activar notificaciones',
  notificationsBody: 'Entérate enseguida cuando alguien te siga o indique que le gustan tus fotos.',
  turnOn: 'Activar',
  notNow: 'Ahora no',
  couldntSend: 'No se pudo enviar',
  tryAgainLater: 'Inténtalo de nuevo más tarde',
  restricted: 'Restringimos ciertas actividades para proteger a nuestra comunidad.',
  ok: 'Aceptar',
  tooLong: 'Tu mensaje es demasiado largo.',
  unavailable: 'Esta página no está disponible.',
  newMessageFrom: (n) => `Nuevo mensaje de ${n}`,
  messageButton: 'Enviar mensaje',
  userProfilePicture: 'user-profile-picture',
};

const ru: Strings = {
  lang: 'ru',
  title: 'Instagram • Сообщения',
  message: 'Сообщение',
  placeholder: 'Сообщение...',
  send: 'Отправить',
  emoji: 'Выбрать эмодзи',
  voiceClip: 'Голосовое сообщение',
  addMedia: 'Добавить фото или видео',
  gif: 'Выбрать GIF или наклейку',
  like: 'Нравится',
  home: 'Главная',
  messages: 'Сообщения',
  back: 'Назад',
  audioCall: 'Аудиозвонок',
  videoCall: 'Видеозвонок',
  conversationInfo: 'Информация о переписке',
  threadList: 'Список переписок',
  conversationWith: (n) => `Переписка с ${n}`,
  messagesWith: (n) => `Сообщения в переписке с ${n}`,
  openProfile: (u) => `Открыть страницу профиля ${u}`,
  youSent: 'Вы отправили',
  reactTo: (u) => `Отреагировать на сообщение от ${u}`,
  replyTo: (u) => `Ответить на сообщение от ${u}`,
  moreOptions: (u) => `Другие действия для сообщения от ${u}`,
  doubleTapToLike: 'Нажмите дважды, чтобы поставить отметку «Нравится»',
  detailsAndActions: 'Подробности и действия',
  enter: 'Ввод',
  loading: 'Загрузка...',
  you: 'Вы',
  yourMessages: 'Ваши сообщения',
  sendPrivate: 'Отправляйте личные фото и сообщения другу или группе.',
  notificationsTitle: 'Включить уведомления',
  notificationsBody: 'Узнавайте сразу, когда на вас подписываются или ставят отметки «Нравится».',
  turnOn: 'Включить',
  notNow: 'Не сейчас',
  couldntSend: 'Не удалось отправить',
  tryAgainLater: 'Повторите попытку позже',
  restricted: 'Мы ограничиваем некоторые действия, чтобы защитить наше сообщество.',
  ok: 'OK',
  tooLong: 'Слишком длинное сообщение.',
  unavailable: 'К сожалению, эта страница недоступна.',
  newMessageFrom: (n) => `Новое сообщение от ${n}`,
  messageButton: 'Отправить сообщение',
  userProfilePicture: 'user-profile-picture',
};

const PACKS: Record<Locale, Strings> = { en, es, ru };

export function stringsFor(locale: Locale): Strings {
  return PACKS[locale];
}
