export * from './shell-object.ts';
export * from './ems-command.ts';
export { readCliXml, DEFAULT_CLIXML_LIMITS, type CliXmlLimits } from './clixml/read-clixml.ts';
export { readFormatList } from './text/read-format-list.ts';
export { readAceTable } from './text/read-ace-table.ts';
