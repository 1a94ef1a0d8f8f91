// Pure: the environment as core reads it: always passed in (tests, the extension's merged env), never process.env.
export type Env = Readonly<Record<string, string | undefined>>;
