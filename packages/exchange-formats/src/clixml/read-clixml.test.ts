import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UnreadableFileError } from '../shell-object.ts';
import { readCliXml } from './read-clixml.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const objs = (body: string) => `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${body}</Objs>`;

function refusal(read: () => unknown): UnreadableFileError {
  try {
    read();
  } catch (error) {
    if (error instanceof UnreadableFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('readCliXml on the Exchange 2019 capture from CSS-Exchange', () => {
  const { objects, problems } = readCliXml(fixture('e19-get-receive-connector.xml'), 'GetReceiveConnector.xml');
  const connector = objects[0]!;

  it('makes one ShellObject per top-level object, typed by the last segment of its first type name', () => {
    expect(problems).toEqual([]);
    expect(objects).toHaveLength(1);
    expect(connector.type).toBe('ReceiveConnector');
    expect(connector.source).toEqual({ file: 'GetReceiveConnector.xml', line: 5, index: 0 });
  });

  it('reads value objects from their ToString, booleans as the shell prints them and <Nil> as null', () => {
    const properties = connector.properties;
    expect(properties.get('Identity')).toBe('WIN-CTD3L0RGEN4\\Default WIN-CTD3L0RGEN4');
    expect(properties.get('Fqdn')).toBe('WIN-CTD3L0RGEN4.exlab.dom');
    expect(properties.get('MaxMessageSize')).toBe('36 MB (37,748,736 bytes)');
    expect(properties.get('MessageRateLimit')).toBe('Unlimited');
    expect(properties.get('MaxInboundConnection')).toBe('5000');
    expect(properties.get('TarpitInterval')).toBe('00:00:05');
    expect(properties.get('Server')).toBe('WIN-CTD3L0RGEN4');
    expect(properties.get('ExchangeVersion')).toBe('0.1 (8.0.535.0)');
    expect(properties.get('MaxHopCount')).toBe('60');
    expect(properties.get('Enabled')).toBe('True');
    expect(properties.get('RequireTLS')).toBe('False');
    expect(properties.get('DefaultDomain')).toBeNull();
    expect(properties.get('Banner')).toBe('');
  });

  it('reads lists of objects and lists of strings as string arrays, an empty <LST /> as []', () => {
    expect(connector.properties.get('Bindings')).toEqual(['0.0.0.0:2525', '[::]:2525']);
    expect(connector.properties.get('RemoteIPRanges')).toEqual(['::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '0.0.0.0-255.255.255.255']);
    expect(connector.properties.get('ObjectClass')).toEqual(['top', 'msExchSmtpReceiveConnector']);
    expect(connector.properties.get('TlsDomainCapabilities')).toEqual([]);
  });

  it('reads enums from ToString and keeps their integers', () => {
    expect(connector.properties.get('AuthMechanism')).toBe('Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer');
    expect(Object.fromEntries(connector.enumValues)).toMatchObject({ AuthMechanism: 31, PermissionGroups: 14, TransportRole: 32, ProtocolLoggingLevel: 0 });
  });

  it('follows <Ref> to the object serialised earlier and never exposes SerializationData', () => {
    expect(connector.properties.get('Id')).toBe(connector.properties.get('Identity'));
    expect(connector.properties.has('SerializationData')).toBe(false);
  });

  it('reads the accepted-domain capture the same way', () => {
    const [domain] = readCliXml(fixture('e19-get-accepted-domain.xml'), 'GetAcceptedDomain.xml').objects;
    expect(domain!.type).toBe('AcceptedDomain');
    expect(domain!.properties.get('DomainName')).toBe('Solo.com');
    expect(domain!.properties.get('DomainType')).toBe('Authoritative');
    expect(domain!.enumValues.get('DomainType')).toBe(0);
    expect(domain!.properties.get('Default')).toBe('True');
  });

  it('reads the server capture: AdminDisplayVersion, the ServerRole flags and its integer, address lists', () => {
    const [server] = readCliXml(fixture('e19-get-exchange-server.xml'), 'GetExchangeServer.xml').objects;
    expect(server!.type).toBe('ExchangeServer');
    expect(server!.properties.get('AdminDisplayVersion')).toBe('Version 15.2 (Build 986.5)');
    expect(server!.properties.get('ServerRole')).toBe('Mailbox');
    expect(server!.enumValues.get('ServerRole')).toBe(2);
    expect(server!.properties.get('IsHubTransportServer')).toBe('True');
    expect(server!.properties.get('NetworkAddress')).toContain('ncacn_ip_tcp:Solo-E19A.Solo.com');
    expect(server!.properties.get('CurrentDomainControllers')).toEqual(['Solo-DC1.Solo.com']);
  });

  it('handles a UTF-8 byte-order mark and the UTF-16 LE that Windows PowerShell writes by default', () => {
    const text = fixture('e19-get-receive-connector.xml').toString('utf8');
    const utf8WithBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readCliXml(utf8WithBom, 'bom.xml').objects[0]!.properties.get('Name')).toBe('Default WIN-CTD3L0RGEN4');
    expect(readCliXml(utf16, 'utf16.xml').objects[0]!.properties.get('Name')).toBe('Default WIN-CTD3L0RGEN4');
    expect(readCliXml(`\uFEFF${text}`, 'string.xml').objects).toHaveLength(1);
  });
});

describe('readCliXml type names and references', () => {
  const twoConnectors = objs(`
    <Obj RefId="0">
      <TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector</T><T>Deserialized.System.Object</T></TN>
      <ToString>HUB01\\Relay</ToString>
      <Props>
        <Obj N="Server" RefId="1"><TN RefId="1"><T>Deserialized.Microsoft.Exchange.Data.Directory.ADObjectId</T></TN><ToString>HUB01</ToString></Obj>
        <S N="Name">Relay</S>
      </Props>
    </Obj>
    <Obj RefId="2">
      <TNRef RefId="0" />
      <Props>
        <Ref N="Server" RefId="1" />
        <S N="Name">Default HUB01</S>
      </Props>
    </Obj>`);

  it('strips a Deserialized. prefix and follows <TNRef> to a type list defined in an earlier object', () => {
    const { objects } = readCliXml(twoConnectors, 'rc.xml');
    expect(objects.map((object) => object.type)).toEqual(['ReceiveConnector', 'ReceiveConnector']);
    expect(objects[1]!.properties.get('Server')).toBe('HUB01');
    expect(objects[1]!.source.index).toBe(1);
  });

  it('matches a TN defined inside a nested object of an earlier top-level object', () => {
    const xml = objs(`
      <Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain</T></TN>
        <Props><Obj N="DomainName" RefId="1"><TN RefId="1"><T>Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector</T></TN><ToString>x</ToString></Obj></Props>
      </Obj>
      <Obj RefId="2"><TNRef RefId="1" /><Props><S N="Name">Later</S></Props></Obj>`);
    expect(readCliXml(xml, 'x.xml').objects[1]!.type).toBe('ReceiveConnector');
  });

  it('names a <TNRef> or <Ref> that points nowhere, and leaves the type or value empty', () => {
    const xml = objs(`<Obj RefId="0"><TNRef RefId="9" /><Props><Ref N="Server" RefId="42" /></Props></Obj>`);
    const { objects, problems } = readCliXml(xml, 'dangling.xml');
    expect(objects[0]!.type).toBeNull();
    expect(objects[0]!.properties.get('Server')).toBeNull();
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('<TNRef RefId="9">'),
      expect.stringContaining('<Ref RefId="42"> for Server'),
    ]);
    expect(problems.every((problem) => problem.severity === 'warning' && problem.source.file === 'dangling.xml')).toBe(true);
  });

  it('keeps a Selected. prefix out of the type and reads Select-Object properties from <MS>', () => {
    const xml = objs(`<Obj RefId="0"><TN RefId="0"><T>Selected.Microsoft.Exchange.Management.RecipientTasks.ADAcePresentationObject</T><T>System.Management.Automation.PSCustomObject</T></TN>
      <MS><S N="Identity">HUB01\\Relay</S><S N="User">NT AUTHORITY\\ANONYMOUS LOGON</S><S N="UserSid">S-1-5-7</S></MS></Obj>`);
    const [ace] = readCliXml(xml, 'acl.xml').objects;
    expect(ace!.type).toBe('ADAcePresentationObject');
    expect(ace!.properties.get('User')).toBe('NT AUTHORITY\\ANONYMOUS LOGON');
    expect(ace!.userSid).toBe('S-1-5-7');
  });
});

describe('readCliXml multi-valued properties in every shape a shell writes them', () => {
  const connector = objs(`<Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector</T></TN><Props>
    <Obj N="RemoteIPRanges" RefId="1"><LST><S>10.0.0.0/24</S><S>192.168.1.7</S></LST></Obj>
    <Obj N="Bindings" RefId="2"><LST><Obj RefId="3"><ToString>0.0.0.0:25</ToString><Props><I32 N="Port">25</I32></Props></Obj><Ref RefId="3" /></LST></Obj>
    <S N="ObjectClass">{top, msExchSmtpReceiveConnector}</S>
    <Obj N="Empty" RefId="4"><LST></LST></Obj>
  </Props></Obj>`);
  const [object] = readCliXml(connector, 'rc.xml').objects;

  it('reads <LST> of <S> and <LST> of objects (with <Ref> items) as arrays', () => {
    expect(object!.properties.get('RemoteIPRanges')).toEqual(['10.0.0.0/24', '192.168.1.7']);
    expect(object!.properties.get('Bindings')).toEqual(['0.0.0.0:25', '0.0.0.0:25']);
    expect(object!.properties.get('Empty')).toEqual([]);
  });

  it('leaves a single {a, b} string as the string the shell wrote, for the mapper to split', () => {
    expect(object!.properties.get('ObjectClass')).toBe('{top, msExchSmtpReceiveConnector}');
  });
});

describe('readCliXml strings and security principals', () => {
  it('decodes the _xHHHH_ escapes PowerShell writes for line breaks and control characters', () => {
    const xml = objs(`<Obj RefId="0"><Props><S N="Banner">220 Relay_x000D__x000A_second line _x005F_x0041_</S></Props></Obj>`);
    expect(readCliXml(xml, 'b.xml').objects[0]!.properties.get('Banner')).toBe('220 Relay\r\nsecond line _x0041_');
  });

  const ace = (user: string) => objs(`<Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Management.RecipientTasks.ADAcePresentationObject</T></TN><Props>${user}
    <Obj N="ExtendedRights" RefId="9"><LST><Obj RefId="10"><ToString>ms-Exch-SMTP-Submit</ToString></Obj></LST></Obj>
    <B N="Deny">false</B><B N="IsInherited">false</B></Props></Obj>`);

  it('captures the SID of an ACE User serialised as SecurityPrincipalIdParameter with its SecurityIdentifier', () => {
    const user = `<Obj N="User" RefId="1"><TN RefId="1"><T>Microsoft.Exchange.Configuration.Tasks.SecurityPrincipalIdParameter</T></TN>
      <ToString>NT-AUTORITÄT\\ANONYMOUS-ANMELDUNG</ToString>
      <Props><Obj N="SecurityIdentifier" RefId="2"><TN RefId="2"><T>System.Security.Principal.SecurityIdentifier</T></TN><ToString>S-1-5-7</ToString><Props><S N="Value">S-1-5-7</S></Props></Obj></Props></Obj>`;
    const [entry] = readCliXml(ace(user), 'acl.xml').objects;
    expect(entry!.properties.get('User')).toBe('NT-AUTORITÄT\\ANONYMOUS-ANMELDUNG');
    expect(entry!.properties.get('ExtendedRights')).toEqual(['ms-Exch-SMTP-Submit']);
    expect(entry!.userSid).toBe('S-1-5-7');
  });

  it('accepts a Sid string inside User, and leaves userSid out when the file has none', () => {
    const withSid = `<Obj N="User" RefId="1"><ToString>CONTOSO\\Relay Apps</ToString><Props><S N="Sid">S-1-5-21-1004336348-1177238915-682003330-1105</S></Props></Obj>`;
    expect(readCliXml(ace(withSid), 'acl.xml').objects[0]!.userSid).toBe('S-1-5-21-1004336348-1177238915-682003330-1105');
    const plain = readCliXml(ace(`<S N="User">NT AUTHORITY\\ANONYMOUS LOGON</S>`), 'acl.xml').objects[0]!;
    expect(plain.userSid).toBeUndefined();
    expect('userSid' in plain).toBe(false);
  });
});

describe('readCliXml refuses files it must not read, naming the file', () => {
  it('refuses malformed XML', () => {
    const error = refusal(() => readCliXml(objs('<Obj RefId="0"><Props><S N="Name">x</Props></Obj>'), 'broken.xml'));
    expect(error.file).toBe('broken.xml');
    expect(error.message).toContain('broken.xml is not well-formed XML');
    expect(error.fix).toContain('Export-Clixml');
  });

  it('refuses an external entity (XXE) before anything is resolved', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE Objs [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${objs('<Obj RefId="0"><Props><S N="Name">&xxe;</S></Props></Obj>')}`;
    const error = refusal(() => readCliXml(xxe, 'xxe.xml'));
    expect(error.message).toMatch(/xxe\.xml contains a document type declaration \(<!DOCTYPE …>\) at line 1/);
  });

  it('refuses billion laughs', () => {
    const laughs = Array.from({ length: 9 }, (_, level) =>
      `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE Objs [<!ENTITY lol0 "lol">${laughs}]>${objs('<Obj RefId="0"><Props><S N="Name">&lol9;</S></Props></Obj>')}`;
    expect(refusal(() => readCliXml(xml, 'lol.xml')).message).toContain('document type declaration');
  });

  it('refuses an entity reference with no DTD at all', () => {
    expect(refusal(() => readCliXml(objs('<Obj RefId="0"><Props><S N="Name">&xxe;</S></Props></Obj>'), 'entity.xml')).message)
      .toContain('entity.xml is not well-formed XML');
  });

  it('refuses a file over the size limit before parsing it', () => {
    const error = refusal(() => readCliXml(Buffer.alloc(2048, 0x20), 'huge.xml', { maxBytes: 1024 }));
    expect(error.message).toBe('huge.xml is 0.0 MB (2,048 bytes), over the 0.0 MB (1,024 bytes) limit for one file.');
    expect(error.fix).toContain('-Server');
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = objs(`${'<Obj RefId="0"><Props>'.repeat(10)}${'</Props></Obj>'.repeat(10)}`);
    expect(refusal(() => readCliXml(deep, 'deep.xml', { maxDepth: 8 })).message).toMatch(/deep\.xml nests XML elements more than 8 deep \(line 1\)/);
  });

  it('refuses more elements than the limit', () => {
    const many = objs('<Obj RefId="0"><Props><S N="A">a</S></Props></Obj>'.repeat(30));
    expect(refusal(() => readCliXml(many, 'many.xml', { maxElements: 50 })).message).toContain('many.xml has more than 50 XML elements');
  });

  it('refuses XML whose root is not <Objs>, and empty input', () => {
    const error = refusal(() => readCliXml('<html><body>Get-ReceiveConnector</body></html>', 'page.html'));
    expect(error.message).toBe('page.html is XML but not Export-Clixml output: its root element is <html>, not <Objs>.');
    expect(refusal(() => readCliXml('', 'empty.xml')).file).toBe('empty.xml');
  });
});

describe('readCliXml on a large organisation', () => {
  it('reads 2,000 connectors with 50 remote IP ranges each', () => {
    const ranges = (index: number) => Array.from({ length: 50 }, (_, item) =>
      `<Obj RefId="r${index}-${item}"><TNRef RefId="1" /><ToString>10.${index % 250}.${item}.0/24</ToString><Props><S N="RangeFormat">CIDR</S></Props><MS><BA N="SerializationData">${'QUFB'.repeat(100)}</BA></MS></Obj>`).join('');
    const connector = (index: number) => `<Obj RefId="c${index}">${index === 0
      ? '<TN RefId="0"><T>Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector</T></TN>'
      : '<TNRef RefId="0" />'}<ToString>HUB${index % 50}\\Relay ${index}</ToString><Props>
      <Obj N="AuthMechanism" RefId="a${index}"><ToString>Tls, ExternalAuthoritative</ToString><I32>33</I32></Obj>
      <Obj N="RemoteIPRanges" RefId="l${index}">${index === 0 ? '<TN RefId="1"><T>Microsoft.Exchange.Data.IPRange</T></TN>' : '<TNRef RefId="1" />'}<LST>${ranges(index)}</LST></Obj>
      <S N="Identity">HUB${index % 50}\\Relay ${index}</S></Props></Obj>`;
    const xml = objs(Array.from({ length: 2000 }, (_, index) => connector(index)).join(''));
    const started = performance.now();
    const { objects, problems } = readCliXml(xml, 'org.xml');
    console.log(`2,000 connectors, ${(Buffer.byteLength(xml) / 1024 / 1024).toFixed(1)} MB read in ${Math.round(performance.now() - started)} ms, heap ${Math.round(process.memoryUsage().heapUsed / 1024 / 1024)} MB`);
    expect(problems).toEqual([]);
    expect(objects).toHaveLength(2000);
    expect(objects[1999]!.properties.get('RemoteIPRanges')).toHaveLength(50);
    expect(objects[1999]!.enumValues.get('AuthMechanism')).toBe(33);
  });
});
