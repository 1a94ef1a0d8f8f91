// Pure: the product version, injected by esbuild from package.json.
declare const __CDR_VERSION__: string | undefined;
export const VERSION: string = typeof __CDR_VERSION__ === 'string' ? __CDR_VERSION__ : '0.0.0-dev';
