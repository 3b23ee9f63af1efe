export * from './shell-object.ts';
export * from './ems-command.ts';
