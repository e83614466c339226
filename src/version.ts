/** Shown in the UI and answered to `hello`; kept in step with package.json by a unit test. */
export const EXTENSION_VERSION = '0.1.0';
