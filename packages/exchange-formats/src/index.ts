export * from './shell-object.ts';
export * from './ems-command.ts';
export { readEmsScript } from './ems/read-ems-script.ts';
export { collectorScript, COLLECTOR_FILES } from './collector/collector-script.ts';
