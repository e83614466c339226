/** Shown in the UI (the `status` answer); kept in step with package.json by a unit test. */
export const EXTENSION_VERSION = '0.1.0';
