// Pure: the public API of aws-config (re-exports only).
export { resolveAwsConfigPaths, expandPath, type AwsConfigPaths, type Env } from './paths';
export {
  parseIni,
  parseIniBytes,
  type IniParseResult,
  type IniSection,
  type IniEntry,
  type IniProblem,
} from './parseIni';
export {
  buildProfileMap,
  type ProfileMap,
  type RawProfile,
  type KeyMap,
  type KeyValue,
  type Problem,
  type SectionRef,
  type SsoSession,
  type ServicesSection,
} from './profiles';
export {
  validateProfile,
  intendedKind,
  walkSourceProfiles,
  CREDENTIAL_SOURCES,
  type ProfileKind,
} from './validateProfile';
export {
  loadAwsConfig,
  readIniFile,
  profilesFromMap,
  type AwsConfig,
  type Profile,
  type ConfigFileInfo,
  type LoadAwsConfigOptions,
} from './loadAwsConfig';
export { shlexSplit } from './pyText';
