// I/O: the module VS Code loads; everything is built in activate.ts.
export { activate, deactivate } from './activate';
